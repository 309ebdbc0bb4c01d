"""Every family on every engine against scipy, finite differences and itself."""
import math

import numpy as np
import pytest
from conftest import CASES, SCIPY_LOGPDF_OVERFLOWS, frozen, logdensity, sample, scipy_dist
from mpref import mp_logpdf, to_float

import fastmle


def edge_points(name):
    """Points on and off the support, NaN and infinities."""
    fam = getattr(fastmle, name)
    if fam.discrete:
        return np.array([-1.0, 0.0, 1.0, 2.5, 3.0, 12.0, 13.0, 1e6, np.nan])
    return np.array([-np.inf, -3.0, -1e-300, 0.0, 1e-300, 0.2, 1.0, 1.2, 1.5, 3.0, 1e3,
                     np.inf, np.nan])


def test_logpdf_matches_scipy(family, engine):
    x = np.concatenate([sample(family), edge_points(family)])
    ours = logdensity(frozen(family), x, engine=engine)
    with np.errstate(all="ignore"):
        ref = getattr(scipy_dist(family), "logpmf" if frozen(family).family.discrete
                      else "logpdf")(x)
    # the density vanishes at +-inf: fastmle gives -inf where scipy's formula gives NaN
    ref = np.where(np.isinf(x) & np.isnan(ref), -np.inf, ref)
    if family in SCIPY_LOGPDF_OVERFLOWS:       # mpmath's where scipy's overflows
        p = CASES[family]
        fix = np.isinf(ref) & np.isfinite(x) & (x > p.get("loc", 0.0))
        ref[fix] = [to_float(mp_logpdf(family, p, v)) for v in x[fix]]
    np.testing.assert_allclose(ours, ref, rtol=1e-12, atol=1e-300)


def test_loglik_matches_fsum_of_scipy(family, engine):
    x = sample(family)
    d = scipy_dist(family)
    terms = d.logpmf(x) if frozen(family).family.discrete else d.logpdf(x)
    assert frozen(family).loglik(x, engine=engine) == pytest.approx(math.fsum(terms), rel=1e-12)


def test_loglik_outside_support_is_minus_inf(family, engine):
    x = sample(family, n=20)
    lo, hi = frozen(family).support()
    x[7] = lo - 5.0 if np.isfinite(lo) else hi + 5.0 if np.isfinite(hi) else np.inf
    assert frozen(family).loglik(x, engine=engine) == -np.inf


def _shifted(name, pname, h):
    params = dict(CASES[name])
    params[pname] = params[pname] + h
    return frozen(name, params)


def _fd(f, name, pname, h):
    """4th-order central finite difference of f(frozen) w.r.t. parameter pname."""
    return (-f(_shifted(name, pname, 2 * h)) + 8 * f(_shifted(name, pname, h))
            - 8 * f(_shifted(name, pname, -h)) + f(_shifted(name, pname, -2 * h))) / (12 * h)


def fd_sample(name):
    """A sample away from kinks (laplace at loc) and parameter-dependent support edges."""
    x = sample(name)
    if name in ("laplace", "dweibull"):
        x = x[np.abs(x - CASES[name]["loc"]) > 1e-2]
    if name == "pareto":
        x = x[x > CASES[name]["scale"] + 1e-2]
    if name == "uniform":
        lo, sc = CASES[name]["loc"], CASES[name]["scale"]
        x = x[(x > lo + 1e-2) & (x < lo + sc - 1e-2)]
    return x


def test_score_and_hessian_match_finite_differences(family, engine):
    x = fd_sample(family)
    dist = frozen(family)
    names = dist.family.param_names
    res = dist.loglik_derivs(x, engine=engine)
    for i, p in enumerate(names):
        h = 1e-4 * max(1.0, abs(CASES[family][p]))
        fd = _fd(lambda d: d.loglik(x, engine=engine), family, p, h)
        assert res.score[i] == pytest.approx(fd, rel=1e-6, abs=1e-6 * len(x))
        fdh = _fd(lambda d: d.score(x, engine=engine), family, p, h)
        np.testing.assert_allclose(res.hessian[i], fdh, rtol=1e-6, atol=1e-6 * len(x))
    np.testing.assert_array_equal(res.hessian, res.hessian.T)


def test_loglik_derivs_equals_separate_calls(family, engine):
    x = sample(family)
    w = np.random.default_rng(1).uniform(0, 2, x.size)
    dist = frozen(family)
    res = dist.loglik_derivs(x, w, engine=engine)
    assert res.loglik == pytest.approx(dist.loglik(x, w, engine=engine), rel=1e-13)
    np.testing.assert_array_equal(res.score, dist.score(x, w, engine=engine))
    np.testing.assert_array_equal(res.hessian, dist.hessian(x, w, engine=engine))


