"""Choosing the family: ``fastmle.compare`` against fitter and distfit on 1e5 values
(fitter's common families), ``fastmle.goodness_of_fit`` against
``scipy.stats.goodness_of_fit`` (AD, 999 samples; scipy timed on a subset of samples
and extrapolated, ``extra_info["extrapolate"]``), and the command line end to end on
a 1e7-row Parquet file.  Not part of the default test run; fitter and distfit are
needed for their rows (``pip install fitter distfit``).

    pytest benchmarks/test_compare.py --benchmark-json=compare.json
"""
import os
import subprocess
import sys
import warnings

import numpy as np
import pytest
import scipy.stats as st

import fastmle
from fastmle.compare import COMMON

N = 100_000
B = 999
SUBSET = 10          # null samples timed for scipy's goodness_of_fit


@pytest.fixture(scope="module")
def data():
    return np.random.default_rng(0).gamma(2.0, 1.5, N)


def test_fastmle_compare(benchmark, data):
    benchmark.group = f"compare {len(COMMON)} common families, n = {N:.0e}"
    benchmark.extra_info.update(method="fastmle.compare", n=N, threads=1, kind="compare")
    comp = benchmark.pedantic(fastmle.compare, (data,), rounds=3, iterations=1)
    benchmark.extra_info["best_aic"] = comp.best.family.name


def test_fitter(benchmark, data):
    fitter = pytest.importorskip("fitter")
    benchmark.group = f"compare {len(COMMON)} common families, n = {N:.0e}"
    benchmark.extra_info.update(method="fitter.Fitter(...).fit()", n=N, threads=1,
                                kind="compare")

    def run():
        f = fitter.Fitter(data, distributions=fitter.get_common_distributions(),
                          timeout=600)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            f.fit(progress=False, n_jobs=1)
        return f
    f = benchmark.pedantic(run, rounds=1, iterations=1)
    benchmark.extra_info["best_aic"] = list(f.get_best(method="aic"))[0]


def test_distfit(benchmark, data):
    distfit = pytest.importorskip("distfit")
    benchmark.group = f"compare {len(COMMON)} common families, n = {N:.0e}"
    benchmark.extra_info.update(method="distfit(distr=common).fit_transform", n=N,
                                threads=1, kind="compare")

    def run():
        d = distfit.distfit(distr=list(COMMON), verbose=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            d.fit_transform(data, verbose=0)
        return d
    benchmark.pedantic(run, rounds=1, iterations=1)


@pytest.mark.parametrize("n", [1_000, 10_000])
@pytest.mark.parametrize("family", ["gamma", "weibull_min"])
@pytest.mark.parametrize("how", ["fastmle", "scipy"])
def test_goodness_of_fit(benchmark, family, n, how):
    rng = np.random.default_rng(1)
    x = rng.gamma(2.0, 1.5, n) if family == "gamma" else rng.weibull(1.6, n) * 2.0
    benchmark.group = f"goodness_of_fit AD {family}, n = {n:.0e}, {B} samples"
    if how == "fastmle":
        benchmark.extra_info.update(family=family, method="fastmle.goodness_of_fit", n=n,
                                    threads=2, kind="gof")
        benchmark.pedantic(fastmle.goodness_of_fit, (x, family, "ad", B),
                           dict(random_state=2, n_threads=2), rounds=2, iterations=1)
        return
    benchmark.extra_info.update(family=family, method="scipy.stats.goodness_of_fit", n=n,
                                threads=1, kind="gof", extrapolate=B / SUBSET)
    dist = getattr(st, family)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        benchmark.pedantic(st.goodness_of_fit, (dist, x),
                           dict(known_params={"loc": 0}, statistic="ad",
                                n_mc_samples=SUBSET, random_state=3),
                           rounds=1, iterations=1)


def test_cli_compare_parquet_1e7(benchmark, tmp_path_factory):
    """``fastmle compare FILE -c x`` end to end (a new process: import, read, all fits
    and statistics) on 1e7 rows of Parquet."""
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path_factory.mktemp("cli") / "x.parquet"
    x = np.random.default_rng(4).gamma(2.0, 1.5, 10_000_000)
    pq.write_table(pa.table({"x": x}), path, row_group_size=1 << 20)
    del x
    benchmark.group = "fastmle compare FILE (1e7-row Parquet, end to end)"
    benchmark.extra_info.update(method="fastmle compare", n=10_000_000, threads=1,
                                kind="cli")
    out = benchmark.pedantic(subprocess.run, ([sys.executable, "-m", "fastmle", "compare",
                                               str(path), "-c", "x"],),
                             dict(capture_output=True, text=True, env=dict(os.environ)),
                             rounds=1, iterations=1)
    assert out.returncode == 0, out.stderr
