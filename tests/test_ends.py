"""Free loc and scale of beta and powerlaw (fastmle.ends): scipy's fit as the oracle,
the closed forms of powerlaw, the unbounded cases, finite differences of scipy's
log-density for the derivatives in loc and scale."""
import math
import warnings

import numpy as np
import pytest
import scipy.stats as st

import fastmle
from fastmle.fit import ConvergenceWarning


def loglik(name, params, x):
    return float(np.sum(getattr(st, name).logpdf(x, *params)))


def scipy_tuple(res, name):
    return tuple(res.params[k] for k in fastmle.get_family(name).scipy_args)


@pytest.mark.parametrize("name, shapes, seed", [
    ("beta", (3.0, 4.0), 1), ("beta", (2.0, 8.0), 2), ("beta", (1.5, 1.5), 3),
    ("powerlaw", (1.7,), 4), ("powerlaw", (4.0,), 5),
])
def test_interior_maximum_at_least_as_likely_as_scipy(name, shapes, seed):
    x = getattr(st, name).rvs(*shapes, loc=-1.0, scale=3.0, size=2000,
                              random_state=np.random.default_rng(seed))
    x0 = x.copy()
    res = fastmle.fit(x, name, free=("loc", "scale"))
    assert res.status == "ok" and res.free == fastmle.get_family(name).param_names + (
        "loc", "scale")
    np.testing.assert_array_equal(x, x0)                       # the caller's data untouched
    ours, theirs = scipy_tuple(res, name), getattr(st, name).fit(x)
    assert loglik(name, ours, x) >= loglik(name, theirs, x) - 1e-9 * abs(loglik(name, ours, x))
    assert res.loglik == pytest.approx(loglik(name, ours, x), rel=1e-12)
    # fastmle.stats gives the same fit by default, as scipy estimates loc and scale
    assert getattr(fastmle.stats, name).fit(x) == ours


@pytest.mark.parametrize("shapes, seed", [((3.0, 4.0), 1), ((2.5, 3.5), 6)])
def test_beta_derivatives_in_loc_and_scale(shapes, seed):
    """Score about 0 at the maximum; the Hessian entries of loc and scale against central
    differences of scipy's log-density (an independent oracle)."""
    x = st.beta.rvs(*shapes, loc=2.0, scale=5.0, size=3000,
                    random_state=np.random.default_rng(seed))
    res = fastmle.fit(x, "beta", free=("loc", "scale"))
    p = np.array(scipy_tuple(res, "beta"))
    dist = min(x.min() - p[2], p[2] + p[3] - x.max())
    h = np.array([1e-4 * p[0], 1e-4 * p[1], 1e-3 * dist, 1e-3 * dist])

    def f(*steps):
        return loglik("beta", p + np.array(steps) * h, x)
    H = np.empty((4, 4))
    f0 = f(0, 0, 0, 0)
    for i in range(4):
        e = np.eye(4)[i]
        H[i, i] = (f(*e) - 2 * f0 + f(*-e)) / h[i] ** 2
        for j in range(i + 1, 4):
            u = np.eye(4)[j]
            H[i, j] = H[j, i] = (f(*(e + u)) - f(*(e - u)) - f(*(u - e)) + f(*(-e - u))) / (
                4 * h[i] * h[j])
    np.testing.assert_allclose(res.hessian, H, rtol=1e-4, atol=1e-5 * np.abs(H).max())
    # the gradient vanishes at the maximum (relative to the curvature)
    assert np.all(np.abs(res.score) <= 1e-4 * np.sqrt(np.abs(np.diag(H))) + 1e-6)
    assert np.all(np.linalg.eigvalsh(res.cov) > 0)
    assert set(res.stderr) == {"a", "b", "loc", "scale"}


