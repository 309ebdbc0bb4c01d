"""Profile-likelihood intervals and curves: R's exact profile intervals (groundbeef,
gamma and weibull), the normal's closed forms, unbounded sides, bad input."""
import json
import math
import warnings
from pathlib import Path

import numpy as np
import pytest
import scipy.stats as st
from scipy.optimize import brentq

import fastmle

DATA = Path(__file__).parent / "data" / "refdata"
Q95 = float(st.chi2.ppf(0.95, 1))


def groundbeef():
    return np.loadtxt(DATA / "fitdistrplus" / "groundbeef.csv", delimiter=",", skiprows=1)


def test_profile_intervals_equal_r_exact_endpoints():
    ref = json.loads((DATA / "R_fitdistrplus" / "profile_ci.json").read_text())
    x = groundbeef()
    g = fastmle.fit(x, "gamma").conf_int(0.95, method="profile")
    ex = ref["gamma"]["profile_ci_exact"]
    np.testing.assert_allclose(g["a"], [ex["shape"]["lower"], ex["shape"]["upper"]], rtol=1e-9)
    # the interval of scale = 1 / rate (profile intervals follow reparametrisation)
    np.testing.assert_allclose(g["scale"], [1 / ex["rate"]["upper"], 1 / ex["rate"]["lower"]],
                               rtol=1e-9)
    w = fastmle.fit(x, "weibull_min").conf_int(0.95, method="profile")
    ex = ref["weibull"]["profile_ci_exact"]
    np.testing.assert_allclose(w["c"], [ex["shape"]["lower"], ex["shape"]["upper"]], rtol=1e-9)
    np.testing.assert_allclose(w["scale"], [ex["scale"]["lower"], ex["scale"]["upper"]],
                               rtol=1e-9)


@pytest.mark.parametrize("level", [0.5, 0.95, 0.999])
def test_normal_profile_intervals_in_closed_form(level):
    """norm: the deviance of mu is n log(1 + (mean - mu)^2 / s^2), that of sigma
    n (s^2 / sigma^2 - 1 - log(s^2 / sigma^2)), s^2 the 1/n variance."""
    x = np.random.default_rng(3).normal(5.0, 2.0, 30)
    n, m = x.size, x.mean()
    s2 = ((x - m) ** 2).mean()
    q = float(st.chi2.ppf(level, 1))
    ci = fastmle.fit(x, "norm").conf_int(level, method="profile")
    half = math.sqrt(s2 * math.expm1(q / n))
    np.testing.assert_allclose(ci["loc"], [m - half, m + half], rtol=1e-10)

    def dev(sig):
        r = s2 / sig**2
        return n * (r - 1 - math.log(r)) - q
    s = math.sqrt(s2)
    want = [brentq(dev, s * 1e-3, s, xtol=1e-15), brentq(dev, s, s * 1e3, xtol=1e-15)]
    np.testing.assert_allclose(ci["scale"], want, rtol=1e-10)


def test_profile_beats_wald_where_wald_goes_negative():
    """At n = 6 the gamma scale's Wald interval reaches below 0; the profile one stays
    in the parameter space and holds the estimate."""
    x = np.array([0.4, 0.9, 1.3, 0.2, 2.8, 0.7])
    res = fastmle.fit(x, "gamma")
    lo, hi = res.conf_int(method="profile")["scale"]
    assert 0 < lo < res.params["scale"] < hi
    assert res.conf_int()["scale"][0] < 0          # Wald's


def test_profile_curve_and_its_ends():
    x = groundbeef()
    res = fastmle.fit(x, "gamma")
    lo, hi = res.conf_int(method="profile")["a"]
    prof = res.profile("a")
    assert prof.values.size == 41 and prof.values[0] < lo and prof.values[-1] > hi
    assert np.all(prof.deviance >= -1e-9)
    assert prof.deviance.min() < 0.01
    inside = (prof.values > lo) & (prof.values < hi)
    assert np.all(prof.deviance[inside] < Q95) and np.all(prof.deviance[~inside] > Q95)
    at = res.profile("a", grid=[lo, hi])
    np.testing.assert_allclose(at.deviance, Q95, rtol=1e-8)
    # the constrained estimates are the fits with a fixed
    ref = fastmle.fit(x, "gamma", fixed={"a": lo})
    assert at.params[0]["scale"] == pytest.approx(ref.params["scale"], rel=1e-13)


def test_a_side_the_profile_never_reaches_is_unbounded():
    """t on 40 points from t(8): the profile of df flattens towards the normal's
    likelihood and stays within the 95% deviance up to infinity."""
    x = st.t(8).rvs(40, random_state=1)
    res = fastmle.fit(x, "t")
    with pytest.warns(RuntimeWarning, match="df.*unbounded"):
        lo, hi = res.conf_int(method="profile")["df"]
    assert 0 < lo < res.params["df"] and hi == math.inf


