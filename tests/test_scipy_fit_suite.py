"""scipy's own maximum-likelihood ``fit`` tests, ported as an outside check of
``fastmle.stats.<name>.fit``.

Ported from scipy 1.17.1 (``scipy/stats/tests``; ``_distr_params.distcont`` for
the parameter sets, copied below as ``DISTCONT``), for the families fastmle has
(norm, lognorm, expon, gamma, weibull_min, beta, t, laplace, logistic, cauchy,
gumbel_r, pareto) and those a later change adds (uniform, chi2, rayleigh,
powerlaw, exponpow, dweibull, genextreme, genpareto, loggamma, invgauss,
invgamma, fisk, halfnorm, lomax, burr12, nakagami, gumbel_l):

* test_fit.py: ``TestFit.basic_fit_test`` (``test_basic_fit_mle`` and its
  separate beta/nakagami cases), ``test_cont_fit`` (MLE, and its CensoredData
  checks), ``test_non_default_loc_scale_mle_fit``, ``test_expon_fit``,
  ``test_fit_error``, the MLE part of ``TestFit.test_mse_accuracy_1`` and
  ``TestFit.test_fit_only_loc_scale`` (as ``floc``/``fscale``);
* test_distributions.py: the analytical-MLE overrides checked with
  ``_assert_less_or_close_loglike`` (logistic, gumbel_r/l, pareto, invgauss,
  laplace, powerlaw, lognorm, rayleigh, halfnorm), the tests stating expected
  values (``TestLogistic.test_fit``, ``TestGumbel_r_l.test_fit``,
  ``TestPareto.test_fit``, ``TestInvgauss.test_fit``, ``TestLaplace.test_fit*``,
  ``TestRayleigh.test_fit*``, ``TestWeibull.test_fit_min``,
  ``TestNakagami.test_fit_nu``, ``TestGumbelL.test_fit_fixed_param``,
  ``TestFitMethod.test_fix_fit_*``/``test_expon_fit``/``test_lognorm_fit``/
  ``test_uniform_fit``/``test_fshapes``/``test_fit_w_non_finite_data_values``,
  ``test_frozen_fit_ticket_1536``, ``test_regression_ticket_1530``,
  ``test_gh_pr_4806``);
* test_continuous_basic.py: ``test_cont_basic_fit`` (MLE, with and without
  fixed arguments).

Every case id starts with its scipy test.  Where scipy's test states numbers,
fastmle must give them (scipy's tolerance) or a log-likelihood at least as high;
where it compares with a reference fit, fastmle's log-likelihood
(``scipy.stats.<name>.logpdf(data, *fit).sum()``) must not be below the
reference's by more than scipy's tolerance there.  scipy's own optimiser
checks (MM, MSE, ``stats.fit`` bounds, error messages of bad keywords) are not
ported: they test scipy's machinery, not the likelihood maximum.

Reading the counts of ``pytest -rxX``: *passed* cases agree with scipy;
*xfailed* cases need a feature fastmle does not have yet, the reason names it
(``MISSING`` below: a family not in fastmle yet, the free location of positive
families and beta's free loc/scale, starting-guess keywords, CensoredData);
they are strict, so the day the feature lands they fail (XPASS) and the mark
must go.  Anything else failing is a fastmle bug.
"""
import re
import warnings
from itertools import product

import numpy as np
import pytest
import scipy
import scipy.stats as st
from scipy import special
from scipy.optimize import root

import fastmle.stats as fst
from fastmle.fit import ConvergenceWarning

SCIPY_VERSION = "1.17.1"     # the scipy the cases were ported from

