"""Test-wide settings: sessions go to a temporary database, never the user's."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _session_db(tmp_path, monkeypatch):
    monkeypatch.setenv("SPINEMETS_DB", str(tmp_path / "sessions.db"))
    # Never the user's own pathway file: tests that need one write it.
    monkeypatch.setenv("SPINEMETS_PATHWAY", str(tmp_path / "no-pathway.toml"))
