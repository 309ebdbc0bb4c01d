"""fastmle.stats: scipy.stats-compatible fit signatures and return values."""
import re

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
]


@pytest.mark.parametrize("family,kw", CASES)
def test_same_tuple_as_scipy(family, kw):
    x = sample(family, n=400, seed=21)
    ours = getattr(fstats, family).fit(x, **kw)
    theirs = getattr(st, family).fit(x, **kw)
    assert len(ours) == len(theirs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-7, atol=1e-12)
    assert all(type(v) is float for v in ours)


def test_weibull_with_fixed_shape_is_the_closed_form():
    # scipy optimises numerically here (~1e-6 off); the MLE is (mean x^c)^(1/c)
    x = sample("weibull_min", n=400, seed=21)
    c, loc, scale = fstats.weibull_min.fit(x, floc=0, f0=1.8)
    assert (c, loc) == (1.8, 0.0)
    assert scale == pytest.approx(np.mean(x ** 1.8) ** (1 / 1.8), rel=1e-13)
    theirs = st.weibull_min.fit(x, floc=0, f0=1.8)
    assert st.weibull_min.logpdf(x, c, 0, scale).sum() >= st.weibull_min.logpdf(x, *theirs).sum()


def test_default_location_of_positive_families_is_zero():
    x = sample("gamma", n=300, seed=22) + 5.0
    a, loc, scale = fstats.gamma.fit(x)
    assert loc == 0.0
    assert (a, scale) == pytest.approx(st.gamma.fit(x, floc=0)[::2], rel=1e-7)
    assert fstats.gamma.fit(x, floc=4.0)[1] == 4.0


def test_every_continuous_family_fits_and_orders_like_scipy():
    for name in fstats.__all__:
        fam = fastmle.get_family(name)
        x = sample(name, n=300, seed=23)
        tup = getattr(fstats, name).fit(x)
        assert len(tup) == len(fam.scipy_args)
        res = fastmle.fit(x, name)
        assert tup == tuple(res.params[k] for k in fam.scipy_args)
    assert not hasattr(fstats, "poisson")          # scipy's discrete families have no fit


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
