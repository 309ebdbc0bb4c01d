"""Distribution-function benchmarks: cdf, logsf and ppf at n = 1e6 on one thread, fastmle
against scipy.stats and the vectorised-log limit ``np.log(x, out=buf)`` (not part of the
default test run).

    pytest benchmarks/test_dist.py --benchmark-json=dist_fn.json
    python benchmarks/report.py dist_fn.json --md dist_fn.md

``FASTMLE_BENCH_DIST_N`` (default 1e6) sets the size.
"""
import os

import numpy as np
import pytest
import scipy.stats as st

import fastmle

N = int(float(os.environ.get("FASTMLE_BENCH_DIST_N", "1e6")))
# family -> scipy keyword parameters
PARAMS = {"norm": dict(loc=0.5, scale=2.0), "gamma": dict(a=2.5, scale=2.0),
          "t": dict(df=4.5, loc=0.5, scale=2.0), "genextreme": dict(c=-0.2, loc=0.5, scale=2.0)}
FUNCTIONS = ("cdf", "logsf", "ppf")


def inputs(family, fn):
    """x from the family (seeded), or probabilities in (0, 1) for ppf."""
    rng = np.random.default_rng(0)
    if fn == "ppf":
        return rng.uniform(size=N)
    return getattr(st, family)(**PARAMS[family]).rvs(size=N, random_state=rng)


@pytest.mark.parametrize("method", ["fastmle", "scipy"])
@pytest.mark.parametrize("fn", FUNCTIONS)
@pytest.mark.parametrize("family", list(PARAMS))
def test_function(benchmark, family, fn, method):
    if not hasattr(fastmle, family):
        pytest.skip(f"fastmle has no {family} yet")
    x = inputs(family, fn)
    benchmark.group = f"{fn} {family}"
    benchmark.extra_info.update(family=family, method=method, n=N, kind=fn)
    if method == "fastmle":
        d = getattr(fastmle, family)(**PARAMS[family])
        benchmark(getattr(d, fn), x, n_threads=1)
    else:
        d = getattr(st, family)(**PARAMS[family])
        benchmark(getattr(d, fn), x)


def test_log_limit(benchmark):
    """The vectorised-log limit: one log per element into a preallocated buffer."""
    x = np.random.default_rng(0).uniform(0.5, 2.0, size=N)
    buf = np.empty_like(x)
    benchmark.group = "np.log"
    benchmark.extra_info.update(family="-", method="np.log", n=N, kind="log")
    benchmark(np.log, x, out=buf)