def test_powerlaw_closed_forms():
    x = st.powerlaw.rvs(2.5, loc=1.0, scale=2.0, size=500,
                        random_state=np.random.default_rng(7))
    # loc fixed: scale = max(x) - loc exactly, a = -n / sum log y
    res = fastmle.fit(x, "powerlaw", fixed={"loc": 0.5}, free=("scale",))
    assert res.params["scale"] == x.max() - 0.5
    y = (x - 0.5) / (x.max() - 0.5)
    assert res.params["a"] == pytest.approx(-x.size / math.fsum(np.log(y)), rel=1e-13)
    assert fastmle.stats.powerlaw.fit(x, floc=0.5) == pytest.approx(
        st.powerlaw.fit(x, floc=0.5), rel=1e-13)
    # scale fixed: the maximum lies at one of the two ends of loc's range (scipy's rule)
    for fscale in (2.5, 10.0):
        ours = fastmle.stats.powerlaw.fit(x, fscale=fscale)
        assert ours[2] == fscale
        theirs = st.powerlaw.fit(x, fscale=fscale)
        assert loglik("powerlaw", ours, x) >= loglik("powerlaw", theirs, x) - 1e-9


@pytest.mark.parametrize("name, shapes, end", [
    ("beta", (2.3098496451481823, 0.62687954300963677), "hi"),
    ("beta", (0.5, 3.0), "lo"),
    ("powerlaw", (0.6591133289905851,), "lo"),
])
def test_unbounded_likelihood_reported(name, shapes, end):
    """A shape below 1 makes the density infinite at an end: the likelihood grows without
    limit as that end nears the data; the result is the point one ulp away (as scipy's
    nextafter), a warning, converged=False, and at least scipy's likelihood."""
    x = getattr(st, name).rvs(*shapes, loc=1.0, scale=2.0, size=1000,
                              random_state=np.random.default_rng(654634816187))
    with pytest.warns(ConvergenceWarning, match="grows without limit"):
        res = fastmle.fit(x, name, free=("loc", "scale"))
    assert res.status == "unbounded" and not res.converged
    lo = res.params["loc"]
    hi = lo + res.params["scale"]
    if end == "lo":
        assert lo == math.nextafter(x.min(), -math.inf)
    else:
        assert hi == pytest.approx(math.nextafter(x.max(), math.inf), abs=4 * math.ulp(hi))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = getattr(st, name).fit(x)
    ours = scipy_tuple(res, name)
    assert loglik(name, ours, x) >= loglik(name, theirs, x) - 1e-9 * abs(loglik(name, ours, x))


def test_batch_gives_each_group_fits_answer():
    rng = np.random.default_rng(8)
    parts = [st.beta.rvs(3.0, 4.0, loc=g, scale=2.0, size=300, random_state=rng)
             for g in range(3)]
    x = np.concatenate(parts + [[7.0]])
    labels = np.r_[np.repeat([10, 20, 30], 300), [40]]
    res = fastmle.fit_batch(x, "beta", groups=labels, free=("loc", "scale"))
    df = res.to_pandas()
    for g, part in enumerate(parts):
        one = fastmle.fit(part, "beta", free=("loc", "scale"))
        assert [df[k].iloc[g] for k in ("a", "b", "loc", "scale")] == [
            one.params[k] for k in ("a", "b", "loc", "scale")]
        assert res.stderr["loc"][g] == pytest.approx(one.stderr["loc"], rel=1e-12)
    assert df["status"].iloc[3] == "degenerate"              # one point: no spread


def test_bad_input():
    x = st.beta.rvs(2.0, 3.0, size=100, random_state=np.random.default_rng(9))
    with pytest.raises(ValueError, match="fixed scale 0.5 must exceed the range"):
        fastmle.fit(x, "beta", fixed={"scale": 0.5}, free=("loc",))
    y = x.copy()
    y[17] = np.nan
    with pytest.raises(ValueError, match="index 17"):
        fastmle.fit(y, "beta", free=("loc", "scale"))
    with pytest.raises(ValueError, match="degenerate"):
        fastmle.fit(np.full(10, 0.3), "powerlaw", free=("loc", "scale"))
    with pytest.raises(ValueError, match="both fixed and free"):
        fastmle.fit(x, "beta", fixed={"scale": 2.0}, free=("scale",))
    with pytest.raises(ValueError, match="'n' cannot be estimated"):
        fastmle.fit(np.round(10 * x), "binom", free=("n",))
