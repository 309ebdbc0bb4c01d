"""Free location of positive families (``fit(x, family, free=("loc",))``, the default of
``fastmle.stats``): the profile likelihood in loc against scipy's three-parameter fits,
the boundary cases (an unbounded likelihood, the MLE at min(x)) and bad input.

The comparison on many seeded data sets runs 20 per family by default and 200 under
``-m slow``."""
import warnings

import numpy as np
import pytest
import scipy.stats as st

import fastmle
from conftest import ENGINES

# (family, true parameters): regular three-parameter maxima
REGULAR = [("weibull_min", dict(c=2.5, loc=3.0, scale=2.0)),
           ("lognorm", dict(s=0.5, loc=-2.0, scale=3.0)),
           ("gamma", dict(a=3.0, loc=1.0, scale=2.0))]


def scipy_fit(name, x):
    """scipy's free fit and its log-likelihood; None where it fails."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            p = getattr(st, name).fit(x)
        except Exception:
            return None
    ll = getattr(st, name).logpdf(x, *p).sum()
    return (p, ll) if np.isfinite(ll) else None


def compare_on_seeds(name, params, seeds, n=300):
    """fastmle converges where scipy does and is never less likely; returns the numbers of
    data sets where scipy fails and fastmle succeeds, and where scipy's maximum is lower
    by more than 1e-6 relative."""
    rescued = better = 0
    for seed in seeds:
        x = getattr(st, name)(**params).rvs(size=n, random_state=np.random.default_rng(seed))
        theirs = scipy_fit(name, x)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", fastmle.ConvergenceWarning)
            ours = fastmle.fit(x, name, free=("loc",))
        if theirs is None:
            rescued += ours.converged
            continue
        assert ours.converged, (name, seed, ours.status)
        assert ours.loglik >= theirs[1] - 1e-9 * abs(theirs[1]), (name, seed, ours.params,
                                                                  theirs)
        assert ours.params["loc"] < x.min()
        better += ours.loglik > theirs[1] + 1e-6 * abs(theirs[1])
    return rescued, better


@pytest.mark.parametrize("name,params", REGULAR)
def test_at_least_as_likely_as_scipy(name, params):
    compare_on_seeds(name, params, range(20))


@pytest.mark.slow
@pytest.mark.parametrize("name,params", REGULAR)
def test_at_least_as_likely_as_scipy_200_data_sets(name, params):
    rescued, better = compare_on_seeds(name, params, range(200))
    print(f"{name}: of 200 data sets, scipy failed and fastmle converged on {rescued}; "
          f"scipy's maximum was lower by more than 1e-6 relative on {better}")


@pytest.mark.parametrize("name,params", [("weibull_min", dict(c=0.6, loc=3.0, scale=2.0)),
                                         ("gamma", dict(a=0.5, loc=1.0, scale=2.0))])
def test_unbounded_likelihood_is_reported(name, params):
    # shape < 1: the density is infinite at loc, the likelihood grows without limit as
    # loc -> min(x); fastmle says so (scipy returns a point near min(x))
    x = getattr(st, name)(**params).rvs(size=500, random_state=np.random.default_rng(1))
    with pytest.warns(fastmle.ConvergenceWarning, match="grows without limit"):
        res = fastmle.fit(x, name, free=("loc",))
    assert res.status == "unbounded" and not res.converged
    assert 0 < x.min() - res.params["loc"] < 1e-10 * (np.median(x) - x.min())
    assert res.params[res.free[0]] < 1.0
    theirs = scipy_fit(name, x)
    assert res.loglik >= theirs[1]


def test_mle_at_min_for_a_density_finite_at_the_threshold():
    x = st.expon(loc=1.0, scale=2.0).rvs(size=400, random_state=np.random.default_rng(2))
    res = fastmle.fit(x, "expon", free=("loc",))
    assert res.converged and res.params["loc"] == x.min()
    assert res.params["scale"] == pytest.approx(x.mean() - x.min(), rel=1e-12)
    h = st.halfnorm(loc=1.0, scale=2.0).rvs(size=400, random_state=np.random.default_rng(3))
    res = fastmle.fit(h, "halfnorm", free=("loc",))
    assert res.converged and res.params["loc"] == h.min()
    assert res.params["scale"] == pytest.approx(np.sqrt(np.mean((h - h.min()) ** 2)),
                                                rel=1e-12)
    # pareto with its scale fixed: x >= loc + scale, the bound loc = min(x) - scale
    p = st.pareto(2.5, loc=1.0, scale=2.0).rvs(size=400, random_state=np.random.default_rng(4))
    res = fastmle.fit(p, "pareto", fixed={"scale": 2.0}, free=("loc",))
    assert res.converged and res.params["loc"] == p.min() - 2.0


@pytest.mark.parametrize("engine", ENGINES)
def test_engines_agree(engine):
    x = st.weibull_min(2.5, loc=3.0, scale=2.0).rvs(size=400,
                                                     random_state=np.random.default_rng(5))
    ref = fastmle.fit(x, "weibull_min", free=("loc",), engine="cython")
    res = fastmle.fit(x, "weibull_min", free=("loc",), engine=engine)
    assert res.loglik == pytest.approx(ref.loglik, rel=1e-12)
    for k, v in ref.params.items():
        assert res.params[k] == pytest.approx(v, rel=1e-6), k


def test_result_has_loc_among_the_estimates():
    x = st.weibull_min(4.0, loc=3.0, scale=2.0).rvs(size=3000,
                                                     random_state=np.random.default_rng(6))
    res = fastmle.fit(x, "weibull_min", free=("loc",))
    assert res.free == ("c", "scale", "loc") and res.method == "profile likelihood in loc"
    assert res.aic == pytest.approx(6 - 2 * res.loglik)
    # the score vanishes at the maximum (score x standard error: the loglik change over
    # one standard error; loc's entry by differences, its maximum by the profile search)
    se = np.array([res.stderr[k] for k in res.free])
    assert np.all(np.abs(res.score * se)[:2] < 1e-6) and abs(res.score[2] * se[2]) < 1e-3
    # the loc entries of the Hessian against differences of the public loglik
    p, d = res.params, 1e-3 * (x.min() - res.params["loc"])

    def ll(loc):
        return fastmle.weibull_min(p["c"], loc=loc, scale=p["scale"]).loglik(x)
    h_ll = (ll(p["loc"] + d) - 2 * ll(p["loc"]) + ll(p["loc"] - d)) / d**2
    assert res.hessian[2, 2] == pytest.approx(h_ll, rel=1e-3)
    assert np.all((se > 0) & (se < np.inf))


def test_free_loc_bad_input():
    x = st.gamma(3.0).rvs(size=100, random_state=np.random.default_rng(7))
    with pytest.raises(ValueError, match="poisson has no parameter 'loc'"):
        fastmle.fit(np.round(x), "poisson", free=("loc",))
    with pytest.raises(ValueError, match="binom: 'n' cannot be estimated"):
        fastmle.fit(np.round(x), "binom", free=("n",))
    with pytest.raises(ValueError, match="both fixed and free"):
        fastmle.fit(x, "gamma", fixed={"loc": 0.0}, free=("loc",))
    y = x.copy()
    y[5] = np.nan
    with pytest.raises(ValueError, match="index 5"):
        fastmle.fit(y, "gamma", free=("loc",))
    with pytest.raises(ValueError, match="degenerate"):
        fastmle.fit(np.ones(10), "gamma", free=("loc",))
    # loc is already free in a location-scale family: the ordinary fit
    z = st.norm.rvs(size=50, random_state=np.random.default_rng(8))
    assert fastmle.fit(z, "norm", free=("loc",)).params == fastmle.fit(z, "norm").params


@pytest.mark.parametrize("name,params", REGULAR + [("weibull_min", dict(c=0.6, scale=2.0)),
                                                   ("expon", dict(loc=1.0, scale=2.0))])
def test_batch_gives_each_group_fits_answer(name, params):
    G, m = 12, 250
    x = getattr(st, name)(**params).rvs(size=G * m, random_state=np.random.default_rng(9))
    labels = np.repeat(np.arange(G), m)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fastmle.ConvergenceWarning)
        batch = fastmle.fit_batch(x, name, groups=labels, free=("loc",))
        singles = [fastmle.fit(x[labels == g], name, free=("loc",)) for g in range(G)]
    assert batch.free == singles[0].free
    for g, s in enumerate(singles):
        assert batch.status[g] == s.status
        if s.status != "ok":          # no maximum: any point near min(x)
            continue
        assert batch.loglik[g] == pytest.approx(s.loglik, rel=1e-11, abs=1e-9)
        assert batch.params["loc"][g] == pytest.approx(s.params["loc"], rel=1e-4, abs=1e-6)
        if name != "expon":
            assert batch.stderr["loc"][g] == pytest.approx(s.stderr["loc"], rel=1e-3)
        assert batch[g].params == pytest.approx(batch_row(batch, g))


def batch_row(batch, g):
    return {k: v[g] for k, v in batch.params.items()}


def test_batch_failing_group_does_not_fail_the_batch():
    rng = np.random.default_rng(10)
    x = np.concatenate([rng.weibull(2.5, 200) + 3.0, np.full(50, 2.0), rng.weibull(2.5, 200)])
    x[300] = np.nan
    off = np.array([0, 200, 250, 450])
    batch = fastmle.fit_batch(x, "weibull_min", offsets=off, free=("loc",))
    assert list(batch.status) == ["ok", "degenerate", "nan"]
    assert batch.bad_index[2] == 300 and np.isnan(batch.params["loc"][1:]).all()
    assert batch.params["loc"][0] < x[:200].min()


def test_free_loc_start_of_values_near_the_double_range_warns_nothing():
    """The spread's median of two values near DBL_MAX (their mean overflowed): deep fuzz."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        warnings.simplefilter("ignore", fastmle.ConvergenceWarning)
        out = fastmle.stats.lognorm.fit(np.array([1e300, 1.7976931348623157e308]))
    assert all(np.isfinite(out))


def test_free_loc_grid_of_a_subnormal_minimum():
    """64 ulp of a subnormal min over a 1e10 spread underflows to 0 (log(0) once):
    the grid's lower end is then T_LOW (deep fuzz)."""
    with pytest.warns(fastmle.ConvergenceWarning, match="grows without limit"):
        a, loc, scale = fastmle.stats.lognorm.fit(np.array([5e-324, 1e10]))
    assert np.isfinite([a, loc, scale]).all()
