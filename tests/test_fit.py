"""fit() and fit_batch(): the MLE of every family against scipy, closed forms,
standard errors, fixed parameters, batches, bad input and non-convergence."""
import math
import warnings

import numpy as np
import pytest
import scipy.stats as st

import fastmle
from conftest import CASES, HAS_NUMBA, sample

FITTABLE = [f for f in CASES]          # every family of the design table but categorical
# scipy's fit with the same fixed parameters, where scipy's fit is reliable
SCIPY_FIT = {
    "norm": {}, "lognorm": dict(floc=0), "expon": dict(floc=0), "gamma": dict(floc=0),
    "weibull_min": dict(floc=0), "beta": dict(floc=0, fscale=1), "laplace": {},
    "logistic": {}, "gumbel_r": {}, "gumbel_l": {}, "loggamma": {}, "dweibull": {}, "uniform": {},
    "cauchy": {}, "pareto": dict(floc=0), "t": {}, "halfnorm": dict(floc=0),
    "rayleigh": dict(floc=0), "chi2": dict(floc=0), "invgamma": dict(floc=0),
    "invgauss": dict(floc=0), "lomax": dict(floc=0),
    "fisk": dict(floc=0), "burr12": dict(floc=0), "nakagami": dict(floc=0),
    "exponpow": dict(floc=0), "powerlaw": dict(floc=0, fscale=1),
    "genpareto": dict(floc=0), "genextreme": {},
}
FIXED = {"binom": {"n": CASES["binom"]["n"]}}


def _fit(family, x, **kw):
    return fastmle.fit(x, family, fixed=FIXED.get(family), **kw)


def _decrement(res):
    """Newton decrement g' (-H)^-1 g at the result: ~0 at a maximum."""
    return float(res.score @ np.linalg.solve(-res.hessian, res.score))


@pytest.mark.parametrize("family", FITTABLE)
def test_fit_is_a_maximum(family):
    x = sample(family, n=2000, seed=3)
    res = _fit(family, x)
    assert res.converged, res.message
    assert res.n == x.size
    assert res.loglik == pytest.approx(res.dist.loglik(x), rel=1e-12)
    if family not in ("laplace", "pareto", "uniform"):   # MLE at a kink / on the boundary
        assert _decrement(res) < 1e-9
    # no nearby point is better
    for i, name in enumerate(res.free):
        for f in (1 - 1e-6, 1 + 1e-6):
            p = dict(res.params)
            p[name] = p[name] * f if p[name] != 0 else f - 1
            try:
                other = getattr(fastmle, family)(**p).loglik(x)
            except ValueError:
                continue
            assert other <= res.loglik + 1e-9 * abs(res.loglik)


@pytest.mark.parametrize("family", sorted(SCIPY_FIT))
def test_fit_matches_scipy(family):
    x = sample(family, n=500, seed=4)
    res = _fit(family, x)
    theirs = getattr(st, family).fit(x, **SCIPY_FIT[family])
    ll_theirs = getattr(st, family).logpdf(x, *theirs).sum()
    assert res.loglik >= ll_theirs - 1e-10 * abs(ll_theirs)
    if family in ("norm", "lognorm", "expon", "gamma", "pareto", "laplace", "halfnorm",
                  "rayleigh", "invgauss", "uniform"):  # exact in scipy
        for k in res.free:
            assert res.params[k] == pytest.approx(_scipy_param(family, theirs, k), rel=1e-6)


def _scipy_param(family, theirs, name):
    names = fastmle.get_family(family).scipy_args
    return theirs[names.index(name)]


