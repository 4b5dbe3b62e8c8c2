"""Package layering: knowledge and dialogs never load Textual; knowledge never transitions."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest


@pytest.mark.parametrize(("package", "forbidden"), [
    ("knowledge", ("textual", "transitions", "dialogs", "assistant")),
    ("dialogs", ("textual",)),
])
def test_import_does_not_load_forbidden_packages(package, forbidden):
    """Importing the package in a fresh interpreter loads none of the forbidden modules."""
    script = (f"import sys, {package}; "
              f"bad = [m for m in {forbidden!r} if m in sys.modules]; "
              "print(','.join(bad))")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert proc.stdout.strip() == ""


def test_import_linter_contracts_hold():
    """The import-linter contracts in pyproject.toml are kept."""
    exe = shutil.which("lint-imports")
    assert exe is not None, "import-linter is part of the test extra"
    proc = subprocess.run([exe], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