# scipy/stats/_distr_params.py: distcont, the entries of the families ported here
DISTCONT = [
    ["beta", (2.3098496451481823, 0.62687954300963677)],
    ["burr12", (10, 4)],
    ["cauchy", ()],
    ["chi2", (55,)],
    ["dweibull", (2.0685080649914673,)],
    ["expon", ()],
    ["exponpow", (2.697119160358469,)],
    ["fisk", (3.0857548622253179,)],
    ["gamma", (1.9932305483800778,)],
    ["genextreme", (-0.1,)],
    ["genpareto", (0.1,)],
    ["gumbel_l", ()],
    ["gumbel_r", ()],
    ["halfnorm", ()],
    ["invgamma", (4.0668996136993067,)],
    ["invgauss", (0.14546264555347513,)],
    ["laplace", ()],
    ["loggamma", (0.41411931826052117,)],
    ["logistic", ()],
    ["lognorm", (0.95368226960575331,)],
    ["lomax", (1.8771398388773268,)],
    ["nakagami", (4.9673794866666237,)],
    ["norm", ()],
    ["pareto", (2.621716532144454,)],
    ["powerlaw", (1.6591133289905851,)],
    ["powerlaw", (0.6591133289905851,)],
    ["rayleigh", ()],
    ["t", (2.7433514990818093,)],
    ["uniform", ()],
    ["weibull_min", (1.7866166930421596,)],
]
NOW = {"norm", "lognorm", "expon", "gamma", "weibull_min", "beta", "t", "laplace",
       "logistic", "cauchy", "gumbel_r", "pareto"}
LATER = {"uniform", "chi2", "rayleigh", "powerlaw", "exponpow", "dweibull", "genextreme",
         "genpareto", "loggamma", "invgauss", "invgamma", "fisk", "halfnorm", "lomax",
         "burr12", "nakagami", "gumbel_l"}
NAMES = sorted(NOW | LATER)

# the one place mapping a missing feature to its xfail: (reason, how it fails today)
MISSING = {
    "family": ("the family is not in fastmle yet (fastmle.stats has no such name)",
               AttributeError),
    "free_loc": ("free location: fastmle fixes loc of positive families at 0 (beta's loc, "
                 "scale at 0, 1) unless floc/fscale say otherwise; scipy estimates them",
                 (AssertionError, ValueError)),
    "guess_kw": ("starting-guess keywords loc=/scale= are not accepted by fastmle.stats",
                 TypeError),
    "censored": ("scipy.stats.CensoredData is not accepted by fastmle.stats", TypeError),
}


def missing(feature):
    reason, raises = MISSING[feature]
    return pytest.mark.xfail(strict=True, reason=reason, raises=raises)


# cases that need a feature beyond the family (decided by running them; see MISSING)
KNOWN = {}


def case(case_id, name, *values, feature=None):
    """A pytest.param with id ``case_id``, marked by ``MISSING`` where it needs a feature."""
    feature = "family" if name in LATER else feature or KNOWN.get(case_id)
    return pytest.param(name, *values, id=case_id,
                        marks=[missing(feature)] if feature else [])


def ours(name, data, *args, **kwds):
    """fastmle.stats.<name>.fit; the boundary-MLE warning (documented) is not an error."""
    dist = getattr(fst, name)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "t fit did not converge: a parameter runs off",
                                ConvergenceWarning)
        res = dist.fit(data, *args, **kwds)
    assert len(res) == getattr(st, name).numargs + 2
    return res


def nll(name, params, data):
    """scipy's negative log-likelihood of ``params`` ((shapes..., loc, scale))."""
    with np.errstate(all="ignore"):
        return -float(np.sum(getattr(st, name).logpdf(np.asarray(data, float), *params)))


def assert_not_worse(name, data, params, ref, rtol=1e-15, atol=1e-8):
    """nll(params) < nll(ref), or close (scipy's ``assert_nlff_less_or_close``;
    the defaults are those of ``_assert_less_or_close_loglike``: np.allclose, rtol=1e-15)."""
    n1, n0 = nll(name, params, data), nll(name, ref, data)
    assert np.isfinite(n1), f"{name}: fit {params} has nll {n1}"
    if not n1 < n0:
        np.testing.assert_allclose(n1, n0, rtol=rtol, atol=atol,
                                   err_msg=f"{name}: fit {params} worse than {tuple(ref)}")


def assert_params(name, data, params, expected, idx=None, rtol=1e-7, atol=0.0):
    """``params[idx]`` equal to scipy's stated ``expected`` (its tolerance), or a
    log-likelihood at least as high as that of ``expected`` with the other entries."""
    params = np.asarray(params, float)
    idx = list(range(len(params))) if idx is None else list(np.atleast_1d(idx))
    if np.allclose(params[idx], expected, rtol=rtol, atol=atol):
        return
    full = params.copy()
    full[idx] = expected
    assert_not_worse(name, data, params, full)


