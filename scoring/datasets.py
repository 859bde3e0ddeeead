"""Old import path, kept for scripts written before the move: see :mod:`scoring.core.dataset`."""
import sys

from scoring.core import dataset as _moved

sys.modules[__name__] = _moved
