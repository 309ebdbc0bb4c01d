"""fit_parquet / read_parquet_column: Parquet row groups and CSV blocks streamed through
fit_chunks; the in-memory fits of the same values."""
import numpy as np
import pytest
from conftest import sample

import fastmle

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pd = pytest.importorskip("pandas")


@pytest.fixture
def files(tmp_path):
    """Three Parquet files of small row groups (a null value in one) and a CSV file."""
    rng = np.random.default_rng(40)
    x = sample("gamma", n=9000, seed=41)
    keys = rng.choice(["a", "b", "c"], x.size)
    paths = []
    for i, part in enumerate(np.array_split(np.arange(x.size), 3)):
        t = pa.table({"latency": x[part], "sensor": keys[part],
                      "w": rng.integers(1, 3, part.size).astype(float)})
        p = tmp_path / f"part{i}.parquet"
        pq.write_table(t, p, row_group_size=700)
        paths.append(p)
    csv = tmp_path / "all.csv"
    pd.DataFrame({"latency": x, "sensor": keys}).to_csv(csv, index=False)
    return paths, csv, x, keys


def test_streamed_fits_equal_in_memory(files):
    paths, csv, x, keys = files
    assert pq.ParquetFile(paths[0]).num_row_groups > 3
    for family in ("gamma", "weibull_min"):
        ref = fastmle.fit(x, family)
        for src in (paths, str(csv)):
            res = fastmle.fit_parquet(src, "latency", family)
            assert res.params == pytest.approx(ref.params, rel=1e-12)
    np.testing.assert_array_equal(fastmle.read_parquet_column(paths, "latency"), x)
    got, k = fastmle.read_parquet_column(paths, "latency", by="sensor")
    np.testing.assert_array_equal(k, keys)
    res = fastmle.fit_parquet(paths, "latency", "gamma", by="sensor")
    ref = fastmle.fit_batch(x, "gamma", groups=keys)
    np.testing.assert_array_equal(res.params["a"], ref.params["a"])
    assert list(res.to_pandas().index) == ["a", "b", "c"]
    w = np.concatenate([pq.read_table(p)["w"].to_numpy() for p in paths])
    res = fastmle.fit_parquet(paths, "latency", "gamma", weights="w")
    assert res.params["a"] == pytest.approx(fastmle.fit(x, "gamma", weights=w).params["a"],
                                            rel=1e-12)
    res = fastmle.fit_parquet(paths, "latency", "gamma", by="sensor", weights="w")
    ref = fastmle.fit_batch(x, "gamma", groups=keys, weights=w)
    np.testing.assert_array_equal(res.params["a"], ref.params["a"])
    got, k, ww = fastmle.read_parquet_column(paths, "latency", by="sensor", weights="w")
    np.testing.assert_array_equal(ww, w)


def test_bad_columns_and_nulls(files, tmp_path):
    paths, csv, x, keys = files
    with pytest.raises(KeyError, match="'lat' is not in .*its columns are"):
        fastmle.fit_parquet(paths, "lat", "gamma")
    with pytest.raises(TypeError, match="column 'sensor' .* must be numeric"):
        fastmle.fit_parquet(paths, "sensor", "gamma")
    t = pa.table({"v": pa.array([1.0, None, 2.0, 3.5], type=pa.float64())})
    p = tmp_path / "nulls.parquet"
    pq.write_table(t, p)
    with pytest.raises(ValueError, match="index 1"):
        fastmle.fit_parquet(p, "v", "gamma")
    res = fastmle.fit_parquet(p, "v", "gamma", nan_policy="omit")
    assert res.params == pytest.approx(fastmle.fit([1.0, 2.0, 3.5], "gamma").params, rel=1e-12)
