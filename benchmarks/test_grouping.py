"""Grouped fits from unsorted labels: ``fit_batch(groups=...)`` against the same fit from
presorted ``offsets=``, on 1 and 2 threads, with integer and string labels, and a
pandas ``groupby().apply(scipy.stats.gamma.fit)`` on a timed subset of the groups
(extrapolated: ``extra_info["extrapolate"]``).  Not part of the default test run.

    pytest benchmarks/test_grouping.py --benchmark-json=grouping.json
    python benchmarks/report.py grouping.json --md grouping.md

``FASTMLE_BENCH_GROUP_N`` (default 1e7) values in N / 10 groups.
"""
import os
import warnings

import numpy as np
import pytest

import fastmle

N = int(float(os.environ.get("FASTMLE_BENCH_GROUP_N", "1e7")))
G = max(1, N // 10)
SUBSET = 200         # groups timed for pandas + scipy


def data():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, G, N)
    return rng.gamma(2.0, 1.5, N), labels


X, LABELS = data()
STRINGS = np.char.add("sensor-", LABELS.astype(f"U{len(str(G))}"))
ORDER = np.argsort(LABELS, kind="stable")
XS = X[ORDER]
OFFSETS = np.r_[0, np.flatnonzero(np.diff(LABELS[ORDER])) + 1, N]


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("how", ["offsets", "int labels", "string labels"])
def test_grouped_fit(benchmark, how, threads):
    benchmark.group = f"grouped gamma, {N:.0e} values, {G:.0e} groups"
    benchmark.extra_info.update(family="gamma", method=f"fastmle {how}", n=N, groups=G,
                                threads=threads, kind="batch")
    if how == "offsets":
        benchmark(fastmle.fit_batch, XS, "gamma", offsets=OFFSETS, n_threads=threads)
    else:
        labels = LABELS if how == "int labels" else STRINGS
        benchmark.pedantic(fastmle.fit_batch, (X, "gamma"),
                           dict(groups=labels, n_threads=threads), rounds=3, iterations=1)


def test_pandas_groupby_scipy(benchmark):
    pd = pytest.importorskip("pandas")
    import scipy.stats as st

    keep = LABELS < SUBSET
    df = pd.DataFrame({"g": LABELS[keep], "x": X[keep]})
    benchmark.group = f"grouped gamma, {N:.0e} values, {G:.0e} groups"
    benchmark.extra_info.update(family="gamma", method="scipy-loop (pandas groupby)", n=N,
                                groups=G, threads=1, kind="batch",
                                extrapolate=G / min(SUBSET, G))

    def run():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return df.groupby("g")["x"].apply(lambda s: st.gamma.fit(s.to_numpy(), floc=0))
    benchmark.pedantic(run, rounds=1, iterations=1)
