"""Grouped fits from labels of any kind (fastmle.grouping): against the presorted
offsets= path (argsort oracle), thread counts, missing labels, DataFrames."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st_

import fastmle
from fastmle.grouping import group_csr

pd = pytest.importorskip("pandas")


def oracle(x, labels, family="gamma", **kw):
    """fit_batch on data presorted by numpy's stable argsort, with np.unique's keys."""
    order = np.argsort(labels, kind="stable")
    sl = labels[order]
    starts = np.flatnonzero(sl[1:] != sl[:-1]) + 1
    off = np.r_[0, starts, sl.size]
    w = kw.pop("weights", None)
    res = fastmle.fit_batch(x[order], family, offsets=off,
                            weights=None if w is None else w[order], **kw)
    return res, sl[np.r_[0, starts]], order


def data(n, G, seed=0):
    rng = np.random.default_rng(seed)
    return rng.gamma(2.0, 1.5, n), rng.integers(0, G, n)


@pytest.mark.parametrize("transform", [
    lambda v: v,                                   # dense int64
    lambda v: v.astype(np.int8) - 50,              # negative, small dtype
    lambda v: v.astype(np.uint32),
    lambda v: v * 1000003 - 7,                     # sparse: hashed
    lambda v: v.astype(np.uint64) + np.uint64(2 ** 63),   # beyond int64
], ids=["int64", "int8", "uint32", "sparse", "uint64"])
def test_integer_labels_match_the_presorted_fit(transform):
    x, g = data(5000, 97)
    labels = transform(g)
    res = fastmle.fit_batch(x, "gamma", groups=labels)
    ref, keys, _ = oracle(x, labels)
    np.testing.assert_array_equal(res.groups, keys)
    np.testing.assert_array_equal(res.params["a"], ref.params["a"])
    np.testing.assert_array_equal(res.loglik, ref.loglik)


@pytest.mark.parametrize("kind", ["U", "S", "object", "categorical", "bool"])
def test_string_categorical_and_bool_labels(kind):
    x, g = data(3000, 40, seed=1)
    names = np.array([f"id-{v:03d}" for v in g])
    labels = {"U": names, "S": names.astype("S"), "object": names.astype(object),
              "categorical": pd.Categorical(names, categories=np.r_[np.unique(names),
                                                                     ["unused"]]),
              "bool": g % 2 == 0}[kind]
    res = fastmle.fit_batch(x, "gamma", groups=labels)
    ref, keys, _ = oracle(x, np.asarray(labels))
    assert list(res.groups) == list(keys)            # unobserved categories dropped
    np.testing.assert_array_equal(res.params["scale"], ref.params["scale"])


def test_several_key_columns_and_dataframe():
    rng = np.random.default_rng(2)
    n = 4000
    df = pd.DataFrame({"sensor": rng.choice(["b", "a", "c"], n), "site": rng.integers(0, 4, n),
                       "latency_ms": rng.gamma(3.0, 2.0, n), "w": rng.integers(1, 3, n) * 1.0})
    res = fastmle.fit_batch(df, "gamma", by=["sensor", "site"], value="latency_ms",
                            weights="w")
    same = fastmle.fit_batch(df["latency_ms"].to_numpy(), "gamma",
                             groups=(df["sensor"].to_numpy(), df["site"].to_numpy()),
                             weights=df["w"].to_numpy())
    np.testing.assert_array_equal(res.params["a"], same.params["a"])
    want = df.groupby(["sensor", "site"]).size()
    assert list(res.groups) == list(want.index) and len(res) == 12
    table = res.to_pandas()
    assert list(table.index.names) == ["sensor", "site"]
    assert list(table.index) == list(want.index)
    for key, sub in df.groupby(["sensor", "site"]):
        one = fastmle.fit(sub["latency_ms"].to_numpy(), "gamma", weights=sub["w"].to_numpy())
        assert table.loc[key, "a"] == one.params["a"]
    ci = res.conf_int(0.9)["a"]
    se = res.stderr["a"]
    np.testing.assert_allclose(ci[1] - ci[0], 2 * 1.6448536269514722 * se, rtol=1e-12)


def test_threads_give_identical_results():
    x, g = data(300_000, 5000, seed=3)          # several parts of the counting sort
    a = fastmle.fit_batch(x, "gamma", groups=g, n_threads=1)
    b = fastmle.fit_batch(x, "gamma", groups=g, n_threads=2)
    np.testing.assert_array_equal(a.params["a"], b.params["a"])
    one = group_csr(x, None, g, False, 1)
    two = group_csr(x, None, g, False, 2)
    np.testing.assert_array_equal(one.x, two.x)
    np.testing.assert_array_equal(one.off, two.off)


def test_float32_stays_float32_and_weights_follow():
    x, g = data(2000, 30, seed=4)
    w = np.random.default_rng(5).integers(0, 4, x.size).astype(float)
    grp = group_csr(x.astype(np.float32), w, g, False, 1)
    assert grp.x.dtype == np.float32
    order = np.argsort(g, kind="stable")
    np.testing.assert_array_equal(grp.x, x.astype(np.float32)[order])
    np.testing.assert_array_equal(grp.w, w[order])


def test_nan_and_support_errors_point_at_the_callers_index():
    x, g = data(3000, 20, seed=6)
    labels = np.array([f"k{v}" for v in g], dtype=object)
    x0 = x.copy()
    x[123] = np.nan
    x[2000] = -1.0                                # outside gamma's support
    res = fastmle.fit_batch(x, "gamma", groups=labels)
    bad = dict(zip(res.groups, zip(res.status, res.bad_index)))
    assert bad[labels[123]] == ("nan", 123)
    assert bad[labels[2000]] == ("outside", 2000)
    assert sum(s == "ok" for s in res.status) == len(res) - 2
    # omit: the NaN left out (that group fitted), a group of only NaN a row saying so
    y = x0.copy()
    y[g == 7] = np.nan
    y[5] = -2.0
    res = fastmle.fit_batch(y, "gamma", groups=g, nan_policy="omit")
    row = dict(zip(res.groups, zip(res.status, res.bad_index)))
    assert row[7] == ("too_few", -1)
    assert row[g[5]] == ("outside", 5)
    np.testing.assert_array_equal(x0[g != 7][:3], y[g != 7][:3])    # caller's data kept


def test_missing_labels_and_bad_input():
    x, g = data(100, 5, seed=7)
    obj = g.astype(object)
    obj[17] = None
    with pytest.raises(ValueError, match="missing label at index 17"):
        fastmle.fit_batch(x, "gamma", groups=obj)
    cat = pd.Categorical(np.where(np.arange(100) == 42, None, g.astype(str)))
    with pytest.raises(ValueError, match="missing label at index 42"):
        fastmle.fit_batch(x, "gamma", groups=cat)
    with pytest.raises(TypeError, match="integer, string, categorical"):
        fastmle.fit_batch(x, "gamma", groups=g + 0.5)
    with pytest.raises(ValueError, match="one label per value"):
        fastmle.fit_batch(x, "gamma", groups=g[:-1])
    df = pd.DataFrame({"k": g, "v": x, "s": g.astype(str)})
    with pytest.raises(KeyError, match=r"'kk' is not in the DataFrame; its columns are"):
        fastmle.fit_batch(df, "gamma", by="kk", value="v")
    with pytest.raises(TypeError, match="value column 's' must be numeric"):
        fastmle.fit_batch(df, "gamma", by="k", value="s")
    with pytest.raises(ValueError, match="needs value="):
        fastmle.fit_batch(df, "gamma", by="k")


def test_min_size_drops_and_reports():
    x, g = data(1000, 10, seed=8)
    g[g == 3] = 100                       # then shrink group 100 to 5 values
    keep = np.ones(x.size, bool)
    keep[np.flatnonzero(g == 100)[5:]] = False
    x, g = x[keep], g[keep]
    x[np.flatnonzero(g == 9)[0]] = np.nan
    res = fastmle.fit_batch(x, "gamma", groups=g, min_size=6)
    assert 100 not in res.groups and list(res.dropped["groups"]) == [100]
    assert list(res.dropped["n"]) == [5]
    full = fastmle.fit_batch(x, "gamma", groups=g)
    rows = full.groups != 100
    np.testing.assert_array_equal(res.params["a"], full.params["a"][rows])
    np.testing.assert_array_equal(res.bad_index, full.bad_index[rows])    # caller's index


@settings(max_examples=40, deadline=None)
@given(st_.lists(st_.integers(-3, 3), min_size=0, max_size=60), st_.integers(0, 3))
def test_any_integer_labels_property(labels, seed):
    labels = np.array(labels, dtype=np.int64)
    x = np.random.default_rng(seed).gamma(2.0, 1.0, labels.size)
    grp = group_csr(x, None, labels, False, 2)
    order = np.argsort(labels, kind="stable")
    np.testing.assert_array_equal(grp.x, x[order])
    np.testing.assert_array_equal(grp.keys, np.unique(labels))
    np.testing.assert_array_equal(np.diff(grp.off), np.unique(labels, return_counts=True)[1])
