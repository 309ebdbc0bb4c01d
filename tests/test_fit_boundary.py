"""The MLE solver at its edges, on every engine: batches of 0, 1 and 2 groups,
the iteration limit, robust start values over the whole double range, boundary
MLEs (a parameter running off to the edge of its range) and float32 data."""
import warnings

import numpy as np
import pytest
import scipy.stats as st

import fastmle
from conftest import CASES, ENGINES, family_engine_cases, sample
from fastmle._validation import MAXITER_CAP, as_maxiter

FITTABLE = list(CASES)
FIXED = {"binom": {"n": CASES["binom"]["n"]}}


# ------------------------------------------------------------------ batches of 0, 1, 2 groups
@pytest.mark.parametrize("family,engine", family_engine_cases(FITTABLE))
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


# ------------------------------------------------------------------ robust starts, any scale
LOC_SCALE = ["t", "logistic", "cauchy", "gumbel_r", "gumbel_l", "laplace", "norm"]
# with a shape (a sample of the shape given here); loggamma's MLE on the outlier test's
# near-normal data is at c = inf (a boundary), so it is not in that test
SHAPED = {"t": st.t(4), "loggamma": st.loggamma(2.5)}
RESCALED = LOC_SCALE + ["loggamma", "dweibull", "uniform"]
SHAPED["dweibull"] = st.dweibull(2.5)
SCALES = [1e-300, 1e-150, 1e-10, 1.0, 1e10, 1e150, 1e300]
T_ARGS = ("df", "loc", "scale")


def _scipy_loglik(family, z, factor):
    """scipy's MLE loglik on the data factor * z, from its fit of z (scipy cannot fit at
    every scale): the location-scale likelihood moves by -n log(factor)."""
    theirs = getattr(st, family).fit(z)
    return getattr(st, family).logpdf(z, *theirs).sum() - z.size * np.log(factor)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("family", RESCALED + ["genextreme"])
def test_fit_at_every_scale(family, engine):
    rng = np.random.default_rng(42)
    z = {**SHAPED, "genextreme": st.genextreme(-0.1)}.get(
        family, getattr(st, family)).rvs(size=200, random_state=rng)
    ref = fastmle.fit(z, family, engine=engine)
    for factor in SCALES:
        x = z * factor
        res = fastmle.fit(x, family, engine=engine)
        assert res.converged, (factor, res.message)
        assert res.loglik >= _scipy_loglik(family, z, factor) - 1e-9 * abs(res.loglik)
        assert res.loglik == pytest.approx(ref.loglik - z.size * np.log(factor), rel=1e-9)
        assert res.params["scale"] == pytest.approx(ref.params["scale"] * factor, rel=1e-7)
        assert res.params["loc"] == pytest.approx(ref.params["loc"] * factor, rel=1e-7,
                                                  abs=1e-7 * res.params["scale"])
        for k in ("loc", "scale"):      # from the Hessian in the rescaled units
            assert res.stderr[k] == pytest.approx(ref.stderr[k] * factor, rel=1e-6)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("family", LOC_SCALE)
@pytest.mark.parametrize("outlier", [1e10, 1e155, 1e300])
def test_fit_with_a_huge_outlier(family, engine, outlier):
    x = np.r_[np.random.default_rng(1).normal(size=300), outlier]
    with warnings.catch_warnings():
        warnings.simplefilter("error", fastmle.ConvergenceWarning)
        res = fastmle.fit(x, family, engine=engine)
    assert res.converged and np.isfinite(res.loglik)
    assert res.loglik == pytest.approx(res.dist.loglik(x, engine=engine), rel=1e-12)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = getattr(st, family).fit(x)
        ll = getattr(st, family).logpdf(x, *theirs).sum()
    if np.isfinite(ll):
        assert res.loglik >= ll - 1e-9 * abs(ll)


# ------------------------------------------------------------------ boundary MLEs
def _all_engines(x, family, same_loglik=True, **kw):
    """The fit on every engine: same status and iteration count, same result (at a
    boundary: the same log-likelihood, to the precision of the gain rule)."""
    out = []
    for engine in ENGINES:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            res = fastmle.fit(x, family, engine=engine, **kw)
        warned = any(issubclass(w.category, fastmle.ConvergenceWarning) for w in caught)
        assert warned == (not res.converged)
        out.append(res)
    assert len({(r.status, r.n_iter) for r in out}) == 1, [(r.status, r.n_iter) for r in out]
    for r in out[1:]:
        # at a boundary the point along the flat ridge is ill-determined; its loglik is not
        if r.converged:
            np.testing.assert_allclose(r.th, out[0].th, rtol=1e-6)
            # (1e-8: lgamma differences lose ~eps * lgamma(a) at beta's a ~ 1e7)
            assert r.loglik == pytest.approx(out[0].loglik, rel=1e-8)
        elif same_loglik:
            assert abs(r.loglik - out[0].loglik) <= 1e-6 * (1 + abs(out[0].loglik))
    return out[0]