def test_norm_closed_form_is_mean_and_1_over_n_std():
    x = np.random.default_rng(5).normal(3.0, 2.0, 10_001)
    res = fastmle.fit(x, "norm")
    assert res.method == "closed-form" and res.n_iter == 0
    assert res.params["loc"] == pytest.approx(x.mean(), rel=1e-15)
    assert res.params["scale"] == pytest.approx(x.std(ddof=0), rel=1e-14)
    # standard errors: the Fisher information of the normal
    n, s = x.size, res.params["scale"]
    assert res.stderr["loc"] == pytest.approx(s / math.sqrt(n), rel=1e-10)
    assert res.stderr["scale"] == pytest.approx(s / math.sqrt(2 * n), rel=1e-10)
    lo, hi = res.conf_int(0.95)["loc"]
    assert lo < x.mean() < hi and (hi - lo) == pytest.approx(2 * 1.959963984540054 *
                                                             s / math.sqrt(n), rel=1e-9)


@pytest.mark.parametrize("family,formula", [
    ("expon", lambda x: {"scale": x.mean()}),
    ("halfnorm", lambda x: {"scale": math.sqrt(np.mean(x * x))}),
    ("lognorm", lambda x: {"scale": math.exp(np.log(x).mean()), "s": np.log(x).std()}),
    ("pareto", lambda x: {"scale": x.min(), "b": x.size / np.log(x / x.min()).sum()}),
    ("laplace", lambda x: {"loc": np.median(x), "scale": np.abs(x - np.median(x)).mean()}),
    ("uniform", lambda x: {"loc": x.min(), "scale": x.max() - x.min()}),
    ("poisson", lambda x: {"mu": x.mean()}),
    ("geom", lambda x: {"p": 1 / x.mean()}),
    ("binom", lambda x: {"p": x.mean() / CASES["binom"]["n"]}),
    ("powerlaw", lambda x: {"a": -x.size / np.log(x).sum()}),
])
def test_closed_forms(family, formula):
    x = sample(family, n=1000, seed=6)
    res = _fit(family, x)
    assert res.method == "closed-form"
    for k, v in formula(x).items():
        assert res.params[k] == pytest.approx(v, rel=1e-13)


def test_weighted_fit_equals_repeated_data():
    rng = np.random.default_rng(7)
    x = rng.gamma(2.0, 1.5, 300)
    w = rng.integers(0, 4, 300).astype(float)
    a = fastmle.fit(x, "gamma", weights=w)
    b = fastmle.fit(np.repeat(x, w.astype(int)), "gamma")
    for k in a.free:
        assert a.params[k] == pytest.approx(b.params[k], rel=1e-10)
        assert a.stderr[k] == pytest.approx(b.stderr[k], rel=1e-8)
    assert a.n == b.n


def test_fixed_parameters():
    x = sample("gamma", n=1000, seed=8)
    res = fastmle.fit(x, "gamma", fixed={"scale": 2.0})
    assert res.params["scale"] == 2.0 and res.free == ("a",)
    assert res.converged and abs(res.score[0]) < 1e-6
    res = fastmle.fit(x, "gamma", fixed={"a": 2.0})
    assert res.params["scale"] == pytest.approx(x.mean() / 2.0, rel=1e-14)
    y = sample("norm", n=1000, seed=8)
    res = fastmle.norm.fit(y, fixed={"loc": 1.0})
    assert res.params["scale"] == pytest.approx(math.sqrt(np.mean((y - 1.0) ** 2)), rel=1e-13)
    res = fastmle.fit(x + 1.0, "weibull_min", fixed={"loc": 1.0})
    ref = fastmle.fit(x, "weibull_min")
    assert res.params["c"] == pytest.approx(ref.params["c"], rel=1e-9)
    theirs = st.weibull_min.fit(x + 1.0, floc=1.0)
    assert res.loglik >= st.weibull_min.logpdf(x + 1.0, *theirs).sum()


@pytest.mark.parametrize("fixed", [None, {"loc": 0.5}, {"scale": 2.0}])
def test_gumbel_l_fit_is_gumbel_r_fit_of_minus_x(fixed):
    x = sample("gumbel_l", n=500, seed=10)
    res = fastmle.fit(x, "gumbel_l", fixed=fixed)
    mirrored = None if fixed is None else {k: -v if k == "loc" else v for k, v in fixed.items()}
    ref = fastmle.fit(-x, "gumbel_r", fixed=mirrored)
    assert res.params == {"loc": -ref.params["loc"], "scale": ref.params["scale"]}
    assert res.loglik == ref.loglik and res.n_iter == ref.n_iter


