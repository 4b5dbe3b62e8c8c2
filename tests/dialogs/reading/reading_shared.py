"""Locating ../shared for the reader's tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def shared_dir() -> Path:
    """../shared beside the checkout (or $SPINEMETS_SHARED); its absence is a failure."""
    root = Path(os.environ.get("SPINEMETS_SHARED",
                               Path(__file__).resolve().parents[3].parent / "shared"))
    if not root.exists():
        pytest.fail(f"{root} not found: put shared/ beside the checkout or set SPINEMETS_SHARED")
    return root