def test_t_on_normal_data_reaches_the_boundary_identically():
    rng = np.random.default_rng(7)
    statuses = set()
    for _ in range(50):
        x = rng.normal(2.0, 3.0, 200)
        res = _all_engines(x, "t")
        statuses.add(res.status)
        assert res.status in ("ok", "diverged")
        if res.status == "diverged":
            ll_norm = fastmle.fit(x, "norm").loglik
            assert not res.converged and res.params["df"] > 1e3
            # the best point found is within the last decrement of the supremum
            assert abs(res.loglik - ll_norm) <= 1e-6 * (1 + abs(ll_norm))
            assert res.loglik == pytest.approx(
                st.t.logpdf(x, *[res.params[k] for k in T_ARGS]).sum(), rel=1e-9)
    assert statuses == {"ok", "diverged"}


def test_scipy_compatible_t_fit_on_normal_data():
    x = np.random.default_rng(2).normal(size=200)
    with pytest.warns(fastmle.ConvergenceWarning, match="runs off"):
        df, loc, scale = fastmle.stats.t.fit(x)
    assert df > 1e3
    ll_norm = st.norm.logpdf(x, *st.norm.fit(x)).sum()
    assert st.t.logpdf(x, df, loc, scale).sum() == pytest.approx(ll_norm, rel=1e-6)


def test_nbinom_on_underdispersed_counts():
    rng = np.random.default_rng(8)
    for _ in range(5):
        x = rng.binomial(10, 0.5, 200).astype(float)
        res = _all_engines(x, "nbinom")
        assert res.status == "diverged" and res.params["n"] > 1e4
        ll_poisson = fastmle.fit(x, "poisson").loglik      # the limit n -> inf
        assert abs(res.loglik - ll_poisson) <= 1e-6 * (1 + abs(ll_poisson))


def test_beta_on_data_at_one_point():
    for x in (np.full(50, 0.3), np.full(40, 0.7) + np.linspace(-1e-12, 1e-12, 40)):
        # the density at the point, hence the loglik, grows without bound: the point
        # returned is where the data's spread falls below the double resolution
        res = _all_engines(x, "beta", same_loglik=False)
        assert res.status == "diverged" and res.n_iter == 0
        assert res.params["a"] + res.params["b"] == pytest.approx(5e12)
        assert res.params["a"] / (res.params["a"] + res.params["b"]) == pytest.approx(
            x.mean(), rel=1e-6)
    # concentrated but resolvable: a finite MLE
    x = np.random.default_rng(9).normal(0.5, 1e-3, 100)
    res = _all_engines(x, "beta")
    assert res.converged and res.params["a"] > 1e4
    # at a ~ 1e7 the loglik (778) is a difference of terms ~1e9: its last-bit differences
    # between engines (the sums of log y) can move the stopping iteration by one; the
    # results agree to the conditioning
    x = np.random.default_rng(9).normal(0.5, 1e-4, 100)
    fits = [fastmle.fit(x, "beta", engine=e) for e in ENGINES]
    for r in fits:
        assert r.converged and r.params["a"] > 1e6
        assert r.loglik == pytest.approx(fits[0].loglik, rel=1e-8)
        assert r.params["a"] == pytest.approx(fits[0].params["a"], rel=1e-7)


# ------------------------------------------------------------------ float32 data, no copy
@pytest.mark.parametrize("family,engine", family_engine_cases(FITTABLE))
def test_float32_fit_equals_float64_fit_of_the_same_values(family, engine):
    x32 = sample(family, n=400, seed=43).astype(np.float32)
    x64 = x32.astype(np.float64)
    fixed = FIXED.get(family)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fastmle.ConvergenceWarning)
        a = fastmle.fit(x32, family, fixed=fixed, engine=engine)
        b = fastmle.fit(x64, family, fixed=fixed, engine=engine)
        assert (a.status, a.n_iter) == (b.status, b.n_iter)
        np.testing.assert_allclose(a.th, b.th, rtol=1e-12)
        assert a.loglik == pytest.approx(b.loglik, rel=1e-12)
        off = [0, 150, 400]
        ba = fastmle.fit_batch(x32, family, offsets=off, fixed=fixed, engine=engine)
        bb = fastmle.fit_batch(x64, family, offsets=off, fixed=fixed, engine=engine)
        np.testing.assert_allclose(ba._th, bb._th, rtol=1e-12)
        np.testing.assert_array_equal(ba.n_iter, bb.n_iter)


@pytest.mark.parametrize("call", [
    lambda x: fastmle.fit(x, "gamma"),
    lambda x: fastmle.fit(x, "weibull_min"),
    lambda x: fastmle.fit(x, "norm"),
    lambda x: fastmle.fit_batch(x, "gamma", offsets=np.linspace(0, x.size, 11).astype(int)),
])
def test_fits_do_not_copy_float32_data(call):
    import tracemalloc

    x = np.random.default_rng(44).gamma(2.0, 1.0, 500_000).astype(np.float32)
    call(x[:100])                                 # kernels loaded before measuring
    tracemalloc.start()
    try:
        call(x)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 0.05 * x.nbytes, peak


