"""Bad input gets a clear error; the caller's arrays are never modified."""
import numpy as np
import pytest

import fastmle


@pytest.fixture
def dist():
    return fastmle.gamma(a=2.0, scale=1.5)


@pytest.mark.parametrize("x, err, match", [
    ([], ValueError, "empty"),
    (np.ones((2, 3)), ValueError, "1-D"),
    (np.array([1 + 1j, 2]), TypeError, "complex"),
    (np.array(["a", "b"]), TypeError, "numeric"),
    (np.array([1.0, None], dtype=object), TypeError, "numeric"),
])
def test_bad_data(dist, x, err, match):
    with pytest.raises(err, match=match):
        dist.loglik(x)
    with pytest.raises(err, match=match):
        dist.loglik_derivs(x)


@pytest.mark.parametrize("w, match", [
    ([1.0, -1.0, 1.0], r"invalid, first at index 1 \(negative"),
    ([1.0, 1.0, np.nan], r"first at index 2 \(NaN"),
    ([1.0, np.inf, 1.0], "infinite, first at index 1"),
    ([0.0, 0.0, 0.0], "all zero"),
    ([1.0, 1.0], r"shape \(3,\)"),
])
def test_bad_weights(dist, w, match):
    with pytest.raises(ValueError, match=match):
        dist.loglik([1.0, 2.0, 3.0], w)


def test_weights_of_wrong_type(dist):
    with pytest.raises(TypeError, match="weights"):
        dist.loglik([1.0, 2.0], ["a", "b"])


def test_nan_policy(dist, engine):
    x = np.array([1.0, np.nan, 2.0, np.nan])
    assert np.isnan(dist.loglik(x, engine=engine))
    assert np.isnan(dist.loglik_derivs(x, engine=engine).score).all()
    clean = dist.loglik([1.0, 2.0], engine=engine)
    assert dist.loglik(x, nan_policy="omit", engine=engine) == pytest.approx(clean, rel=1e-15)
    res = dist.loglik_derivs(x, nan_policy="omit", engine=engine)
    np.testing.assert_allclose(res.score, dist.score([1.0, 2.0], engine=engine), rtol=1e-15)
    with pytest.raises(ValueError, match="2 NaN value.*first at index 1"):
        dist.loglik(x, nan_policy="raise", engine=engine)
    with pytest.raises(ValueError, match="nan_policy"):
        dist.loglik(x, nan_policy="ignore")
    with pytest.raises(ValueError, match="no values left"):
        dist.loglik([np.nan, np.nan], nan_policy="omit")


@pytest.mark.parametrize("family, params, match", [
    ("norm", dict(scale=0.0), "scale must be > 0"),
    ("norm", dict(scale=-1.0), "scale must be > 0"),
    ("norm", dict(loc=np.nan), "loc must be finite"),
    ("gamma", dict(a=-2.0), "a must be > 0"),
    ("binom", dict(n=10, p=1.5), r"p must be in \[0, 1\]"),
    ("binom", dict(n=2.5, p=0.5), "n must be an integer"),
    ("poisson", dict(mu=-1.0), "mu must be >= 0"),
    ("t", dict(df=0.0), "df must be > 0"),
])
def test_bad_parameters(family, params, match):
    with pytest.raises(ValueError, match=match):
        getattr(fastmle, family)(**params)


def test_bad_parameter_names_and_types():
    with pytest.raises(TypeError, match="no parameter 'mean'"):
        fastmle.norm(mean=1.0)
    with pytest.raises(TypeError, match="needs parameter"):
        fastmle.gamma(scale=2.0)
    with pytest.raises(TypeError, match="given twice"):
        fastmle.norm(1.0, loc=2.0)
    with pytest.raises(TypeError, match="real number"):
        fastmle.norm(loc="zero")


def test_bad_engine_and_threads(dist):
    with pytest.raises(ValueError, match="engine must be one of"):
        dist.loglik([1.0], engine="fortran")
    with pytest.raises(ValueError, match="n_threads"):
        dist.loglik([1.0], n_threads=0)
    with pytest.raises(TypeError, match="n_threads"):
        dist.loglik([1.0], n_threads=1.5)


def test_caller_arrays_unchanged_and_readonly_ok(dist, engine):
    x = np.array([1.0, np.nan, 2.0, 3.5])
    w = np.array([1.0, 2.0, 0.0, 1.5])
    x0, w0 = x.copy(), w.copy()
    x.setflags(write=False)
    w.setflags(write=False)
    dist.loglik(x, w, nan_policy="omit", engine=engine)
    dist.loglik_derivs(x, w, nan_policy="omit", engine=engine)
    dist.logpdf(x, engine=engine)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(w, w0)


def test_integer_and_strided_inputs(dist, engine):
    xi = np.arange(1, 11)
    assert dist.loglik(xi, engine=engine) == dist.loglik(xi.astype(float), engine=engine)
    big = np.arange(1.0, 21.0)
    assert dist.loglik(big[::2], engine=engine) == dist.loglik(big[::2].copy(), engine=engine)


@pytest.mark.parametrize("nt", [100_000, 60_000, 2 ** 31 - 1, 2 ** 31, 2 ** 63, np.int64(2 ** 40)])
def test_thread_counts_above_the_cpus_are_capped(nt, engine):
    # 100,000 threads segfaulted the cython engine; 2**31 raised OverflowError there
    import os

    from fastmle._engine import resolve

    assert resolve(engine, nt) == (engine, os.cpu_count())
    x = np.random.default_rng(0).gamma(2.0, size=20_000)
    ref = fastmle.gamma(2.0).loglik(x, engine=engine, n_threads=1)
    assert fastmle.gamma(2.0).loglik(x, engine=engine, n_threads=nt) == ref
    res = fastmle.fit_batch(x, "gamma", offsets=[0, 10_000, 20_000], engine=engine, n_threads=nt)
    assert res.converged.all()


@pytest.mark.parametrize("nt, err", [(0, ValueError), (-2, ValueError), (1.5, TypeError),
                                     (True, TypeError), ("2", TypeError), (2.0, TypeError)])
def test_bad_thread_counts(nt, err):
    with pytest.raises(err, match="n_threads"):
        fastmle.norm().loglik([1.0, 2.0], n_threads=nt)


def test_family_argument():
    import scipy.stats

    x = np.random.default_rng(0).gamma(2.0, size=200)
    ref = fastmle.fit(x, "gamma")
    assert fastmle.fit(x, scipy.stats.gamma).params == ref.params
    assert fastmle.fit(x, fastmle.gamma).params == ref.params
    for bad in (3, None, scipy.stats.gamma(2.0), np.float64(1.0)):
        with pytest.raises(TypeError, match="family must be a name"):
            fastmle.fit([1.0, 2.0], bad)
    with pytest.raises(ValueError, match="unknown family 'levy'"):
        fastmle.fit([1.0, 2.0], scipy.stats.levy)
