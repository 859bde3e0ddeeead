"""Old import path, kept for scripts written before the move: see :mod:`scoring.core.pipeline`."""
import sys

from scoring.core import pipeline as _moved

sys.modules[__name__] = _moved
