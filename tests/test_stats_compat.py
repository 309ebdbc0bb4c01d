"""fastmle.stats: scipy.stats-compatible fit signatures and return values."""
import re
import warnings

import numpy as np
import pytest
import scipy.stats as st

import fastmle
from fastmle import stats as fstats
from conftest import sample

# (family, fixing keywords) where scipy's own fit is exact (closed form or a root solve)
CASES = [
    ("norm", {}), ("norm", dict(floc=1.0)), ("norm", dict(fscale=2.0)),
    ("gamma", dict(floc=0)), ("gamma", dict(floc=0, f0=2.5)), ("gamma", dict(floc=0, fa=2.5)),
    ("gamma", dict(floc=0, fix_a=2.5)), ("gamma", dict(floc=0, fscale=1.0)),
    ("expon", dict(floc=0)), ("lognorm", dict(floc=0)), ("lognorm", dict(floc=0, fscale=2.0)),
    ("pareto", dict(floc=0)), ("laplace", {}), ("laplace", dict(floc=0.5)),
    ("uniform", {}), ("uniform", dict(floc=0.0)), ("uniform", dict(fscale=2.0)),
]


@pytest.mark.parametrize("family,kw", CASES)
def test_same_tuple_as_scipy(family, kw):
    x = sample(family, n=400, seed=21)
    ours = getattr(fstats, family).fit(x, **kw)
    theirs = getattr(st, family).fit(x, **kw)
    assert len(ours) == len(theirs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-7, atol=1e-12)
    assert all(type(v) is np.float64 for v in ours)


def test_weibull_with_fixed_shape_is_the_closed_form():
    # scipy optimises numerically here (~1e-6 off); the MLE is (mean x^c)^(1/c)
    x = sample("weibull_min", n=400, seed=21)
    c, loc, scale = fstats.weibull_min.fit(x, floc=0, f0=1.8)
    assert (c, loc) == (1.8, 0.0)
    assert scale == pytest.approx(np.mean(x ** 1.8) ** (1 / 1.8), rel=1e-13)
    theirs = st.weibull_min.fit(x, floc=0, f0=1.8)
    assert st.weibull_min.logpdf(x, c, 0, scale).sum() >= st.weibull_min.logpdf(x, *theirs).sum()


def test_location_of_positive_families_is_estimated_as_in_scipy():
    x = sample("gamma", n=300, seed=22) + 5.0
    ours, theirs = fstats.gamma.fit(x), st.gamma.fit(x)
    assert ours == pytest.approx(theirs, rel=1e-4)
    assert st.gamma.logpdf(x, *ours).sum() >= st.gamma.logpdf(x, *theirs).sum() - 1e-9
    a, loc, scale = fstats.gamma.fit(x, floc=0)        # the two-parameter fit
    assert loc == 0.0
    assert (a, scale) == pytest.approx(st.gamma.fit(x, floc=0)[::2], rel=1e-7)
    assert fstats.gamma.fit(x, floc=4.0)[1] == 4.0
    # scipy's starting guesses, positional and loc=/scale=, are accepted and ignored
    assert fstats.gamma.fit(x, 2.0, loc=1.0, scale=3.0) == ours


def test_every_continuous_family_fits_and_orders_like_scipy():
    for name in fstats.__all__:
        fam = fastmle.get_family(name)
        if fam.discrete:
            continue
        x = sample(name, n=300, seed=23)
        tup = getattr(fstats, name).fit(x)
        assert len(tup) == len(fam.scipy_args)
        free = ("loc",) if fastmle.threshold.free_loc_supported(fam) else None
        if fastmle.ends.free_ends_supported(fam):            # beta, powerlaw
            free = ("loc", "scale")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", fastmle.ConvergenceWarning)
            res = fastmle.fit(x, name, free=free)
        assert tup == tuple(res.params[k] for k in fam.scipy_args)
    assert not hasattr(fstats.poisson, "fit")      # scipy's discrete families have no fit


