"""The bootstrap of a fit: reproducible for any thread count, scipy.stats.bootstrap's
intervals in distribution, the Fisher standard error at large n, failed resamples
reported, bad input."""
import numpy as np
import pytest
import scipy.stats as st

import fastmle


def test_same_result_for_any_thread_count():
    x = np.random.default_rng(8).gamma(2.0, 3.0, 300)
    res = fastmle.fit(x, "gamma")
    for kind in ("nonparametric", "parametric"):
        one = res.bootstrap(200, kind=kind, random_state=9, n_threads=1)
        two = res.bootstrap(200, kind=kind, random_state=9, n_threads=2)
        np.testing.assert_array_equal(one.bootstrap_distribution, two.bootstrap_distribution)
        assert one.bootstrap_distribution.shape == (2, 200) and one.converged.all()
        other = res.bootstrap(200, kind=kind, random_state=10)
        assert not np.array_equal(one.bootstrap_distribution, other.bootstrap_distribution)


@pytest.mark.parametrize("method", ["percentile", "basic", "bca"])
def test_intervals_of_the_mean_match_scipy_bootstrap(method):
    """norm's loc estimate is the sample mean: the interval agrees with
    scipy.stats.bootstrap's of np.mean within Monte Carlo error (different streams)."""
    x = np.random.default_rng(11).exponential(2.0, 60)      # skewed: BCa differs
    res = fastmle.fit(x, "norm")
    got = res.bootstrap(6000, method=method, random_state=12).confidence_interval
    ref = st.bootstrap((x,), np.mean, n_resamples=6000, method=method,
                       random_state=np.random.default_rng(13)).confidence_interval
    se = x.std() / np.sqrt(x.size)
    assert got.low[0] == pytest.approx(ref.low, abs=0.1 * se)
    assert got.high[0] == pytest.approx(ref.high, abs=0.1 * se)


def test_standard_error_near_fisher_at_large_n():
    x = np.random.default_rng(14).weibull(1.7, 3000) * 4.0
    res = fastmle.fit(x, "weibull_min")
    boot = res.bootstrap(400, random_state=15)
    for k in ("c", "scale"):
        assert boot.standard_error[boot.names.index(k)] == pytest.approx(res.stderr[k],
                                                                         rel=0.15)
    assert abs(boot.bias).max() < 0.2 * max(res.stderr.values())
    table = boot.to_pandas()
    assert list(table.index) == ["c", "scale"] and "std. error" in boot.summary()


def test_frequency_weights_resample_the_repeated_data():
    rng = np.random.default_rng(16)
    v = rng.gamma(3.0, 1.0, 200)
    w = rng.integers(1, 4, v.size).astype(float)
    rep = np.repeat(v, w.astype(int))
    a = fastmle.fit(v, "gamma", weights=w).bootstrap(800, random_state=17)
    b = fastmle.fit(rep, "gamma").bootstrap(800, random_state=18)
    np.testing.assert_allclose(a.standard_error, b.standard_error, rtol=0.15)


def test_failed_resamples_are_reported_and_left_out():
    x = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 2.0])
    res = fastmle.fit(x, "gamma")
    with pytest.warns(RuntimeWarning, match="of 300 bootstrap resamples could not be fitted"):
        boot = res.bootstrap(300, random_state=19)
    bad = ~boot.usable
    assert bad.any() and (boot.status[bad] == "degenerate").all()
    assert np.isfinite(boot.confidence_interval.low).all()


def test_bad_input():
    res = fastmle.fit(np.random.default_rng(20).gamma(2.0, 1.0, 50), "gamma")
    with pytest.raises(ValueError, match="kind must be one of"):
        res.bootstrap(10, kind="bayesian")
    with pytest.raises(ValueError, match="method must be one of"):
        res.bootstrap(10, method="studentized")
    with pytest.raises(ValueError, match="n_resamples must be an integer >= 2"):
        res.bootstrap(1)
    with pytest.raises(ValueError, match="confidence_level must be in"):
        res.bootstrap(10, confidence_level=1.0)


@pytest.mark.parametrize("name", ["gamma", "norm", "lognorm", "poisson", "beta"])
def test_jackknife_of_exponential_families_from_statistics(name):
    """The O(n) leave-one-out fits from the statistics equal the fits with zero weight
    on one point (the path of the other families)."""
    from fastmle.bootstrap import _Fitter

    rng = np.random.default_rng(21)
    x = {"gamma": rng.gamma(2.0, 1.0, 80), "norm": rng.normal(1e4, 1.0, 80),
         "lognorm": rng.lognormal(0.0, 0.5, 80), "poisson": rng.poisson(4.0, 80) * 1.0,
         "beta": rng.beta(2.0, 3.0, 80)}[name]
    w = rng.integers(0, 3, x.size).astype(float)
    res = fastmle.fit(x, name, weights=w)
    f = _Fitter(res, *res._data)
    fast = f.jackknife(1)
    base = np.asarray(w)
    pts = np.flatnonzero(base > 0)
    slow = np.array([f._fit(f.x, np.where(np.arange(x.size) == i, 0.0, base))[1]
                     for i in pts]).T
    np.testing.assert_allclose(fast, slow, rtol=1e-9)


def test_batch_bootstrap_is_each_groups_own():
    rng = np.random.default_rng(22)
    x = rng.weibull(2.0, 900) * 3.0
    labels = rng.choice(["pump-1", "pump-2", "pump-3"], x.size)
    batch = fastmle.fit_batch(x, "weibull_min", groups=labels)
    boots = batch.bootstrap(100, random_state=23, n_threads=2)
    seeds = np.random.SeedSequence(23).spawn(3)
    assert list(boots) == ["pump-1", "pump-2", "pump-3"]
    for g, key in enumerate(batch.groups):
        own = fastmle.fit(x[labels == key], "weibull_min").bootstrap(100, random_state=seeds[g])
        np.testing.assert_allclose(boots[key].bootstrap_distribution,
                                   own.bootstrap_distribution, rtol=1e-12)


@pytest.mark.parametrize("method", ["percentile", "basic", "bca"])
def test_same_resamples_as_scipy_bootstrap_give_its_interval(method):
    """With scipy.stats.bootstrap's own resample indices (its generator's one draw of
    (B, n) integers), the intervals equal scipy's with a statistic that fits gamma by
    fastmle (the same fits: weights as counts vs repeated values, to rounding)."""
    x = np.random.default_rng(29).gamma(2.5, 1.2, 40)
    B = 300
    idx = np.random.default_rng(30).integers(0, x.size, (B, x.size))

    def stat(s, axis=-1):
        return np.apply_along_axis(lambda v: fastmle.fit(v, "gamma").params["a"], axis, s)
    ref = st.bootstrap((x,), stat, n_resamples=B, method=method, vectorized=True,
                       random_state=np.random.default_rng(30)).confidence_interval
    res = fastmle.fit(x, "gamma")
    got = res.bootstrap(method=method, indices=idx).confidence_interval
    np.testing.assert_allclose([got.low[0], got.high[0]], [ref.low, ref.high], rtol=1e-10)
    if method == "percentile":              # conf_int's bootstrap: the percentile one
        via = res.conf_int(0.95, method="bootstrap", indices=idx)
        assert via["a"] == pytest.approx((got.low[0], got.high[0]))
    with pytest.raises(ValueError, match="indices must be a"):
        res.bootstrap(indices=idx[:, :10])
