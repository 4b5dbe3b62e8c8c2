"""The stage machine: declared as data, no auto transitions, and the documented diagram is current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dialogs.flow import TRANSITIONS, Stage, build_machine, mermaid_diagram
from dialogs.manager import Conversation

DIAGRAM = Path(__file__).resolve().parents[2] / "docs" / "state-diagram.md"


def test_the_documented_diagram_is_generated_from_the_machine():
    """The Mermaid block in docs/state-diagram.md equals mermaid_diagram() (regenerate it if
    this fails)."""
    blocks = re.findall(r"```mermaid\n(.*?)```", DIAGRAM.read_text(), flags=re.DOTALL)
    assert blocks, "docs/state-diagram.md has no mermaid block"
    assert blocks[0].strip() == mermaid_diagram().strip()


def test_red_flag_interrupt_is_one_wildcard_transition():
    """Exactly one transition goes to escalation, from any state."""
    into = [t for t in TRANSITIONS if t["dest"] == Stage.ESCALATION.value]
    assert into == [{"trigger": "escalate", "source": "*", "dest": "escalation",
                     "conditions": "has_new_red_flag"}]


def test_no_auto_transitions():
    """The machine has no to_<state> methods (auto_transitions=False)."""
    conversation = Conversation()
    assert not hasattr(conversation, "to_pain")


def test_a_model_without_the_conditions_is_refused():
    """build_machine checks the model provides every condition the table names."""
    class Empty:
        pass

    with pytest.raises(TypeError, match="has_new_red_flag"):
        build_machine(Empty())
