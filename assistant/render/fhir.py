"""FHIR R5 export (fhir.resources): the questions as a Questionnaire, a conversation's
answers as a QuestionnaireResponse, together in a collection Bundle.

Only the FHIR path imports fhir.resources (it takes ~0.4 s to load).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dialogs.manager import Conversation
from dialogs.questions import QUESTIONS, Kind, Question
from knowledge.references import APP_VERSION

QUESTIONNAIRE_URL = "urn:spinemets:questionnaire"
CODE_SYSTEM = "urn:spinemets:answer"
REGIONS = ("cervical", "thoracic", "lumbar", "sacral")
TYPE_OF_KIND = {Kind.YES_NO: "boolean", Kind.CHOICE: "coding", Kind.REGIONS: "coding",
                Kind.COUNT: "integer", Kind.MONTHS: "decimal", Kind.LEVEL: "string",
                Kind.KARNOFSKY: "integer", Kind.ECOG: "integer", Kind.CHECKLIST: "coding",
                Kind.GROUP: "coding"}


def _item(question: Question) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": question.id, "text": question.prompt,
                            "type": TYPE_OF_KIND[question.kind]}
    if question.items:
        item["repeats"] = True
    if question.kind in (Kind.CHOICE, Kind.CHECKLIST, Kind.GROUP):
        item["answerOption"] = [{"valueCoding": {"system": CODE_SYSTEM, "code": c.value,
                                                 "display": c.label}}
                                for c in question.choices]
    if question.kind is Kind.REGIONS:
        item["repeats"] = True
        item["answerOption"] = [{"valueCoding": {"system": CODE_SYSTEM, "code": r,
                                                 "display": r}} for r in REGIONS]
    return item


def questionnaire_data() -> dict[str, Any]:
    return {"resourceType": "Questionnaire", "url": QUESTIONNAIRE_URL,
            "version": APP_VERSION, "name": "SpinemetsConsultation",
            "title": "spinemets: new back pain with known or suspected cancer",
            "status": "active", "item": [_item(q) for q in QUESTIONS]}


def _answers(question: Question, value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    kind = question.kind
    if kind is Kind.YES_NO:
        return [{"valueBoolean": bool(value)}]
    if kind in (Kind.CHOICE, Kind.REGIONS, Kind.CHECKLIST, Kind.GROUP):
        codes = value if isinstance(value, list) else [value]
        labels = {c.value: c.label for c in question.choices}
        return [{"valueCoding": {"system": CODE_SYSTEM, "code": str(code),
                                 "display": labels.get(str(code), str(code))}}
                for code in codes]
    if kind is Kind.MONTHS:
        return [{"valueDecimal": float(value)}]
    if kind is Kind.LEVEL:
        return [{"valueString": str(value)}]
    return [{"valueInteger": int(value)}]


def response_data(conversation: Conversation) -> dict[str, Any]:
    """The answers in the case (unknown answers have no answer element)."""
    by_id = {q.id: q for q in QUESTIONS}
    items = []
    for question_id, value in conversation.session.effective_answers():
        item: dict[str, Any] = {"linkId": question_id, "text": by_id[question_id].prompt}
        answers = _answers(by_id[question_id], value)
        if answers:
            item["answer"] = answers
        items.append(item)
    log = conversation.session.log
    authored = datetime.fromtimestamp(log[-1].at if log else 0, tz=UTC)
    return {"resourceType": "QuestionnaireResponse",
            "questionnaire": f"{QUESTIONNAIRE_URL}|{APP_VERSION}",
            "status": "completed" if conversation.finished else "in-progress",
            "authored": authored.isoformat(timespec="seconds"), "item": items}


def bundle_json(conversation: Conversation) -> str:
    """A validated collection Bundle with the Questionnaire and the QuestionnaireResponse."""
    from fhir.resources.bundle import Bundle
    from fhir.resources.questionnaire import Questionnaire
    from fhir.resources.questionnaireresponse import QuestionnaireResponse

    questionnaire = Questionnaire.model_validate(questionnaire_data())
    response = QuestionnaireResponse.model_validate(response_data(conversation))
    bundle = Bundle.model_validate({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": questionnaire.model_dump()}, {"resource": response.model_dump()}]})
    return str(bundle.model_dump_json())
