"""Benchmark the full-screen chat in a real terminal (tmux), against a bare Textual app.

    python benchmarks/bench_app.py [--repeat 5]

Measures, polling the tmux pane: time from start to the first question on screen, for
`spinemets chat` and for a bare Textual app with the same widgets showing the same text
(target: within 1.3x); and the time from Enter to the next question on screen (target:
median under 50 ms). Run with --bare to start the bare app itself.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "smoke"))

FIRST = "Does the patient have cancer?"
# A quiet start (known cancer, new lumbar pain, no red flags yet): each answer, then the
# first words of the question that follows it, taken from the conversation itself.
ANSWERS = ("known", "yes", "lumbar", "no", "no", "no", "no", "no", "no", "no", "no")


def steps() -> list[tuple[str, str]]:
    sys.path.insert(0, str(ROOT))
    from dialogs.manager import Conversation

    conversation = Conversation()
    conversation.start()
    found = []
    for answer in ANSWERS:
        prompt = conversation.handle(answer).prompt
        if prompt is None:
            break
        found.append((answer, prompt.text[:28]))
    return found


def bare_app() -> None:
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal, VerticalScroll
    from textual.widgets import Footer, Header, Input, OptionList, Static

    class Bare(App[None]):
        AUTO_FOCUS = "#prompt"
        CSS = """
        #main { height: 1fr; }
        #transcript { width: 2fr; }
        #panel { width: 1fr; }
        #choices { height: auto; max-height: 8; }
        """

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Urgency: not yet known", id="banner")
            with Horizontal(id="main"):
                with VerticalScroll(id="transcript"):
                    yield Static(FIRST + " known, suspected or none")
                yield Static("CASE SO FAR", id="panel")
            yield OptionList("known", "suspected", "none", "unknown", id="choices")
            yield Input(id="prompt")
            yield Footer()

    Bare().run()


def first_screen(command: list[str], repeat: int) -> list[float]:
    from tmux_driver import Tmux

    times = []
    for _ in range(repeat):
        with Tmux(command) as term:
            start = time.perf_counter()
            term.wait_for(FIRST, poll=0.005)
            times.append(time.perf_counter() - start)
    return times


def enter_latency(command: list[str]) -> list[float]:
    from tmux_driver import Tmux

    times = []
    with Tmux(command) as term:
        term.wait_for("Your answer, 'unknown', or /help")
        time.sleep(0.5)
        for answer, expected in steps():
            term.type(answer)
            times.append(term.wait_for(expected, poll=0.002))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--bare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        bare_app()
        return 0
    app = [sys.executable, "-m", "assistant", "chat", "--no-save"]
    bare = [sys.executable, str(Path(__file__).resolve()), "--bare"]
    app_times = first_screen(app, args.repeat)
    bare_times = first_screen(bare, args.repeat)
    latency = enter_latency(app)
    a, b = statistics.median(app_times), statistics.median(bare_times)
    print(f"first question on screen: spinemets {a * 1000:.0f} ms, bare Textual app "
          f"{b * 1000:.0f} ms: {a / b:.2f}x (target <= 1.3x); medians of {args.repeat}")
    print(f"Enter -> next question on screen: median {statistics.median(latency) * 1000:.0f} ms,"
          f" max {max(latency) * 1000:.0f} ms over {len(latency)} answers (target <= 30 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
