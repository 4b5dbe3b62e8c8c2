"""The conversation's stages and the transitions between them, declared as data.

Stages follow the clinical order. `advance` moves one stage on when the current stage has
no question left; `escalate` is the red-flag interrupt: one wildcard-source transition,
checked after every answer; `resume` leaves the escalation for the stage of the next
question; `restart` goes back to the start. Edits (back, change) rebuild the conversation
from its answer log and set the stage directly: transitions has no undo.
"""

from __future__ import annotations

import itertools
from enum import StrEnum
from typing import Any

from transitions import Machine


class Stage(StrEnum):
    PRESENTATION = "presentation"
    RED_FLAGS = "red_flags"
    CANCER = "cancer"
    PAIN = "pain"
    PERFORMANCE = "performance"
    IMAGING = "imaging"
    BIOPSY = "biopsy"
    EXTENT = "extent"
    RECOMMENDATION = "recommendation"
    ESCALATION = "escalation"


FLOW = tuple(s for s in Stage if s is not Stage.ESCALATION)  # clinical order, then the end


def resume_condition(stage: Stage) -> str:
    """The model method that says the next question (or the end) is in `stage`."""
    return f"next_is_{stage.value}"


TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "escalate", "source": "*", "dest": Stage.ESCALATION.value,
     "conditions": "has_new_red_flag"},
    *({"trigger": "advance", "source": here.value, "dest": there.value,
       "conditions": "stage_finished"} for here, there in itertools.pairwise(FLOW)),
    *({"trigger": "resume", "source": Stage.ESCALATION.value, "dest": stage.value,
       "conditions": resume_condition(stage)} for stage in FLOW),
    {"trigger": "restart", "source": "*", "dest": Stage.PRESENTATION.value},
]
MODEL_CONDITIONS = ("has_new_red_flag", "stage_finished",
                    *(resume_condition(stage) for stage in FLOW))


def build_machine(model: Any, initial: Stage = Stage.PRESENTATION) -> Machine:
    """A machine over `model`, which must define every method in MODEL_CONDITIONS."""
    missing = [name for name in MODEL_CONDITIONS if not hasattr(model, name)]
    if missing:
        raise TypeError(f"{type(model).__name__} lacks {', '.join(missing)}")
    return Machine(model=model, states=[s.value for s in Stage], transitions=TRANSITIONS,
                   initial=initial.value, auto_transitions=False, queued=True)


def mermaid_diagram() -> str:
    """The stage diagram as Mermaid text, generated from the same table."""
    from transitions.extensions import GraphMachine

    class _Model:
        def __getattr__(self, name: str) -> Any:
            if name in MODEL_CONDITIONS:
                return lambda: False
            raise AttributeError(name)

    graph = GraphMachine(model=_Model(), states=[s.value for s in Stage],
                         transitions=TRANSITIONS, initial=Stage.PRESENTATION.value,
                         auto_transitions=False, graph_engine="mermaid")
    lines = str(graph.get_graph().draw(None)).splitlines()
    # Keep the structure; drop the styling lines that only mark the initial state.
    return "\n".join(line for line in lines
                     if not line.strip().startswith(("classDef", "Class ")))
