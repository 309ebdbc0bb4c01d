"""Every CPU variant of the compiled modules that this machine runs gives bit-identical results."""
import importlib

import numpy as np
import pytest
from conftest import CASES, frozen, sample

import fastmle
import fastmle._cy
from fastmle import _engine
from fastmle._cy import _distances, _kernels as base, _losses

RUNNABLE = {4: ["v3", "v4"], 3: ["v3"], 0: []}[base.CPU_LEVEL]


def variants(module):
    found = []
    for name in RUNNABLE:
        try:
            found.append(importlib.import_module(f"fastmle._cy._{module}_{name}"))
        except ImportError:
            pass
    return found


VARIANTS = variants("kernels")


@pytest.mark.skipif(not VARIANTS, reason="no CPU variant built or runnable here")
@pytest.mark.parametrize("family", list(CASES))
def test_variants_bit_identical(family):
    x = sample(family, n=20_000, seed=3)
    w = np.random.default_rng(3).uniform(0, 2, x.size)
    th = frozen(family).th
    for mod in VARIANTS:
        for weights in (None, w):
            a = getattr(base, "loglik_" + family)(x, weights, th, False, 1)
            b = getattr(mod, "loglik_" + family)(x, weights, th, False, 1)
            assert a == b, mod.__name__
            args = (x, weights, th, False, 1)
            np.testing.assert_array_equal(getattr(base, "derivs_" + family)(*args),
                                          getattr(mod, "derivs_" + family)(*args))
        out_a, out_b = np.empty_like(x), np.empty_like(x)
        getattr(base, "logpdf_" + family)(x, out_a, th, 1)
        getattr(mod, "logpdf_" + family)(x, out_b, th, 1)
        np.testing.assert_array_equal(out_a, out_b)


def _distance_and_loss_results():
    rng = np.random.default_rng(4)
    p, q = rng.dirichlet(np.ones(1000), size=3), rng.dirichlet(np.ones(1000), size=3)
    u, v, w = rng.normal(size=5000), rng.normal(size=3001), rng.uniform(size=5000)
    z, y = rng.normal(size=(500, 7)), rng.integers(0, 7, 500)
    out = [f(p, q, return_grad=True) for f in (fastmle.total_variation, fastmle.kl_divergence,
                                               fastmle.js_divergence, fastmle.hellinger,
                                               fastmle.cross_entropy)]
    out.append(fastmle.wasserstein(u, v, p=1, u_weights=w, return_grad=True))
    out.append(fastmle.wasserstein(u, v, p=3.7, return_grad=True))
    out.append(fastmle.losses.cross_entropy(z, y, label_smoothing=0.1))
    return out


@pytest.mark.skipif(not variants("distances"), reason="no CPU variant built or runnable here")
def test_distance_and_loss_variants_bit_identical(monkeypatch):
    def results(distances, losses):
        monkeypatch.setattr(fastmle._cy, "_modules", {"distances": distances, "losses": losses})
        monkeypatch.setitem(_engine.BACKENDS, "cython", _engine.CythonBackend("cython"))
        return _distance_and_loss_results()

    ref = results(_distances, _losses)
    for dist, loss in zip(variants("distances"), variants("losses")):
        for a, b in zip(ref, results(dist, loss)):
            np.testing.assert_array_equal(a[0], b[0])
            np.testing.assert_array_equal(a[1], b[1])
