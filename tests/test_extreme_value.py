"""The extreme-value families, genpareto and genextreme (scipy's parametrisations and
sign of c): accuracy at and near c = 0 (the exponential and Gumbel limits: the
log-density, the distribution functions, the moments and the score and Hessian in c,
against their closed-form limits, mpmath and finite differences), fits against
scipy's (on seeded data sets: 20 per family by default, 200 with -m slow), the
unbounded likelihoods (genpareto c < -1, genextreme c > 1: status "diverged", never
a silent answer), fixed parameters and bad data, on every engine."""
import math
import warnings

import mpmath as mp
import numpy as np
import pytest
import scipy.stats as st
from conftest import ENGINES
from mpref import mp_logpdf

import fastmle

TINY_C = [0.0, 5e-324, -5e-324, 1e-300, -1e-300, 1e-17, -1e-12, 1e-9, -1e-6, 0.05, -0.09,
          0.11, -0.2]


def gp_sample(n=200, seed=0, c=0.2, scale=1.5):
    return st.genpareto(c, scale=scale).rvs(n, random_state=np.random.default_rng(seed))


# ------------------------------------------------------------------ near c = 0
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("c", TINY_C)
def test_genpareto_logpdf_near_zero_against_mpmath(c, engine):
    y = np.array([0.0, 1e-300, 1e-8, 0.3, 1.0, 7.0, 40.0, 700.0, 1e5])
    y = y[c * y > -1]       # inside the support
    got = fastmle.genpareto(c, scale=2.0).logpdf(2.0 * y, engine=engine)
    want = [float(mp_logpdf("genpareto", dict(c=c, scale=2.0), v)) for v in 2.0 * y]
    np.testing.assert_allclose(got, want, rtol=2e-15, atol=0)
    if c == 0.0 or abs(c) < 1e-300:         # the exponential's, to rounding
        np.testing.assert_allclose(got, fastmle.expon(scale=2.0).logpdf(2.0 * y),
                                   rtol=1e-15)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("c", TINY_C)
def test_genpareto_distribution_functions_near_zero(c, engine):
    d, y = fastmle.genpareto(c, scale=2.0), np.array([1e-300, 1e-8, 0.3, 1.0, 7.0, 40.0])
    y = y[c * y > -1]       # inside the support
    with mp.workdps(50):
        L = [mp.log1p(mp.mpf(c) * v) / c if c else mp.mpf(v) for v in y]
        sf = [float(mp.exp(-v)) for v in L]
        cdf = [float(-mp.expm1(-v)) for v in L]
        q = [1e-300, 1e-10, 0.25, 0.5, 0.9]
        ppf = [float(2.0 * (mp.expm1(-c * mp.log1p(-v)) / c if c else -mp.log1p(-v)))
               for v in q]
    x = 2.0 * y     # (exp(-L) has L times the relative error of L)
    np.testing.assert_allclose(d.sf(x, engine=engine), sf, rtol=1e-14)
    np.testing.assert_allclose(d.cdf(x, engine=engine), cdf, rtol=1e-14)
    np.testing.assert_allclose(d.logsf(x, engine=engine), [-float(v) for v in L], rtol=2e-15)
    np.testing.assert_allclose(d.ppf(q, engine=engine), ppf, rtol=2e-15)


def mp_loglik(c, scale, y):
    return mp.fsum(mp_logpdf("genpareto", dict(c=c, scale=scale), v) for v in y)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("c", [0.0, 5e-324, 1e-300, -1e-300, 1e-12, -1e-8, 0.07, -0.07])
