"""The served app in a real browser (Playwright driving the system's Chromium)."""