LOGGAMMA_FIXED = [{"c": 2.5}, {"loc": 0.5}, {"scale": 1.5}, {"c": 2.5, "loc": 0.5},
                  {"c": 2.5, "scale": 1.5}, {"loc": 0.5, "scale": 1.5}]


@pytest.mark.parametrize("fixed", LOGGAMMA_FIXED)
def test_loggamma_every_fixed_subset_as_good_as_scipy(fixed):
    x = sample("loggamma", n=500, seed=11)
    res = fastmle.fit(x, "loggamma", fixed=fixed)
    assert res.converged and _decrement(res) < 1e-9
    kw = {("f0" if k == "c" else "f" + k): v for k, v in fixed.items()}
    theirs = st.loggamma.fit(x, **kw)
    assert res.loglik >= st.loggamma.logpdf(x, *theirs).sum() - 1e-10 * abs(res.loglik)


@pytest.mark.parametrize("c,seed", [(50.0, 0), (50.0, 1), (300.0, 0), (300.0, 1), (3000.0, 1)])
def test_loggamma_large_c_in_few_iterations(c, seed):
    # in (c, loc, scale) the likelihood is a curved valley at large c (Newton crawled:
    # 164 iterations at (300, 0)); the fit runs in (c, mean, sd) from c >= 1
    x = st.loggamma(c, loc=0.5, scale=1.5).rvs(size=1000, random_state=seed)
    res = fastmle.fit(x, "loggamma")
    assert res.converged and res.n_iter <= 8 and _decrement(res) < 1e-9
    theirs = st.loggamma.fit(x)
    assert res.loglik >= st.loggamma.logpdf(x, *theirs).sum() - 1e-10 * abs(res.loglik)
    for engine in ("python",) + (("numba",) if HAS_NUMBA else ()):
        other = fastmle.fit(x, "loggamma", engine=engine)
        assert (other.status, other.n_iter) == (res.status, res.n_iter)
        assert other.params["c"] == pytest.approx(res.params["c"], rel=1e-7)


@pytest.mark.parametrize("seed", range(4))
def test_loggamma_on_right_skewed_data_diverges_to_the_normal(seed):
    # loggamma is left-skewed: on data of skewness >= 0 the supremum is the normal
    # limit c -> inf (the loglik's slope in c^-1/2 at 0 is -n skew / 6)
    x = np.random.default_rng(seed).normal(2.0, 3.0, 500)
    x = x if st.skew(x) >= 0 else -x
    with pytest.warns(fastmle.ConvergenceWarning, match="runs off"):
        res = fastmle.fit(x, "loggamma")
    assert res.status == "diverged" and res.params["c"] == 1e10
    norm = fastmle.fit(x, "norm")
    assert res.loglik <= norm.loglik
    assert res.loglik == pytest.approx(norm.loglik, abs=1e-6 * (1 + abs(norm.loglik)))


@pytest.mark.parametrize("fixed", [{"loc": 0.5}, {"loc": 0.5, "c": 2.0},
                                   {"loc": 0.5, "scale": 1.5}])
def test_dweibull_with_loc_fixed_is_weibull_min_of_abs(fixed, engine):
    x = sample("dweibull", n=500, seed=12)
    res = fastmle.fit(x, "dweibull", fixed=fixed, engine=engine)
    ref = fastmle.fit(np.abs(x - 0.5), "weibull_min", engine=engine,
                      fixed={k: v for k, v in fixed.items() if k != "loc"})
    assert res.converged and res.n_iter == ref.n_iter and res.method == ref.method
    assert (res.params["c"], res.params["scale"]) == (ref.params["c"], ref.params["scale"])
    assert res.loglik == pytest.approx(ref.loglik - x.size * math.log(2.0), rel=1e-13)
    kw = {"f0" if k == "c" else "f" + k: v for k, v in fixed.items()}
    theirs = st.dweibull.fit(x, **kw)
    assert res.loglik >= st.dweibull.logpdf(x, *theirs).sum() - 1e-10 * abs(res.loglik)


