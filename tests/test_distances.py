"""Discrete distances and divergences: against scipy/numpy, every engine, finite
differences for the gradients, conventions, batches, properties and bad input."""
import math

import numpy as np
import pytest
import scipy.special as sp
import scipy.stats as st
from hypothesis import given, settings
from hypothesis import strategies as hs
from scipy.spatial.distance import jensenshannon

import fastmle
from conftest import ENGINES, fd_grad

FUNCS = {
    "total_variation": lambda p, q: 0.5 * np.abs(p - q).sum(-1),
    "kl_divergence": lambda p, q: sp.rel_entr(p, q).sum(-1),
    "js_divergence": lambda p, q: 0.5 * (sp.rel_entr(p, (p + q) / 2)
                                         + sp.rel_entr(q, (p + q) / 2)).sum(-1),
    "hellinger": lambda p, q: np.sqrt(0.5 * ((np.sqrt(p) - np.sqrt(q)) ** 2).sum(-1)),
    "cross_entropy": lambda p, q: -(p * np.log(q)).sum(-1),
}


def pair(rows=4, k=7, seed=0):
    rng = np.random.default_rng(seed)
    return rng.dirichlet(np.ones(k), size=rows), rng.dirichlet(np.ones(k), size=rows)


@pytest.mark.parametrize("name", FUNCS)
def test_matches_reference(name, engine):
    p, q = pair()
    got = getattr(fastmle, name)(p, q, engine=engine)
    np.testing.assert_allclose(got, FUNCS[name](p, q), rtol=1e-12)
    # one vector gives a float
    assert isinstance(getattr(fastmle, name)(p[0], q[0], engine=engine), float)


def test_matches_scipy_entropy_and_jensenshannon():
    p, q = pair(seed=1)
    np.testing.assert_allclose(fastmle.kl_divergence(p, q), st.entropy(p, q, axis=-1),
                               rtol=1e-13)
    np.testing.assert_allclose(fastmle.js_divergence(p, q),
                               jensenshannon(p, q, axis=-1) ** 2, rtol=1e-12)


@pytest.mark.parametrize("name", FUNCS)
def test_gradient_matches_finite_differences(name, engine):
    p, q = pair(rows=1, k=6, seed=2)
    p, q = p[0], q[0]
    f = getattr(fastmle, name)
    _, g = f(p, q, return_grad=True, engine=engine)
    # the functions extend beyond the simplex: differentiate them as they are
    fd = fd_grad(lambda qq: FUNCS[name](p, qq), q)
    np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-8)


def test_kl_from_logits():
    p, _ = pair(rows=3, k=5, seed=3)
    z = np.random.default_rng(3).normal(size=(3, 5)) * 3
    q = sp.softmax(z, axis=-1)
    v, g = fastmle.kl_divergence(p, z, from_logits=True, return_grad=True)
    np.testing.assert_allclose(v, sp.rel_entr(p, q).sum(-1), rtol=1e-12)
    np.testing.assert_allclose(g, q - p, rtol=1e-12, atol=1e-15)
    fd = fd_grad(lambda zz: sp.rel_entr(p[0], sp.softmax(zz)).sum(), z[0])
    np.testing.assert_allclose(g[0], fd, rtol=1e-6, atol=1e-9)
    # huge logits stay finite (stable log-softmax)
    assert np.isfinite(fastmle.kl_divergence(p[0], z[0] + 1e4, from_logits=True))


def test_conventions_zero_entries():
    p = np.array([0.0, 0.5, 0.5])
    q = np.array([0.5, 0.5, 0.0])
    assert fastmle.kl_divergence(p, p) == 0.0
    assert fastmle.kl_divergence(q, p) == np.inf                  # q > 0 where p = 0
    assert fastmle.kl_divergence([0.0, 1.0], [0.5, 0.5]) == pytest.approx(np.log(2))
    assert fastmle.cross_entropy(p, q) == np.inf
    assert fastmle.js_divergence(p, q) == pytest.approx(FUNCS["js_divergence"](p, q))
    assert fastmle.total_variation(p, q) == pytest.approx(0.5)
    assert fastmle.hellinger([1.0, 0.0], [0.0, 1.0]) == pytest.approx(1.0)


def test_kl_ratio_beyond_double_range(engine):
    # p / q overflows (and in the reverse pair, the log of a subnormal): the terms are
    # finite, so is KL (scipy.special.rel_entr gives inf here)
    p = np.array([0.5, 0.5])
    q = np.array([1e-310, 1.0 - 1e-310])
    ref = 0.5 * (math.log(0.5) - math.log(1e-310)) + 0.5 * (math.log(0.5) - math.log1p(-1e-310))
    assert fastmle.kl_divergence(p, q, engine=engine) == pytest.approx(ref, rel=1e-14)
    ref2 = 1e-310 * (math.log(1e-310) - math.log(0.5)) + (1 - 1e-310) * math.log((1 - 1e-310) / 0.5)
    assert fastmle.kl_divergence(q, p, engine=engine) == pytest.approx(ref2, rel=1e-14)


def test_kl_from_logits_bad_input(engine):
    p = np.array([0.2, 0.3, 0.5])
    for z, match in (([0.1, np.nan, 0.3], "NaN"), ([0.1, np.inf, 0.3], "infinite"),
                     ([0.1, -np.inf, 0.3], "infinite")):
        with pytest.raises(ValueError, match=match):
            fastmle.kl_divergence(p, z, from_logits=True, engine=engine)
    with pytest.raises(ValueError, match="negative"):
        fastmle.kl_divergence([-0.2, 0.7, 0.5], [0.0, 1.0, 2.0], from_logits=True,
                              engine=engine)
    with pytest.raises(ValueError, match="sum to 1"):
        fastmle.kl_divergence([0.2, 0.7, 0.5], [0.0, 1.0, 2.0], from_logits=True,
                              engine=engine)


def test_axis_and_broadcasting():
    p, q = pair(rows=5, k=4, seed=4)
    ref = fastmle.js_divergence(p, q)
    np.testing.assert_array_equal(fastmle.js_divergence(p.T, q.T, axis=0), ref)
    v, g = fastmle.kl_divergence(p.T, q.T, axis=0, return_grad=True)
    assert g.shape == (4, 5)
    np.testing.assert_array_equal(g, fastmle.kl_divergence(p, q, return_grad=True)[1].T)
    one = fastmle.total_variation(p, q[0])                        # q broadcast to rows
    np.testing.assert_allclose(one, FUNCS["total_variation"](p, q[0][None]), rtol=1e-14)


