"""Old import path, kept for scripts written before the move: see :mod:`scoring.core.ranking`."""
import sys

from scoring.core import ranking as _moved

sys.modules[__name__] = _moved