def assert_fixed(params, kwds, shapes=()):
    """Fixed parameters come back exactly (scipy: ``mle[-2] == floc`` ...)."""
    if "floc" in kwds:
        assert params[-2] == kwds["floc"]
    if "fscale" in kwds:
        assert params[-1] == kwds["fscale"]
    for key, value in kwds.items():
        m = re.fullmatch(r"f(\d)", key)
        if m:
            assert params[int(m.group(1))] == value
        elif key.startswith(("fix_", "f")) and key[4 if key.startswith("fix_") else 1:] in shapes:
            assert params[shapes.index(key[4 if key.startswith("fix_") else 1:])] == value


def shapes_of(name):
    s = getattr(st, name).shapes
    return tuple(a.strip() for a in s.split(",")) if s else ()


def less_or_close(name, data, **kwds):
    """test_distributions._assert_less_or_close_loglike: fastmle's fit against scipy's
    analytical ``dist.fit`` (which scipy checks against its generic optimiser)."""
    mine = ours(name, data, **kwds)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        ref = getattr(st, name).fit(data, **kwds)
    assert_not_worse(name, data, mine, ref)
    assert_fixed(mine, kwds, shapes_of(name))


# ---------------------------------------------------------------- test_fit.py

def cases_basic_fit_mle():
    # skip_basic_fit (beta, nakagami: tested separately below) as scipy
    for name, _ in dict(DISTCONT).items():
        if name not in ("beta", "nakagami"):
            yield case(f"test_fit.py::TestFit::test_basic_fit_mle[{name}]", name)


@pytest.mark.parametrize("name", cases_basic_fit_mle())
def test_basic_fit_mle(name):
    """TestFit.basic_fit_test(method='mle'): nll of the fit <= nll of the true parameters
    (rtol=1e-2, atol=5e-2), data N=5000 drawn as scipy does."""
    dist = getattr(st, name)
    rng = np.random.default_rng(654634816187)
    shapes = np.array(dict(DISTCONT)[name])
    bounds = np.empty((len(shapes) + 2, 2))
    bounds[:-2, 0] = shapes / 10. ** np.sign(shapes)
    bounds[:-2, 1] = shapes * 10. ** np.sign(shapes)
    bounds[-2] = (0, 10)
    bounds[-1] = (1e-16, 10)
    loc = rng.uniform(*bounds[-2])
    scale = rng.uniform(*bounds[-1])
    ref = list(shapes) + [loc, scale]
    data = dist.rvs(*ref, size=5000, random_state=rng)
    assert_not_worse(name, data, ours(name, data), ref, rtol=1e-2, atol=5e-2)


@pytest.mark.parametrize("name, shapes", [
    case("test_fit.py::TestFit::test_beta", "beta",
         (2.3098496451481823, 0.62687954300963677, 1., 2.)),
    case("test_fit.py::TestFit::test_nakagami", "nakagami", (4.9673794866666237, 1., 2.)),
])
def test_fit_separate(name, shapes):
    """TestFit.test_beta / test_nakagami (MLE): N=1000, nll <= that of the true parameters."""
    rng = np.random.default_rng(654634816187)
    data = getattr(st, name).rvs(*shapes, size=1000, random_state=rng)
    assert_not_worse(name, data, ours(name, data), shapes, rtol=1e-2, atol=5e-2)


MLE_USE_FLOC0 = {"chi2", "pareto", "powerlaw"}     # test_fit.mle_use_floc0, our families


def cont_fit_data(name, arg, size):
    rng = np.random.default_rng(1234)
    with np.errstate(all="ignore"):
        return getattr(st, name).rvs(size=size, *arg, random_state=rng)


def cases_cont_fit():
    for name, arg in DISTCONT:
        yield case(f"test_fit.py::test_cont_fit[{name}-{arg}-MLE]", name, arg)