def test_normalize_and_its_gradient():
    p, q = pair(rows=2, k=5, seed=5)
    with pytest.raises(ValueError, match="must sum to 1"):
        fastmle.kl_divergence(3 * p, q)
    np.testing.assert_allclose(fastmle.kl_divergence(3 * p, 2 * q, normalize=True),
                               fastmle.kl_divergence(p, q), rtol=1e-13)
    _, g = fastmle.hellinger(p[0], 2 * q[0], normalize=True, return_grad=True)
    fd = fd_grad(lambda qq: FUNCS["hellinger"](p[0], qq / qq.sum()), 2 * q[0])
    np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-9)


def test_threads_and_engines_agree():
    p, q = pair(rows=300, k=50, seed=6)
    for name in FUNCS:
        f = getattr(fastmle, name)
        ref, gref = f(p, q, return_grad=True)
        v, g = f(p, q, return_grad=True, n_threads=2)
        np.testing.assert_array_equal(v, ref)
        np.testing.assert_array_equal(g, gref)
        for eng in ENGINES[1:]:
            v, g = f(p, q, return_grad=True, engine=eng)
            np.testing.assert_allclose(v, ref, rtol=1e-13, atol=1e-16)
            np.testing.assert_allclose(g, gref, rtol=1e-13)
            v2, g2 = f(p, q, return_grad=True, engine=eng, n_threads=2)   # rows in parallel
            np.testing.assert_array_equal(v2, v)
            np.testing.assert_array_equal(g2, g)


