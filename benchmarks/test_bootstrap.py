"""The bootstrap of a fit against scipy.stats.bootstrap with a statistic calling
scipy's fit, and against a Python loop over fastmle.fit (gamma, n = 1e4, 999
resamples); the weibull_min parametric bootstrap against a loop of scipy fits.  The
scipy runs are timed on a subset of resamples and extrapolated
(``extra_info["extrapolate"]``).  Not part of the default test run.

    pytest benchmarks/test_bootstrap.py --benchmark-json=bootstrap.json
"""
import os
import warnings

import numpy as np
import pytest
import scipy.stats as st

import fastmle

N = int(float(os.environ.get("FASTMLE_BENCH_BOOT_N", "1e4")))
B = 999
SUBSET = 20          # resamples timed for the scipy runs


@pytest.fixture(scope="module")
def gamma_fit():
    x = np.random.default_rng(0).gamma(2.0, 1.5, N)
    return x, fastmle.fit(x, "gamma")


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("method", ["percentile", "bca"])
def test_fastmle_bootstrap(benchmark, gamma_fit, method, threads):
    x, res = gamma_fit
    benchmark.group = f"bootstrap gamma, n = {N:.0e}, {B} resamples, {method}"
    benchmark.extra_info.update(family="gamma", method=f"fastmle {method}", n=N,
                                threads=threads, kind="bootstrap")
    benchmark.pedantic(res.bootstrap, (B,), dict(method=method, random_state=1,
                                                  n_threads=threads),
                       rounds=3, iterations=1)


@pytest.mark.parametrize("draws", ["in the loop", "precomputed"])
def test_fastmle_loop(benchmark, gamma_fit, draws):
    """A Python loop over fastmle.fit(x[idx]): drawing each resample's indices in the
    loop (what a user's loop runs), or given all B x n indices drawn beforehand (the
    fits and gathers alone; the draws not timed)."""
    x, _ = gamma_fit
    benchmark.group = f"bootstrap gamma, n = {N:.0e}, {B} resamples, percentile"
    benchmark.extra_info.update(family="gamma", n=N, threads=1, kind="bootstrap",
                                method=f"python loop over fastmle.fit, draws {draws}")
    if draws == "precomputed":
        idx = np.random.default_rng(2).integers(0, N, (B, N))
        benchmark.pedantic(lambda: [fastmle.fit(x[i], "gamma").params["a"] for i in idx],
                           rounds=1, iterations=1)
        return
    rng = np.random.default_rng(2)
    benchmark.pedantic(lambda: [fastmle.fit(x[rng.integers(0, N, N)], "gamma").params["a"]
                                for _ in range(B)], rounds=1, iterations=1)


@pytest.mark.parametrize("method", ["percentile", "bca"])
def test_scipy_bootstrap(benchmark, gamma_fit, method):
    """scipy.stats.bootstrap of gamma.fit(floc=0), SUBSET resamples (and, for BCa,
    its n jackknife refits estimated from SUBSET of them), extrapolated to B."""
    x, _ = gamma_fit

    def stat(s, axis=-1):
        return np.apply_along_axis(lambda v: st.gamma.fit(v, floc=0)[0], axis, s)
    benchmark.group = f"bootstrap gamma, n = {N:.0e}, {B} resamples, {method}"
    scale = B / SUBSET
    if method == "bca":          # scipy's BCa adds n jackknife fits of n - 1 values
        scale = (B + N) / SUBSET
    benchmark.extra_info.update(family="gamma", method=f"scipy.stats.bootstrap {method}",
                                n=N, threads=1, kind="bootstrap", extrapolate=scale)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        benchmark.pedantic(st.bootstrap, ((x,), stat),
                           dict(n_resamples=SUBSET, method="percentile", vectorized=True,
                                random_state=np.random.default_rng(3)),
                           rounds=1, iterations=1)


@pytest.mark.parametrize("how", ["fastmle parametric", "scipy loop"])
def test_weibull_parametric(benchmark, how):
    x = np.random.default_rng(4).weibull(1.7, N) * 3.0
    res = fastmle.fit(x, "weibull_min")
    benchmark.group = f"parametric bootstrap weibull_min, n = {N:.0e}, {B} resamples"
    if how == "fastmle parametric":
        benchmark.extra_info.update(family="weibull_min", method=how, n=N, threads=2,
                                    kind="bootstrap")
        benchmark.pedantic(res.bootstrap, (B,), dict(kind="parametric", random_state=5,
                                                      n_threads=2), rounds=2, iterations=1)
        return
    dist = st.weibull_min(res.params["c"], scale=res.params["scale"])
    rng = np.random.default_rng(6)
    benchmark.extra_info.update(family="weibull_min", method=how, n=N, threads=1,
                                kind="bootstrap", extrapolate=B / SUBSET)
    benchmark.pedantic(lambda: [st.weibull_min.fit(dist.rvs(N, random_state=rng), floc=0)
                                for _ in range(SUBSET)], rounds=1, iterations=1)