def test_dweibull_data_at_a_fixed_loc_cannot_be_fitted():
    # the density at loc is 0 (c > 1) or infinite (c < 1): the fit says where
    x = sample("dweibull", n=50, seed=12)
    x[3] = 0.5
    with pytest.raises(ValueError, match="index 3.*x != loc when loc is fixed"):
        fastmle.fit(x, "dweibull", fixed={"loc": 0.5})


@pytest.mark.parametrize("c", [1.5, 2.07, 5.0])
def test_dweibull_free_loc_as_good_as_scipy_and_the_truth(c, engine):
    # one local maximum between each two data points (-inf at the data for c > 1): the
    # best of a scan around the mean, then Newton
    for seed in range(3):
        x = st.dweibull(c, loc=0.5, scale=1.5).rvs(size=2000, random_state=seed)
        res = fastmle.fit(x, "dweibull", engine=engine)
        assert res.converged and res.params["c"] > 1.0 and _decrement(res) < 1e-9
        theirs = st.dweibull.fit(x)
        assert res.loglik >= st.dweibull.logpdf(x, *theirs).sum() - 1e-9 * abs(res.loglik)
        assert res.loglik >= st.dweibull.logpdf(x, c, 0.5, 1.5).sum()


def test_dweibull_free_loc_with_c_below_1_is_reported_unbounded(engine):
    # for c < 1 the likelihood is +inf with loc at any data point: no maximum to return
    x = st.dweibull(0.6, loc=0.5, scale=1.5).rvs(size=400, random_state=13)
    assert fastmle.dweibull(0.8, x[7], 1.0).loglik(x) == np.inf
    for fixed in (None, {"c": 0.8}, {"c": 0.8, "scale": 1.5}):
        with pytest.warns(fastmle.ConvergenceWarning, match="runs off"):
            res = fastmle.fit(x, "dweibull", fixed=fixed, engine=engine)
        assert res.status == "diverged" and res.params["c"] <= 1.0
        assert np.isfinite(res.loglik) and not np.isin(res.params["loc"], x)


def test_dweibull_with_c_1_is_laplace(engine):
    x = sample("laplace", n=501, seed=14)
    res = fastmle.fit(x, "dweibull", fixed={"c": 1.0}, engine=engine)
    ref = fastmle.fit(x, "laplace", engine=engine)
    assert res.method == "closed-form" and res.converged
    assert (res.params["loc"], res.params["scale"]) == (ref.params["loc"], ref.params["scale"])
    assert res.stderr == pytest.approx(ref.stderr, rel=1e-14)
    assert res.loglik == pytest.approx(ref.loglik, rel=1e-13)


def test_uniform_cov_is_the_order_statistics(engine):
    # the MLE lies on the support's boundary (no observed information): the exact
    # variances of min, max - min, max and (min + max)/2 of n uniforms
    x = sample("uniform", n=80, seed=15)
    n, D = 80.0, 81.0**2 * 82.0
    res = fastmle.fit(x, "uniform", engine=engine)
    s2 = res.params["scale"] ** 2
    np.testing.assert_allclose(res.cov, s2 / D * np.array([[n, -(n - 1)], [-(n - 1), 2 * (n - 1)]]),
                               rtol=1e-14)
    res = fastmle.fit(x, "uniform", fixed={"loc": 0.0}, engine=engine)
    assert res.stderr["scale"] == pytest.approx(math.sqrt(res.params["scale"] ** 2 * n / D))
    res = fastmle.fit(x, "uniform", fixed={"scale": 2.0}, engine=engine)
    assert res.stderr["loc"] == pytest.approx(2.0 / math.sqrt(2 * 81 * 82))
    # and against the sampling variances
    rng = np.random.default_rng(16)
    fits = fastmle.fit(rng.uniform(0.3, 1.7, size=(4000, 80)), "uniform", axis=1)
    emp = np.cov(np.stack([fits.params["loc"], fits.params["scale"]]))
    np.testing.assert_allclose(emp, 1.4**2 / D * np.array([[n, -(n - 1)], [-(n - 1), 2 * (n - 1)]]),
                               rtol=0.1)


