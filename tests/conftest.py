"""Shared cases: one parameter set and a data generator per family, the engines."""
import importlib.util

import numpy as np
import pytest
import scipy.stats as st

import fastmle

HAS_NUMBA = importlib.util.find_spec("numba") is not None
ENGINES = ["cython", "python"] + (["numba"] if HAS_NUMBA else [])
# families whose every solver path (statistics, profile, data Newton, unbounded end,
# own coordinates, own driver, discrete) the numba engine is checked on by default:
# compiling its fit for one family and dtype takes seconds, so the other families'
# numba cases of the per-family solver tests run with -m slow
NUMBA_CORE = {"gamma", "norm", "weibull_min", "t", "genextreme", "loggamma", "dweibull",
              "binom", "lomax"}


def family_engine_cases(families):
    """(family, engine) parameters: every engine, numba outside NUMBA_CORE marked slow."""
    return [pytest.param(f, e, marks=pytest.mark.slow)
            if e == "numba" and f not in NUMBA_CORE else pytest.param(f, e)
            for f in families for e in ENGINES]

# family -> (parameters by scipy name, scipy frozen distribution used as oracle)
CASES = {
    "norm": dict(loc=1.5, scale=2.0),
    "lognorm": dict(s=0.7, scale=2.0),
    "expon": dict(scale=1.7),
    "halfnorm": dict(scale=1.7),
    "gamma": dict(a=2.5, scale=1.3),
    "weibull_min": dict(c=1.8, scale=2.0),
    "dweibull": dict(c=2.07, loc=0.5, scale=1.5),
    "beta": dict(a=2.0, b=3.5),
    "t": dict(df=4.5, loc=0.5, scale=1.5),
    "laplace": dict(loc=0.3, scale=1.4),
    "logistic": dict(loc=0.3, scale=1.4),
    "cauchy": dict(loc=0.3, scale=1.4),
    "gumbel_r": dict(loc=0.3, scale=1.4),
    "gumbel_l": dict(loc=0.3, scale=1.4),
    "loggamma": dict(c=2.5, loc=0.5, scale=1.5),
    "uniform": dict(loc=0.3, scale=1.4),
    "pareto": dict(b=2.5, scale=1.2),
    "rayleigh": dict(scale=1.7),
    "chi2": dict(df=5.5, scale=1.3),
    "invgamma": dict(a=3.5, scale=1.3),
    "invgauss": dict(mu=0.8, scale=1.5),
    "lomax": dict(c=2.5, scale=1.2),
    "fisk": dict(c=3.1, scale=2.0),
    "burr12": dict(c=3.0, d=1.5, scale=2.0),
    "nakagami": dict(nu=4.97, scale=2.0),
    "exponpow": dict(b=2.7, scale=2.0),
    "powerlaw": dict(a=1.66),
    "genpareto": dict(c=0.25, scale=1.5),
    "genextreme": dict(c=-0.2, loc=0.5, scale=1.5),
    "poisson": dict(mu=3.5),
    "binom": dict(n=12, p=0.3),
    "geom": dict(p=0.35),
    "nbinom": dict(n=3.5, p=0.4),
}
FAMILY_NAMES = list(CASES)
# families whose scipy log-density overflows (y^-c, ...) to +-inf at finite points inside
# the support where the density is finite: the tests take mpmath's value there
SCIPY_LOGPDF_OVERFLOWS = {"fisk", "burr12"}


def scipy_dist(name, params=None):
    return getattr(st, name)(**(CASES[name] if params is None else params))


def sample(name, n=300, seed=0, params=None):
    """A float64 sample of ``name`` from scipy (counts as floats for discrete families)."""
    rng = np.random.default_rng(seed)
    return np.asarray(scipy_dist(name, params).rvs(size=n, random_state=rng), dtype=np.float64)


def frozen(name, params=None):
    return getattr(fastmle, name)(**(CASES[name] if params is None else params))


def logdensity(dist, x, **kw):
    f = dist.logpmf if dist.family.discrete else dist.logpdf
    return f(x, **kw)


@pytest.fixture(params=ENGINES)
def engine(request):
    return request.param


@pytest.fixture(params=FAMILY_NAMES)
def family(request):
    return request.param


def fd_grad(f, x, h=1e-6):
    """Central finite-difference gradient of the scalar function f at the array x."""
    g = np.empty_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e.flat[i] = h
        g.flat[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g


# hypothesis profiles of the fuzz suite (tests/test_fuzz.py): derandomised (a fixed seed),
# no example database, so a run repeats exactly; "fuzz-deep" via FASTMLE_FUZZ=deep
from hypothesis import HealthCheck, settings  # noqa: E402

_FUZZ = dict(derandomize=True, database=None, deadline=None, print_blob=True,
             suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                    HealthCheck.data_too_large])
settings.register_profile("fuzz", max_examples=30, **_FUZZ)
settings.register_profile("fuzz-deep", max_examples=1000, **_FUZZ)


@pytest.fixture(scope="session")
def dask_client():
    """A real two-process Dask cluster for the tests that use it (started once)."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()
