"""Issue 13 in the conversation: a pasted referral is read, shown back, confirmed or
corrected, and only then recorded (one `read` entry); the questions it answered are not
asked again; the text itself is never stored."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from dialogs.manager import Conversation
from dialogs.replay import replay
from dialogs.session import Session
from knowledge import assess, parse_case

SHARED = Path(__file__).resolve().parents[3] / "shared"
VIGNETTES = Path(__file__).parents[1] / "data" / "vignettes"
TEXT = ("Known prostate cancer. New thoracic back pain for 3 weeks, "
        "worse at night. Legs feel weak. No bladder problems.")


def started() -> Conversation:
    conversation = Conversation()
    conversation.start()
    return conversation


def test_a_description_given_as_an_answer_is_read_and_offered_not_recorded():
    """Free text at a question is read; nothing is recorded before the user confirms."""
    conversation = started()
    [reply] = conversation.handle(TEXT)
    assert reply.kind == "confirm"
    assert "Read from the text:" in reply.text
    assert "limb weakness: yes" in reply.text
    assert "\u201clegs feel weak\u201d".lower() in reply.text.lower()
    assert conversation.session.log == []


def test_confirming_records_one_read_entry_and_escalates_next():
    """'yes' records the findings as one `read` entry (no text kept); the red flag read
    from the text gives the escalation as the very next reply."""
    conversation = started()
    conversation.handle(TEXT)
    replies = conversation.handle("yes")
    assert replies[0].kind == "escalation"
    [entry] = conversation.session.log
    assert (entry.kind, entry.question_id, entry.text) == ("read", None, "")
    case = conversation.session.case
    assert case.neurology.limb_weakness is True
    assert case.neurology.bladder_bowel_dysfunction is False
    assert case.cancer.primary.value == "prostate"
    assert conversation.current_question.id not in entry.values


def test_a_finding_is_corrected_by_number_or_dropped_or_all_discarded():
    """'N answer' re-answers finding N with its question's parser; 'drop N' leaves it out;
    'no' discards them all; junk is re-asked."""
    conversation = started()
    [offer] = conversation.handle(TEXT)
    lines = [line.strip() for line in offer.text.splitlines()
             if line.strip()[:2].rstrip(".").isdigit()]
    numbered = {line.split(".")[0]: line for line in lines}
    number = next(n for n, line in numbered.items() if "limb weakness" in line)
    [again] = conversation.handle(f"{number} unknown")
    assert not any(line.strip().startswith(f"{number}.") for line in again.text.splitlines())
    assert f"{number}. limb weakness (unknown)" in again.text  # listed as left out
    assert conversation.handle("banana")[0].kind == "reprompt"
    bladder = next(n for n, line in numbered.items() if "bladder" in line)
    [again] = conversation.handle(f"drop {bladder}")
    assert again.kind == "confirm"
    assert not any("bladder" in line for line in again.text.splitlines()
                   if line.strip().startswith(f"{bladder}."))
    conversation.handle("yes")
    assert conversation.session.case.neurology.limb_weakness is None
    assert conversation.session.case.neurology.bladder_bowel_dysfunction is None
    assert conversation.session.case.cancer.primary.value == "prostate"
    other = started()
    other.handle(TEXT)
    replies = other.handle("no")
    assert replies[0].text == "Nothing taken from the text."
    assert other.session.log == []
    assert replies[-1].question_id == "cancer.status"


def test_a_short_unparsed_answer_is_still_just_re_asked():
    """Two words the question cannot parse are a re-prompt, not a reading."""
    conversation = started()
    assert conversation.handle("legs weak")[0].kind == "reprompt"


def test_a_read_entry_rebuilds_the_same_session():
    """Resume and replay from the log: the read entry gives the same case and next question."""
    conversation = started()
    conversation.handle(TEXT)
    conversation.handle("yes")
    conversation.handle("yes")  # the next question's answer
    rebuilt = Session.from_log(conversation.session.log)
    assert rebuilt.case == conversation.session.case
    assert rebuilt.next_question == conversation.session.next_question
    assert rebuilt.problem(conversation.session.log[0]) is None


def test_text_that_states_nothing_asked_says_so():
    """A pasted text with nothing the conversation asks goes on question by question."""
    replies = started().read_referral("The weather was fine and the car park was full today.")
    assert replies[0].text.startswith("Nothing in that text answers a question here")
    assert replies[-1].question_id == "cancer.status"


def _gold_texts() -> dict[str, str]:
    texts = {}
    for path in sorted((SHARED / "reading").glob("[0-9]*.yaml")):
        gold = yaml.safe_load(path.read_text())
        source = str(gold.get("source", ""))
        if source.startswith("vignette "):
            texts[source.split()[1]] = gold["text"]
    return texts


GOLD = _gold_texts()


@pytest.mark.parametrize("path", sorted(VIGNETTES.glob("*.yaml")), ids=lambda p: p.stem)
def test_pasting_the_story_then_answering_the_rest_gives_the_assessment(path):
    """For each public vignette: paste its story, take what was read, answer the remaining
    questions from its case: exactly assess(case), with fewer questions than without."""
    vignette = yaml.safe_load(path.read_text())
    case = parse_case(vignette["case"])
    text = GOLD.get(case.id or "", vignette.get("story"))
    pasted = replay(case, referral=text)
    assert pasted.assessment.model_dump_json() == assess(case).model_dump_json()
    assert len(pasted.asked) < len(replay(case).asked)


def test_plain_chat_reads_a_block_after_read_and_a_referral_file(tmp_path):
    """Plain mode: `read` starts a block that ends at an empty line (blank lines before the
    text do not end it: hostile test 3); --referral FILE starts from a file; both show what
    was read and wait for yes."""
    block = subprocess.run([sys.executable, "-m", "assistant", "chat", "--plain", "--no-save"],
                           input=f"read\n\n{TEXT}\nsecond line of the note\n\nyes\n",
                           capture_output=True, text=True, timeout=60, check=True)
    assert "Paste the text; an empty line ends it." in block.stdout
    assert "Read from the text:" in block.stdout
    assert "!!! EMERGENCY" in block.stdout
    referral = tmp_path / "referral.txt"
    referral.write_text(TEXT + "\n")
    from_file = subprocess.run([sys.executable, "-m", "assistant", "chat", "--plain",
                                "--no-save", "--referral", str(referral)], input="yes\n",
                               capture_output=True, text=True, timeout=60, check=True)
    assert from_file.stdout.index("Read from the text:") < from_file.stdout.index(
        "!!! EMERGENCY")
    missing = subprocess.run([sys.executable, "-m", "assistant", "chat", "--plain",
                              "--referral", str(tmp_path / "none.txt")], input="",
                             capture_output=True, text=True, timeout=60, check=False)
    assert missing.returncode == 2
    assert "none.txt" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_the_pasted_text_is_never_stored(tmp_path):
    """With a real SQLite session: the read entry keeps the values, never the pasted words."""
    from assistant.store.recorder import Recorder
    from assistant.store.sqlite import Store

    db = tmp_path / "s.db"
    recorder = Recorder.start(Store(db))
    conversation = started()
    recorder.read(conversation, TEXT + " Patient Jane Doe MRN 12345678.")
    recorder.handle(conversation, "yes")
    assert recorder.close()
    [event] = Store(db).events(recorder.session_id)
    assert (event.kind, event.raw) == ("read", "")
    assert event.parsed["neurology.limb_weakness"] is True
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    for secret in (b"Jane", b"12345678", b"prostate cancer"):
        assert secret not in stored


def test_a_multi_line_paste_in_a_real_terminal_arrives_whole(tmp_path):
    """tmux load-buffer + paste-buffer (bracketed paste) into the full-screen chat: the whole
    referral arrives in the referral text area (not split into answers), ctrl+r reads it at
    once, it is shown for confirmation, and 'yes' takes it and escalates."""
    import shutil
    import sys as _sys

    if shutil.which("tmux") is None:
        pytest.fail("tmux is needed for this test (apt-get install tmux)")
    _sys.path.insert(0, str(Path(__file__).parents[1] / "smoke"))
    from tmux_driver import Tmux

    buffer = tmp_path / "referral.txt"
    buffer.write_text("Known prostate cancer.\nNew thoracic back pain, worse at night.\n"
                      "Legs feel weak.\n")
    with Tmux([_sys.executable, "-m", "assistant", "chat", "--no-save"]) as term:
        term.wait_for("Your answer, 'unknown', or /help")
        subprocess.run(["tmux", "load-buffer", "-b", term.name, str(buffer)], check=True)
        subprocess.run(["tmux", "paste-buffer", "-p", "-d", "-b", term.name, "-t", term.name],
                       check=True)
        term.wait_for("ctrl+r reads it")  # the referral text area, holding the whole text
        screen = term.screen()
        assert "Legs feel weak." in screen
        assert "Read from the text:" not in screen  # nothing read before ctrl+r
        term.key("C-r")
        term.wait_for("Read from the text:")
        screen = term.screen()
        assert "limb weakness: yes" in screen
        assert "I did not understand" not in screen  # no line was taken as an answer
        term.type("yes")
        term.wait_for("Now: contact the MSCC coordinator")


def test_red_flags_read_before_the_cancer_status_are_said_at_once():
    """Review bug 1: red flags pasted before the cancer status is known are announced as an
    emergency straight after the confirmation, and escalate fully once the status is given."""
    conversation = started()
    conversation.read_referral("Patient has leg weakness and cannot walk. "
                               "MRI whole spine shows T9 ESCC 3.")
    replies = conversation.handle("yes")
    assert replies[0].kind == "escalation"
    assert replies[0].text.startswith("!!! Red flags read: limb weakness")
    assert replies[-1].question_id == "cancer.status"
    assert conversation.handle("known")[0].kind == "escalation"
    assert conversation.assessment().urgency.value == "emergency"


def test_a_paste_that_contradicts_an_answer_says_so_and_equal_findings_are_left_out():
    """Review bug 2: a finding that differs from an earlier answer is shown as a change of it;
    one equal to an earlier answer is not offered again."""
    conversation = started()
    for answer in ("known", "yes", "lumbar", "yes"):
        conversation.handle(answer)
    [offer] = conversation.read_referral("Seen today. No limb weakness. Lumbar back pain. "
                                         "Numbness in both feet.")
    assert "limb weakness: no (CHANGES your answer yes -> this)" in offer.text
    assert "pain regions" not in offer.text  # already answered lumbar


def test_a_paste_waits_for_a_pending_confirmation():
    """Review bug 4: while a confirmation is pending, a paste is refused with a message, so
    the confirmation cannot later apply to a different state."""
    conversation = started()
    for answer in ("known", "yes", "thoracic"):
        conversation.handle(answer)
    assert conversation.handle("back")[0].kind == "confirm"
    [reply] = conversation.read_referral("Bilateral leg weakness since yesterday.\n"
                                         "Unable to walk.")
    assert reply.kind == "reprompt"
    assert "answer the confirmation first" in reply.text
    assert conversation.reading is None
    assert conversation.pending is not None


def test_a_second_paste_never_drops_the_findings_still_waiting():
    """Hostile test 2: while the findings of one pasted text wait for an answer, a second
    paste is refused with the first findings shown again; nothing of the first is lost."""
    conversation = started()
    conversation.read_referral("Known breast cancer. Legs feel weak. New urinary retention.")
    first = conversation.reading
    assert first is not None
    [reply] = conversation.read_referral("Known breast cancer. No weakness, walks normally.")
    assert reply.kind == "reprompt"
    assert "nothing of the new text was read" in reply.text
    assert "limb weakness: yes" in reply.text
    assert conversation.reading is first
    assert conversation.handle("yes")[0].kind == "escalation"


def test_corrections_keep_the_numbers_shown_and_say_what_was_left_out():
    """Hostile test 7: a finding corrected to unknown or dropped is listed as left out, and the
    other findings keep their numbers (a second correction by number hits the finding shown
    with that number); a finding stated absent says so beside its words."""
    conversation = started()
    turn = conversation.read_referral("Known prostate cancer. No leg weakness. "
                                      "Walks normally. No bladder problems.")
    text = turn[0].text
    numbers = {o.field: o.number for o in conversation.reading.offered}
    assert "\u201d (said absent)" in text
    weakness = numbers["neurology.limb_weakness"]
    text = conversation.handle(f"{weakness} unknown")[0].text
    assert f"Left out (to be asked): {weakness}. limb weakness (unknown)" in text
    after = {o.field: o.number for o in conversation.reading.offered}
    assert after == {f: n for f, n in numbers.items() if f != "neurology.limb_weakness"}
    last = max(after.values())
    reply = conversation.handle(f"{weakness} no")[0]
    assert reply.kind == "reprompt"
    assert str(last) in reply.text
    conversation.handle(f"drop {last}")
    conversation.handle("yes")
    [entry] = conversation.session.log
    assert "neurology.limb_weakness" not in entry.values
    dropped = next(f for f, n in numbers.items() if n == last)
    assert dropped not in entry.values


def test_a_level_read_from_the_text_is_a_lesion_seen_and_not_asked_again():
    """An MRI report that gives the level already says a lesion was seen: after the paste the
    conversation never asks 'did it show a spinal metastasis?' (only 'yes' would fit)."""
    story = yaml.safe_load((VIGNETTES / "04-renal-l1-cord-compression.yaml").read_text())
    case = parse_case(story["case"])
    result = replay(case, referral=story["story"])
    assert result.conversation.session.case.imaging.level == "L1"
    assert "imaging.lesion_found" not in result.asked
    assert "imaging.lesion_found" in replay(case).asked  # without the paste it is asked
    assert result.assessment == assess(case)