def test_uniform_data_the_fixed_parameters_exclude():
    x = np.array([1.0, 1.1, 1.2, 9.0])
    with pytest.raises(ValueError, match="index 0"):
        fastmle.fit(x, "uniform", fixed={"loc": 2.0})
    with pytest.raises(ValueError, match="outside the support"):
        fastmle.fit(x, "uniform", fixed={"scale": 5.0})      # spans 8
    with pytest.raises(ValueError, match="index 3"):
        fastmle.fit(x, "uniform", fixed={"loc": 0.0, "scale": 5.0})
    res = fastmle.fit(x, "uniform", fixed={"scale": 12.0})     # scipy's centred choice
    assert res.params["loc"] == 1.0 - 0.5 * (12.0 - 8.0)
    assert res.loglik == -4 * math.log(12.0)


def test_fit_result_api():
    x = sample("weibull_min", n=400, seed=9)
    res = fastmle.weibull_min.fit(x)
    assert set(res.params) == {"c", "scale", "loc"} and res.free == ("c", "scale")
    assert res.aic == pytest.approx(4 - 2 * res.loglik)
    assert res.bic == pytest.approx(2 * math.log(400) - 2 * res.loglik)
    assert res.cov.shape == (2, 2) and np.allclose(res.cov, res.cov.T)
    assert isinstance(res.dist, fastmle.Frozen)
    assert res.to_scipy().logpdf(1.0) == pytest.approx(res.dist.logpdf(1.0), rel=1e-12)
    text = res.summary()
    assert "weibull_min" in text and "std. error" in text and "(fixed)" in text


@pytest.mark.parametrize("family,params,name", [
    ("gamma", dict(a=3.0, scale=2.0), "a"),
    ("weibull_min", dict(c=1.5, scale=2.0), "c"),
    ("t", dict(df=5.0, loc=1.0, scale=2.0), "loc"),
    ("poisson", dict(mu=4.0), "mu"),
])
def test_wald_interval_coverage(family, params, name):
    # 300 simulated data sets: the 90% Wald interval covers the truth ~90% of the time
    dist = getattr(st, family)(**params)
    rng = np.random.default_rng(10)
    hits = 0
    for _ in range(300):
        x = np.asarray(dist.rvs(size=200, random_state=rng), dtype=float)
        lo, hi = fastmle.fit(x, family).conf_int(0.9)[name]
        hits += lo <= params[name] <= hi
    assert 0.85 <= hits / 300 <= 0.95


# ------------------------------------------------------------------ bad input
def test_outside_support_is_an_error_naming_the_index():
    x = sample("gamma", n=100, seed=11)
    x[17] = -1.0
    with pytest.raises(ValueError, match="outside the support; first at index 17"):
        fastmle.fit(x, "gamma")


def test_nan_policy():
    x = sample("norm", n=100, seed=12)
    x[5] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        fastmle.fit(x, "norm")
    with pytest.raises(ValueError, match="NaN"):
        fastmle.fit(x, "norm", nan_policy="raise")
    res = fastmle.fit(x, "norm", nan_policy="omit")
    assert res.params["loc"] == pytest.approx(np.nanmean(x), rel=1e-14) and res.n == 99


@pytest.mark.parametrize("family", ["norm", "gamma", "weibull_min", "t", "logistic", "laplace",
                                    "loggamma", "dweibull", "fisk", "burr12", "nakagami",
                                    "exponpow"])
