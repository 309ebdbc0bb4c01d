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
    scipy.stats.bootstrap's of np.mean within Monte Carlo error (different streams:
    an end's Monte Carlo error at 20,000 resamples is about 0.03-0.05 standard errors,
    the bound is three times that of the difference)."""
    x = np.random.default_rng(11).exponential(2.0, 60)      # skewed: BCa differs
    res = fastmle.fit(x, "norm")
    got = res.bootstrap(20000, method=method, random_state=12).confidence_interval
    ref = st.bootstrap((x,), np.mean, n_resamples=20000, method=method,
                       random_state=np.random.default_rng(13)).confidence_interval
    se = x.std() / np.sqrt(x.size)
    assert got.low[0] == pytest.approx(ref.low, abs=0.2 * se)
    assert got.high[0] == pytest.approx(ref.high, abs=0.2 * se)


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


# ---------------------------------------------------------------- the compiled draws
M64 = np.uint64(2**64 - 1)


def splitmix64(key, N):
    """Draws 1..N of SplitMix64 seeded with ``key`` (uint64 arithmetic wraps)."""
    with np.errstate(over="ignore"):
        z = np.uint64(key) + np.arange(1, N + 1, dtype=np.uint64) * np.uint64(0x9e3779b97f4a7c15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xbf58476d1ce4e5b9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94d049bb133111eb)
        return z ^ (z >> np.uint64(31))


def splitmix_points(key, n, N, table=None):
    """The points of the resample keyed by ``key``, in numpy (the oracle of
    fastmle/_cy/_resample.pyx): point floor(z n / 2^64) of SplitMix64 draw z, with an
    alias table the fraction z n mod 2^64 choosing point or alias."""
    z = splitmix64(key, N)
    with np.errstate(over="ignore"):
        lo, hi = z & np.uint64(0xffffffff), z >> np.uint64(32)
        k = (hi * np.uint64(n) + ((lo * np.uint64(n)) >> np.uint64(32))) >> np.uint64(32)
        k = k.astype(np.int64)
        if table is not None:
            frac = ((z * np.uint64(n)) >> np.uint64(11)).astype(float) * 2.0**-53
            k = np.where(frac < table[0][k], k, table[1][k])
    return k


def compiled():
    from fastmle._cy import best_module
    return best_module("resample")


@pytest.mark.parametrize("n", [1, 7, 1000, 2**32 - 1])
def test_resample_draws_are_splitmix64(n):
    for key in (0, 12345, 2**64 - 1):
        out = np.empty(700, np.int64)
        compiled().resample_indices(key, n, 700, None, None, out)
        np.testing.assert_array_equal(out, splitmix_points(key, n, 700))
        assert out.min() >= 0 and out.max() < n
    # floor(z n / 2^64) exactly, against Python's integers (and at z = 2^64 - 1)
    z = [int(v) for v in splitmix64(5, 300)] + [2**64 - 1]
    got = splitmix_points(5, n, 300).tolist() + [n - 1]
    assert got == [(v * n) >> 64 for v in z]


def test_alias_table_gives_the_probabilities_exactly():
    rng = np.random.default_rng(40)
    for p in (rng.integers(0, 5, 300).astype(float), rng.random(7), np.ones(4),
              np.array([0.0, 1.0]), np.array([1e-12, 1.0, 1e12])):
        prob, alias = compiled().alias_table(p)
        n = p.size
        implied = prob.copy()
        np.add.at(implied, alias, 1.0 - prob)
        np.testing.assert_allclose(implied / n, p / p.sum(), atol=1e-13)
        out = np.empty(500, np.int64)
        compiled().resample_indices(99, n, 500, prob, alias, out)
        np.testing.assert_array_equal(out, splitmix_points(99, n, 500, (prob, alias)))
        assert (p[out] > 0).all()


def test_draws_are_uniform():
    out = np.empty(200_000, np.int64)
    compiled().resample_indices(7, 10, out.size, None, None, out)
    assert st.chisquare(np.bincount(out, minlength=10)).pvalue > 1e-3
    p = np.array([1.0, 2.0, 3.0, 4.0])
    compiled().resample_indices(8, 4, out.size, *compiled().alias_table(p), out)
    assert st.chisquare(np.bincount(out, minlength=4), out.size * p / p.sum()).pvalue > 1e-3


@pytest.mark.parametrize("name, weighted", [("gamma", False), ("norm", False),
                                            ("poisson", False), ("gamma", True),
                                            ("lognorm", True)])
def test_statistics_resamples_are_the_fits_of_the_drawn_points(name, weighted):
    """Exponential families fit each resample from sums drawn in the kernel: the same
    fits as fastmle.fit of the points drawn (weighted data: their counts as weights)."""
    rng = np.random.default_rng(41)
    x = {"gamma": rng.gamma(2.0, 1.0, 500), "norm": rng.normal(1e6, 1.0, 500),
         "lognorm": rng.lognormal(0.0, 0.5, 500), "poisson": rng.poisson(4.0, 500) * 1.0}[name]
    w = rng.integers(0, 4, x.size).astype(float) if weighted else None
    res = fastmle.fit(x, name, weights=w)
    boot = res.bootstrap(50, random_state=42, n_threads=2)
    keys = np.random.SeedSequence(42).generate_state(50, np.uint64)
    pts = np.arange(x.size) if w is None else np.flatnonzero(w > 0)
    N = x.size if w is None else int(w.sum())
    table = None if w is None else compiled().alias_table(w[pts])
    for b in range(0, 50, 7):
        i = pts[splitmix_points(keys[b], pts.size, N, table)]
        ref = fastmle.fit(x[i], name)
        np.testing.assert_allclose(boot.bootstrap_distribution[:, b],
                                   [ref.params[k] for k in boot.names], rtol=1e-9)


def test_other_families_fit_the_drawn_points():
    x = np.random.default_rng(43).weibull(1.5, 300)
    res = fastmle.fit(x, "weibull_min")
    boot = res.bootstrap(20, random_state=44)
    keys = np.random.SeedSequence(44).generate_state(20, np.uint64)
    for b in (0, 19):
        ref = fastmle.fit(x[splitmix_points(keys[b], x.size, x.size)], "weibull_min")
        np.testing.assert_array_equal(boot.bootstrap_distribution[:, b],
                                      [ref.params[k] for k in boot.names])
