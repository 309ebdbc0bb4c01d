"""The categorical family (labels 0..K-1) against scipy.stats.multinomial(1, p)."""
import math

import numpy as np
import pytest
import scipy.stats as st

import fastmle

P = np.array([0.1, 0.25, 0.4, 0.25])


@pytest.fixture
def labels():
    return np.random.default_rng(0).choice(4, size=500, p=P).astype(np.float64)


def test_loglik_matches_multinomial(labels, engine):
    d = fastmle.categorical(P)
    ref = st.multinomial(1, P).logpmf(np.eye(4)[labels.astype(int)])
    np.testing.assert_allclose(d.logpmf(labels), ref, rtol=1e-13)
    assert d.loglik(labels, engine=engine) == pytest.approx(math.fsum(ref), rel=1e-13)


def test_score_hessian_are_partials(labels, engine):
    d = fastmle.categorical(P)
    counts = np.bincount(labels.astype(int), minlength=4)
    res = d.loglik_derivs(labels, engine=engine)
    np.testing.assert_allclose(res.score, counts / P, rtol=1e-14)
    np.testing.assert_allclose(res.hessian, np.diag(-counts / P**2), rtol=1e-14)


def test_weights_threads_and_merge(labels, engine):
    d = fastmle.categorical(P)
    w = np.random.default_rng(1).integers(0, 3, labels.size)
    a = d.loglik(labels, w, engine=engine)
    assert a == pytest.approx(d.loglik(np.repeat(labels, w), engine=engine), rel=1e-13)
    big = np.tile(labels, 40)
    assert d.loglik(big, engine=engine, n_threads=1) == d.loglik(big, engine=engine,
                                                                 n_threads=2)
    merged = d.suffstats(labels[:100], engine=engine) + d.suffstats(labels[100:], engine=engine)
    np.testing.assert_array_equal(merged.values, d.suffstats(labels, engine=engine).values)


def test_off_support_nan_and_bad_p(engine):
    d = fastmle.categorical(P)
    assert d.loglik([0.0, 4.0], engine=engine) == -np.inf
    assert d.loglik([0.0, 1.5], engine=engine) == -np.inf
    assert np.isnan(d.loglik([0.0, np.nan], engine=engine))
    assert d.loglik([0.0, np.nan], nan_policy="omit", engine=engine) == pytest.approx(np.log(0.1))
    with pytest.raises(ValueError, match="sum to 1"):
        fastmle.categorical([0.5, 0.6])
    with pytest.raises(ValueError, match=r"p\[1\]"):
        fastmle.categorical([0.5, -0.5, 1.0])


@pytest.mark.parametrize("x, match", [
    ([0.0, 4e8], "not a label"),
    ([0.0, 2.0 ** 53], "not a label"),
    ([0.0, 1e308], "not a label"),
    ([0.0, np.inf], "not a label"),
    ([0.0, -1.0], "not a label"),
    ([0.0, 1.5], "not a label"),
    ([0.0, np.nan], "NaN"),
])
def test_fit_rejects_labels_out_of_range_without_allocating(x, match, engine):
    # a dense count array over the label range was allocated (4e8 labels: ~10 GB)
    with pytest.raises(ValueError, match=match + r".*first at index 1"):
        fastmle.fit(x, "categorical", engine=engine)


def test_fit_largest_label_and_many_labels_many_chunks(engine):
    from fastmle.fit import MAX_LABELS

    res = fastmle.fit([0.0, MAX_LABELS - 1.0], "categorical", engine=engine)
    assert res.params["p"].size == MAX_LABELS
    assert res.params["p"][0] == res.params["p"][-1] == 0.5
    # many labels over many chunks: counted without a per-chunk array of all labels
    rng = np.random.default_rng(3)
    x = rng.integers(0, 200_000, 300_000).astype(np.float64)
    w = rng.random(x.size)
    ref = np.bincount(x.astype(np.intp), weights=w, minlength=200_000)
    for nt in (1, 2):
        got = fastmle.fit(x, "categorical", weights=w, engine=engine, n_threads=nt).counts
        np.testing.assert_allclose(got, ref, rtol=1e-12)


def test_complex_probabilities_are_a_type_error():
    with pytest.raises(TypeError, match="p must be real numbers"):
        fastmle.categorical(p=complex(1, 1))
