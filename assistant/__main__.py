"""`python -m assistant` runs the spinemets command."""

import sys

from assistant.cli.main import main

sys.exit(main())
