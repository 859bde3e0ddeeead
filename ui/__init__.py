"""The Streamlit layer: shared state, widgets and figures; a package per page.

Imported once per server process. Numpy's BLAS starts a thread per core for every matrix
product; in a server whose sessions already share the cores, those threads wait on each
other: measured under load, a (1000 x 42) covariance product took 10 ms at the median and
36 ms at the 90th centile instead of 0.08 ms. One BLAS thread per process, set here.
"""

import numpy as np  # noqa: F401 - its BLAS must be loaded for the limit to reach it
from threadpoolctl import threadpool_limits

threadpool_limits(1, user_api="blas")