def test_guesses_ignored_and_bad_keywords():
    x = sample("gamma", n=200, seed=24)
    assert fstats.gamma.fit(x, 3.0, optimizer=None) == fstats.gamma.fit(x)
    with pytest.raises(TypeError, match="unexpected keyword"):
        fstats.gamma.fit(x, fb=1.0)
    with pytest.raises(TypeError, match="unexpected keyword"):
        fstats.gamma.fit(x, f1=1.0)
    with pytest.raises(ValueError, match="maximum likelihood only"):
        fstats.gamma.fit(x, method="MM")
    with pytest.raises(ValueError, match="fixed twice"):
        fstats.gamma.fit(x, f0=1.0, fa=1.0)


@pytest.mark.parametrize("name,kw", [("norm", dict(floc=1.0, fscale=2.0)),
                                     ("gamma", dict(fa=1.0, floc=0.0, fscale=2.0)),
                                     ("beta", dict(f0=1.0, f1=2.0, floc=0.0, fscale=1.0))])
def test_fixing_every_parameter_raises_as_scipy(name, kw):
    x = [0.1, 0.2, 0.3, 0.4, 0.5]
    with pytest.raises(ValueError, match="All parameters fixed") as theirs:
        getattr(st, name).fit(x, **kw)
    with pytest.raises(ValueError, match=re.escape(str(theirs.value))):
        getattr(fstats, name).fit(x, **kw)


# scipy's call signatures of every family: (positional parameters, x values)
CALLS = {
    "norm": ((1.5, 2.0), [-3.0, 1.5, 9.0]), "lognorm": ((0.7, 0.5, 2.0), [0.6, 2.0, 30.0]),
    "expon": ((0.5, 3.0), [0.5, 2.0, 40.0]), "gamma": ((2.5, 1.0, 0.5), [1.1, 2.0, 9.0]),
    "halfnorm": ((0.5, 3.0), [0.5, 2.0, 40.0]),
    "weibull_min": ((1.8, 0.0, 2.0), [0.1, 2.0, 8.0]),
    "dweibull": ((2.07, 1.0, 2.0), [-3.0, 1.0, 4.0]),
    "beta": ((2.5, 3.5, 1.0, 2.0), [1.01, 2.0, 2.99]), "t": ((3.0, 1.0, 2.0), [-40.0, 1.0, 9.0]),
    "laplace": ((1.5, 2.0), [-9.0, 1.5, 9.0]), "logistic": ((1.5, 2.0), [-9.0, 1.5, 9.0]),
    "gumbel_r": ((1.5, 2.0), [-3.0, 1.5, 9.0]), "gumbel_l": ((1.5, 2.0), [-9.0, 1.5, 3.0]),
    "loggamma": ((2.5, 1.0, 2.0), [-9.0, 1.0, 4.0]),
    "cauchy": ((1.5, 2.0), [-90.0, 1.5, 9.0]),
    "pareto": ((2.5, 0.0, 3.0), [3.0, 4.0, 90.0]), "uniform": ((1.5, 2.0), [1.0, 2.0, 3.5]),
    "poisson": ((3.5, 2), [1, 4, 30]),
    "genpareto": ((0.25, 0.5, 2.0), [0.6, 2.0, 30.0]),
    "genextreme": ((-0.2, 0.5, 2.0), [-3.0, 1.5, 9.0]),
    "binom": ((10, 0.3, -1), [-1, 2, 9]), "geom": ((0.3, 1), [2, 3, 40]),
    "nbinom": ((2.5, 0.4, 3), [3, 5, 60]),
    "rayleigh": ((0.5, 3.0), [0.6, 2.0, 20.0]),
    "chi2": ((5.5, 0.5, 2.0), [0.6, 2.0, 30.0]),
    "invgamma": ((3.5, 0.5, 2.0), [0.6, 2.0, 30.0]),
    "invgauss": ((0.8, 0.5, 2.0), [0.6, 2.0, 30.0]),
    "lomax": ((2.5, 0.5, 3.0), [0.5, 2.0, 90.0]),
    "fisk": ((3.1, 0.5, 2.0), [0.6, 2.0, 9.0]),
    "burr12": ((3.0, 1.5, 0.5, 2.0), [0.6, 2.0, 9.0]),
    "nakagami": ((4.97, 0.5, 2.0), [0.6, 2.0, 4.0]),
    "exponpow": ((2.7, 0.5, 2.0), [0.6, 2.0, 3.5]),
    "powerlaw": ((1.66, 0.5, 2.0), [0.6, 1.5, 2.4]),
}