def test_genpareto_score_in_c_is_the_limit_at_zero(c, engine):
    # at c = 0: d/dc = sum(y^2/2 - y), d2/dc2 = sum(y^2 - 2 y^3 / 3) (y = x / scale), the
    # limits of the c != 0 forms; elsewhere mpmath's derivatives and finite differences
    x = gp_sample(60, seed=3, c=0.0, scale=2.0)
    y = x / 2.0
    res = fastmle.genpareto(c, scale=2.0).loglik_derivs(x, engine=engine)
    if c == 0.0 or abs(c) < 1e-300:
        assert res.score[0] == pytest.approx(math.fsum(y * y / 2 - y), rel=1e-13)
        assert res.hessian[0, 0] == pytest.approx(math.fsum(y * y - 2 * y ** 3 / 3), rel=1e-13)
        assert res.hessian[0, 1] == pytest.approx(math.fsum((y - y * y) / 2.0), rel=1e-13)
    with mp.workdps(40):
        f = lambda k, s: mp_loglik(k, s, x)   # noqa: E731
        g_c = mp.diff(lambda k: f(k, 2.0), c)
        g_s = mp.diff(lambda s: f(c, s), 2.0)
        h_cc = mp.diff(lambda k: f(k, 2.0), c, 2)
        h_cs = mp.diff(lambda k: mp.diff(lambda s: f(k, s), 2.0), c)
    np.testing.assert_allclose(res.score, [float(g_c), float(g_s)], rtol=1e-12)
    np.testing.assert_allclose(res.hessian[0], [float(h_cc), float(h_cs)], rtol=1e-12)
    h = 1e-5
    fd = (fastmle.genpareto(c + h, scale=2.0).loglik(x, engine=engine)
          - fastmle.genpareto(c - h, scale=2.0).loglik(x, engine=engine)) / (2 * h)
    assert res.score[0] == pytest.approx(fd, rel=1e-7, abs=1e-7)


# ------------------------------------------------------------------ genextreme near c = 0
GEV = dict(loc=0.5, scale=2.0)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("c", TINY_C)
def test_genextreme_logpdf_near_zero_against_mpmath(c, engine):
    z = np.array([-30.0, -5.0, -1e-8, 0.0, 1e-300, 0.3, 1.0, 7.0, 40.0, 700.0])
    z = z[c * z < 1]        # inside the support
    x = 0.5 + 2.0 * z
    got = fastmle.genextreme(c, **GEV).logpdf(x, engine=engine)
    want = [float(mp_logpdf("genextreme", dict(c=c, loc=0.0, scale=1.0), (v - 0.5) / 2.0)
                  - mp.log(2.0)) for v in x]
    np.testing.assert_allclose(got, want, rtol=2e-15, atol=0)
    if c == 0.0 or abs(c) < 1e-300:         # the Gumbel's, to rounding
        np.testing.assert_allclose(got, fastmle.gumbel_r(**GEV).logpdf(x), rtol=1e-15)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("c", TINY_C)
def test_genextreme_distribution_functions_near_zero(c, engine):
    d = fastmle.genextreme(c, **GEV)
    z = np.array([-3.0, -1.0, -1e-8, 0.3, 1.0, 7.0, 30.0])
    z = z[c * z < 1]
    with mp.workdps(50):
        T = [mp.log1p(-mp.mpf(c) * v) / -c if c else mp.mpf(v) for v in z]
        E = [mp.exp(-t) for t in T]
        q = [1e-300, 1e-10, 0.25, 0.5, 0.9, 1 - 1e-12]
        t = [-mp.log(v) for v in q]
        ppf = [float(0.5 + 2.0 * (-mp.expm1(c * mp.log(v)) / c if c else -mp.log(v)))
               for v in t]
    x = 0.5 + 2.0 * z       # (cdf = exp(-exp(-T)) has E T ~ 60 times the error of T at z = -3)
    np.testing.assert_allclose(d.logcdf(x, engine=engine), [-float(v) for v in E], rtol=1e-14)
    np.testing.assert_allclose(d.cdf(x, engine=engine), [float(mp.exp(-v)) for v in E],
                               rtol=5e-14)
    np.testing.assert_allclose(d.sf(x, engine=engine), [float(-mp.expm1(-v)) for v in E],
                               rtol=1e-14)
    np.testing.assert_allclose(d.ppf(q, engine=engine), ppf, rtol=1e-14)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("c", [0.0, 5e-324, 1e-300, -1e-300, 1e-12, -1e-8, 0.07, -0.07])
