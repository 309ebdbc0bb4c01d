"""fastmle.fit of dask arrays: the in-memory fit, on a two-process LocalCluster (kernels
and results pickled to and from workers) and on the synchronous scheduler."""
import warnings

import numpy as np
import pytest
from conftest import CASES, sample

import fastmle
from fastmle.dask_fit import is_dask_frame

da = pytest.importorskip("dask.array")
dask = pytest.importorskip("dask")

FAMILIES = list(CASES)
CHUNKS = (1, 0, 2, 1997, 3000, 999, 1)      # uneven, an empty block, single values


def fixed_of(name):
    return {"n": CASES[name]["n"]} if name == "binom" else None


def fit_both(name, x, w=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fastmle.ConvergenceWarning)
        ref = fastmle.fit(x, name, weights=w, fixed=fixed_of(name))
        dw = None if w is None else da.from_array(w, chunks=(CHUNKS,))
        res = fastmle.fit(da.from_array(x, chunks=(CHUNKS,)), name, weights=dw,
                          fixed=fixed_of(name))
    return res, ref


def assert_same(res, ref):
    assert res.status == ref.status
    for k in ref.free:
        assert res.params[k] == pytest.approx(ref.params[k], rel=1e-12, abs=1e-300)
    # (relative to the size of the terms: a sum of thousands of them may cancel to ~1)
    assert res.loglik == pytest.approx(ref.loglik, rel=1e-13, abs=1e-13 * res.n)


@pytest.mark.parametrize("name", FAMILIES)
def test_every_family_on_a_process_cluster(name, dask_client):
    x = sample(name, n=6000, seed=21)
    res, ref = fit_both(name, x)
    assert_same(res, ref)
    assert res.method.startswith("newton over dask blocks")


@pytest.mark.parametrize("name", ["gamma", "weibull_min", "t", "poisson"])
def test_weights_and_the_synchronous_scheduler(name):
    x = sample(name, n=6000, seed=22)
    w = np.random.default_rng(23).integers(0, 3, x.size).astype(float)
    with dask.config.set(scheduler="synchronous"):
        res, ref = fit_both(name, x, w)
    assert_same(res, ref)


def test_order_statistics_and_categorical(dask_client):
    """laplace's exact median (the bracket narrowed over the blocks), the extremes,
    categorical's counts: the in-memory fits, on worker processes."""
    rng = np.random.default_rng(27)
    x = rng.integers(0, 5, 6000).astype(float)
    w = rng.integers(0, 3, x.size).astype(float)
    for name in ("laplace", "categorical"):
        for wt in (None, w):
            res = fastmle.fit(da.from_array(x, chunks=(CHUNKS,)), name, weights=None if wt is
                              None else da.from_array(wt, chunks=(CHUNKS,)))
            ref = fastmle.fit(x, name, weights=wt)
            np.testing.assert_allclose(np.ravel(list(res.params.values())[0]),
                                       np.ravel(list(ref.params.values())[0]), rtol=1e-13)
            assert res.loglik == pytest.approx(ref.loglik, rel=1e-13)
    y = np.r_[x[:10], 7.5]
    with pytest.raises(ValueError, match="not a label.*index 10"):
        fastmle.fit(da.from_array(y, chunks=4), "categorical")


def test_float32_and_int_blocks(dask_client):
    x = sample("gamma", n=6000, seed=24)
    res, ref = fit_both("gamma", x.astype(np.float32))
    assert_same(res, ref)
    k = sample("poisson", n=6000, seed=25).astype(np.int64)
    res, ref = fit_both("poisson", k)
    assert_same(res, ref)


def test_bad_input_names_the_index(dask_client):
    x = sample("weibull_min", n=6000, seed=26)
    y = x.copy()
    y[4321] = np.nan
    with pytest.raises(ValueError, match="index 4321"):
        fastmle.fit(da.from_array(y, chunks=(CHUNKS,)), "weibull_min")
    ok = fastmle.fit(da.from_array(y, chunks=(CHUNKS,)), "weibull_min", nan_policy="omit")
    assert ok.params["c"] == pytest.approx(
        fastmle.fit(y, "weibull_min", nan_policy="omit").params["c"], rel=1e-12)
    y = x.copy()
    y[3001] = -2.0
    for name in ("weibull_min", "gamma"):
        with pytest.raises(ValueError, match="outside.*index 3001"):
            fastmle.fit(da.from_array(y, chunks=(CHUNKS,)), name)
    unknown = da.from_array(x, chunks=1000)
    unknown = unknown[unknown > 0]
    with pytest.raises(ValueError, match="unknown size.*compute_chunk_sizes"):
        fastmle.fit(unknown, "gamma")
    with pytest.raises(ValueError, match="1-D"):
        fastmle.fit(da.from_array(x.reshape(2, -1)), "gamma")
    np.testing.assert_array_equal(x, sample("weibull_min", n=6000, seed=26))


