"""Discrete distances and divergences: against scipy/numpy, every engine, finite
differences for the gradients, conventions, batches, properties and bad input."""
import numpy as np
import pytest
import scipy.special as sp
import scipy.stats as st
from hypothesis import given, settings
from hypothesis import strategies as hs
from scipy.spatial.distance import jensenshannon

import fastmle
from conftest import ENGINES

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


def _fd_grad(f, q, h=1e-6):
    g = np.empty_like(q)
    for i in range(q.size):
        e = np.zeros_like(q)
        e.flat[i] = h
        g.flat[i] = (f(q + e) - f(q - e)) / (2 * h)
    return g


@pytest.mark.parametrize("name", FUNCS)
def test_gradient_matches_finite_differences(name, engine):
    p, q = pair(rows=1, k=6, seed=2)
    p, q = p[0], q[0]
    f = getattr(fastmle, name)
    _, g = f(p, q, return_grad=True, engine=engine)
    # the functions extend beyond the simplex: differentiate them as they are
    fd = _fd_grad(lambda qq: FUNCS[name](p, qq), q)
    np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-8)


def test_kl_from_logits():
    p, _ = pair(rows=3, k=5, seed=3)
    z = np.random.default_rng(3).normal(size=(3, 5)) * 3
    q = sp.softmax(z, axis=-1)
    v, g = fastmle.kl_divergence(p, z, from_logits=True, return_grad=True)
    np.testing.assert_allclose(v, sp.rel_entr(p, q).sum(-1), rtol=1e-12)
    np.testing.assert_allclose(g, q - p, rtol=1e-12, atol=1e-15)
    fd = _fd_grad(lambda zz: sp.rel_entr(p[0], sp.softmax(zz)).sum(), z[0])
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
    fd = _fd_grad(lambda qq: FUNCS["hellinger"](p[0], qq / qq.sum()), 2 * q[0])
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