def test_genextreme_score_in_c_is_the_limit_at_zero(c, engine):
    # at c = 0, with T = z + c z^2/2 + c^2 z^3/3 + ...: d/dc = sum((e^-z - 1) z^2/2 + z),
    # d2/dc2 = sum(-e^-z z^4/4 + (e^-z - 1) 2 z^3/3 + z^2); elsewhere mpmath's derivatives
    x = st.gumbel_r(**GEV).rvs(60, random_state=np.random.default_rng(4))
    z = (x - 0.5) / 2.0
    res = fastmle.genextreme(c, **GEV).loglik_derivs(x, engine=engine)
    if c == 0.0 or abs(c) < 1e-300:
        e = np.exp(-z)
        assert res.score[0] == pytest.approx(math.fsum((e - 1) * z * z / 2 + z), rel=1e-12)
        assert res.hessian[0, 0] == pytest.approx(
            math.fsum(-e * z ** 4 / 4 + (e - 1) * 2 * z ** 3 / 3 + z * z), rel=1e-12)
    with mp.workdps(40):
        def f(k, loc, s):
            return mp.fsum(mp_logpdf("genextreme", dict(c=k, loc=loc, scale=s), v) for v in x)
        g = [mp.diff(lambda k: f(k, 0.5, 2.0), c), mp.diff(lambda m: f(c, m, 2.0), 0.5),
             mp.diff(lambda s: f(c, 0.5, s), 2.0)]
        h_cc = mp.diff(lambda k: f(k, 0.5, 2.0), c, 2)
        h_cl = mp.diff(lambda k: mp.diff(lambda m: f(k, m, 2.0), 0.5), c)
    np.testing.assert_allclose(res.score, [float(v) for v in g], rtol=1e-11)
    np.testing.assert_allclose(res.hessian[0, :2], [float(h_cc), float(h_cl)], rtol=1e-11)


def mp_gev_stats(c):
    """Mean, variance, skewness, excess kurtosis of genextreme(c) from Gamma(1 + k c) with
    enough digits for the cancellations of order c^4."""
    with mp.workdps(60 + (int(-4 * math.log10(abs(c))) if 0 < abs(c) < 1 else 0)):
        c = mp.mpf(c)
        if c == 0:
            return [float(mp.euler), float(mp.pi ** 2 / 6),
                    float(12 * mp.sqrt(6) * mp.zeta(3) / mp.pi ** 3), 2.4]
        g = [mp.gamma(1 + k * c) for k in range(5)]
        var = (g[2] - g[1] ** 2) / c ** 2
        mu3 = -(g[3] - 3 * g[1] * g[2] + 2 * g[1] ** 3) / c ** 3
        mu4 = (g[4] - 4 * g[1] * g[3] + 6 * g[1] ** 2 * g[2] - 3 * g[1] ** 4) / c ** 4
        return [float((1 - g[1]) / c), float(var), float(mu3 / var ** 1.5),
                float(mu4 / var ** 2 - 3)]


@pytest.mark.parametrize("c", [0.0, 1e-300, -1e-300, 1e-12, -1e-7, 1e-4, -0.01, 0.05, 0.15,
                               -0.2, 0.2399, 0.2401, -0.2399, 0.5, 0.9, 2.0, 5.0, -0.249])
def test_genextreme_moments_against_mpmath(c):
    # scipy forms them from Gamma(1 + k c) differences, which cancel as c -> 0 (it returns
    # the Gumbel's below |c| = 8e-5: 1e-4 off at c = 1e-4, 8e-3 at c = -1e-7); the excess
    # kurtosis and the skewness cross 0 near c = 0.17 and 0.28 (absolute tolerance there;
    # beyond |c| = 0.24, where the series stop, the lgamma differences over c^4 ~ 3e-3
    # cost ~1e-13 absolute: scipy's are 5e-13 off there)
    got = fastmle.genextreme(c).stats("mvsk")
    np.testing.assert_allclose(got, mp_gev_stats(c), rtol=2e-14, atol=3e-13)


# ------------------------------------------------------------------ fits against scipy
SCIPY_FIXED = {"genpareto": dict(floc=0), "genextreme": {}}
# the end of the shape range where the likelihood has local maxima (beyond: unbounded)
REGULAR = {"genpareto": lambda c: c > -1.0, "genextreme": lambda c: c < 1.0}


def fit_case(family, seed):
    """A seeded data set: a shape across the regular, non-regular and unbounded ranges,
    a sample size from 10 to 2000, a scale from 1e-2 to 1e2 (and a location, genextreme)."""
    rng = np.random.default_rng(seed)
    n = int(rng.choice([10, 20, 50, 200, 2000]))
    scale = 10.0 ** rng.uniform(-2, 2)
    if family == "genpareto":
        c = float(rng.choice([rng.uniform(-0.5, 1.0), rng.uniform(-1.5, -0.5)], p=[0.8, 0.2]))
        return st.genpareto(c, scale=scale).rvs(n, random_state=rng), c
    c = float(rng.choice([rng.uniform(-1.0, 0.5), rng.uniform(0.5, 1.5)], p=[0.8, 0.2]))
    loc = rng.normal(0.0, 10.0) * scale
    return st.genextreme(c, loc=loc, scale=scale).rvs(n, random_state=rng), c