def test_engines_agree(family):
    from conftest import ENGINES
    x = sample(family, n=10_000)
    w = np.random.default_rng(2).uniform(0, 3, x.size)
    dist = frozen(family)
    ref = dist.loglik_derivs(x, w, engine="cython")
    for eng in ENGINES[1:]:
        res = dist.loglik_derivs(x, w, engine=eng)
        assert res.loglik == pytest.approx(ref.loglik, rel=1e-12)
        np.testing.assert_allclose(res.score, ref.score, rtol=1e-10, atol=1e-9)
        np.testing.assert_allclose(res.hessian, ref.hessian, rtol=1e-10, atol=1e-9)
        np.testing.assert_allclose(logdensity(dist, x, engine=eng),
                                   logdensity(dist, x, engine="cython"), rtol=1e-13,
                                   atol=1e-14)  # values near 0 cancel: ulps of the constant


STATS_FAMILIES = [f for f in CASES if getattr(fastmle, f).stats_class is not None]


@pytest.mark.parametrize("family", STATS_FAMILIES)
def test_suffstats_equal_direct_pass(family, engine):
    x = sample(family)
    w = np.random.default_rng(3).uniform(0, 2, x.size)
    dist = frozen(family)
    st = dist.suffstats(x, w, engine=engine)
    direct = dist.loglik_derivs(x, w, engine=engine)
    res = st.loglik_derivs()
    assert res.loglik == pytest.approx(direct.loglik, rel=1e-12)
    np.testing.assert_allclose(res.score, direct.score, rtol=1e-9, atol=1e-8)
    np.testing.assert_allclose(res.hessian, direct.hessian, rtol=1e-10)
    # at other parameter values, still O(1) and equal to the direct pass
    other = {p: v * 1.1 if p not in ("p",) else v * 0.9 for p, v in CASES[family].items()
             if p in dist.family.param_names}
    moved = getattr(fastmle, family)(**{**CASES[family], **other})
    assert st.loglik(**other) == pytest.approx(moved.loglik(x, w, engine=engine), rel=1e-12)


@pytest.mark.parametrize("family", STATS_FAMILIES)
def test_suffstats_merge_equals_whole(family):
    x = sample(family, n=1001)
    dist = frozen(family)
    whole = dist.suffstats(x)
    merged = dist.suffstats(x[:400]) + dist.suffstats(x[400:])
    assert merged.n == whole.n
    np.testing.assert_allclose(merged.values, whole.values, rtol=1e-12)
    assert merged.loglik() == pytest.approx(whole.loglik(), rel=1e-12)


def test_suffstats_not_available_for_non_exponential_families():
    with pytest.raises(NotImplementedError, match="not an exponential family"):
        fastmle.t(df=3).suffstats([1.0, 2.0])


def test_suffstats_flags_points_outside_support():
    st = fastmle.gamma(a=2.0).suffstats([1.0, -1.0, 2.0])
    assert st.n_outside == 1 and st.n == 2
    assert st.loglik() == -np.inf


def test_frozen_api_shapes_and_names():
    d = fastmle.gamma(2.0, scale=3.0)
    assert d.params == {"a": 2.0, "scale": 3.0, "loc": 0.0}
    assert fastmle.gamma.param_names == ("a", "scale")
    assert d.logpdf(2.0) == pytest.approx(scipy_dist("gamma", dict(a=2.0, scale=3.0)).logpdf(2.0))
    assert d.logpdf(np.ones((2, 3))).shape == (2, 3)
    assert d.logpdf(np.ones(3, dtype=np.float32)).dtype == np.float32
    assert fastmle.binom(10, 0.5).logpmf(np.arange(3)).dtype == np.float64
    assert fastmle.t(3).score([0.1, 0.2]).shape == (3,)
    assert fastmle.t(3).hessian([0.1, 0.2]).shape == (3, 3)
    assert repr(d) == "fastmle.gamma(a=2.0, scale=3.0, loc=0.0)"


@pytest.mark.parametrize("engine", ["cython", "python", "numba"])
def test_suffstats_of_values_whose_distance_to_loc_overflows(engine):
    """x - loc beyond the double range is outside the support, without a warning (the
    deep fuzz's case: gamma(loc=1e300) at -DBL_MAX)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = fastmle.gamma(a=1.0, loc=1e300, scale=1.0).suffstats(
            np.array([-1.7976931348623157e308, 1e300 + 1e290]), engine=engine)
    assert s.n_outside == 1.0 and s.n == 1.0
