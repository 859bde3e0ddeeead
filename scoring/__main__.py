"""``python -m scoring``: the command-line interface (see :mod:`scoring.cli`)."""

import atexit
import os
import sys

# pandas imports pyarrow when it is installed, which costs a command about 0.15 s of CPU, and
# no command needs it: without it pandas keeps strings as Python objects and the output is the
# same, byte for byte (tests/cli/test_cache_cli.py compares). Only the command-line process
# goes without; the app and the library keep it.
sys.modules.setdefault("pyarrow", None)

from scoring.cli import main

status = main()
if sys.getprofile() or sys.gettrace():  # under a profiler or coverage: they report at exit
    sys.exit(status)
# Leave without tearing the interpreter down: freeing numpy's and pandas's modules object by
# object is about 7% of a cold `rank`, for nothing. The output is flushed and the exit
# handlers run first; every file a command writes is closed by then, and its threads joined.
atexit._run_exitfuncs()
try:
    sys.stdout.flush()
    sys.stderr.flush()
except BrokenPipeError:  # `python -m scoring rank | head`: the reader has what it wanted
    pass
except OSError:  # the output could not be written (a full disk): Python's own exit status
    status = status or 120
os._exit(status)