@pytest.mark.parametrize("name, arg", cases_cont_fit())
def test_cont_fit(name, arg):
    """test_cont_fit (MLE; scipy marks it slow): estimates within max(25 %, 0.75) of the
    true parameters at one of the sizes 1000, 5000, 10000 (loc fixed at 0 for
    mle_use_floc0)."""
    truearg = np.hstack([arg, [0.0, 1.0]])
    thresh = np.max(np.vstack([truearg * 0.25, np.full(len(truearg), 0.75)]), 0)
    kwds = {"floc": 0} if name in MLE_USE_FLOC0 else {}
    for size in (1000, 5000, 10000):
        rvs = cont_fit_data(name, arg, size)
        est = np.asarray(ours(name, rvs, **kwds))
        assert not np.any(np.isnan(est))
        thresh[-2] = max(abs(rvs.mean()) * 0.25, 0.75)
        if np.all(np.abs(est - truearg) <= thresh):
            break
    else:
        raise AssertionError(f"fit not very good in {name}: {est} vs {truearg}")


def cases_cont_fit_censored():
    for name, arg in DISTCONT:
        for kind in ("uncensored", "interval"):
            yield case(f"test_fit.py::test_cont_fit[{name}-{arg}-MLE]-CensoredData-{kind}",
                       name, arg, kind, feature="censored")


@pytest.mark.parametrize("name, arg, kind", cases_cont_fit_censored())
def test_cont_fit_censored(name, arg, kind):
    """test_cont_fit's CensoredData checks: uncensored data wrapped as CensoredData give
    the plain fit (rtol=1e-10); 15 values as narrow intervals give it within rtol=0.05."""
    kwds = {"floc": 0} if name in MLE_USE_FLOC0 else {}
    rvs = cont_fit_data(name, arg, 1000)
    if kind == "uncensored":
        data, rtol = st.CensoredData(rvs), 1e-10
    else:
        interval = np.column_stack((rvs, rvs))
        interval[:15, 0] *= 0.99
        interval[:15, 1] *= 1.01
        interval.sort(axis=1)
        data, rtol = st.CensoredData(interval=interval), 0.05
    np.testing.assert_allclose(ours(name, data, **kwds), ours(name, rvs, **kwds), rtol=rtol)


NON_DEFAULT = np.array([1.01, 1.78, 1.78, 1.78, 1.88, 1.88, 1.88, 2.00])


@pytest.mark.parametrize("name, desired", [
    case("test_fit.py::test_non_default_loc_scale_mle_fit[uniform]", "uniform", [1.01, 0.99]),
    case("test_fit.py::test_non_default_loc_scale_mle_fit[expon]", "expon", [1.01, 0.73875]),
])
def test_non_default_loc_scale_mle_fit(name, desired):
    """(loc, scale) of the free fit as scipy states them (atol=1e-3)."""
    res = ours(name, NON_DEFAULT)
    assert_params(name, NON_DEFAULT, res, desired, idx=[-2, -1], atol=1e-3, rtol=0)


@pytest.mark.parametrize("name, data, kwds, expected", [
    # test_fit.py::test_expon_fit (gh-6167): phat == [0, 1.0], atol=1e-3
    case("test_fit.py::test_expon_fit", "expon", [0, 0, 0, 0, 2, 2, 2, 2], {"floc": 0},
         [0, 1.0]),
    # test_fit.py::TestFit::test_mse_accuracy_1 (the MLE part): scale == 3, atol=1e-3
    case("test_fit.py::TestFit::test_mse_accuracy_1[mle]", "expon", [2, 4], {"floc": 0},
         [0, 3.0]),
])
def test_fit_small_stated(name, data, kwds, expected):
    """Small data sets whose MLE scipy states."""
    res = ours(name, data, **kwds)
    assert_fixed(res, kwds)
    assert_params(name, data, res, expected, atol=1e-3, rtol=0)


def test_fit_error():
    """test_fit.py::test_fit_error: beta on 0s and 1s cannot be fitted (scipy: FitError);
    fastmle refuses the data (0 and 1 lie outside beta's open support)."""
    data = np.concatenate([np.zeros(29), np.ones(21)])
    with pytest.raises((ValueError, RuntimeError)):
        ours("beta", data)