def scipy_fit(family, x):
    """scipy's fit with the same fixed parameters and its log-likelihood, or None where it
    fails: an error or a warning, a non-finite result, or a point past the end of the
    shape range where the likelihood has local maxima (REGULAR: it is unbounded there)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            p = getattr(st, family).fit(x, **SCIPY_FIXED[family])
            ll = float(np.sum(getattr(st, family).logpdf(x, *p)))
        except (Warning, RuntimeError, ValueError, FloatingPointError):
            return None
    if not (np.all(np.isfinite(p)) and np.isfinite(ll)) or not REGULAR[family](p[0]):
        return None
    return p, ll


def compare_with_scipy(family, seeds):
    """(scipy failed and fastmle converged, scipy failed and fastmle did not, both
    converged) counts; fails where scipy converges and fastmle does not, or where
    fastmle's log-likelihood is lower than scipy's (1e-9 relative)."""
    counts = {"fastmle only": 0, "neither": 0, "both": 0}
    bad = []
    for seed in seeds:
        x, c = fit_case(family, seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", fastmle.ConvergenceWarning)
            res = fastmle.fit(x, family)
        theirs = scipy_fit(family, x)
        if theirs is None:
            counts["fastmle only" if res.converged else "neither"] += 1
            continue
        counts["both"] += 1
        p, ll = theirs
        if not res.converged or res.loglik < ll - 1e-9 * abs(ll):
            bad.append((seed, c, x.size, res.status, res.params, res.loglik, tuple(p), ll))
    assert not bad, "\n".join(map(str, bad))
    return counts


@pytest.mark.parametrize("family", ["genpareto", "genextreme"])
def test_fits_at_least_as_likely_as_scipy(family):
    counts = compare_with_scipy(family, range(20))
    assert counts["both"] >= 12, counts


@pytest.mark.slow
@pytest.mark.parametrize("family", ["genpareto", "genextreme"])
def test_fits_at_least_as_likely_as_scipy_200(family):
    counts = compare_with_scipy(family, range(200))
    print(f"\n{family}: {counts}")
    assert counts["both"] >= 120, counts


@pytest.mark.parametrize("engine", ENGINES)
def test_genpareto_fit_is_a_regular_maximum_and_engines_agree(engine):
    x = gp_sample(500, seed=5, c=0.3, scale=2.0)
    res = fastmle.fit(x, "genpareto", engine=engine)
    ref = fastmle.fit(x, "genpareto")
    assert res.converged and res.method == "newton" and res.n_iter == ref.n_iter
    np.testing.assert_allclose(res.th, ref.th, rtol=1e-12)
    assert np.all(np.abs(res.score) < 1e-6) and np.all(np.isfinite(list(res.stderr.values())))
    w = np.random.default_rng(1).integers(0, 3, x.size).astype(float)
    a = fastmle.fit(x, "genpareto", weights=w, engine=engine)
    b = fastmle.fit(np.repeat(x, w.astype(int)), "genpareto", engine=engine)
    np.testing.assert_allclose(a.th, b.th, rtol=1e-9)


# ------------------------------------------------------------------ the unbounded likelihood
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("c,n", [(-2.0, 300), (-1.2, 30), (-3.0, 50), (-0.8, 30)])
def test_genpareto_unbounded_likelihood_diverges(c, n, engine):
    # c < -1: the density is infinite at the upper end -scale / c, so the likelihood has
    # no maximum there, and these samples have none at c > -1 (their profile likelihood
    # rises towards c = -1, the uniform's): "diverged", at a point near that end
    x = gp_sample(n, seed=0, c=c, scale=2.0)
    with pytest.warns(fastmle.ConvergenceWarning, match="runs off to the boundary"):
        res = fastmle.fit(x, "genpareto", engine=engine)
    assert res.status == "diverged" and not res.converged
    p = res.params
    assert p["c"] < -1.0 + 1e-6 and 1.0 + p["c"] * x.max() / p["scale"] < 0.05
    assert np.isfinite(res.loglik) and res.loglik == pytest.approx(res.dist.loglik(x), rel=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fastmle.ConvergenceWarning)
        assert fastmle.fit(x, "genpareto").status == res.status      # as cython


# ------------------------------------------------------------------ fixed parameters
@pytest.mark.parametrize("engine", ENGINES)
def test_genpareto_fixed_shape_and_scale(engine):
    x = gp_sample(400, seed=7, c=-0.3, scale=2.0)
    for c in (0.4, 0.0, -0.3, -0.9):
        res = fastmle.fit(x, "genpareto", fixed={"c": c}, engine=engine)
        assert res.converged and res.free == ("scale",)
        # the scale's score equation: sum (1 + c) y / (1 + c y) = n, y = x / scale
        y = x / res.params["scale"]
        assert math.fsum((1 + c) * y / (1 + c * y)) == pytest.approx(x.size, rel=1e-10)
        theirs = st.genpareto.fit(x, floc=0, f0=c)
        assert res.loglik >= st.genpareto.logpdf(x, *theirs).sum() - 1e-9 * abs(res.loglik)
    res = fastmle.fit(x, "genpareto", fixed={"scale": 3.0}, engine=engine)
    assert res.converged and abs(res.score[0]) < 1e-6
    theirs = st.genpareto.fit(x, floc=0, fscale=3.0)
    assert res.loglik >= st.genpareto.logpdf(x, *theirs).sum() - 1e-9 * abs(res.loglik)
    # c = -1: uniform on [loc, loc + scale], scale = max (a boundary MLE, in closed form)
    res = fastmle.fit(x, "genpareto", fixed={"c": -1.0}, engine=engine)
    assert res.converged and res.method == "closed-form" and res.params["scale"] == x.max()
    assert res.loglik == pytest.approx(-x.size * math.log(x.max()), rel=1e-14)
    # c < -1: the likelihood is unbounded as scale -> -c max
    with pytest.warns(fastmle.ConvergenceWarning, match="runs off"):
        res = fastmle.fit(x, "genpareto", fixed={"c": -1.5}, engine=engine)
    assert res.status == "diverged" and res.params["scale"] == pytest.approx(1.5 * x.max())


@pytest.mark.parametrize("engine", ENGINES)
def test_genpareto_bad_data(engine):
    with pytest.raises(ValueError, match="degenerate"):
        fastmle.fit(np.full(10, 2.0), "genpareto", engine=engine)
    with pytest.raises(ValueError, match="degenerate"):
        fastmle.fit(np.zeros(5), "genpareto", engine=engine)
    with pytest.raises(ValueError, match="outside the support; first at index 1"):
        fastmle.fit([1.0, -0.5, 2.0], "genpareto", engine=engine)
    # every parameter fixed: the upper end -scale / c is checked too
    with pytest.raises(ValueError, match="outside the support; first at index 2"):
        fastmle.fit([1.0, 0.5, 5.0], "genpareto", fixed={"c": -0.5, "scale": 2.0},
                    engine=engine)
    # one value, with the shape fixed: scale = that value (the root of the score equation)
    res = fastmle.fit([3.0], "genpareto", fixed={"c": 0.5}, engine=engine)
    assert res.converged and res.params["scale"] == pytest.approx(3.0, rel=1e-12)


def test_genpareto_batch_equals_single_fits():
    x = np.concatenate([gp_sample(100, seed=s, c=c) for s, c in enumerate([0.3, -0.2, -2.0])])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fastmle.ConvergenceWarning)
        batch = fastmle.fit_batch(x, "genpareto", offsets=[0, 100, 200, 300])
        for g in range(3):
            one = fastmle.fit(x[100 * g:100 * (g + 1)], "genpareto")
            assert batch.status[g] == one.status
            assert batch.params["c"][g] == pytest.approx(one.params["c"], rel=1e-12)
    assert list(batch.status) == ["ok", "ok", "diverged"]


# ------------------------------------------------------------------ genextreme fits
def gev_sample(n=300, seed=0, c=-0.2, loc=0.5, scale=2.0):
    return st.genextreme(c, loc=loc, scale=scale).rvs(n, random_state=np.random.default_rng(seed))


@pytest.mark.parametrize("engine", ENGINES)
def test_genextreme_fit_is_a_regular_maximum_and_engines_agree(engine):
    x = gev_sample(500, seed=5, c=0.2)
    res = fastmle.fit(x, "genextreme", engine=engine)
    ref = fastmle.fit(x, "genextreme")
    assert res.converged and res.method == "newton" and res.n_iter == ref.n_iter
    np.testing.assert_allclose(res.th, ref.th, rtol=1e-12)
    assert np.all(np.abs(res.score) < 1e-6) and np.all(np.isfinite(list(res.stderr.values())))
    # data far from 1 in size: fitted on data rescaled by a power of 2 (as gumbel_r)
    for f in (2.0 ** 600, 2.0 ** -600):
        big = fastmle.fit(x * f, "genextreme", engine=engine)
        assert big.converged and big.params["c"] == pytest.approx(res.params["c"], rel=1e-12)
        assert big.params["scale"] / f == pytest.approx(res.params["scale"], rel=1e-12)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("c,n", [(2.0, 300), (1.2, 30), (3.0, 50)])
def test_genextreme_unbounded_likelihood_diverges(c, n, engine):
    # scipy's c > 1: the density is infinite at the upper end loc + scale / c
    x = gev_sample(n, seed=0, c=c)
    with pytest.warns(fastmle.ConvergenceWarning, match="runs off to the boundary"):
        res = fastmle.fit(x, "genextreme", engine=engine)
    assert res.status == "diverged" and not res.converged
    p = res.params
    assert p["c"] > 1.0 - 1e-6 and 1.0 - p["c"] * (x.max() - p["loc"]) / p["scale"] < 0.05
    assert res.loglik == pytest.approx(res.dist.loglik(x), rel=1e-12)


@pytest.mark.parametrize("engine", ENGINES)
def test_genextreme_fixed_parameters(engine):
    x = gev_sample(400, seed=7, c=-0.1)
    for fixed, kw in [({"c": 0.2}, dict(f0=0.2)), ({"c": -0.3}, dict(f0=-0.3)),
                      ({"c": 0.0}, dict(f0=0.0)), ({"loc": 0.0}, dict(floc=0.0)),
                      ({"scale": 3.0}, dict(fscale=3.0)),
                      ({"c": 0.1, "loc": 0.5}, dict(f0=0.1, floc=0.5)),
                      ({"c": 0.4, "scale": 1.0}, dict(f0=0.4, fscale=1.0)),
                      ({"loc": 1.0, "scale": 2.5}, dict(floc=1.0, fscale=2.5))]:
        res = fastmle.fit(x, "genextreme", fixed=fixed, engine=engine)
        assert res.converged, (fixed, res.message)
        assert np.all(np.abs(res.score) < 1e-5 * x.size), (fixed, res.score)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = st.genextreme.fit(x, **kw)
        ll = st.genextreme.logpdf(x, *theirs).sum()
        assert res.loglik >= ll - 1e-9 * abs(ll), (fixed, res.params, theirs)
    # c fixed at >= 1 with loc free: the likelihood decreases with loc up to the data
    with pytest.warns(fastmle.ConvergenceWarning, match="runs off"):
        res = fastmle.fit(x, "genextreme", fixed={"c": 1.5}, engine=engine)
    assert res.status == "diverged"


@pytest.mark.parametrize("engine", ENGINES)
def test_genextreme_bad_data(engine):
    with pytest.raises(ValueError, match="degenerate"):
        fastmle.fit(np.full(10, 2.0), "genextreme", engine=engine)
    with pytest.raises(ValueError, match="NaN"):
        fastmle.fit([1.0, np.nan, 2.0], "genextreme", engine=engine)
    with pytest.raises(ValueError, match="outside the support; first at index 1"):
        fastmle.fit([1.0, np.inf, 2.0], "genextreme", engine=engine)
    # every parameter fixed: the end loc + scale / c is checked too
    with pytest.raises(ValueError, match="outside the support; first at index 2"):
        fastmle.fit([1.0, 0.5, 5.0], "genextreme", fixed={"c": 0.5, "loc": 0.0, "scale": 2.0},
                    engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("family", ["genpareto", "genextreme"])
def test_subsampled_start_large_data(family, engine):
    """Beyond PWM_SAMPLE points the L-moment start sorts every step-th point only (the
    support's ends from all of them): the engines agree, the fit is the maximum, and
    weights work as repeats there too."""
    x = gp_sample(10001, seed=3, c=0.25, scale=2.0) if family == "genpareto" else \
        st.genextreme(-0.2, loc=1.0, scale=2.0).rvs(10001, random_state=np.random.default_rng(3))
    res = fastmle.fit(x, family, engine=engine)
    ref = fastmle.fit(x, family)
    assert res.converged and res.n_iter == ref.n_iter
    np.testing.assert_allclose(res.th, ref.th, rtol=1e-12)
    assert np.all(np.abs(res.score) <= 1e-6 * np.sqrt(np.abs(np.diag(res.hessian))))
    w = np.random.default_rng(4).integers(0, 3, x.size).astype(float)
    a = fastmle.fit(x, family, weights=w, engine=engine)
    b = fastmle.fit(np.repeat(x, w.astype(int)), family)
    np.testing.assert_allclose(a.th, b.th, rtol=1e-9)
