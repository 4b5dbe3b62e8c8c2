"""Scores: pure functions over a case, each returning a ScoreResult (or None)."""