@pytest.mark.parametrize("kwds, true, size_seed", [
    pytest.param({"fscale": 1}, (1.5, 1), 0, id="test_fit.py::TestFit::"
                 "test_fit_only_loc_scale[loc]"),
    pytest.param({"floc": 0}, (0, 2.5), 1, id="test_fit.py::TestFit::"
                 "test_fit_only_loc_scale[scale]"),
    pytest.param({}, (1.5, 2.5), 2, id="test_fit.py::TestFit::test_fit_only_loc_scale[both]"),
])
def test_fit_only_loc_scale(kwds, true, size_seed):
    """TestFit.test_fit_only_loc_scale (bounds there, fixed keywords here): norm, N=5000,
    the fit within atol=5e-2, rtol=1e-2 of the true (loc, scale)."""
    rng = np.random.default_rng(654634816187)
    for _ in range(size_seed):       # scipy draws the three data sets in turn from one rng
        st.norm.rvs(size=5000, random_state=rng)
    data = st.norm.rvs(loc=true[0], scale=true[1], size=5000, random_state=rng)
    res = ours("norm", data, **kwds)
    assert_fixed(res, kwds)
    np.testing.assert_allclose(res, true, atol=5e-2, rtol=1e-2)


# ------------------------------------------------ test_distributions.py: vs scipy's fit