def test_every_family_is_in_fastmle_stats():
    assert set(fstats.__all__) == set(CALLS)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_functions_as_scipy(name):
    args, x = CALLS[name]
    ours, theirs = getattr(fstats, name), getattr(st, name)
    dens = ("pmf", "logpmf") if ours.family.discrete else ("pdf", "logpdf")
    for fn in dens + ("cdf", "sf", "logcdf", "logsf"):
        # (atol: scipy's logcdf / logsf are log(cdf) / log(sf), 0 where fastmle's are
        # -2e-17)
        np.testing.assert_allclose(getattr(ours, fn)(x, *args), getattr(theirs, fn)(x, *args),
                                   rtol=1e-10, atol=1e-15, err_msg=fn)
    q = [0.0, 1e-3, 0.5, 0.999, 1.0]
    for fn in ("ppf", "isf"):
        np.testing.assert_allclose(getattr(ours, fn)(q, *args), getattr(theirs, fn)(q, *args),
                                   rtol=1e-10, err_msg=fn)
    # scipy integrates exponpow's raw moments numerically, its kurtosis to ~1e-5 (fastmle's
    # against mpmath: test_moments.py)
    rtol = 1e-5 if name == "exponpow" else 1e-9
    for fn in ("mean", "var", "std", "median", "entropy"):
        np.testing.assert_allclose(getattr(ours, fn)(*args), getattr(theirs, fn)(*args),
                                   rtol=rtol, err_msg=fn)
    np.testing.assert_allclose(ours.stats(*args, moments="mvsk"),
                               theirs.stats(*args, moments="mvsk"), rtol=rtol)
    np.testing.assert_allclose(ours.interval(0.9, *args), theirs.interval(0.9, *args),
                               rtol=1e-10)
    assert ours.support(*args) == theirs.support(*args)
    a, b = ours.rvs(*args, size=5, random_state=4), theirs.rvs(*args, size=5, random_state=4)
    assert a.dtype == b.dtype
    np.testing.assert_allclose(a, b, rtol=1e-12)
    frozen = ours(*args)
    np.testing.assert_allclose(frozen.cdf(x), theirs(*args).cdf(x), rtol=1e-10)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_array_parameters_broadcast_as_scipy(name):
    args, x = CALLS[name]
    # the first parameter as a column of values, one of them invalid (scipy: NaN)
    first = np.array([[args[0]], [args[0] * 0.5 if name != "binom" else 4], [-1.0]])
    grid = np.array(x)
    for fn in ("cdf", "logsf"):
        want = getattr(getattr(st, name), fn)(grid, first, *args[1:])
        got = getattr(getattr(fstats, name), fn)(grid, first, *args[1:])
        assert got.shape == want.shape == (3, 3)
        np.testing.assert_allclose(got, want, rtol=1e-10)
    np.testing.assert_allclose(getattr(fstats, name).mean(first, *args[1:]),
                               getattr(st, name).mean(first, *args[1:]), rtol=1e-10)
    lo, hi = getattr(fstats, name).interval(0.5, first[:, 0], *args[1:])
    want_lo, want_hi = getattr(st, name).interval(0.5, first[:, 0], *args[1:])
    np.testing.assert_allclose(lo, want_lo, rtol=1e-10)
    np.testing.assert_allclose(hi, want_hi, rtol=1e-10)


def test_bad_arguments_name_the_problem():
    with pytest.raises(TypeError, match="unexpected keyword argument 'shape'"):
        fstats.gamma.cdf(1.0, shape=2.0)
    with pytest.raises(TypeError, match="multiple values for argument 'a'"):
        fstats.gamma.cdf(1.0, 2.0, a=2.0)
    with pytest.raises(TypeError, match="at most 3"):
        fstats.gamma.cdf(1.0, 2.0, 0.0, 1.0, 4.0)
    with pytest.raises(ValueError, match="scalar parameters"):
        fstats.gamma.rvs([1.0, 2.0], size=2)
    assert np.isnan(fstats.norm.cdf([0.0, 1.0], scale=-1.0)).all()
