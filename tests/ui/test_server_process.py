"""Settings the app's server process makes once, when the ui package is first imported."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def test_the_server_uses_one_blas_thread():
    """Sessions share the cores: BLAS threads of their own only wait on each other."""
    probe = ("import numpy, threadpoolctl as t; before = [i['num_threads'] for i in t.threadpool_info() "
             "if i['user_api'] == 'blas']; import ui; after = [i['num_threads'] for i in "
             "t.threadpool_info() if i['user_api'] == 'blas']; print(before, after)")  # fmt: skip
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "2"}  # two to start with, whatever the machine
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True).stdout.split("] [")  # fmt: skip
    assert out[0] == "[2" and out[1].strip() == "1]"
