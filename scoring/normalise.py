"""Old import path, kept for scripts written before the move: see :mod:`scoring.core.normalise`."""
import sys

from scoring.core import normalise as _moved

sys.modules[__name__] = _moved
