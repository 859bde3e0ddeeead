"""Old import path, kept for scripts written before the move: see :mod:`scoring.core.scenario`."""
import sys

from scoring.core import scenario as _moved

sys.modules[__name__] = _moved
