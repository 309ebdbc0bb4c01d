"""Engine selection, defaults, context manager, cheap import, numba interop."""
import subprocess
import sys

import numpy as np
import pytest
from conftest import HAS_NUMBA

import fastmle


def test_default_engine_and_set_engine():
    assert fastmle.get_engine() == "cython"
    try:
        fastmle.set_engine("python")
        assert fastmle.get_engine() == "python"
    finally:
        fastmle.set_engine("cython")
    with pytest.raises(ValueError, match="engine must be one of"):
        fastmle.set_engine("julia")


def test_engine_context_overrides_and_restores():
    d = fastmle.norm()
    x = np.linspace(-1, 1, 11)
    with fastmle.engine_context("python", n_threads=2):
        assert fastmle.get_engine() == "python"
        assert d.loglik(x) == pytest.approx(d.loglik(x, engine="cython"), rel=1e-14)
    assert fastmle.get_engine() == "cython"


def test_import_is_cheap():
    code = ("import sys, fastmle; fastmle.norm().loglik([1.0, 2.0]); "
            "heavy = [m for m in ('numba', 'dask', 'distributed', 'matplotlib', 'torch', "
            "'pandas', 'pyarrow', 'tqdm') "
            "if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == ""


@pytest.mark.skipif(not HAS_NUMBA, reason="numba not installed")
def test_numba_scalar_logpdf_callable_from_user_njit():
    import numba

    logpdf, prep = fastmle.numba_logpdf("gamma")
    c = prep(fastmle.gamma(2.0, scale=1.5).th)

    @numba.njit
    def total(x, c):
        s = 0.0
        for v in x:
            s += logpdf(v, c)
        return s

    x = np.linspace(0.1, 5, 50)
    assert total(x, c) == pytest.approx(fastmle.gamma(2.0, scale=1.5).loglik(x), rel=1e-12)
