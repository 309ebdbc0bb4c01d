"""Beyond one array in memory: Dask arrays and dataframes on a two-worker LocalCluster,
and a fit streamed from Parquet files, each against the in-memory fit of the same
data (not part of the default test run).

    pytest benchmarks/test_scale.py --benchmark-json=scale.json
    python benchmarks/report.py scale.json --md scale.md

Sizes: ``FASTMLE_BENCH_DASK_N`` (default 2e8 values in chunks of 1e7; the issue's
size), ``FASTMLE_BENCH_DDF_N`` (2e7 rows, N / 20 groups, 16 partitions),
``FASTMLE_BENCH_PARQUET_N`` (2e8 values in 20 files).  The Parquet case also records
the peak RSS of the streamed fit (a fresh process) in ``extra_info``.
"""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import fastmle

N_DASK = int(float(os.environ.get("FASTMLE_BENCH_DASK_N", "2e8")))
N_DDF = int(float(os.environ.get("FASTMLE_BENCH_DDF_N", "2e7")))
N_PQ = int(float(os.environ.get("FASTMLE_BENCH_PARQUET_N", "2e8")))


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, memory_limit="10GiB") as cluster:
        with distributed.Client(cluster) as c:
            yield c


@pytest.fixture(scope="module")
def dask_data(client):
    import dask.array as da

    x = da.random.default_rng(0).gamma(2.0, 1.5, size=N_DASK, chunks=min(N_DASK, 10**7))
    return x.persist()


@pytest.mark.parametrize("family", ["gamma", "weibull_min"])
@pytest.mark.parametrize("where", ["dask", "in-memory"])
def test_dask_array(benchmark, dask_data, family, where):
    benchmark.group = f"dask array {family}"
    benchmark.extra_info.update(family=family, method=f"{where}", n=N_DASK, groups=1,
                                threads=2, kind="batch")
    if where == "dask":
        benchmark.pedantic(fastmle.fit, (dask_data, family), rounds=2, iterations=1)
    else:
        x = dask_data.compute()
        benchmark.pedantic(fastmle.fit, (x, family), dict(n_threads=2), rounds=2, iterations=1)


@pytest.mark.parametrize("size", ["20 per group", "20000 per group"])
@pytest.mark.parametrize("where", ["dask", "dask-shuffle", "in-memory"])
def test_dask_dataframe(benchmark, client, where, size):
    """The default path of exponential families (per-group statistics, no shuffle)
    against the shuffle path that the other families take, and the in-memory fit;
    1e6 groups of 20 rows (a partition holds 1.25 rows of most groups) and 1e3 of 2e4."""
    import dask.dataframe as dd
    import pandas as pd

    per = int(size.split()[0])
    rng = np.random.default_rng(1)
    groups = max(1, N_DDF // per)
    df = pd.DataFrame({"g": rng.integers(0, groups, N_DDF), "v": rng.gamma(2.0, 1.5, N_DDF)})
    benchmark.group = f"dask dataframe gamma, {size}"
    benchmark.extra_info.update(family="gamma", method=where, n=N_DDF, groups=groups,
                                threads=2, kind="batch")
    if where == "dask":
        ddf = client.persist(dd.from_pandas(df, npartitions=16))
        benchmark.pedantic(fastmle.fit_batch, (ddf, "gamma"), dict(by="g", value="v"),
                           rounds=2, iterations=1)
    elif where == "dask-shuffle":
        from fastmle.dask_fit import _fit_by_shuffle, _result_meta

        ddf = client.persist(dd.from_pandas(df, npartitions=16))
        gamma = fastmle.families.get_family("gamma")
        meta = _result_meta(gamma, ["g"], ddf, {})

        def shuffled():
            return _fit_by_shuffle(ddf, gamma, ["g"], "v", None, {}, meta).compute()
        benchmark.pedantic(shuffled, rounds=2, iterations=1)
    else:
        benchmark.pedantic(fastmle.fit_batch, (df, "gamma"),
                           dict(by="g", value="v", n_threads=2), rounds=2, iterations=1)


@pytest.fixture(scope="module")
def parquet_files(tmp_path_factory):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    d = tmp_path_factory.mktemp("pq")
    rng = np.random.default_rng(2)
    per = N_PQ // 20
    paths = []
    for i in range(20):
        p = d / f"part{i:02d}.parquet"
        pq.write_table(pa.table({"latency": rng.gamma(2.0, 1.5, per)}), p,
                       row_group_size=10**6)
        paths.append(str(p))
    return paths


_PEAK = r"""
import json, sys
import numpy as np
import pyarrow, pyarrow.parquet, pyarrow.csv   # the libraries' own memory before the base
import fastmle
fastmle.fit(np.arange(1.0, 100.0), "gamma")     # the kernels loaded
paths = json.loads(sys.argv[1])
from fastmle.files import iter_column
next(iter_column(paths[0], "latency"))          # the reader's code paths: one row group
def kb(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])
with open("/proc/self/clear_refs", "w") as fh:
    fh.write("5")
base = kb("VmRSS")
fastmle.fit_parquet(paths, "latency", "gamma")
print(json.dumps(dict(extra_mb=(kb("VmHWM") - base) / 1024)))
"""


@pytest.mark.parametrize("how", ["streamed", "read then fit"])
def test_parquet(benchmark, parquet_files, how):
    import pyarrow.parquet as pq

    benchmark.group = "parquet gamma"
    benchmark.extra_info.update(family="gamma", method=how, n=N_PQ, groups=1, threads=1,
                                kind="batch", row_group_mb=10**6 * 8 / 2**20)
    if how == "streamed":
        out = subprocess.run([sys.executable, "-c", _PEAK, json.dumps(parquet_files)],
                             capture_output=True, text=True, check=True).stdout
        benchmark.extra_info.update(json.loads(out.strip().splitlines()[-1]))
        benchmark.pedantic(fastmle.fit_parquet, (parquet_files, "latency", "gamma"),
                           rounds=2, iterations=1)
    else:
        def run():
            x = np.concatenate([pq.read_table(p, columns=["latency"])["latency"].to_numpy()
                                for p in parquet_files])
            return fastmle.fit(x, "gamma")
        benchmark.pedantic(run, rounds=2, iterations=1)