def test_blocks_that_are_views():
    """Blocks with strides (broadcast weights, a sliced array) are read as values."""
    x = sample("weibull_min", n=6000, seed=27)
    big = da.from_array(np.repeat(x, 2), chunks=1000)[::2]          # strided blocks
    with dask.config.set(scheduler="synchronous"):
        res = fastmle.fit(big, "weibull_min", weights=da.ones_like(big))
    assert_same(res, fastmle.fit(x, "weibull_min"))


# ------------------------------------------------------------------ dask dataframes
dd = pytest.importorskip("dask.dataframe")
pd = pytest.importorskip("pandas")


def frame(n=12000, seed=30):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"sensor": rng.choice(["s1", "s2", "s3", "s4"], n),
                       "site": rng.integers(0, 3, n), "latency_ms": rng.gamma(2.5, 4.0, n),
                       "w": rng.integers(0, 3, n).astype(float)})
    df.index = df.index * 10 + 5                 # labels that are not positions
    return df


@pytest.mark.parametrize("layout", ["spanning", "one group per partition", "one partition"])
def test_dataframe_groupby_equals_in_memory(layout, dask_client):
    df = frame()
    if layout == "spanning":
        ddf = dd.from_pandas(df, npartitions=5)
    elif layout == "one group per partition":
        df = df.sort_values("sensor")
        ddf = dd.from_pandas(df.set_index(np.arange(len(df))), npartitions=4)
        df = df.set_index(np.arange(len(df)))
    else:
        ddf = dd.from_pandas(df, npartitions=1)
    by = ["sensor", "site"]
    got = fastmle.fit_batch(ddf, "gamma", by=by, value="latency_ms", weights="w")
    want = fastmle.fit_batch(df, "gamma", by=by, value="latency_ms", weights="w").to_pandas()
    assert list(got.index) == list(want.index) and got.index.names == want.index.names
    np.testing.assert_allclose(got["a"], want["a"], rtol=1e-12)
    np.testing.assert_allclose(got["stderr_scale"], want["stderr_scale"], rtol=1e-9)
    assert list(got["status"]) == list(want["status"])


def test_dataframe_bad_rows_and_input(dask_client):
    df = frame(seed=31)
    df.loc[df.index[7], "latency_ms"] = -3.0
    df.loc[df["sensor"] == "s4", "latency_ms"] = np.nan
    ddf = dd.from_pandas(df, npartitions=3)
    got = fastmle.fit_batch(ddf, "weibull_min", by="sensor", value="latency_ms",
                            nan_policy="omit")
    assert got.loc["s4", "status"] == "too_few"
    bad = df.loc[df.index[7], "sensor"]
    assert got.loc[bad, "status"] == "outside" and got.loc[bad, "bad_index"] == df.index[7]
    assert (got.drop(index=[bad, "s4"])["status"] == "ok").all()
    lazy = fastmle.fit_batch(ddf, "weibull_min", by="sensor", value="latency_ms",
                             nan_policy="omit", compute=False)
    assert is_dask_frame(lazy)
    pd.testing.assert_frame_equal(lazy.compute().sort_index(), got)
    with pytest.raises(KeyError, match="'sensr' is not in the DataFrame; its columns are"):
        fastmle.fit_batch(ddf, "gamma", by="sensr", value="latency_ms")
    with pytest.raises(TypeError, match="value column 'sensor' must be numeric"):
        fastmle.fit_batch(ddf, "gamma", by="site", value="sensor")


STATS_CASES = {"gamma": lambda r, n: r.gamma(2.5, 4.0, n),
               "norm": lambda r, n: r.normal(1e6, 3.0, n),
               "lognorm": lambda r, n: r.lognormal(0.5, 0.7, n),
               "expon": lambda r, n: r.exponential(2.0, n),
               "invgamma": lambda r, n: 1.0 / r.gamma(3.0, 1.0, n),
               "beta": lambda r, n: r.beta(2.0, 5.0, n),
               "poisson": lambda r, n: r.poisson(3.0, n).astype(float),
               "geom": lambda r, n: r.geometric(0.3, n).astype(float),
               "binom": lambda r, n: r.binomial(10, 0.3, n).astype(float)}


