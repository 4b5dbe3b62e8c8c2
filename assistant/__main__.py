"""`python -m assistant` runs the spinemets command."""

import sys

from assistant.cli import main

sys.exit(main())