def test_near_constant_data_gamma_weibull():
    for sd in (1e-6, 1e-9):
        x = 10.0 + sd * np.random.default_rng(10).normal(size=100)
        for family in ("gamma", "weibull_min"):
            fits = []
            for engine in ENGINES:
                try:
                    fits.append(fastmle.fit(x, family, engine=engine))
                except ValueError as e:
                    fits.append(str(e))
            if isinstance(fits[0], str):        # below the data's resolution
                assert all("degenerate" in f for f in fits), fits
                continue
            for f in fits:
                assert f.converged and np.isfinite(f.loglik), (family, sd, f.status)
                assert f.th[0] == pytest.approx(fits[0].th[0], rel=1e-3)
    for family in ("gamma", "weibull_min"):
        for engine in ENGINES:
            with pytest.raises(ValueError, match="degenerate"):
                fastmle.fit(np.full(20, 3.0), family, engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_rescaled_fit_with_weights_and_fixed_parameters(engine):
    rng = np.random.default_rng(45)
    z = rng.logistic(size=150)
    w = rng.uniform(0.5, 2.0, z.size)
    for factor in (2.0**-1000, 2.0**1000):          # exact: the fits must agree exactly-ish
        for fixed in (None, {"loc": 0.25}, {"scale": 1.5}):
            fx = None if fixed is None else {k: v * factor for k, v in fixed.items()}
            ref = fastmle.fit(z, "logistic", weights=w, fixed=fixed, engine=engine)
            res = fastmle.fit(z * factor, "logistic", weights=w, fixed=fx, engine=engine)
            assert (res.status, res.n_iter, res.free) == (ref.status, ref.n_iter, ref.free)
            for k in ("loc", "scale"):
                assert res.params[k] == pytest.approx(ref.params[k] * factor, rel=1e-12)
            assert res.loglik == pytest.approx(ref.loglik - w.sum() * np.log(factor),
                                               rel=1e-12)
            for k in res.free:
                assert res.stderr[k] == pytest.approx(ref.stderr[k] * factor, rel=1e-9)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("family", RESCALED)
def test_batch_refits_extreme_scale_groups_as_fit_does(family, engine):
    # (found by the deep fuzz profile: gumbel_r 'degenerate' on python, 'nonfinite' on cython)
    rng = np.random.default_rng(71)
    z = SHAPED.get(family, getattr(st, family)).rvs(size=60, random_state=rng)
    groups = [z, z * 2.0**1000, z * 2.0**-1000, np.r_[z[:4], 1e308]]
    x = np.concatenate(groups)
    off = np.cumsum([0] + [g.size for g in groups])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fastmle.ConvergenceWarning)
        res = fastmle.fit_batch(x, family, offsets=off, engine=engine)
        for g, xg in enumerate(groups):
            one = fastmle.fit(xg, family, engine=engine)
            assert res.status[g] == one.status
            assert res[g].status == one.status
            for k in ("loc", "scale"):
                assert res.params[k][g] == pytest.approx(one.params[k], rel=1e-12)
                if k in one.stderr and np.isfinite(one.stderr[k]):
                    assert res.stderr[k][g] == pytest.approx(one.stderr[k], rel=1e-9)
                    assert res[g].stderr[k] == pytest.approx(one.stderr[k], rel=1e-9)
            assert res.loglik[g] == pytest.approx(one.loglik, rel=1e-12)
    if family == "gumbel_r":
        assert res.status[3] == "ok"


@pytest.mark.parametrize("engine", ENGINES)
def test_count_fits_with_huge_counts(engine):
    # (found by the deep fuzz profile) 1e308 is a count; sum(x) * log1p(-p) with p ~ 1e-306
    # (not log(1 - p) = 0); numba's int floor overflowed beyond 2**63
    rng = np.random.default_rng(5)
    x = np.r_[rng.geometric(0.28, 50).astype(float), 1e308]
    w = np.random.default_rng(5).uniform(0, 2, 51)
    res = fastmle.fit(x, "geom", weights=w, engine=engine)
    assert res.converged
    assert res.params["p"] == pytest.approx(w.sum() / np.sum(w * x), rel=1e-14)
    assert res.loglik == pytest.approx(res.dist.loglik(x, weights=w, engine=engine), rel=1e-13)
    b = fastmle.fit_batch(np.r_[x, np.nan], "geom", offsets=[0, 52], nan_policy="omit",
                          weights=np.r_[w, 1.0], engine=engine)
    assert b.loglik[0] == pytest.approx(res.loglik, rel=1e-13)
    xb = np.r_[rng.binomial(10, 0.3, 40).astype(float)]
    rb = fastmle.fit(xb, "binom", fixed={"n": 1e300}, engine=engine)
    assert rb.loglik == pytest.approx(rb.dist.loglik(xb, engine=engine), rel=1e-12)
