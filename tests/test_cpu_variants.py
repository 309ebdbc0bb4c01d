"""Every CPU variant of the Cython kernels that this machine runs gives bit-identical results."""
import importlib

import numpy as np
import pytest
from conftest import CASES, frozen, sample

from fastmle._cy import _kernels as base

RUNNABLE = {4: ["_kernels_v3", "_kernels_v4"], 3: ["_kernels_v3"], 0: []}[base.CPU_LEVEL]
VARIANTS = []
for name in RUNNABLE:
    try:
        VARIANTS.append(importlib.import_module(f"fastmle._cy.{name}"))
    except ImportError:
        pass


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
            np.testing.assert_array_equal(getattr(base, "derivs_" + family)(x, weights, th, False, 1),
                                          getattr(mod, "derivs_" + family)(x, weights, th, False, 1))
        out_a, out_b = np.empty_like(x), np.empty_like(x)
        getattr(base, "logpdf_" + family)(x, out_a, th, 1)
        getattr(mod, "logpdf_" + family)(x, out_b, th, 1)
        np.testing.assert_array_equal(out_a, out_b)
