"""Compensated accumulation: n = 1e7 values with a large common offset (NumAcc style)."""
import math

import numpy as np
import pytest
from conftest import HAS_NUMBA

import fastmle


@pytest.fixture(scope="module")
def offset_data():
    rng = np.random.default_rng(42)
    x = 1e7 + rng.uniform(-1e-6, 1e-6, 10_000_000)
    dist = fastmle.norm(loc=1e7, scale=1e-4)
    terms = dist.logpdf(x)
    return x, dist, terms, math.fsum(terms)


def test_naive_summation_fails_this(offset_data):
    x, dist, terms, exact = offset_data
    naive = np.cumsum(terms)[-1]          # left-to-right float64 summation
    assert abs(naive - exact) / abs(exact) > 1e-13


@pytest.mark.parametrize("engine", ["cython"] + (["numba"] if HAS_NUMBA else []))
@pytest.mark.parametrize("n_threads", [1, 2])
def test_loglik_relative_error_below_1e13(offset_data, engine, n_threads):
    x, dist, terms, exact = offset_data
    ours = dist.loglik(x, engine=engine, n_threads=n_threads)
    assert abs(ours - exact) / abs(exact) <= 1e-13


def test_python_engine_accuracy_on_1e5():
    rng = np.random.default_rng(1)
    x = 1e7 + rng.uniform(-1e-6, 1e-6, 100_000)
    dist = fastmle.norm(loc=1e7, scale=1e-4)
    exact = math.fsum(dist.logpdf(x))
    assert abs(dist.loglik(x, engine="python") - exact) / abs(exact) <= 1e-13


NIST = ["Lew", "Lottery", "Mavro", "Michelso", "PiDigits", "NumAcc1", "NumAcc2", "NumAcc3",
        "NumAcc4"]
SD_RTOL = {"NumAcc3": 1e-9, "NumAcc4": 1e-7}   # decimal data not representable in float64


@pytest.mark.parametrize("name", NIST)
def test_nist_strd_certified_mean_and_sd(name):
    """NIST StRD univariate sets: the normal sufficient statistics reproduce the certified values."""
    import json
    from pathlib import Path
    data = Path(__file__).parent / "data" / "nist_strd"
    cert = json.loads((data / "certified.json").read_text())["datasets"][name]
    x = np.loadtxt(data / f"{name}.csv", delimiter=",", skiprows=1, ndmin=1)
    assert x.size == int(cert["n"])
    st = fastmle.norm().suffstats(x)
    mean, m2 = st.values
    assert mean == pytest.approx(float(cert["mean"]), rel=2e-15, abs=1e-300)
    sd = math.sqrt(m2 / (st.n - 1))
    assert sd == pytest.approx(float(cert["sd"]), rel=SD_RTOL.get(name, 1e-12))
