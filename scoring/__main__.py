"""``python -m scoring``: the command-line interface (see :mod:`scoring.cli`)."""

import sys

from scoring.cli import main

sys.exit(main())
