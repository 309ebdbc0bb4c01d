"""Accuracy of the family kernels at extreme parameters and data, on every engine.

Oracles: mpmath (``tests/mpref.py``, and the closed-form t derivatives below, checked
against mpmath's numerical differentiation), scipy where its formulas hold.
Covers Student t for any df > 0 (log-density and derivatives tend to the normal's),
log-densities for |x| up to the double range at tiny and huge scales (no overflow of
z = (x - loc) / scale), sufficient statistics at the support's edges and at tiny p,
IEEE semantics (never an exception) on the python engine, and output dtypes.
"""
import math

import mpmath as mp
import numpy as np
import pytest
import scipy.stats as st
from conftest import ENGINES, FAMILY_NAMES, frozen, logdensity
from mpref import mp_logpdf, to_float

import fastmle

DBL_MAX = float(np.finfo(np.float64).max)
DFS = [0.1, 1.0, 30.0, 1e3, 1e6, 1e10, 1e15, 1e50, 1e300, DBL_MAX]


def mp_refs(name, params, x):
    return np.array([to_float(mp_logpdf(name, params, v)) for v in x])


# ------------------------------------------------------------------ Student t
@pytest.mark.parametrize("df", DFS)
def test_t_logpdf_any_df(df, engine):
    # z up to 1e150: z^2 / df spans underflow (df = DBL_MAX) to overflow (df = 0.1)
    z = np.array([0.0, 1.0, -3.5, 37.0, 1e10, -1e150, 1e150])
    p = dict(df=df, loc=0.25, scale=2.0)
    x = 0.25 + 2.0 * z
    got = fastmle.t(**p).logpdf(x, engine=engine)
    np.testing.assert_allclose(got, mp_refs("t", p, x), rtol=1e-13)


def test_t_reproducers(engine):
    norm1 = -0.5 - 0.5 * math.log(2 * math.pi)
    for df, truth in [(1e10, to_float(mp_logpdf("t", dict(df=1e10), 1.0))),
                      (1e15, norm1), (1e300, norm1), (DBL_MAX, norm1)]:
        assert fastmle.t(df).logpdf(1.0, engine=engine) == pytest.approx(truth, rel=1e-14)
    assert fastmle.t(DBL_MAX).loglik([1.0], engine=engine) == pytest.approx(norm1, rel=1e-14)


@pytest.mark.parametrize("df", [4.5, 200.0, 1e3, 1e10, DBL_MAX])
def test_t_loglik_and_float32(df, engine):
    # 512 points: whole blocks, so the log-product path runs where it applies (df <= 256)
    x = np.random.default_rng(3).normal(size=512).astype(np.float32)
    d = fastmle.t(df, 0.1, 1.3)
    x64 = x.astype(np.float64)
    lp = d.logpdf(x64, engine=engine)
    assert d.loglik(x64, engine=engine) == pytest.approx(math.fsum(lp), rel=1e-14)
    # float32 data: the same maths in double (README), rounded once at the end
    assert d.loglik(x, engine=engine) == d.loglik(x64, engine=engine)
    np.testing.assert_array_equal(d.logpdf(x, engine=engine), lp.astype(np.float32))
    ref = mp_refs("t", dict(df=df, loc=0.1, scale=1.3), x64[:16])
    np.testing.assert_allclose(lp[:16], ref, rtol=1e-13)


def t_derivs_mp(df, loc, scale, x):
    """[logpdf, gradient (df, loc, scale), Hessian upper triangle] of the t log-density
    in closed form, evaluated in mpmath with enough digits for the df cancellations."""
    with mp.workdps(40 + 3 * max(0, int(math.log10(df)))):
        nu, z, r = mp.mpf(df), (mp.mpf(x) - loc) / scale, 1 / mp.mpf(scale)
        A, D = nu + 1, nu + z * z
        c5 = mp.psi(0, A / 2) / 2 - mp.psi(0, nu / 2) / 2 - 1 / (2 * nu)
        c6 = mp.psi(1, A / 2) / 4 - mp.psi(1, nu / 2) / 4 + 1 / (2 * nu**2)
        L, h = mp.log1p(z * z / nu), z * z / (2 * nu * D)
        out = [mp_logpdf("t", dict(df=df, loc=loc, scale=scale), x),
               c5 - L / 2 + A * h, A * z * r / D, (-1 + A * z * z / D) * r,
               c6 + h + z * z * (nu * D - A * (D + nu)) / (2 * nu**2 * D**2),
               z * (z * z - 1) * r / D**2, z * z * (z * z - 1) * r / D**2,
               -A * (nu - z * z) * r * r / D**2, -2 * A * z * nu * r * r / D**2,
               (1 - A * z * z / D - 2 * A * nu * z * z / D**2) * r * r]
        return np.array([to_float(v) for v in out])