def test_bad_input():
    p = np.array([0.5, 0.5])
    with pytest.raises(ValueError, match="negative entry"):
        fastmle.total_variation([1.5, -0.5], p)
    with pytest.raises(ValueError, match="NaN"):
        fastmle.kl_divergence(p, [np.nan, 0.5])
    with pytest.raises(ValueError, match="infinite"):
        fastmle.kl_divergence(p, [np.inf, 0.5])
    with pytest.raises(ValueError, match="broadcastable"):
        fastmle.kl_divergence(p, [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match="empty"):
        fastmle.kl_divergence([], [])
    with pytest.raises(ValueError, match="sums to 0"):
        fastmle.kl_divergence([0.0, 0.0], p, normalize=True)
    with pytest.raises(TypeError, match="numeric"):
        fastmle.kl_divergence(["a", "b"], p)
    q = p.copy()
    fastmle.kl_divergence(p, q, normalize=True, return_grad=True)
    np.testing.assert_array_equal(q, [0.5, 0.5])                  # inputs untouched


simplex = hs.lists(hs.floats(0.0, 1.0), min_size=2, max_size=12).filter(
    lambda v: sum(v) > 1e-3).map(lambda v: np.array(v) / np.sum(v))


@settings(max_examples=80, deadline=None)
@given(simplex, hs.data())
def test_metric_properties(p, data):
    k = p.size
    q = data.draw(hs.lists(hs.floats(0.0, 1.0), min_size=k, max_size=k).filter(
        lambda v: sum(v) > 1e-3).map(lambda v: np.array(v) / np.sum(v)))
    r = data.draw(hs.lists(hs.floats(0.0, 1.0), min_size=k, max_size=k).filter(
        lambda v: sum(v) > 1e-3).map(lambda v: np.array(v) / np.sum(v)))
    for name in ("total_variation", "js_divergence", "hellinger"):
        f = getattr(fastmle, name)
        assert f(p, q) == pytest.approx(f(q, p), rel=1e-12, abs=1e-15)
        assert f(p, p) == pytest.approx(0.0, abs=1e-12)
    tv = fastmle.total_variation
    assert tv(p, r) <= tv(p, q) + tv(q, r) + 1e-12
    h = fastmle.hellinger
    assert h(p, r) <= h(p, q) + h(q, r) + 1e-12
    assert 0.0 <= tv(p, q) <= 1.0 + 1e-12 and 0.0 <= h(p, q) <= 1.0 + 1e-12
    assert fastmle.kl_divergence(p, q) >= -1e-12


# ------------------------------------------------------------------ Wasserstein
def _quantile_wp(u, v, p, uw=None, vw=None, grid=200_001):
    """Brute-force reference: |F_u^-1 - F_v^-1|^p on a fine grid of t (midpoints)."""
    def qf(x, w):
        o = np.argsort(x)
        x = x[o]
        w = np.ones_like(x) if w is None else np.asarray(w, float)[o]
        c = np.cumsum(w) / w.sum()
        t = (np.arange(grid) + 0.5) / grid
        return x[np.minimum(np.searchsorted(c, t), x.size - 1)]
    d = np.abs(qf(u, uw) - qf(v, vw))
    return d.max() if np.isinf(p) else np.mean(d ** p) ** (1 / p)


@pytest.mark.parametrize("n,m", [(100, 37), (50, 50), (1, 20), (2000, 3)])
def test_wasserstein_1_matches_scipy(n, m, engine):
    rng = np.random.default_rng(n + m)
    u = rng.normal(size=n)
    v = np.round(rng.normal(1, 2, size=m), 1)            # ties
    assert fastmle.wasserstein(u, v, engine=engine) == pytest.approx(
        st.wasserstein_distance(u, v), rel=1e-12)
    uw = rng.uniform(size=n)
    vw = rng.uniform(size=m)
    vw[0] = 0.0                                           # a zero weight
    assert fastmle.wasserstein(u, v, u_weights=uw, v_weights=vw, engine=engine) == \
        pytest.approx(st.wasserstein_distance(u, v, uw, vw), rel=1e-12)


@pytest.mark.parametrize("p", [1, 2, 3.7, np.inf])
def test_wasserstein_p_matches_pot_and_quantiles(p, engine):
    rng = np.random.default_rng(7)
    u = rng.normal(size=40)
    v = rng.exponential(size=25)
    ours = fastmle.wasserstein(u, v, p=p, engine=engine)
    assert ours == pytest.approx(_quantile_wp(u, v, p), rel=1e-3)
    ot = pytest.importorskip("ot") if np.isfinite(p) else None
    if ot is not None:
        assert ours == pytest.approx(ot.wasserstein_1d(u, v, p=p) ** (1 / p), rel=1e-10)
        uw, vw = rng.uniform(size=40), rng.uniform(size=25)
        got = fastmle.wasserstein(u, v, p=p, u_weights=uw, v_weights=vw, engine=engine)
        ref = ot.wasserstein_1d(u, v, uw / uw.sum(), vw / vw.sum(), p=p) ** (1 / p)
        assert got == pytest.approx(ref, rel=1e-10)


@pytest.mark.parametrize("p", [1, 2, 3.7])
def test_wasserstein_gradient_matches_finite_differences(p, engine):
    rng = np.random.default_rng(8)
    u = rng.normal(size=9)
    v = rng.normal(0.5, 1.5, size=6)
    w, g = fastmle.wasserstein(u, v, p=p, return_grad=True, engine=engine)
    fd = fd_grad(lambda uu: fastmle.wasserstein(uu, v, p=p), u, h=1e-7)
    np.testing.assert_allclose(g, fd, rtol=1e-5, atol=1e-7)


def test_wasserstein_batches_threads_sorted():
    rng = np.random.default_rng(9)
    U = rng.normal(size=(30, 40))
    V = rng.normal(size=(30, 25))
    one = np.array([fastmle.wasserstein(U[i], V[i], p=2) for i in range(30)])
    np.testing.assert_allclose(fastmle.wasserstein(U, V, p=2, axis=1), one, rtol=1e-14)
    for eng in ENGINES:
        np.testing.assert_array_equal(
            fastmle.wasserstein(U, V, p=2, axis=1, n_threads=2, engine=eng),
            fastmle.wasserstein(U, V, p=2, axis=1, engine=eng))
    np.testing.assert_allclose(fastmle.wasserstein(U.T, V.T, p=2, axis=0), one, rtol=1e-14)
    _, G = fastmle.wasserstein(U.T, V.T, p=2, axis=0, return_grad=True)
    assert G.shape == (40, 30)
    np.testing.assert_allclose(G[:, 3], fastmle.wasserstein(U[3], V[3], p=2,
                                                           return_grad=True)[1], rtol=1e-14)
    assert fastmle.wasserstein(np.sort(U[0]), np.sort(V[0]), sorted=True) == \
        fastmle.wasserstein(U[0], V[0])


def _radix_sort(X, payload):
    from fastmle._cy import best_module

    Xs, Ps = np.empty(X.shape), np.empty(payload.shape, payload.dtype)
    best_module("distances").sort_rows(X, payload.view(np.uint64), Xs, Ps.view(np.uint64), 1)
    return Xs, Ps


EDGES = np.array([0.0, -0.0, np.inf, -np.inf, 5e-324, -5e-324, 2.2e-308, -1e308, 1e308,
                  1.0, -1.0, 1.0, np.nextafter(1.0, 2.0), np.nextafter(1.0, 0.0), 3.0])


@settings(max_examples=100, deadline=None)
@given(hs.one_of(hs.lists(hs.floats(allow_nan=False), min_size=1, max_size=300),
                 hs.lists(hs.sampled_from(list(EDGES)), min_size=1, max_size=50)))
def test_radix_sort_carries_payload(xs):
    """The pair sort behind weighted and gradient Wasserstein: np.sort's values, each
    payload still beside its value (stable among ties), rows independent."""
    X = np.array([xs, xs[::-1]], dtype=np.float64)
    pos = np.tile(np.arange(X.shape[1]), (2, 1))
    Xs, P = _radix_sort(X, pos)
    for r in range(2):
        np.testing.assert_array_equal(Xs[r], np.sort(X[r]))
        np.testing.assert_array_equal(Xs[r], X[r][P[r]])     # payload travels with value
        zero_sign = np.where(X[r] == 0, np.where(np.signbit(X[r]), -1, 1), 0)   # -0 < +0
        np.testing.assert_array_equal(P[r], np.lexsort((pos[r], zero_sign, X[r])))  # stable
    Ws, Wp = _radix_sort(X, -X)                                # float payloads too
    np.testing.assert_array_equal(Wp, -Ws)


def test_weighted_wasserstein_sort_path_agrees_with_argsort():
    rng = np.random.default_rng(12)
    u = np.round(rng.normal(size=5000), 2)                    # many ties
    v = rng.standard_cauchy(size=3001)
    uw, vw = rng.uniform(size=5000), rng.uniform(size=3001)
    got = fastmle.wasserstein(u, v, u_weights=uw, v_weights=vw)           # radix sort
    ref = fastmle.wasserstein(u, v, u_weights=uw, v_weights=vw, engine="python")
    assert got == pytest.approx(ref, rel=1e-12)
    assert got == pytest.approx(st.wasserstein_distance(u, v, uw, vw), rel=1e-10)


@settings(max_examples=60, deadline=None)
@given(hs.lists(hs.floats(-100, 100), min_size=1, max_size=30),
       hs.lists(hs.floats(-100, 100), min_size=1, max_size=30),
       hs.lists(hs.floats(-100, 100), min_size=1, max_size=30),
       hs.sampled_from([1.0, 2.0, 3.7, np.inf]))
def test_wasserstein_metric_properties(u, v, r, p):
    u, v, r = map(np.array, (u, v, r))
    W = fastmle.wasserstein
    assert W(u, u, p=p) == 0.0
    assert W(u, v, p=p) == pytest.approx(W(v, u, p=p), rel=1e-12, abs=1e-12)
    assert W(u, r, p=p) <= W(u, v, p=p) + W(v, r, p=p) + 1e-9
    assert W(u, v, p=1) <= W(u, v, p=2) * (1 + 1e-12) + 1e-12     # W_p grows with p


def test_wasserstein_bad_input():
    with pytest.raises(ValueError, match="p must be >= 1"):
        fastmle.wasserstein([1.0], [2.0], p=0.5)
    with pytest.raises(ValueError, match="empty"):
        fastmle.wasserstein([], [1.0])
    with pytest.raises(ValueError, match="NaN"):
        fastmle.wasserstein([1.0, np.nan], [1.0])
    with pytest.raises(ValueError, match="negative"):
        fastmle.wasserstein([1.0, 2.0], [1.0], u_weights=[1.0, -1.0])
    with pytest.raises(ValueError, match="sum to 0"):
        fastmle.wasserstein([1.0, 2.0], [1.0], u_weights=[0.0, 0.0])
    with pytest.raises(ValueError, match="not sorted"):
        fastmle.wasserstein([2.0, 1.0], [1.0], sorted=True)
    with pytest.raises(ValueError, match="1-D"):
        fastmle.wasserstein(np.ones((2, 3)), [1.0])
    u = np.array([3.0, 1.0, 2.0])
    fastmle.wasserstein(u, [0.0], u_weights=[1, 1, 1], return_grad=True)
    np.testing.assert_array_equal(u, [3.0, 1.0, 2.0])


# ------------------------------------------------------------------ between distributions
PAIRS = [
    (fastmle.norm(0.3, 1.2), fastmle.norm(-0.5, 2.0)),
    (fastmle.lognorm(0.7, scale=2.0), fastmle.lognorm(1.1, scale=1.0)),
    (fastmle.expon(scale=2.0), fastmle.expon(scale=0.7)),
    (fastmle.gamma(2.5, scale=1.3), fastmle.gamma(1.5, scale=3.0)),
    (fastmle.beta(2.0, 3.5), fastmle.beta(1.2, 0.9)),
    (fastmle.laplace(0.2, 1.0), fastmle.laplace(-1.0, 2.5)),
    (fastmle.halfnorm(scale=2.0), fastmle.halfnorm(scale=0.7)),
    (fastmle.rayleigh(scale=2.0), fastmle.rayleigh(scale=0.7)),
    (fastmle.chi2(3.0), fastmle.chi2(5.5)),
    (fastmle.invgamma(3.0, scale=2.0), fastmle.invgamma(4.5, scale=1.2)),
    (fastmle.nakagami(1.7, scale=2.0), fastmle.nakagami(0.8, scale=1.3)),
    (fastmle.loggamma(2.5, loc=0.5, scale=1.5), fastmle.loggamma(0.7, loc=0.5, scale=1.5)),
    (fastmle.lomax(3.5, scale=2.0), fastmle.lomax(1.5, scale=2.0)),
    (fastmle.pareto(3.5, scale=2.0), fastmle.pareto(1.5, scale=2.0)),
    (fastmle.invgauss(0.6, scale=2.0), fastmle.invgauss(1.3, scale=0.8)),
    (fastmle.uniform(1.0, 2.0), fastmle.uniform(0.5, 4.0)),
    (fastmle.gumbel_r(0.4, 1.5), fastmle.gumbel_r(-0.3, 0.9)),
    (fastmle.gumbel_l(0.4, 1.5), fastmle.gumbel_l(-0.3, 0.9)),
    (fastmle.powerlaw(2.5), fastmle.powerlaw(0.6)),
]
DISCRETE_PAIRS = [
    (fastmle.poisson(3.5), fastmle.poisson(5.0)),
    (fastmle.binom(12, 0.3), fastmle.binom(12, 0.55)),
    (fastmle.geom(0.35), fastmle.geom(0.2)),
]


@pytest.mark.parametrize("d1,d2", PAIRS, ids=lambda d: d.family.name)
def test_closed_form_kl_matches_integration(d1, d2):
    from scipy.integrate import quad

    s1 = getattr(st, d1.family.name)(**d1.params)
    s2 = getattr(st, d2.family.name)(**d2.params)
    lo, hi = s1.ppf(1e-15), s1.ppf(1 - 1e-15)

    def f(x):
        return s1.pdf(x) * (s1.logpdf(x) - s2.logpdf(x))
    loc = s1.support()[0]
    if np.isfinite(loc) and (hi - loc) > 1e4 * (lo - loc):
        # a long right tail over a positive support: in t = log(x - loc)
        ref = quad(lambda t: f(loc + np.exp(t)) * np.exp(t), np.log(lo - loc),
                   np.log(hi - loc), limit=400)[0]
    else:
        ref = quad(f, lo, hi, limit=400, points=[d1.params.get("loc", 0.0)]
                   if d1.family.name == "laplace" else None)[0]
    assert fastmle.kl_divergence(d1, d2) == pytest.approx(ref, rel=1e-7, abs=1e-10)
    assert fastmle.kl_divergence(d1, d1) == pytest.approx(0.0, abs=1e-12)
    if d1.family.name == "uniform":     # d2's support does not cover d1's: infinite
        assert fastmle.kl_divergence(d2, d1) == np.inf


@pytest.mark.parametrize("d1,d2", DISCRETE_PAIRS, ids=lambda d: d.family.name)
def test_closed_form_kl_discrete(d1, d2):
    k = np.arange(0, 400.0)
    s1 = getattr(st, d1.family.name)(**d1.params)
    s2 = getattr(st, d2.family.name)(**d2.params)
    p1 = s1.pmf(k)
    ref = sp.rel_entr(p1, s2.pmf(k)).sum()
    assert fastmle.kl_divergence(d1, d2) == pytest.approx(ref, rel=1e-10)


def test_kl_between_errors_and_categorical():
    c1, c2 = fastmle.categorical([0.2, 0.8]), fastmle.categorical([0.5, 0.5])
    assert fastmle.kl_divergence(c1, c2) == pytest.approx(sp.rel_entr([0.2, 0.8], 0.5).sum())
    with pytest.raises(NotImplementedError, match="between norm and gamma"):
        fastmle.kl_divergence(fastmle.norm(0, 1), fastmle.gamma(2.0))
    with pytest.raises(NotImplementedError, match="between t and t"):
        fastmle.kl_divergence(fastmle.t(3, 0, 1), fastmle.t(4, 0, 1))
    with pytest.raises(NotImplementedError, match="different loc"):
        fastmle.kl_divergence(fastmle.gamma(2.0, loc=1.0), fastmle.gamma(2.0))


def test_wasserstein_between_distributions():
    a, b = fastmle.norm(0.0, 1.0), fastmle.norm(1.5, 2.0)
    assert fastmle.wasserstein(a, b, p=2) == pytest.approx(np.hypot(1.5, 1.0), rel=1e-14)
    assert fastmle.wasserstein(a, fastmle.norm(2.0, 1.0), p=1) == pytest.approx(2.0, rel=1e-8)
    g1, g2 = fastmle.gamma(2.0, scale=1.0), fastmle.gamma(3.0, scale=0.5)
    t = (np.arange(200_000) + 0.5) / 200_000
    ref = np.mean(np.abs(st.gamma(2.0).ppf(t) - st.gamma(3.0, scale=0.5).ppf(t)) ** 2) ** 0.5
    assert fastmle.wasserstein(g1, g2, p=2) == pytest.approx(ref, rel=1e-4)
    with pytest.raises(NotImplementedError):
        fastmle.wasserstein(fastmle.poisson(2.0), fastmle.poisson(3.0))


# ---------------------------------------------- extreme values, ties, empty batches (issue 8)
def _log_softmax(z):
    """float64 reference: the max shift first, exactly, then the log-sum-exp."""
    d = z - z.max(axis=-1, keepdims=True)
    return d - np.log(np.exp(d).sum(axis=-1, keepdims=True))


@pytest.mark.parametrize("big", [0.0, 1e10, 1e15, 1e16, -1e300])
def test_kl_from_logits_exact_after_max_shift(big, engine):
    value, grad = fastmle.kl_divergence([.5, .5], [big, big], from_logits=True,
                                        return_grad=True, engine=engine)
    assert value == 0.0
    np.testing.assert_array_equal(grad, [0.0, 0.0])
    p = np.array([.1, .2, .3, .4])
    z = big + np.array([0.0, 1.0, 2.5, -3.0])        # offsets exact at 1e15 (ulp 0.125)
    if big not in (1e16, -1e300):
        ref = _log_softmax(z)
        value, grad = fastmle.kl_divergence(p, z, from_logits=True, return_grad=True,
                                            engine=engine)
        assert value == pytest.approx(np.sum(p * (np.log(p) - ref)), rel=1e-14)
        np.testing.assert_allclose(grad, np.exp(ref) - p, rtol=1e-14, atol=1e-16)


def test_kl_from_logits_spanning_beyond_the_double_range(engine):
    """Logits 2e308 apart: log q = -2e308 for the second class, so KL = 1e308 + ..."""
    value, grad = fastmle.kl_divergence([.5, .5], [1e308, -1e308], from_logits=True,
                                        return_grad=True, engine=engine)
    assert value == pytest.approx(1e308, rel=1e-15)
    np.testing.assert_array_equal(grad, [0.5, -0.5])
    value = fastmle.kl_divergence([.999, .001], [1e308, -1e308], from_logits=True,
                                  engine=engine)
    assert value == pytest.approx(2e305, rel=1e-14)


@pytest.mark.parametrize("name", FUNCS)
def test_normalize_without_overflow(name, engine):
    f = getattr(fastmle, name)
    p, q = np.array([.5, .5]), np.array([.25, .75])
    big = np.ldexp([1.0, 1.0], 1023)                   # each finite, the sum is not
    bigq = np.ldexp([1.0, 3.0], 1022)
    truth = FUNCS[name](p, q)
    if name == "kl_divergence":
        assert fastmle.kl_divergence([1e308, 1e308], [1., 3.], normalize=True,
                                     engine=engine) == pytest.approx(0.14384103622589045,
                                                                     rel=1e-14)
    for pp, qq in ((big, [1., 3.]), ([1., 1.], bigq), (big, bigq), ([1e308, 1e308], q)):
        assert f(pp, qq, normalize=True, engine=engine) == pytest.approx(truth, rel=1e-14)
    # the gradient through the normalisation scales as 1 / sum(q)
    _, g_small = f(p, [1., 3.], normalize=True, return_grad=True, engine=engine)
    _, g_big = f(p, bigq, normalize=True, return_grad=True, engine=engine)
    np.testing.assert_allclose(g_big, np.ldexp(g_small, -1022), rtol=1e-12, atol=0)


def test_wasserstein_huge_weights_and_values(engine):
    W = fastmle.wasserstein
    assert W([0., 1.], [0., 2.], u_weights=[1e308, 1e308], engine=engine) == 0.5
    assert W([0., 1.], [0., 2.], p=np.inf, u_weights=[1e308, 1e308], engine=engine) == 1.0
    assert W([0., 1.], [0., 2.], p=2, u_weights=[1e308, 1e308],
             v_weights=[1e308, 1e308], engine=engine) == pytest.approx(np.sqrt(0.5), rel=1e-15)
    assert W([1e308, -1e308], [0., 0.], engine=engine) == 1e308
    # a difference beyond the double range where the distance is not
    assert W([1e308, 1e308], [-1e308, 1e308], engine=engine) == 1e308
    assert W([1e308], [-1e308], engine=engine) == np.inf
    assert W([1e308, 1e308], [-1e308, 1e308], p=np.inf, engine=engine) == np.inf
    assert W([1e308, 1e308], [-1e308, 1e308], p=2, engine=engine) == \
        pytest.approx(np.sqrt(2.0) * 1e308, rel=1e-15)
    # W_p^p below the double range, and p so large that every power leaves it
    assert W([1e-200], [0.], p=2, engine=engine) == 1e-200
    for p in (2000.0, 1e6):
        w, g = W([0., 0.5], [0., 1.], p, return_grad=True, engine=engine)
        assert w == pytest.approx(0.5 * 0.5 ** (1 / p), rel=1e-14)
        # (the powers amplify a rounding of W by p)
        np.testing.assert_allclose(g, [0.0, -(0.5 ** (1 / p))], rtol=p * 4e-16)
        assert W([0., 3.], [0., 1.], p, engine=engine) == pytest.approx(2 * 0.5 ** (1 / p),
                                                                       rel=1e-14)
    assert W([0., 1e-170], [0., 0.], p=3.7, engine=engine) == \
        pytest.approx(1e-170 * 0.5 ** (1 / 3.7), rel=1e-14, abs=0)


@pytest.mark.parametrize("p", [1.0, 2.0, 3.7, np.inf])
@pytest.mark.parametrize("weighted", [False, True])
def test_wasserstein_scales_exactly_by_powers_of_2(p, weighted, engine):
    """W_p(2^k u, 2^k v) = 2^k W_p(u, v) and the gradient does not change, across the
    double range (W_p^p overflows or underflows at the extremes)."""
    rng = np.random.default_rng(21)
    u, v = rng.normal(size=13), rng.normal(1.0, 2.0, size=8)
    kw = dict(u_weights=rng.uniform(size=13), v_weights=rng.uniform(size=8)) if weighted else {}
    for k in (-1060, -1000, -600, 300, 1000, 1020):
        uk, vk = np.ldexp(u, k), np.ldexp(v, k)
        # (subnormal values are rounded: compare with the same rounded values at scale 1)
        w0, g0 = fastmle.wasserstein(np.ldexp(uk, -k), np.ldexp(vk, -k), p, return_grad=True,
                                     engine=engine, **kw)
        w, g = fastmle.wasserstein(uk, vk, p, return_grad=True, engine=engine, **kw)
        assert w == pytest.approx(np.ldexp(w0, k), rel=1e-13, abs=1e-321)
        np.testing.assert_allclose(g, g0, rtol=1e-12, atol=1e-15)


TIE = dict(u=np.array([1., 1, 0, 0]), v=np.array([-0.78, 0.27, -0.25]),
           w=np.array([1., 1, 2, 3]))


def test_wasserstein_gradient_at_ties(engine):
    """Tied points share the derivative of moving them together, in proportion to
    their weights: a function of the values, the same on every engine and under any
    permutation; that derivative is the finite difference of the shift of the tie."""
    u, v, w = TIE["u"], TIE["v"], TIE["w"]

    def W(uu, ww=w):
        return fastmle.wasserstein(uu, v, 2, u_weights=ww, engine=engine)

    _, g = fastmle.wasserstein(u, v, 2, u_weights=w, return_grad=True, engine=engine)
    h = 1e-7
    for value in (0.0, 1.0):
        tie = u == value
        total = (W(u + h * tie) - W(u - h * tie)) / (2 * h)
        np.testing.assert_allclose(g[tie], total * w[tie] / w[tie].sum(), rtol=1e-6)
    np.testing.assert_allclose(g, [0.16931599, 0.16931599, 0.21462154, 0.32193231],
                               rtol=1e-7)
    for perm in ([3, 2, 1, 0], [2, 0, 3, 1], [0, 3, 1, 2]):
        _, gp = fastmle.wasserstein(u[perm], v, 2, u_weights=w[perm], return_grad=True,
                                    engine=engine)
        np.testing.assert_allclose(gp, g[perm], rtol=1e-14, atol=1e-16)
    # unweighted (equal shares), p = 1, 3.7, inf, and ties across samples of a batch
    for p in (1.0, 3.7, np.inf):
        _, g1 = fastmle.wasserstein(u, v, p, return_grad=True, engine=engine)
        _, g2 = fastmle.wasserstein(u[::-1], v, p, return_grad=True, engine=engine)
        np.testing.assert_allclose(g2, g1[::-1], rtol=1e-14, atol=1e-16)
        assert g1[0] == g1[1] and g1[2] == g1[3]
    U = np.array([u, u[::-1]])
    _, G = fastmle.wasserstein(U, np.array([v, v]), 2, axis=1, u_weights=np.array([w, w[::-1]]),
                               return_grad=True, engine=engine)
    np.testing.assert_allclose(G[1], G[0][::-1], rtol=1e-14, atol=1e-16)


@pytest.mark.parametrize("p", [1.0, 2.0, 3.7])
def test_weighted_wasserstein_gradient_matches_finite_differences(p, engine):
    rng = np.random.default_rng(22)
    u, v = rng.normal(size=7), rng.normal(0.3, 1.2, size=5)
    a, b = rng.uniform(0.5, 1.5, size=7), rng.uniform(0.5, 1.5, size=5)
    _, g = fastmle.wasserstein(u, v, p, u_weights=a, v_weights=b, return_grad=True,
                               engine=engine)
    fd = fd_grad(lambda uu: fastmle.wasserstein(uu, v, p, u_weights=a, v_weights=b), u,
                 h=1e-7)
    np.testing.assert_allclose(g, fd, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", FUNCS)
def test_empty_batch_gives_empty_results(name, engine):
    f = getattr(fastmle, name)
    e = np.empty((0, 3))
    for kw in ({}, {"normalize": True}):
        assert f(e, e, engine=engine, **kw).shape == (0,)
        value, grad = f(e, e, return_grad=True, engine=engine, **kw)
        assert value.shape == (0,) and grad.shape == (0, 3)
        assert f(np.empty((2, 0, 3)), np.empty((2, 0, 3)), engine=engine, **kw).shape == (2, 0)
    if name == "kl_divergence":
        value, grad = f(e, e, from_logits=True, return_grad=True, engine=engine)
        assert value.shape == (0,) and grad.shape == (0, 3)


def test_wasserstein_empty_batch(engine):
    e = np.empty((0, 3))
    for kw in ({}, {"u_weights": e}, {"u_weights": e, "v_weights": np.empty((0, 2))}):
        for p in (1.0, 2.0, np.inf):
            assert fastmle.wasserstein(e, np.empty((0, 2)), p, axis=1, engine=engine,
                                       **kw).shape == (0,)
            w, g = fastmle.wasserstein(e, np.empty((0, 2)), p, axis=1, return_grad=True,
                                       engine=engine, **kw)
            assert w.shape == (0,) and g.shape == (0, 3)
    w, g = fastmle.wasserstein(e.T, np.empty((2, 0)), axis=0, return_grad=True, engine=engine)
    assert w.shape == (0,) and g.shape == (3, 0)


def test_huge_thread_counts_do_not_crash():
    """More threads than rows: the kernels never start idle threads (no crash, same
    results); in a subprocess, as a crash would take the test run down."""
    import subprocess
    import sys

    code = """
import numpy as np, fastmle
rng = np.random.default_rng(0)
P = rng.dirichlet(np.ones(4), size=5)
Z = rng.normal(size=(5, 300))
for nt in (1, 100_000):
    print(fastmle.kl_divergence(P, P[::-1], n_threads=nt, engine='cython').tolist())
    print(fastmle.losses.cross_entropy(Z, np.arange(5), n_threads=nt, engine='cython')[0])
    print(fastmle.losses.cross_entropy(Z[:, :4], np.arange(5) % 4, n_threads=nt,
                                       engine='cython')[0])
    print(fastmle.wasserstein(Z, Z[::-1], axis=1, u_weights=np.abs(Z), n_threads=nt,
                              engine='cython').tolist())
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 8 and lines[:4] == lines[4:]


def test_closed_form_kl_extreme_parameters():
    """Ratios, not squares: no overflow (or division by an underflowed square) where
    the divergence is finite; closed forms worked by hand."""
    from fastmle.distances import kl_between

    N, La = fastmle.norm, fastmle.laplace
    assert kl_between(N(0, 1e200), N(0, 1e200)) == 0.0
    assert kl_between(N(1e200, 1), N(0, 1e200)) == pytest.approx(200 * np.log(10), rel=1e-14)
    assert kl_between(N(0, 1e-200), N(1e-200, 1e-200)) == pytest.approx(0.5, rel=1e-14)
    assert kl_between(N(1e308, 1e300), N(-1e308, 1e300)) == pytest.approx(2e16, rel=1e-14)
    assert kl_between(La(1e308, 1e300), La(-1e308, 1e300)) == pytest.approx(2e8 - 1, rel=1e-14)
    assert kl_between(fastmle.lognorm(1e200, scale=1), fastmle.lognorm(1e200, scale=1)) == 0.0
    import mpmath

    H = fastmle.halfnorm
    with mpmath.workdps(50):
        for s1, s2 in [(1.0, 1.000000001), (1e-200, 1e100), (1e300, 1e300 * (1 + 1e-12))]:
            r2 = (mpmath.mpf(s1) / mpmath.mpf(s2)) ** 2
            want = float((r2 - 1 - mpmath.log(r2)) / 2)
            assert kl_between(H(scale=s1), H(scale=s2)) == pytest.approx(want, rel=1e-14)
    assert kl_between(H(scale=1e200), H(scale=1e-100)) == np.inf


# ------------------------------------------- W_p between distributions (task E follow-up)
def _mp_lower_norm(u):
    import mpmath

    with mpmath.workdps(int(-mpmath.log10(u)) + 30):
        return +(-mpmath.sqrt(2) * mpmath.erfinv(1 - 2 * u))


def _mp_quantiles(d):
    """(Q(u), Q(1 - u)) for u in (0, 1/2] in mpmath, in closed form."""
    import mpmath

    lo = {"norm": _mp_lower_norm, "laplace": lambda u: mpmath.log(2 * u),
          "expon": lambda u: -mpmath.log1p(-u),
          "t": lambda u: (2 * u - 1) / mpmath.sqrt(2 * u * (1 - u)),        # df = 2
          "weibull_min": lambda u: (-mpmath.log1p(-u)) ** (1 / mpmath.mpf(d.params["c"])),
          "pareto": lambda u: (1 - u) ** (-1 / mpmath.mpf(d.params["b"])),
          "lognorm": lambda u: mpmath.exp(d.params["s"] * _mp_lower_norm(u))}
    up = {"norm": lambda u: -_mp_lower_norm(u), "laplace": lambda u: -mpmath.log(2 * u),
          "expon": lambda u: -mpmath.log(u), "t": lambda u: -lo["t"](u),
          "weibull_min": lambda u: (-mpmath.log(u)) ** (1 / mpmath.mpf(d.params["c"])),
          "pareto": lambda u: u ** (-1 / mpmath.mpf(d.params["b"])),
          "lognorm": lambda u: mpmath.exp(-d.params["s"] * _mp_lower_norm(u))}
    name = d.family.name
    loc, scale = mpmath.mpf(d.params["loc"]), mpmath.mpf(d.params["scale"])
    return (lambda u: loc + scale * lo[name](u)), (lambda u: loc + scale * up[name](u))


def _mp_wasserstein(d1, d2, p):
    import mpmath

    with mpmath.workdps(30):
        pts = [mpmath.mpf(10) ** -k for k in (300, 60, 30, 15, 8, 4, 2, 1)] + [0.5]
        total = 0
        for f1, f2 in zip(_mp_quantiles(d1), _mp_quantiles(d2)):
            total += mpmath.quad(lambda u: abs(f1(u) - f2(u)) ** p, pts)
        return float(total ** (1 / mpmath.mpf(p)))


@pytest.mark.parametrize("d1,d2,p", [
    (fastmle.norm(0.0, 1.0), fastmle.laplace(0.0, 1.0), 3.0),
    (fastmle.t(2.0, 0.0, 1.0), fastmle.norm(0.0, 1.0), 1.0),       # heavy, finite
    (fastmle.weibull_min(20.0), fastmle.expon(), 4.0),
    (fastmle.pareto(2.5), fastmle.expon(), 2.0),
    (fastmle.lognorm(2.0), fastmle.expon(), 3.0),
], ids=lambda d: getattr(getattr(d, "family", None), "name", str(d)))
def test_wasserstein_between_matches_mpmath(d1, d2, p):
    assert fastmle.wasserstein(d1, d2, p) == pytest.approx(_mp_wasserstein(d1, d2, p),
                                                           rel=1e-9)


def test_wasserstein_between_infinite_moments():
    t, norm = fastmle.t(0.3, 0.0, 0.3), fastmle.norm(0.0, 0.3)
    assert fastmle.wasserstein(t, norm, 1) == np.inf          # the reproducer (was -0.298)
    assert fastmle.wasserstein(norm, t, 1) == np.inf
    assert fastmle.wasserstein(fastmle.t(2.0, 0.0, 1.0), norm, 2) == np.inf      # df = p
    assert fastmle.wasserstein(fastmle.t(2.5, 0.0, 1.0), norm, 2) < np.inf
    assert fastmle.wasserstein(fastmle.cauchy(0.0, 1.0), norm, 1) == np.inf
    assert fastmle.wasserstein(fastmle.pareto(1.5), fastmle.expon(), 1.5) == np.inf
    # both lack the moment: finite only for a shift (a cauchy is a t with df = 1)
    assert fastmle.wasserstein(fastmle.cauchy(1.0, 2.0), fastmle.t(1.0, -2.0, 2.0), 3) == 3.0
    assert fastmle.wasserstein(fastmle.cauchy(1.0, 2.0), fastmle.cauchy(1.0, 3.0), 1) == np.inf
    assert fastmle.wasserstein(fastmle.t(0.5, 0.0, 1.0), fastmle.cauchy(0.0, 1.0), 1) == np.inf


def test_wasserstein_between_closed_forms_and_extreme_scales():
    # W_1 of two normals: E|dloc + dscale Z| (closed form)
    dm, ds = 1.0, 1.0
    e = ds * 2 * st.norm.pdf(dm / ds) + dm * (2 * st.norm.cdf(dm / ds) - 1)
    assert fastmle.wasserstein(fastmle.norm(1.0, 2.0), fastmle.norm(0.0, 1.0), 1) == \
        pytest.approx(e, rel=1e-12)
    # shifts: |dloc| for every p, even beyond the double range of the difference
    for fam, shape in ((fastmle.gamma, (0.3,)), (fastmle.t, (1.5,)), (fastmle.laplace, ())):
        for p in (1, 2.5, np.inf):
            assert fastmle.wasserstein(fam(*shape, loc=1e308, scale=3.0),      # 2e308
                                       fam(*shape, loc=-1e308, scale=3.0), p) == np.inf
            assert fastmle.wasserstein(fam(*shape, loc=1e308, scale=3.0),
                                       fam(*shape, loc=-7e307, scale=3.0), p) == 1.7e308
        assert fastmle.wasserstein(fam(*shape, loc=2.0, scale=1e-300),
                                   fam(*shape, loc=-1.0, scale=1e-300), 3) == 3.0
    # p = 2, one shape: hypot(dloc + dscale m, dscale sd)
    g1, g2 = fastmle.gamma(2.0, loc=1.0, scale=3.0), fastmle.gamma(2.0, loc=0.0, scale=1.0)
    assert fastmle.wasserstein(g1, g2, 2) == pytest.approx(np.hypot(1.0 + 2 * 2.0,
                                                                    2 * np.sqrt(2.0)), rel=1e-14)
    # W_p(c X, c Y) = c W_p(X, Y) down to tiny and up to huge scales
    for p in (1.0, 7.0):
        w = fastmle.wasserstein(fastmle.norm(0.0, 1.0), fastmle.laplace(0.0, 1.0), p)
        for c in (1e-300, 1e300):
            got = fastmle.wasserstein(fastmle.norm(0.0, c), fastmle.laplace(0.0, c), p)
            assert got == pytest.approx(c * w, rel=1e-9)


def test_wasserstein_between_never_negative_or_nan():
    families = [fastmle.norm(0.0, 1e-300), fastmle.norm(1e300, 1e300), fastmle.t(1.05, 0.0, 1.0),
                fastmle.t(1e6, 0.0, 1e5), fastmle.cauchy(0.0, 1e-10), fastmle.pareto(1.01),
                fastmle.pareto(50.0, scale=1e300), fastmle.lognorm(5.0), fastmle.gamma(1e-3),
                fastmle.beta(0.01, 100.0), fastmle.weibull_min(0.1), fastmle.expon(scale=1e-300)]
    for i, (d1, d2) in enumerate(zip(families, families[1:] + families[:1])):
        p = (1.0, 3.0)[i % 2]
        w = fastmle.wasserstein(d1, d2, p)
        assert w >= 0.0, (d1, d2, p, w)
    # the mean of |t| (df = 1.05) in closed form
    nu = 1.05
    e = 2 * np.sqrt(nu) * np.exp(sp.gammaln((nu + 1) / 2) - sp.gammaln(nu / 2)) / (
        np.sqrt(np.pi) * (nu - 1))
    assert fastmle.wasserstein(families[0], families[2], 1) == pytest.approx(e, rel=1e-6)


def test_huge_entries_no_warnings_and_clean_messages(engine):
    import warnings

    p = np.array([1e308, 1e300, 1e308, 0.9397818372238427])
    q = np.array([0.4503013922242291, 0.11021301737988695, 0.228549486578095,
                  0.21093610381778907])
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        for name in FUNCS:
            f = getattr(fastmle, name)
            # a single vector: no "at ()" in the message
            with pytest.raises(ValueError, match=r"^p must sum to 1 along the axis "
                                                 r"\(within 1e-06\); p sums to inf;"):
                f(p, q, engine=engine)
            with pytest.raises(ValueError, match=r"the vector at \(1,\) sums to inf"):
                f(np.stack([q, p]), np.stack([q, q]), engine=engine)
            with pytest.raises(ValueError, match=r"^q must sum to 1 .* q sums to 1e\+308"):
                f(q, np.array([1e308, 0.0, 0.0, 0.0]), engine=engine)
            # normalised: the rows scaled by a power of 2 first; as the scaled vector
            pn = np.ldexp(p, -1024)
            assert f(p, q, normalize=True, engine=engine) == pytest.approx(
                f(pn / pn.sum(), q, engine=engine), rel=1e-13)
            assert np.isfinite(f(np.stack([p, q]), np.stack([q, p]), normalize=True,
                                 engine=engine)).all()
    with pytest.raises(ValueError, match=r"^p: cannot normalize a vector that sums to 0$"):
        fastmle.hellinger(np.zeros(3), np.ones(3), normalize=True, engine=engine)
    with pytest.raises(ValueError, match=r"sums to 0 \(the vector at \(1, 0\)\)$"):
        fastmle.hellinger(np.ones((2, 2, 3)) * [[[1], [1]], [[0], [1]]], np.ones((2, 2, 3)),
                          normalize=True, engine=engine)


def _mp_kl(name, a, b):
    """The closed forms in mpmath (40 digits) from the parameters' exact values."""
    import mpmath

    m = mpmath.mpf
    with mpmath.workdps(40):
        if name == "expon":
            r = m(a["scale"]) / m(b["scale"])
            v = r - 1 - mpmath.log(r)
        elif name == "poisson":
            v = m(a["mu"]) * mpmath.log(m(a["mu"]) / m(b["mu"])) - m(a["mu"]) + m(b["mu"])
        elif name == "gamma":
            a1, t1, a2, t2 = m(a["a"]), m(a["scale"]), m(b["a"]), m(b["scale"])
            v = ((a1 - a2) * mpmath.digamma(a1) - mpmath.loggamma(a1) + mpmath.loggamma(a2)
                 + a2 * mpmath.log(t2 / t1) + a1 * (t1 - t2) / t2)
        elif name == "gumbel_r":
            r, z = m(a["scale"]) / m(b["scale"]), (m(a["loc"]) - m(b["loc"])) / m(b["scale"])
            v = -mpmath.log(r) - mpmath.euler - 1 + z + r * mpmath.euler + mpmath.exp(
                -z) * mpmath.gamma(1 + r)
        elif name == "invgauss":
            l1, l2 = m(a["scale"]), m(b["scale"])
            m1, m2 = m(a["mu"]) * l1, m(b["mu"]) * l2
            v = (mpmath.log(l1 / l2) + l2 / l1 - 1) / 2 + l2 * (m1 - m2) ** 2 / (2 * m1 * m2 ** 2)
        elif name == "rayleigh":
            r = m(a["scale"]) / m(b["scale"])
            v = r * r - 1 - 2 * mpmath.log(r)
        else:
            p1, p2 = m(a["p"]), m(b["p"])
            v = p1 * mpmath.log(p1 / p2) + (1 - p1) * mpmath.log((1 - p1) / (1 - p2))
            v = v * a["n"] if name == "binom" else v / p1
        return float(v)


@pytest.mark.parametrize("d1,d2", [
    (fastmle.expon(scale=1.0), fastmle.expon(scale=1.0 + 1e-8)),      # near-equal: was 2x off
    (fastmle.expon(scale=1e-300), fastmle.expon(scale=1e300)),        # ratio underflows
    (fastmle.expon(scale=3.0), fastmle.expon(scale=0.5)),
    (fastmle.poisson(1e300), fastmle.poisson(1e300 * (1 + 1e-10))),   # was -4e286
    (fastmle.poisson(1.0), fastmle.poisson(1.0 + 1e-8)),
    (fastmle.poisson(1e-300), fastmle.poisson(7.0)),
    (fastmle.binom(10, 0.3), fastmle.binom(10, 0.3 + 1e-9)),          # was negative
    (fastmle.binom(5, 1e-300), fastmle.binom(5, 0.9)),
    (fastmle.geom(1e-300), fastmle.geom(0.5)),
    (fastmle.geom(0.25), fastmle.geom(0.25 * (1 + 1e-12))),
    (fastmle.gamma(2.0, scale=1.0), fastmle.gamma(2.0, scale=1.0 + 1e-9)),
    (fastmle.gamma(1e-3, scale=1e100), fastmle.gamma(50.0, scale=1e-100)),
    (fastmle.gamma(3.0, scale=2.0), fastmle.gamma(0.5, scale=7.0)),
    (fastmle.gumbel_r(0.0, 1.0), fastmle.gumbel_r(1e-7, 1.0)),
    (fastmle.gumbel_r(1e150, 1e150), fastmle.gumbel_r(-1e150, 2e150)),
    (fastmle.invgauss(0.5, scale=1.0), fastmle.invgauss(0.5 * (1 + 1e-9), scale=1.0)),
    (fastmle.invgauss(1e-100, scale=1e100), fastmle.invgauss(1e100, scale=1e-100)),
    (fastmle.rayleigh(scale=1.0), fastmle.rayleigh(scale=1.0 + 1e-9)),
    (fastmle.rayleigh(scale=1e-150), fastmle.rayleigh(scale=1e150)),
], ids=lambda d: d.family.name)
def test_kl_between_closed_forms_extreme_parameters(d1, d2):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        got = fastmle.kl_divergence(d1, d2)
    assert got >= 0.0
    assert got == pytest.approx(_mp_kl(d1.family.name, d1.params, d2.params), rel=1e-12)


def test_negative_entries_raise_on_every_engine(engine):
    # the python engine's rows raised "math domain error" (sqrt of a negative entry)
    p = np.array([[1e-300, 1e-300, -0.5, 1.0, 1.0]], dtype=np.float32)
    for fn in (fastmle.hellinger, fastmle.js_divergence, fastmle.kl_divergence):
        with pytest.raises(ValueError, match=r"negative entry .* at index \(0, 2\)"):
            fn(p, p, return_grad=True, engine=engine)


def test_gradient_through_a_subnormal_sum_overflows_silently(engine):
    # found by the deep fuzz profile: the normalisation's division warned
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        v, g = fastmle.hellinger(np.array([[0.57, 0.0]]), np.array([[5e-324, 5e-324]]),
                                 normalize=True, return_grad=True, engine=engine)
    assert np.isfinite(v) and not np.isnan(g).all()