def test_degenerate_data(family):
    with pytest.raises(ValueError, match="degenerate"):
        fastmle.fit(np.full(10, 2.0), family)


def test_bad_arguments():
    x = sample("binom", n=50)
    with pytest.raises(ValueError, match="n must be given"):
        fastmle.fit(x, "binom")
    with pytest.raises(ValueError, match="cannot fix"):
        fastmle.fit(x, "norm", fixed={"shape": 1.0})
    with pytest.raises(ValueError, match="scale must be > 0"):
        fastmle.fit(x, "norm", fixed={"scale": -1.0})
    with pytest.raises(ValueError, match="empty"):
        fastmle.fit([], "norm")
    with pytest.raises(ValueError, match="pass axis=1"):
        fastmle.fit(np.ones((3, 4)), "norm")
    with pytest.raises(ValueError, match="negative"):
        fastmle.fit([1.0, 2.0], "norm", weights=[1.0, -1.0])
    x = np.arange(5.0)
    before = x.copy()
    fastmle.fit(x, "norm")
    np.testing.assert_array_equal(x, before)


def test_non_convergence_warns_and_returns_best_point():
    x = sample("t", n=300, seed=13)
    with pytest.warns(fastmle.ConvergenceWarning, match="iteration limit"):
        res = fastmle.fit(x, "t", maxiter=1)
    assert not res.converged and res.status == "maxiter"
    assert res.loglik == pytest.approx(res.dist.loglik(x), rel=1e-12)


# ------------------------------------------------------------------ batch
@pytest.mark.parametrize("family", ["gamma", "weibull_min", "norm", "t", "nbinom", "laplace"])
def test_batch_equals_single_fits(family):
    x = sample(family, n=40 * 30, seed=14).reshape(40, 30)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fastmle.ConvergenceWarning)
        batch = fastmle.fit(x, family, axis=1)
        for g in range(0, 40, 7):
            one = fastmle.fit(x[g], family)
            for k in one.free:
                assert batch.params[k][g] == pytest.approx(one.params[k], rel=1e-12)
                assert batch.stderr[k][g] == pytest.approx(one.stderr[k], rel=1e-9, nan_ok=True)
            assert batch.loglik[g] == pytest.approx(one.loglik, rel=1e-12)
            assert batch[g].params == pytest.approx(one.params, rel=1e-12)
    cols = fastmle.fit(x.T.copy(), family, axis=0)
    np.testing.assert_array_equal(cols.loglik, batch.loglik)


def test_batch_labels_offsets_and_threads():
    rng = np.random.default_rng(15)
    labels = rng.integers(0, 200, 20_000)
    x = rng.gamma(2.0, 3.0, labels.size)
    by_label = fastmle.fit_batch(x, "gamma", groups=labels, n_threads=1)
    order = np.argsort(labels, kind="stable")
    off = np.concatenate([[0], np.cumsum(np.bincount(labels))])
    by_off = fastmle.fit_batch(x[order], "gamma", offsets=off, n_threads=2)
    np.testing.assert_array_equal(by_label.groups, np.arange(200))
    for k in ("a", "scale"):
        np.testing.assert_array_equal(by_label.params[k], by_off.params[k])
        np.testing.assert_array_equal(by_label.stderr[k], by_off.stderr[k])
    np.testing.assert_array_equal(by_label.n_iter, by_off.n_iter)


def test_batch_failing_group_does_not_fail_the_batch():
    rng = np.random.default_rng(16)
    x = rng.gamma(2.0, 1.0, 400)
    labels = np.repeat(np.arange(4), 100)
    x[250] = -3.0                       # group 2: outside the support
    x[300:400] = 1.5                    # group 3: degenerate
    res = fastmle.fit_batch(x, "gamma", groups=labels)
    assert list(res.status) == ["ok", "ok", "outside", "degenerate"]
    assert res.bad_index[2] == 250 and res.bad_index[0] == -1
    assert np.isnan(res.params["a"][2]) and np.isfinite(res.params["a"][:2]).all()
    assert not res.converged[2:].any()
    res = fastmle.fit_batch(x, "gamma", offsets=[0, 100, 100, 400])
    assert list(res.status) == ["ok", "too_few", "outside"]