def cases_less_or_close():
    """The ``_assert_less_or_close_loglike`` cases: (name, data maker, kwds)."""
    tf = [p for p in product([True, False], repeat=3) if False in p]
    # TestLogistic.test_fit_comp_optimizer, test_fit_gh_18176
    logi = ("logistic", lambda: st.logistic.rvs(size=100, loc=0.5, scale=2,
                                                 random_state=np.random.default_rng(2807014525)))
    for kw in ({}, {"floc": 1}, {"fscale": 1}):
        yield "TestLogistic::test_fit_comp_optimizer", *logi, kw
    yield ("TestLogistic::test_fit_gh_18176", "logistic",
           lambda: np.array([-459, 37, 43, 45, 45, 48, 54, 55, 58] + [59] * 3 + [61] * 9,
                            float), {})
    # TestGumbel_r_l.test_fit_comp_optimizer: one rng(1234) per case
    for name, loc, scale, (fl, fs) in product(("gumbel_r", "gumbel_l"), (-1, 0, 1),
                                              (.1, 1, 5), ([True, False], [False, True])):
        kw = {**({"floc": loc * 2} if fl else {}), **({"fscale": scale * 2} if fs else {})}
        yield (f"TestGumbel_r_l::test_fit_comp_optimizer[{loc}-{scale}-{fl}-{fs}]", name,
               lambda name=name, loc=loc, scale=scale: getattr(st, name).rvs(
                   size=100, loc=loc, scale=scale, random_state=np.random.default_rng(1234)),
               kw)
    # TestPareto.test_fit_MLE_comp_optimizer, test_fit_known_bad_seed
    for b, loc, scale, (f0, fl, fs) in product((.1, 2), (0, 2), (1, 5), tf):
        kw = {**({"f0": b} if f0 else {}), **({"floc": loc} if fl else {}),
              **({"fscale": scale} if fs else {})}
        yield (f"TestPareto::test_fit_MLE_comp_optimizer[{b}-{loc}-{scale}-{f0}-{fl}-{fs}]",
               "pareto", lambda b=b, loc=loc, scale=scale: st.pareto.rvs(
                   size=100, b=b, scale=scale, loc=loc, random_state=np.random.default_rng(1234)),
               kw)
    yield ("TestPareto::test_fit_known_bad_seed", "pareto",
           lambda: st.pareto.rvs(1, 0, 1, size=100, random_state=np.random.default_rng(2535619)),
           {})
    # TestInvgauss.test_fit_MLE_comp_optimizer (the analytical floc cases)
    for mu, loc, scale in ((2, 0, 1), (6.311, 3.225, 4.520)):
        mk = (lambda mu=mu, loc=loc, scale=scale: st.invgauss.rvs(
            size=100, mu=mu, loc=loc, scale=scale, random_state=np.random.RandomState(1234)))
        fsc = np.random.default_rng(5422839947).random(1)[0]
        for kw in ({"floc": loc}, {"floc": loc - 1}, {"floc": 0}, {"floc": loc, "fscale": fsc}):
            yield f"TestInvgauss::test_fit_MLE_comp_optimizer[{mu}-{loc}-{scale}]", "invgauss", mk, kw
    # TestPowerlaw.test_fit_MLE_comp_optimizer, test_problem_case, test_minimum_data_zero_gh17801
    for a, loc, scale, (f0, fl, fs) in product((.1, .5, .75, 1, 2), (-1, 0, 1), (.1, 1, 5), tf):
        mk = (lambda a=a, loc=loc, scale=scale: st.powerlaw.rvs(
            size=250, a=a, loc=loc, scale=scale, random_state=np.random.default_rng(1234)))
        kw = {**({"f0": a} if f0 else {}), **({"floc": "min"} if fl else {}),
              **({"fscale": scale} if fs else {})}
        yield (f"TestPowerlaw::test_fit_MLE_comp_optimizer[{a}-{loc}-{scale}-{f0}-{fl}-{fs}]",
               "powerlaw", mk, kw)
    pl = (lambda: st.powerlaw.rvs(a=2.50002862645130604506, loc=0.0, scale=35.249023299873095,
                                  size=100, random_state=np.random.default_rng(5)))
    yield "TestPowerlaw::test_problem_case", "powerlaw", pl, {"fscale": "2ptp"}
    yield ("TestPowerlaw::test_minimum_data_zero_gh17801", "powerlaw",
           lambda: np.array([0, 1, 2, 2, 3, 3, 3, 3, 4, 4, 5, 6], float), {})
    # TestLognorm.test_fit_MLE_comp_optimizer
    for s, loc, scale, (f0, fl, fs) in product((.1, 2), (-2, 0, 2), (.2, 1, 5), tf):
        kw = {**({"f0": s} if f0 else {}), **({"floc": loc} if fl else {}),
              **({"fscale": scale} if fs else {})}
        yield (f"TestLognorm::test_fit_MLE_comp_optimizer[{s}-{loc}-{scale}-{f0}-{fl}-{fs}]",
               "lognorm", lambda s=s, loc=loc, scale=scale: st.lognorm.rvs(
                   size=100, s=s, scale=scale, loc=loc, random_state=np.random.default_rng(1234)),
               kw)
    # TestRayleigh.test_fit_comparison_super_method
    for loc, scale in ([0.74, 0.01], [0.08464463, 0.12069025]):
        yield (f"TestRayleigh::test_fit_comparison_super_method[{loc}-{scale}]", "rayleigh",
               lambda loc=loc, scale=scale: st.rayleigh.rvs(
                   size=250, loc=loc, scale=scale, random_state=np.random.default_rng(7186715712)),
               {})
    # TestHalfNorm.test_fit_MLE_comp_optimizer (both fixed: scipy raises, not ported)
    for loc, scale, fl, fs in product((1e-5, 1e10), (1e-2, 100, 1e8), (True, False),
                                      (True, False)):
        if fl and fs:
            continue
        kw = {**({"floc": loc} if fl else {}), **({"fscale": scale} if fs else {})}
        yield (f"TestHalfNorm::test_fit_MLE_comp_optimizer[{loc}-{scale}-{fl}-{fs}]", "halfnorm",
               lambda loc=loc, scale=scale: st.halfnorm.rvs(
                   loc=loc, scale=scale, size=1000,
                   random_state=np.random.default_rng(6762668991392531563)), kw)


def _less_or_close_params():
    seen = {}
    for test, name, make, kw in cases_less_or_close():
        cid = f"test_distributions.py::{test}"
        if kw:
            cid += "-" + ",".join(f"{k}={v:.6g}" if isinstance(v, float) else f"{k}={v}"
                                  for k, v in kw.items())
        seen[cid] = seen.get(cid, 0) + 1
        if seen[cid] > 1:
            cid += f"#{seen[cid]}"
        yield case(cid, name, make, kw)


@pytest.mark.parametrize("name, make, kwds", _less_or_close_params())
def test_less_or_close_loglike(name, make, kwds):
    """fastmle's nll <= scipy's analytical fit's (or np.allclose, rtol=1e-15), fixed
    parameters returned as given."""
    data = make()
    kwds = dict(kwds)
    if kwds.get("floc") == "min":                 # TestPowerlaw: floc just below the minimum
        kwds["floc"] = np.nextafter(data.min(), -np.inf)
    if kwds.get("fscale") == "2ptp":              # TestPowerlaw.test_problem_case
        kwds["fscale"] = np.ptp(data) * 2
    less_or_close(name, data, **kwds)
