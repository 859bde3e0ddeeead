"""Old import path, kept for scripts written before the move: see :mod:`scoring.core.aggregate`."""
import sys

from scoring.core import aggregate as _moved

sys.modules[__name__] = _moved
