"""Words for people in the assistant's faces: the knowledge label table, plus the banner words.

The labels themselves live once, in `knowledge/data/labels.yaml` (read by `knowledge.labels`);
this module keeps the names the faces import.
"""

from __future__ import annotations

from collections.abc import Mapping

from knowledge.labels import label, labels

URGENCY_BANNER = {
    "emergency": "!!! EMERGENCY",
    "urgent": "!! URGENT",
    "routine": "ROUTINE",
}

LABELS: Mapping[str, str] = labels()
"""Every id with its label (read-only), from the knowledge label table."""

__all__ = ["LABELS", "URGENCY_BANNER", "label"]
