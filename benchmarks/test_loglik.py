"""Log-likelihood benchmarks: family x n x method, plus small-n latency.

Run with ``pytest benchmarks --benchmark-json=out.json``, then
``python benchmarks/report.py out.json`` for the markdown table and the plot.

Environment variables narrow the run:

``FASTMLE_BENCH_FAMILIES``      comma-separated families (default: norm,gamma,t)
``FASTMLE_BENCH_METHODS``       comma-separated methods (default: all of
                                ``fastmle.benchmark.METHODS``)
``FASTMLE_BENCH_SIZES``         comma-separated sizes (default: 1e2,1e3,...,1e7)
``FASTMLE_BENCH_PYTHON_MAX_N``  largest n for the fastmle-python engine (default 1e5)
``FASTMLE_BENCH_PEDANTIC_N``    from this n on, ``benchmark.pedantic`` with 3
                                rounds of 1 call after 1 warm-up (default 1e7)
"""
import os

import pytest

import fastmle
from fastmle import benchmark as fb


def _env_list(name, default):
    v = os.environ.get(name)
    return [s.strip() for s in v.split(",") if s.strip()] if v else list(default)


FAMILIES = _env_list("FASTMLE_BENCH_FAMILIES", fb.FAMILIES)
METHODS = _env_list("FASTMLE_BENCH_METHODS", fb.METHODS)
SIZES = sorted({int(float(s)) for s in _env_list("FASTMLE_BENCH_SIZES",
                                                 [10 ** e for e in range(2, 8)])})
PYTHON_MAX_N = int(float(os.environ.get("FASTMLE_BENCH_PYTHON_MAX_N", "1e5")))
PEDANTIC_N = int(float(os.environ.get("FASTMLE_BENCH_PEDANTIC_N", "1e7")))

# family -> n -> method order, so consecutive tests share one data array
CASES = [(f, n, m) for f in FAMILIES for n in SIZES for m in METHODS
         if not (m in fb.PYTHON_METHODS and n > PYTHON_MAX_N)]


def _id(case):
    family, n, method = case
    return f"{family}-n{fb.fmt_n(n)}-{method}"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_loglik(benchmark, bench_data, case):
    family, n, method = case
    x = bench_data(family, n)
    try:
        fn = fb.make(family, method, x)      # set-up, numba compilation: not timed
    except fb.Unavailable as exc:
        pytest.skip(str(exc))
    benchmark.group = f"{family} n={fb.fmt_n(n)}"
    benchmark.extra_info.update(family=family, method=method, n=n, kind="loglik")
    if n >= PEDANTIC_N:
        benchmark.pedantic(fn, rounds=3, iterations=1, warmup_rounds=1)
    else:
        benchmark(fn)


@pytest.mark.parametrize("family", FAMILIES)
def test_latency(benchmark, family):
    """Per-call time of ``dist.loglik(x)`` at n = 10 on the cython engine, 1 thread."""
    n = 10
    dist = getattr(fastmle, family)(**fb.CASES[family].params)
    x = fb.data(family, n)
    benchmark.group = "latency n=10"
    benchmark.extra_info.update(family=family, method="fastmle-cython", n=n, kind="latency")
    with fastmle.engine_context("cython", 1):
        benchmark(dist.loglik, x)