def test_bad_input():
    x = groundbeef()
    res = fastmle.fit(x, "gamma")
    with pytest.raises(ValueError, match="'loc' is not an estimated parameter"):
        res.profile("loc")
    with pytest.raises(ValueError, match="method must be 'wald', 'profile' or 'bootstrap'"):
        res.conf_int(method="bayes")
    with pytest.raises(ValueError, match="level must be in"):
        res.conf_int(1.5, method="profile")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        three = fastmle.fit(x, "weibull_min", free=("loc",))
    with pytest.raises(NotImplementedError, match="needs the fit's data"):
        three.conf_int(method="profile")


def test_batch_profile_intervals_equal_the_groups_own():
    rng = np.random.default_rng(4)
    x = rng.gamma(3.0, 2.0, 600)
    labels = rng.integers(0, 5, x.size)
    labels[:3] = 7                                  # a group of 3 equal-ish values
    x[:3] = 1.0                                     # degenerate: not fitted, NaN rows
    batch = fastmle.fit_batch(x, "gamma", groups=labels)
    got = batch.conf_int(0.9, method="profile")
    for g, key in enumerate(batch.groups):
        if batch.status[g] != "ok":
            assert np.isnan(got["a"][0][g]) and np.isnan(got["scale"][1][g])
            continue
        one = fastmle.fit(x[labels == key], "gamma").conf_int(0.9, method="profile")
        np.testing.assert_allclose([got["a"][0][g], got["a"][1][g]], one["a"], rtol=1e-12)
        np.testing.assert_allclose([got["scale"][0][g], got["scale"][1][g]], one["scale"],
                                   rtol=1e-12)
    assert (batch.status != "ok").sum() == 1


@pytest.mark.parametrize("name,param", [("weibull_min", "c"), ("gamma", "scale"),
                                        ("lognorm", "s"), ("poisson", "mu")])
def test_profile_ends_against_a_brute_force_grid(name, param):
    """The interval's ends are where a brute-force profile (constrained fits on a fine
    grid, the nuisance parameters refitted by scipy's optimiser from the fit's own
    value) crosses the quantile, to the grid's resolution."""
    from scipy.optimize import minimize

    rng = np.random.default_rng(5)
    x = {"weibull_min": rng.weibull(1.3, 60) * 2.0, "gamma": rng.gamma(1.7, 2.0, 60),
         "lognorm": rng.lognormal(0.3, 0.8, 60), "poisson": rng.poisson(2.5, 60) * 1.0}[name]
    res = fastmle.fit(x, name)
    lo, hi = res.conf_int(method="profile")[param]
    others = [k for k in res.free if k != param]
    scipy_dist = getattr(st, name)
    logf = scipy_dist.logpmf if name == "poisson" else scipy_dist.logpdf

    def prof(v):
        if not others:
            return logf(x, **{param: v}).sum()
        def f(z):
            return -logf(x, **{param: v}, **dict(zip(others, np.exp(z)))).sum()
        z0 = np.log([res.params[k] for k in others])
        return -minimize(f, z0, method="Nelder-Mead",
                         options={"xatol": 1e-10, "fatol": 1e-12}).fun
    for end, inside in ((lo, lo * (1 + 1e-3)), (hi, hi * (1 - 1e-3))):
        outside = end + (end - inside)
        assert 2 * (res.loglik - prof(inside)) < Q95 < 2 * (res.loglik - prof(outside))


@pytest.mark.parametrize("name,scipy_name", [("gamma", "gamma"),
                                             ("weibull_min", "weibull_min")])
def test_profile_intervals_equal_minos(name, scipy_name):
    """iminuit's MINOS on the same likelihood (scipy's log-density, errordef 0.5, 95%):
    the same intervals to MINOS's tolerance."""
    from iminuit import Minuit

    x = groundbeef()
    res = fastmle.fit(x, name)
    shape = res.free[0]
    dist = getattr(st, scipy_name)

    def nll(s, scale):
        return -dist.logpdf(x, s, scale=scale).sum()
    m = Minuit(nll, s=res.params[shape], scale=res.params["scale"])
    m.errordef = Minuit.LIKELIHOOD
    m.limits["s"] = m.limits["scale"] = (0, None)
    m.tol = 1e-8
    m.migrad()
    m.minos(cl=0.95)
    ci = res.conf_int(0.95, method="profile")
    for ours, theirs in ((shape, "s"), ("scale", "scale")):
        me = m.merrors[theirs]
        np.testing.assert_allclose(ci[ours], (m.values[theirs] + me.lower,
                                              m.values[theirs] + me.upper), rtol=1e-6)
