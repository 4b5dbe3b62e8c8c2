"""Locating ../shared (the steering folder beside the checkout, as in CI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def shared_file(relative: str) -> Path:
    """A path in shared/: $SPINEMETS_SHARED, else the folder beside this checkout.

    shared/ is always beside the checkout on this project's machines and in CI; its absence
    is a setup error, reported as a failure rather than skipped.
    """
    root = Path(os.environ.get("SPINEMETS_SHARED",
                               Path(__file__).resolve().parents[2] / "shared"))
    path = root / relative
    if not path.exists():
        pytest.fail(f"{path} not found: put shared/ beside the checkout or set SPINEMETS_SHARED")
    return path