def test_t_closed_form_is_the_derivative():
    # the reference above against mpmath's numerical differentiation
    df, loc, scale, x = 4.5, 0.5, 1.5, 2.7
    th = (df, loc, scale)
    with mp.workdps(40):
        f = lambda a, b, c: mp_logpdf("t", dict(df=a, loc=b, scale=c), x)  # noqa: E731
        num = [mp.diff(f, th, o) for o in [(1, 0, 0), (0, 1, 0), (0, 0, 1), (2, 0, 0),
                                           (1, 1, 0), (1, 0, 1), (0, 2, 0), (0, 1, 1),
                                           (0, 0, 2)]]
    np.testing.assert_allclose(t_derivs_mp(df, loc, scale, x)[1:],
                               [float(v) for v in num], rtol=1e-25)


@pytest.mark.parametrize("df", DFS)
def test_t_derivs_any_df(df, engine):
    # one point per call: entry-wise check of the per-point derivatives
    loc, scale = 0.5, 1.5
    d = fastmle.t(df, loc, scale)
    for z in (0.3, -1.7, 25.0, 1e5):
        x = loc + scale * z
        r = d.loglik_derivs([x], engine=engine)
        got = np.concatenate([[r.loglik], r.score, r.hessian[np.triu_indices(3)]])
        np.testing.assert_allclose(got, t_derivs_mp(df, loc, scale, x), rtol=1e-9,
                                   err_msg=f"df={df} z={z}")


