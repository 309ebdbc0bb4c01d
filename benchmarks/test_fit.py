"""Fitting benchmarks: single fits vs scipy and pure Python, batch fits vs a loop
over scipy fits (not part of the default test run).

    pytest benchmarks/test_fit.py --benchmark-json=fit.json
    python benchmarks/report.py fit.json --md fit.md

``FASTMLE_BENCH_FIT_SIZES`` (default 1e3,1e5,1e6) and
``FASTMLE_BENCH_FIT_FAMILIES`` narrow the run.  Slow scipy fits (seconds per
call: t, weibull_min at n >= 1e5) are timed with one round.
"""
import os
import warnings

import pytest

from fastmle import benchmark_fit as bf

SIZES = [int(float(s)) for s in
         os.environ.get("FASTMLE_BENCH_FIT_SIZES", "1e3,1e5,1e6").split(",")]
FAMILIES = os.environ.get("FASTMLE_BENCH_FIT_FAMILIES", ",".join(bf.FIT_FAMILIES)).split(",")
GROUPS, SIZE, SUBSET = 10_000, 100, 200
SLOW_SCIPY = ("t", "weibull_min", "weibull_min+loc", "lognorm+loc", "gamma+loc")  # one round


@pytest.mark.parametrize("n", SIZES, ids=lambda n: f"n{n:.0e}")
@pytest.mark.parametrize("method", bf.FIT_METHODS)
@pytest.mark.parametrize("family", FAMILIES)
def test_fit(benchmark, family, method, n):
    x = bf.fit_data(family, n)
    fn = bf.make(family, method, x)
    if fn is None:
        pytest.skip(f"{method} has no {family} fit")
    benchmark.group = f"fit {family}"
    benchmark.extra_info.update(family=family, method=method, n=n, kind="fit")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")           # scipy's optimiser warnings
        if (method == "scipy" and family in SLOW_SCIPY and n >= 100_000
                or method == "python" and n >= 1_000_000):
            benchmark.pedantic(fn, rounds=1, iterations=1, warmup_rounds=0)
        else:
            benchmark(fn)


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("family", bf.BATCH_FAMILIES)
def test_batch(benchmark, family, threads):
    x = bf.batch_data(family, GROUPS, SIZE)
    benchmark.group = f"batch {family}"
    benchmark.extra_info.update(family=family, method="fastmle", n=GROUPS * SIZE,
                                groups=GROUPS, threads=threads, kind="batch")
    benchmark(bf.make_batch(family, "fastmle", x, n_threads=threads))


@pytest.mark.parametrize("family", bf.BATCH_FAMILIES)
def test_batch_scipy_loop(benchmark, family):
    x = bf.batch_data(family, GROUPS, SIZE)
    benchmark.group = f"batch {family}"
    benchmark.extra_info.update(family=family, method="scipy-loop", n=GROUPS * SIZE,
                                groups=GROUPS, threads=1, kind="batch",
                                extrapolate=GROUPS / SUBSET)
    benchmark.pedantic(bf.make_batch(family, "scipy-loop", x, subset=SUBSET), rounds=3,
                       iterations=1)