@pytest.mark.parametrize("engine", ["cython", "python"])
@pytest.mark.parametrize("name", sorted(STATS_CASES))
def test_dataframe_statistics_path_equals_in_memory(name, engine, dask_client):
    """Exponential families: per-partition statistics merged by key (the shifted sums
    of norm moved to a common shift), then the fits: the in-memory table."""
    rng = np.random.default_rng(32)
    n = 3000 if engine == "python" else 12000
    df = pd.DataFrame({"sensor": rng.choice(["s1", "s2", "s3", "s4"], n),
                       "site": rng.integers(0, 3, n), "v": STATS_CASES[name](rng, n),
                       "w": rng.integers(0, 3, n).astype(float)})
    fixed = {"n": 10} if name == "binom" else None
    ddf = dd.from_pandas(df, npartitions=5)
    kw = dict(by=["sensor", "site"], value="v", weights="w", fixed=fixed, engine=engine)
    got = fastmle.fit_batch(ddf, name, **kw)
    want = fastmle.fit_batch(df, name, **kw).to_pandas()
    assert list(got.columns) == list(want.columns) and list(got.index) == list(want.index)
    for c in want.columns:
        if want[c].dtype.kind == "f":
            np.testing.assert_allclose(got[c], want[c], rtol=1e-11, err_msg=c)
        elif c != "bad_index":
            assert list(got[c]) == list(want[c]), c


def _shuffles(lazy):
    return any("shuffle" in str(k).lower() or "rearrange" in str(k).lower()
               for k in dict(lazy.__dask_graph__()))


def test_exponential_families_do_not_shuffle(dask_client):
    df = frame(seed=33)
    ddf = dd.from_pandas(df, npartitions=4)
    lazy = fastmle.fit_batch(ddf, "gamma", by="sensor", value="latency_ms", compute=False)
    assert not _shuffles(lazy)
    assert _shuffles(fastmle.fit_batch(ddf, "weibull_min", by="sensor", value="latency_ms",
                                       compute=False))
    df.loc[df.index[9], "latency_ms"] = -1.0
    df.loc[df.index[20], "latency_ms"] = np.nan
    got = fastmle.fit_batch(dd.from_pandas(df, npartitions=4), "gamma", by="sensor",
                            value="latency_ms", min_size=10)
    rows = {df.loc[df.index[9], "sensor"]: ("outside", df.index[9]),
            df.loc[df.index[20], "sensor"]: ("nan", df.index[20])}
    for key, (status, label) in rows.items():
        assert got.loc[key, "status"] == status and got.loc[key, "bad_index"] == label
    assert (got.drop(index=list(rows))["status"] == "ok").all()


def test_statistics_path_in_hash_buckets(dask_client):
    """With many partitions the keys are split by hash into buckets merged and fitted
    apart (as split_out): the same table, failed groups named by row label."""
    df = frame(n=20000, seed=34)
    df.loc[df.index[11], "latency_ms"] = -1.0
    ddf = dd.from_pandas(df, npartitions=20)
    kw = dict(by=["sensor", "site"], value="latency_ms", weights="w")
    got = fastmle.fit_batch(ddf, "gamma", **kw)
    want = fastmle.fit_batch(df, "gamma", **kw).to_pandas()
    assert list(got.index) == list(want.index)
    np.testing.assert_allclose(got["a"], want["a"], rtol=1e-12)
    bad = (df.loc[df.index[11], "sensor"], df.loc[df.index[11], "site"])
    if df.loc[df.index[11], "w"] > 0:
        assert got.loc[bad, "status"] == "outside" and got.loc[bad, "bad_index"] == df.index[11]
    assert list(got["status"]) == list(want["status"])


def test_progress_bars_on_stderr(dask_client, capsys):
    """progress=True: a tqdm bar of the finished tasks on a distributed Client, Dask's
    own bar on the local schedulers; on stderr, results unchanged."""
    x = sample("gamma", n=6000, seed=35)
    ref = fastmle.fit(x, "gamma")
    res = fastmle.fit(da.from_array(x, chunks=(CHUNKS,)), "gamma", progress=True)
    assert res.params["a"] == pytest.approx(ref.params["a"], rel=1e-12)
    err = capsys.readouterr().err
    assert "dask tasks" in err
    got = fastmle.fit_batch(dd.from_pandas(frame(seed=36), npartitions=3), "weibull_min",
                            by="sensor", value="latency_ms", progress=True)
    assert (got["status"] == "ok").all() and "dask tasks" in capsys.readouterr().err
    with dask.config.set(scheduler="sync"):
        fastmle.fit(da.from_array(x, chunks=(CHUNKS,)), "weibull_min", progress=True)
    assert "Completed" in capsys.readouterr().err