def test_batch_to_pandas():
    pd = pytest.importorskip("pandas")
    x = sample("gamma", n=300, seed=29)
    res = fastmle.fit_batch(x, "gamma", groups=np.repeat([5, 7, 9], 100))
    df = res.to_pandas()
    assert isinstance(df, pd.DataFrame) and list(df.index) == [5, 7, 9]
    assert df.index.name == "group" and list(df["bad_index"]) == [-1] * 3
    np.testing.assert_array_equal(df["a"], res.params["a"])
    np.testing.assert_array_equal(df["stderr_scale"], res.stderr["scale"])
    assert list(df["status"]) == ["ok"] * 3 and list(df["message"]) == [""] * 3


def test_batch_bad_arguments():
    x = np.ones(10)
    with pytest.raises(ValueError, match="exactly one"):
        fastmle.fit_batch(x, "norm")
    with pytest.raises(ValueError, match="offsets"):
        fastmle.fit_batch(x, "norm", offsets=[0, 5, 9])
    with pytest.raises(ValueError, match="one label per value"):
        fastmle.fit_batch(x, "norm", groups=[0, 1])


# ------------------------------------------------------------------ engines
@pytest.mark.parametrize("family", FITTABLE)
def test_python_engine_mirrors_the_cython_solver(family):
    x = sample(family, n=300, seed=25)
    a = _fit(family, x)
    b = _fit(family, x, engine="python")
    assert (a.status, a.n_iter, a.method) == (b.status, b.n_iter, b.method)
    np.testing.assert_allclose(b.th, a.th, rtol=1e-12)
    assert b.loglik == pytest.approx(a.loglik, rel=1e-12)
    for k in a.free:
        assert b.stderr[k] == pytest.approx(a.stderr[k], rel=1e-9, nan_ok=True)


@pytest.mark.skipif(not HAS_NUMBA, reason="numba not installed")
@pytest.mark.parametrize("family", ["gamma", "weibull_min", "t", "norm"])
def test_numba_engine_single_and_batch(family):
    x = sample(family, n=600, seed=26)
    a = fastmle.fit(x, family)
    b = fastmle.fit(x, family, engine="numba")
    np.testing.assert_allclose(b.th, a.th, rtol=1e-12)
    x2 = x.reshape(6, 100)
    ref = fastmle.fit(x2, family, axis=1)
    for nt in (1, 2):
        res = fastmle.fit(x2, family, axis=1, engine="numba", n_threads=nt)
        np.testing.assert_allclose(res.loglik, ref.loglik, rtol=1e-12)
        assert list(res.status) == list(ref.status)


def test_python_engine_batch_reports_failures():
    x = np.concatenate([sample("gamma", n=50, seed=27), [-1.0, 2.0]])
    res = fastmle.fit_batch(x, "gamma", offsets=[0, 50, 52], engine="python")
    assert list(res.status) == ["ok", "outside"] and res.bad_index[1] == 50


# ------------------------------------------------------------------ categorical
@pytest.mark.parametrize("engine", ["cython", "python"])
def test_categorical_fit_is_counts_over_total(engine):
    rng = np.random.default_rng(28)
    x = rng.choice(4, size=1000, p=[0.1, 0.2, 0.3, 0.4])
    w = rng.uniform(0, 2, x.size)
    res = fastmle.fit(x, "categorical", weights=w, engine=engine)
    counts = np.bincount(x, weights=w, minlength=4)
    np.testing.assert_allclose(res.params["p"], counts / w.sum(), rtol=1e-13)
    assert res.n == pytest.approx(w.sum(), rel=1e-13)
    assert res.loglik == pytest.approx(res.dist.loglik(x, w), rel=1e-12)
    p = res.params["p"]
    np.testing.assert_allclose(res.stderr["p"], np.sqrt(p * (1 - p) / res.n), rtol=1e-13)
    assert res.aic == pytest.approx(2 * 3 - 2 * res.loglik)
    assert "label" in res.summary()
    assert res.to_scipy().pmf(2) == pytest.approx(p[2])