def test_t_derivs_tend_to_normal(engine):
    x = np.random.default_rng(4).normal(size=64)
    t = fastmle.t(DBL_MAX, 0.2, 1.1).loglik_derivs(x, engine=engine)
    n = fastmle.norm(0.2, 1.1).loglik_derivs(x, engine=engine)
    assert t.loglik == pytest.approx(n.loglik, rel=1e-14)
    np.testing.assert_allclose(t.score, np.r_[0.0, n.score], rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(t.hessian[1:, 1:], n.hessian, rtol=1e-13)


# ------------------------------------------------- |x| up to the double range
LOCSCALE = {"norm": {}, "t": {"df": 4.0}, "logistic": {}, "cauchy": {}, "laplace": {},
            "gumbel_r": {}, "gumbel_l": {}, "loggamma": {"c": 2.5}, "dweibull": {"c": 0.7}}
POSITIVE = {"gamma": {"a": 2.5}, "expon": {}, "weibull_min": {"c": 0.01},
            "lognorm": {"s": 0.7}, "pareto": {"b": 2.5}, "fisk": {"c": 3.1},
            "burr12": {"c": 3.0, "d": 1.5}, "nakagami": {"nu": 4.97},
            "exponpow": {"b": 2.7}}
HUGE = [1e300, -1e300, DBL_MAX, -DBL_MAX]


def huge_cases():
    out = []
    for name, shape in {**LOCSCALE, **POSITIVE}.items():
        for scale in (1e-10, 1e-300, 1e300):
            for loc in (0.0, -1e308):
                out.append((name, {**shape, "loc": loc, "scale": scale}))
    return out


@pytest.mark.parametrize("name,params", huge_cases())
def test_logpdf_at_huge_x(name, params, engine):
    x = np.array(HUGE + [0.5 * DBL_MAX, 3.0])
    got = getattr(fastmle, name)(**params).logpdf(x, engine=engine)
    ref = mp_refs(name, params, x)
    np.testing.assert_allclose(got, ref, rtol=1e-13, err_msg=f"{name} {params}")


def test_z_overflow_reproducers(engine):
    got = fastmle.t(4, 0, 1e-10).logpdf([1e300], engine=engine)[0]
    assert got == pytest.approx(to_float(mp_logpdf("t", dict(df=4, scale=1e-10), 1e300)),
                                rel=1e-13)
    ref = sum(to_float(mp_logpdf("t", dict(df=30, scale=0.5), v)) for v in (1e308, 1.0))
    assert fastmle.t(30, 0, 0.5).loglik([1e308, 1.0], engine=engine) == pytest.approx(
        ref, rel=1e-13)


# y = (x - loc) / scale underflowing to 0 at x > loc: its log does not (found by the deep
# fuzz profile: weibull_min(19, scale=11).logpdf(5e-324) was -inf, truth -13442.56)
TINY_X = [5e-324, 1e-320, 1e-310, 1e-300]
TINY_CASES = [("weibull_min", dict(c=19.0, scale=11.015755627919402)),
              ("weibull_min", dict(c=0.3, scale=1.84)),
              ("gamma", dict(a=3.0, scale=11.0)), ("gamma", dict(a=300.0, scale=11.0)),
              ("gamma", dict(a=0.5, scale=1e10)), ("beta", dict(a=2.0, b=3.0, scale=1e10)),
              ("beta", dict(a=0.5, b=3.0, scale=1e10)), ("expon", dict(scale=1e10)),
              ("lognorm", dict(s=0.5, scale=1e10)), ("dweibull", dict(c=0.3, scale=1e10)),
              ("dweibull", dict(c=2.5, scale=11.0)), ("fisk", dict(c=3.1, scale=1e10)),
              ("fisk", dict(c=0.5, scale=11.0)), ("burr12", dict(c=3.0, d=1.5, scale=1e10)),
              ("burr12", dict(c=0.5, d=20.0, scale=11.0)),
              ("nakagami", dict(nu=3.0, scale=1e10)), ("nakagami", dict(nu=0.3, scale=11.0)),
              ("exponpow", dict(b=2.7, scale=1e10)), ("exponpow", dict(b=0.3, scale=11.0)),
              ("powerlaw", dict(a=2.0, scale=1e10)), ("powerlaw", dict(a=0.5, scale=1e10))]


@pytest.mark.parametrize("name,params", TINY_CASES)
def test_logpdf_at_tiny_x(name, params, engine):
    x = np.array(TINY_X)
    got = getattr(fastmle, name)(**params).logpdf(x, engine=engine)
    np.testing.assert_allclose(got, mp_refs(name, params, x), rtol=1e-13)


@pytest.mark.parametrize("name,params", TINY_CASES)
def test_derivs_at_tiny_x(name, params, engine):
    # the score by mpmath's differentiation of the reference log-density
    dist = getattr(fastmle, name)(**params)
    free = [k for k in dist.family.param_names if k in params]
    for v in TINY_X[:2]:
        d = dist.loglik_derivs([v], engine=engine)
        names = list(dist.family.param_names)
        for k in free:
            with mp.workdps(60):
                ref = mp.diff(lambda t: mp_logpdf(name, {**params, k: t}, v), mp.mpf(params[k]))
            got = d.score[names.index(k)]
            assert got == pytest.approx(to_float(ref), rel=1e-10), (k, v)


def test_digamma_differences():
    from fastmle._py.special import psi_diff, trigamma_diff

    rng = np.random.default_rng(8)
    pts = [(1e-10, 6.99), (6.99, 1e-10), (1.0, 1.0), (0.5, 3e5), (1e5, 1e-3), (3.0, 1e300),
           (1e-300, 1.0), (9.99, 0.01), (1e300, 1e300)]
    pts += list(zip(10 ** rng.uniform(-5, 6, 300), 10 ** rng.uniform(-12, 6, 300)))
    with mp.workdps(40):
        for x, a in pts:
            t1 = mp.digamma(mp.mpf(x) + a) - mp.digamma(x)
            assert psi_diff(x, a) == pytest.approx(to_float(t1), rel=2e-15), (x, a)
            t2 = mp.psi(1, x) - mp.psi(1, mp.mpf(x) + a)
            assert trigamma_diff(x, a) == pytest.approx(to_float(t2), rel=2e-15), (x, a)
    assert psi_diff(2.0, 0.0) == 0.0 and trigamma_diff(2.0, 0.0) == 0.0
    assert math.isnan(psi_diff(0.0, 1.0)) and math.isnan(trigamma_diff(-1.0, 1.0))


def test_gamma_shape_equation_without_cancellation():
    # log(a) - psi(a) and a psi'(a) - 1 are ~ 1/(2a) at large a, where the plain
    # differences lose every digit (at a = 1e8, 7 of 16)
    from fastmle._py.special import gamma_shape_eq

    rng = np.random.default_rng(3)
    pts = list(10 ** rng.uniform(-4, 14, 400)) + [1e-3, 0.5, 1.0, 8.999, 9.0, 9.5, 10.0, 1e8]
    with mp.workdps(40):
        for a in pts:
            L, D = gamma_shape_eq(a)
            assert L == pytest.approx(to_float(mp.log(a) - mp.digamma(a)), rel=5e-15), a
            assert D == pytest.approx(to_float(a * mp.psi(1, a) - 1), rel=3e-14), a


@pytest.mark.parametrize("a", [0.05, 2.0, 1e4, 1e8])
def test_gamma_fit_at_any_shape_is_the_root_of_its_equation(a, engine):
    # the MLE of a solves log(a) - psi(a) = s = log(mean) - mean(log); s ~ 1/(2a) is
    # known to its rounding, ~ eps (1 + |log(mean)|), so a to ~ 2 a eps (1 + |log(mean)|)
    x = st.gamma(a, scale=3.0).rvs(size=200, random_state=5)
    res = fastmle.fit(x, "gamma", engine=engine)
    with mp.workdps(50):
        xs = [mp.mpf(float(v)) for v in x]
        s = mp.log(mp.fsum(xs) / len(xs)) - mp.fsum(mp.log(v) for v in xs) / len(xs)
        root = mp.findroot(lambda t: mp.log(t) - mp.digamma(t) - s, res.params["a"])
    assert res.converged and res.n_iter <= 5
    bound = 3e-16 * a * (1.0 + abs(math.log(np.mean(x))))
    assert res.params["a"] == pytest.approx(float(root), rel=1e-12 + bound)

@pytest.mark.parametrize("name,params,x", [
    ("beta", dict(a=1e-10, b=6.99), [0.3, 1e-5]), ("beta", dict(a=6.99, b=1e-10), [0.3]),
    ("beta", dict(a=2e5, b=3e5), [0.4]), ("nbinom", dict(n=1e6, p=0.5), [3.0, 1e6]),
    ("nbinom", dict(n=3.0, p=0.5), [2.0, 1e5])])
def test_shape_derivs_without_cancellation(name, params, x, engine):
    # psi(b) - psi(a + b) at a << b and psi(n + x) - psi(n) at x << n cancel when taken
    # as a difference; the first and second derivatives against mpmath
    dist = getattr(fastmle, name)(**params)
    names = list(dist.family.param_names)
    for v in x:
        d = dist.loglik_derivs([v], engine=engine)
        for i, k in enumerate(names):
            if k not in params:
                continue
            with mp.workdps(60):
                f = lambda t: mp_logpdf(name, {**params, k: t}, v)      # noqa: E731
                g1 = to_float(mp.diff(f, mp.mpf(params[k])))
                g2 = to_float(mp.diff(f, mp.mpf(params[k]), 2))
            assert d.score[i] == pytest.approx(g1, rel=1e-11), (k, v)
            assert d.hessian[i, i] == pytest.approx(g2, rel=1e-9, abs=1e-12 * abs(g2)), (k, v)


# ------------------------------------------------------------------ p = 0
def test_probability_zero_is_refused():
    # scipy: p = 0 is outside the parameter space of geom and nbinom (logpmf NaN)
    assert not st.geom._argcheck(0.0) and not st.nbinom._argcheck(2.0, 0.0)
    with pytest.raises(ValueError, match=r"geom: p must be in \(0, 1\], got 0.0"):
        fastmle.geom(0.0)
    with pytest.raises(ValueError, match=r"nbinom: p must be in \(0, 1\], got 0.0"):
        fastmle.nbinom(2.0, 0.0)
    with pytest.raises(ValueError, match="p must be in"):
        fastmle.fit([1.0, 2.0], "geom", fixed={"p": 0.0})
    assert fastmle.geom(1.0).logpmf(1.0) == 0.0
    assert fastmle.nbinom(2.0, 1.0).logpmf(0.0) == 0.0


# ------------------------------------------- sufficient statistics at edges
EDGE_CASES = [
    ("gamma", dict(a=a, scale=2.0, loc=loc), [loc], [loc + 1.0, loc + 2.5])
    for a in (0.5, 1.0, 3.0) for loc in (0.0, 1.5)
] + [
    ("beta", dict(a=a, b=b, loc=loc, scale=scale), [loc, loc + scale], [loc + 0.3 * scale])
    for a, b in [(1, 2), (2, 1), (0.5, 1), (1, 0.5), (1, 1), (3, 3), (0.5, 2), (2, 0.5)]
    for loc, scale in [(0.0, 1.0), (-1.0, 2.0)]
] + [
    ("expon", dict(scale=2.0, loc=1.0), [1.0], [2.0]),
    ("lognorm", dict(s=0.7, loc=1.0), [1.0], [2.0]),
    ("poisson", dict(mu=0.0), [0.0], [0.0]),
    ("poisson", dict(mu=2.0), [0.0], [3.0]),
    ("binom", dict(n=5, p=0.0), [0.0, 5.0], [0.0]),
    ("binom", dict(n=5, p=1.0), [0.0, 5.0], [5.0]),
    ("binom", dict(n=5, p=0.3), [0.0, 5.0], [2.0]),
    ("geom", dict(p=1.0), [1.0], [1.0, 2.0]),
    ("geom", dict(p=0.3), [1.0], [4.0]),
    ("norm", dict(loc=1.0, scale=2.0), [-1e300], [0.5]),
]


def edge_samples(edges, inside):
    yield np.array(edges[:1])
    yield np.array(edges + inside)
    for e in edges:
        yield np.array([e] + inside)


@pytest.mark.parametrize("name,params,edges,inside", EDGE_CASES)
def test_suffstats_agree_with_loglik_at_edges(name, params, edges, inside, engine):
    d = getattr(fastmle, name)(**params)
    sp = getattr(st, name)(**params)
    ref_fn = sp.logpmf if d.family.discrete else sp.logpdf
    for x in edge_samples(edges, inside):
        w = np.linspace(0.5, 2.0, x.size)
        for wt in (None, w):
            ll = d.loglik(x, wt, engine=engine)
            ss = d.suffstats(x, wt, engine=engine).loglik()
            with np.errstate(all="ignore"):
                terms = ref_fn(x) * (1.0 if wt is None else wt)
                ref = math.fsum(terms) if np.all(np.isfinite(terms)) else np.sum(terms)
            np.testing.assert_allclose([ll, ss], [ref, ref], rtol=1e-13, atol=1e-14,
                                       err_msg=f"{name} {params} x={x} w={wt}")
    # a point outside the support still gives -inf, NaN still propagates
    out = {"gamma": params.get("loc", 0) - 1.0, "beta": params.get("loc", 0) - 1.0}.get(name)
    if out is not None:
        x = np.array(edges + [out])   # -inf, or NaN with an infinite edge density
        ll = d.loglik(x, engine=engine)
        assert ll == -np.inf or (math.isnan(ll) and np.inf in d.family.edge_logpdf(d.th))
        np.testing.assert_array_equal(d.suffstats(x, engine=engine).loglik(), ll)
        x = np.array(edges + [np.nan])
        assert math.isnan(d.suffstats(x, engine=engine).loglik())
        x = np.array(edges + [np.nan] + inside)
        ss = d.suffstats(x, nan_policy="omit", engine=engine).loglik()
        np.testing.assert_allclose(ss, d.loglik(x, nan_policy="omit", engine=engine),
                                   rtol=1e-13, atol=1e-14)


def test_suffstats_edges_merge(engine):
    d = fastmle.gamma(1.0, scale=2.0)
    a, b = d.suffstats([0.0, 1.0], engine=engine), d.suffstats([0.0, 3.0], engine=engine)
    m = a + b
    assert m.loglik() == pytest.approx(d.loglik([0.0, 1.0, 0.0, 3.0], engine=engine), rel=1e-14)
    assert m.loglik(a=0.5) == np.inf and m.loglik(a=2.0) == -np.inf
    assert np.isnan(m.score()).all()


# ------------------------------------------------------------ log1p(-p)
def test_tiny_p_suffstats(engine):
    x = np.full(70, 1e10)
    with mp.workdps(50):
        p = mp.mpf(1e-10)
        truth = float(70 * ((mp.mpf(1e10) - 1) * mp.log1p(-p) + mp.log(p)))
    d = fastmle.geom(1e-10)
    assert d.suffstats(x, engine=engine).loglik() == pytest.approx(truth, rel=1e-14)
    assert d.loglik(x, engine=engine) == pytest.approx(truth, rel=1e-14)
    # binom: only the failures' term, n log1p(-p) = -2e-7 (log(1 - p) was off by 1e-7)
    k = np.zeros(2)
    truth = float(2000 * mp.log1p(-mp.mpf(1e-10)))
    b = fastmle.binom(1000, 1e-10)
    assert b.suffstats(k, engine=engine).loglik() == pytest.approx(truth, rel=1e-15)
    assert b.loglik(k, engine=engine) == pytest.approx(truth, rel=1e-15)
    assert b.suffstats(k, engine=engine).score()[0] == pytest.approx(-2000 / (1 - 1e-10))


# ------------------------------------------- large counts (lgamma differences)
@pytest.mark.parametrize("name,params,x", [
    ("nbinom", dict(n=2.0, p=0.5), [1e308, 1e300]),        # was NaN: inf - inf
    ("nbinom", dict(n=3.5, p=0.4), [1e15, 3e6, 7.0]),      # lgamma(1e15) ~ 3e16
    ("nbinom", dict(n=1e12, p=0.3), [3.0, 0.0]),
    ("nbinom", dict(n=0.01, p=0.5), [1e6]),
    ("binom", dict(n=10**12, p=1e-10), [0.0, 50.0, 200.0]),
    ("binom", dict(n=10**15, p=1.0 - 1e-12), [10**15 - 7.0]),
    ("binom", dict(n=10**6, p=0.4), [4e5, 400123.0, 1.0, 999999.0]),   # Loader's form
    ("binom", dict(n=150, p=0.2), [30.0, 1.0, 149.0, 0.0, 150.0]),
    # Loader's form: k log(mu), lgamma(k + 1) and mu cancel when k ~ mu
    ("poisson", dict(mu=1e6), [1e6, 1e6 + 7, 99.0, 100.0, 1e3]),
    ("poisson", dict(mu=1e15), [1e15, 1e15 + 7e7, 0.0, 1e5]),
    ("poisson", dict(mu=1e300), [1e300, 1e299, 5e300]),
    ("poisson", dict(mu=1e-300), [100.0, 1e10]),
])
def test_large_counts(name, params, x, engine):
    got = getattr(fastmle, name)(**params).logpmf(np.array(x), engine=engine)
    np.testing.assert_allclose(got, mp_refs(name, params, x), rtol=1e-13)
    d = getattr(fastmle, name)(**params)
    if name == "binom":   # (poisson's statistics, sum x and sum lgamma(x + 1), cancel)
        assert d.suffstats(x, engine=engine).loglik() == pytest.approx(
            d.loglik(x, engine=engine), rel=1e-14)


@pytest.mark.parametrize("a", [100.0, 101.5, 1e3, 1e10, 1e15, 1e300])
def test_gamma_large_shape(a, engine):
    p = dict(a=a, scale=2.0, loc=-1.0)
    x = -1.0 + 2.0 * a * np.array([1.0, 1.001, 0.5, 1 + 1e-9])
    got = fastmle.gamma(**p).logpdf(x, engine=engine)
    np.testing.assert_allclose(got, mp_refs("gamma", p, x), rtol=1e-13)
    r = fastmle.gamma(**p).loglik_derivs(x[:1], engine=engine)
    assert r.loglik == pytest.approx(got[0], rel=1e-14)


def test_lognorm_tiny_s(engine):
    p = dict(s=1e-300, scale=2.0)
    x = np.array([2.0, 2.0 * (1 + 1e-300), 3.0])
    got = fastmle.lognorm(**p).logpdf(x, engine=engine)
    np.testing.assert_allclose(got, mp_refs("lognorm", p, x), rtol=1e-13)


def test_nbinom_tiny_n(engine):
    p = dict(n=1e-10, p=0.5)
    x = np.array([0.0, 1.0, 5.0, 1e5])
    got = fastmle.nbinom(**p).logpmf(x, engine=engine)
    np.testing.assert_allclose(got, mp_refs("nbinom", p, x), rtol=1e-13)


# ------------------------------------------------ IEEE on every engine
def test_no_math_range_error(engine):
    assert fastmle.poisson(3.0).logpmf([1e308], engine=engine)[0] == -np.inf
    p = 0.808846211837819
    truth = to_float(mp_logpdf("geom", dict(p=p), 1e308))
    assert fastmle.geom(p).logpmf([1e308], engine=engine)[0] == pytest.approx(truth, rel=1e-15)
    assert fastmle.geom(p).loglik([1e308, 2.0**63, 2.0**64], engine=engine) > -np.inf
    # huge counts are integers everywhere (numba's math.floor returns an int64)
    assert fastmle.nbinom(2.0, 1.0).logpmf([2.0**70], engine=engine)[0] == -np.inf
    assert fastmle.binom(10**20, 0.5).logpmf([2.0**65], engine=engine)[0] > -np.inf


EXTREME_X = np.array([0.0, 1.0, 2.0, 1e-300, 5e-324, -5e-324, 1e154, 1e300, 1e308, DBL_MAX,
                      -1e308, -DBL_MAX, 2.0**53 + 2, 2.0**63, np.inf, -np.inf, np.nan])


@pytest.mark.parametrize("name", FAMILY_NAMES)
@pytest.mark.parametrize("engine", [e for e in ENGINES if e != "cython"])
def test_engines_agree_at_extreme_x(name, engine):
    d = frozen(name)
    with np.errstate(all="ignore"):
        want = logdensity(d, EXTREME_X, engine="cython")
        got = logdensity(d, EXTREME_X, engine=engine)
    np.testing.assert_allclose(got, want, rtol=1e-13)
    for x in EXTREME_X:
        with np.errstate(all="ignore"):
            a = d.loglik_derivs([x], engine="cython")
            b = d.loglik_derivs([x], engine=engine)
        np.testing.assert_allclose(b.loglik, a.loglik, rtol=1e-13)
        np.testing.assert_allclose(b.score, a.score, rtol=1e-9, atol=1e-300)


# ------------------------------------------------------------ categorical NaN
def test_categorical_nan_propagates(engine):
    d = fastmle.categorical([0.5, 0.5])
    assert math.isnan(d.loglik([0.0, np.nan, 5.0], engine=engine))
    assert math.isnan(d.loglik([np.nan, 0.0], engine=engine))
    assert d.loglik([0.0, 5.0], engine=engine) == -np.inf
    assert d.loglik([0.0, np.nan, 5.0], nan_policy="omit", engine=engine) == -np.inf
    assert d.loglik([0.0, np.nan, 1.0], nan_policy="omit", engine=engine) == pytest.approx(
        2 * math.log(0.5))


# ------------------------------------------------------------ output dtype
@pytest.mark.parametrize("name", FAMILY_NAMES + ["categorical"])
def test_logdensity_dtype(name, engine):
    d = fastmle.categorical([0.2, 0.3, 0.5]) if name == "categorical" else frozen(name)
    x64 = np.array([[1.0, 2.0], [0.5, 3.0]])
    ref = logdensity(d, x64, engine=engine)
    for dt, want in [(np.float16, np.float16), (np.float32, np.float32),
                     (np.float64, np.float64), (np.int64, np.float64), (np.int8, np.float64),
                     (np.uint16, np.float64), (bool, np.float64)]:
        x = x64.astype(dt)
        out = logdensity(d, x, engine=engine)
        assert out.dtype == want and out.shape == x.shape, (dt, out.dtype)
        same = logdensity(d, x.astype(np.float64), engine=engine)
        np.testing.assert_allclose(out, same.astype(want), rtol=1e-3 if dt == np.float16 else 0)
    assert logdensity(d, np.float16(1.0), engine=engine).dtype == np.float16
    assert logdensity(d, 1, engine=engine).dtype == np.float64
    assert np.isfinite(ref).any()
