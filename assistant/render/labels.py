"""Words for people in the assistant's faces: the knowledge label table and banner words.

The labels themselves live once, in `knowledge/data/labels.yaml` (read by `knowledge.labels`);
this module keeps the names the faces import.
"""

from __future__ import annotations

from collections.abc import Mapping

from knowledge.labels import URGENCY_MARKS, label, labels, urgency_banner

URGENCY_BANNER: Mapping[str, str] = {u: urgency_banner(u) for u in URGENCY_MARKS}
"""The urgency headings ("!!! EMERGENCY"), from knowledge.labels."""

LABELS: Mapping[str, str] = labels()
"""Every id with its label (read-only), from the knowledge label table."""

__all__ = ["LABELS", "URGENCY_BANNER", "label"]