def test_categorical_fit_bad_labels():
    with pytest.raises(ValueError, match=r"not a label .*first at index 2 \(value 1.5\)"):
        fastmle.fit([0, 1, 1.5, 2], "categorical")
    with pytest.raises(ValueError, match="NaN"):
        fastmle.fit([0, 1, np.nan], "categorical")
    with pytest.raises(ValueError, match="fixed"):
        fastmle.fit([0, 1], "categorical", fixed={"p": [0.5, 0.5]})


def test_halfnorm_fit_at_extreme_scales():
    # scale^2 = mean(y^2) summed as (y / max y)^2: no overflow of y^2 at 1e200
    x = np.abs(np.random.default_rng(8).normal(size=500))
    for f in (1e-200, 1.0, 1e200):
        res = fastmle.fit(x * f, "halfnorm")
        assert res.converged
        assert res.params["scale"] == pytest.approx(math.sqrt(np.mean(x * x)) * f, rel=1e-13)


@pytest.mark.parametrize("family, fixed", [("lomax", {"c": 1.0}), ("gamma", None),
                                           ("weibull_min", None), ("invgauss", None)])
def test_positive_families_fit_data_near_the_double_range_ends(family, fixed):
    """Data near 1e301 or 1e-301 are fitted on data rescaled by a power of 2 (x + scale
    would overflow, scale^-2 too): the same fit as the data at scale 1, rescaled, and
    the same on every engine (lomax at [1e308] once stalled on python/numba)."""
    x = np.random.default_rng(9).gamma(2.0, 1.0, 50)
    ref = fastmle.fit(x, family, fixed=fixed)
    for f in (2.0 ** 1000, 2.0 ** -1000):
        got = [fastmle.fit(x * f, family, fixed=fixed, engine=e) for e in ENGINES_ALL]
        for res in got:
            assert res.status == ref.status
            assert res.params["scale"] == pytest.approx(ref.params["scale"] * f, rel=1e-10)
            for k in res.free:
                if k != "scale":
                    assert res.params[k] == pytest.approx(ref.params[k], rel=1e-10)
    one = [fastmle.fit(np.array([1e308]), "lomax", fixed={"c": 1.0}, engine=e)
           for e in ENGINES_ALL]
    assert all(r.status == "ok" and r.params["scale"] == 1e308 for r in one)


ENGINES_ALL = ("cython", "numba", "python")


def test_no_rescaling_where_a_fixed_scale_cannot_follow():
    """lognorm at [5e-324] with scale fixed at 1: the data are not rescaled (1 * 2^1073
    overflows), the fit is the one on the data as they are, without a warning."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        res = fastmle.fit(np.array([5e-324]), "lognorm", fixed={"scale": 1.0})
    assert res.params["scale"] == 1.0 and res.status == "ok"
    assert res.params["s"] == pytest.approx(abs(math.log(5e-324)), rel=1e-14)


def test_rescaling_keeps_the_smallest_values_exact():
    """lognorm on [1e-10, 1e308]: rescaled so that 1e-10 stays a normal double (the
    fit's loglik is its dist's)."""
    x = np.array([1e-10, 1e308])
    res = fastmle.fit(x, "lognorm")
    assert res.loglik == pytest.approx(res.dist.loglik(x), rel=1e-13)
    ref = st.lognorm.fit(x, floc=0)
    assert res.params["s"] == pytest.approx(ref[0], rel=1e-10)
