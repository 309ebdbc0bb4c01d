"""The MLE solver at its edges, on every engine: batches of 0, 1 and 2 groups,
the iteration limit, robust start values over the whole double range, boundary
MLEs (a parameter running off to the edge of its range) and float32 data."""
import warnings

import numpy as np
import pytest
import scipy.stats as st

import fastmle
from conftest import CASES, ENGINES, sample
from fastmle._validation import MAXITER_CAP, as_maxiter

FITTABLE = list(CASES)
FIXED = {"binom": {"n": CASES["binom"]["n"]}}


# ------------------------------------------------------------------ batches of 0, 1, 2 groups
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("family", FITTABLE)
def test_batch_of_zero_one_two_groups(family, engine):
    x = sample(family, n=60, seed=40)
    fixed = FIXED.get(family)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fastmle.ConvergenceWarning)
        one = fastmle.fit(x, family, fixed=fixed, engine=engine)
        for offsets in ([0, 60], [0, 30, 60]):
            res = fastmle.fit_batch(x, family, offsets=offsets, fixed=fixed, engine=engine)
            assert len(res) == len(offsets) - 1
            for g in range(len(res)):
                ref = fastmle.fit(x[offsets[g]:offsets[g + 1]], family, fixed=fixed,
                                  engine=engine)
                assert res.status[g] == ref.status and res.n_iter[g] == ref.n_iter
                np.testing.assert_allclose(res._th[g], ref.th, rtol=1e-12)
        assert res.loglik.shape == (2,)
        rows = fastmle.fit(x.reshape(1, -1), family, axis=1, fixed=fixed, engine=engine)
        assert len(rows) == 1 and rows.status[0] == one.status
        np.testing.assert_allclose(rows._th[0], one.th, rtol=1e-12)
        empty = fastmle.fit_batch(np.empty(0), family, offsets=[0], fixed=fixed,
                                  engine=engine)
        assert len(empty) == 0 and empty.loglik.shape == (0,)
        assert all(v.shape == (0,) for v in empty.params.values())
        assert empty.stderr.keys() == set(empty.free)
        empty = fastmle.fit_batch(np.empty(0), family, groups=np.empty(0, int), fixed=fixed,
                                  engine=engine)
        assert len(empty) == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_batch_of_one_failing_group(engine):
    res = fastmle.fit_batch([1.0, 1.0, 1.0], "gamma", offsets=[0, 3], engine=engine)
    assert list(res.status) == ["degenerate"] and np.isnan(res.params["a"][0])
    res = fastmle.fit_batch([1.0, 2.0, 3.0], "norm", offsets=[0, 3], engine=engine)
    assert res.params["loc"][0] == pytest.approx(2.0, rel=1e-15)
    assert res.params["scale"][0] == pytest.approx(np.sqrt(2 / 3), rel=1e-15)
    res = fastmle.fit(np.ones((1, 5)), "gamma", axis=1, engine=engine)
    assert list(res.status) == ["degenerate"]


# ------------------------------------------------------------------ maxiter
def test_as_maxiter():
    assert as_maxiter(5) == 5 and type(as_maxiter(np.int64(7))) is int
    assert as_maxiter(np.uint8(3)) == 3
    assert as_maxiter(2**31) == MAXITER_CAP == 2**31 - 1
    assert as_maxiter(10**30) == MAXITER_CAP
    for bad in (0, -1, np.int32(-5)):
        with pytest.raises(ValueError, match="maxiter must be a positive integer"):
            as_maxiter(bad)
    for bad in (float("inf"), 3.0, True, np.bool_(True), "10", None):
        with pytest.raises(TypeError, match="maxiter must be a positive integer"):
            as_maxiter(bad)


@pytest.mark.parametrize("engine", ENGINES)
def test_maxiter_is_validated_everywhere(engine):
    x = sample("gamma", n=50, seed=41)
    calls = [lambda m: fastmle.fit(x, "gamma", engine=engine, maxiter=m),
             lambda m: fastmle.fit_batch(x, "gamma", offsets=[0, 50], engine=engine,
                                         maxiter=m),
             lambda m: fastmle.fit(x.reshape(2, 25), "gamma", axis=1, engine=engine,
                                   maxiter=m)]
    ref = fastmle.fit(x, "gamma", engine=engine)
    for call in calls:
        with pytest.raises(TypeError, match="maxiter"):
            call(float("inf"))
        with pytest.raises(TypeError, match="maxiter"):
            call(True)
        for m in (0, -1):
            with pytest.raises(ValueError, match="maxiter"):
                call(m)
        call(np.int64(50))
    big = fastmle.fit(x, "gamma", engine=engine, maxiter=2**31)
    assert big.converged and big.n_iter == ref.n_iter and np.array_equal(big.th, ref.th)
    big = fastmle.fit_batch(x, "gamma", offsets=[0, 50], engine=engine, maxiter=2**40)
    assert big.converged[0] and big.n_iter[0] == ref.n_iter
    with pytest.warns(fastmle.ConvergenceWarning, match="iteration limit"):
        one = fastmle.fit(x, "gamma", engine=engine, maxiter=1)
    assert one.n_iter == 1 and np.isfinite(one.th).all() and np.isfinite(one.loglik)
