"""``python -m scoring``: the command-line interface (see :mod:`scoring.cli`)."""

import sys

# pandas imports pyarrow when it is installed, which costs a command about 0.15 s of CPU, and
# no command needs it: without it pandas keeps strings as Python objects and the output is the
# same, byte for byte (tests/cli/test_cache_cli.py compares). Only the command-line process
# goes without; the app and the library keep it.
sys.modules.setdefault("pyarrow", None)

from scoring.cli import main

sys.exit(main())
