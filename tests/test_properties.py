"""Invariants under hypothesis: permutation, weights == repetition, dtypes, threads."""
import numpy as np
import pytest
from conftest import CASES, ENGINES, HAS_NUMBA, frozen, sample
from hypothesis import given, settings
from hypothesis import strategies as st

SETTINGS = settings(max_examples=25, deadline=None)
families = st.sampled_from(list(CASES))
seeds = st.integers(0, 2**32 - 1)


@SETTINGS
@given(family=families, seed=seeds, n=st.integers(1, 600))
def test_permutation_invariance(family, seed, n):
    x = sample(family, n=n, seed=seed)
    perm = np.random.default_rng(seed).permutation(n)
    dist = frozen(family)
    a, b = dist.loglik_derivs(x), dist.loglik_derivs(x[perm])
    assert a.loglik == pytest.approx(b.loglik, rel=1e-13)
    np.testing.assert_allclose(a.score, b.score, rtol=1e-10, atol=1e-10)


@SETTINGS
@given(family=families, seed=seeds, n=st.integers(1, 200),
       engine=st.sampled_from(ENGINES))
def test_integer_weights_equal_repetition(family, seed, n, engine):
    x = sample(family, n=n, seed=seed)
    w = np.random.default_rng(seed).integers(0, 4, n)
    if not w.any():
        w[0] = 1
    dist = frozen(family)
    a = dist.loglik_derivs(x, w, engine=engine)
    b = dist.loglik_derivs(np.repeat(x, w), engine=engine)
    assert a.loglik == pytest.approx(b.loglik, rel=1e-12)
    np.testing.assert_allclose(a.score, b.score, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(a.hessian, b.hessian, rtol=1e-9, atol=1e-9)


@SETTINGS
@given(family=families, seed=seeds, n=st.integers(1, 500))
def test_float32_agrees_with_float64(family, seed, n):
    x32 = sample(family, n=n, seed=seed).astype(np.float32)
    dist = frozen(family)
    ll32 = dist.loglik(x32)
    ll64 = dist.loglik(x32.astype(np.float64))
    assert ll32 == ll64     # float32 data are computed and accumulated in float64
    lp = dist.logpmf(x32) if dist.family.discrete else dist.logpdf(x32)
    assert lp.dtype == np.float32


@pytest.mark.parametrize("engine", ["cython"] + (["numba"] if HAS_NUMBA else []))
@pytest.mark.parametrize("family", list(CASES))
def test_one_and_two_threads_bit_identical(family, engine):
    x = sample(family, n=50_001, seed=7)
    w = np.random.default_rng(7).uniform(0, 2, x.size)
    dist = frozen(family)
    a = dist.loglik_derivs(x, w, engine=engine, n_threads=1)
    b = dist.loglik_derivs(x, w, engine=engine, n_threads=2)
    assert a.loglik == b.loglik
    np.testing.assert_array_equal(a.score, b.score)
    np.testing.assert_array_equal(a.hessian, b.hessian)
    assert dist.loglik(x, engine=engine, n_threads=1) == dist.loglik(x, engine=engine,
                                                                     n_threads=2)


@SETTINGS
@given(family=families, seed=seeds, step=st.integers(2, 5))
def test_readonly_and_strided_inputs(family, seed, step):
    x = sample(family, n=300, seed=seed)
    ro = x.copy()
    ro.setflags(write=False)
    dist = frozen(family)
    assert dist.loglik(ro) == dist.loglik(x)
    assert dist.loglik(x[::step]) == dist.loglik(np.ascontiguousarray(x[::step]))
    fortran = np.asfortranarray(np.stack([x, x]))[0]
    assert dist.loglik(fortran) == dist.loglik(x)
