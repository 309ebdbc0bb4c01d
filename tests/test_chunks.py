"""fit_chunks: the in-memory fit of the concatenated chunks, for every family it takes;
one pass for exponential families; errors naming the value's index in the stream."""
import warnings

import numpy as np
import pytest
from conftest import CASES, sample

import fastmle

FAMILIES = list(CASES)
SIZES = [1, 0, 2, 997, 1, 4000, 1]          # uneven, with an empty chunk and single values


def split(x):
    return np.split(x, np.cumsum(SIZES)[np.cumsum(SIZES) < x.size])


def fixed_of(name):
    return {"n": CASES[name]["n"]} if name == "binom" else None


@pytest.mark.parametrize("name", FAMILIES)
def test_every_family_equals_the_in_memory_fit(name):
    x = sample(name, n=6000, seed=11)
    w = np.random.default_rng(12).integers(0, 3, x.size).astype(float)
    parts = split(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fastmle.ConvergenceWarning)
        ref = fastmle.fit(x, name, fixed=fixed_of(name))
        res = fastmle.fit_chunks(lambda: iter(parts), name, fixed=fixed_of(name))
        wref = fastmle.fit(x, name, weights=w, fixed=fixed_of(name))
        wres = fastmle.fit_chunks(lambda: zip(parts, split(w)), name, fixed=fixed_of(name))
    for a, b in ((res, ref), (wres, wref)):
        assert a.status == b.status
        for k in b.free:
            assert a.params[k] == pytest.approx(b.params[k], rel=1e-12, abs=1e-300)
        assert a.loglik == pytest.approx(b.loglik, rel=1e-13, abs=1e-13 * a.n)
        np.testing.assert_allclose(a.stderr[b.free[0]], b.stderr[b.free[0]], rtol=1e-7)


def test_exponential_families_take_one_pass():
    x = sample("gamma", n=5000, seed=13)
    seen = []

    def gen():
        for part in split(x):
            seen.append(part.size)
            yield part.astype(np.float32)
    res = fastmle.fit_chunks(gen(), "gamma")           # a one-shot iterator suffices
    assert sum(seen) == x.size and res.converged
    ref = fastmle.fit(x.astype(np.float32), "gamma")
    assert res.params["a"] == pytest.approx(ref.params["a"], rel=1e-12)
    assert res.method == "newton over chunks (sufficient statistics)"


def test_errors_name_the_stream_index():
    x = sample("weibull_min", n=3000, seed=14)
    with pytest.raises(TypeError, match="several passes.*callable"):
        fastmle.fit_chunks(iter(split(x)), "weibull_min")
    y = x.copy()
    y[2500] = -1.0
    with pytest.raises(ValueError, match="outside.*index 2500"):
        fastmle.fit_chunks(lambda: iter(split(y)), "weibull_min")
    with pytest.raises(ValueError, match="outside.*index 2500"):
        fastmle.fit_chunks(iter(split(y)), "gamma")
    y = x.copy()
    y[1234] = np.nan
    with pytest.raises(ValueError, match="index 1234"):
        fastmle.fit_chunks(lambda: iter(split(y)), "weibull_min")
    omit = fastmle.fit_chunks(lambda: iter(split(y)), "weibull_min", nan_policy="omit")
    ref = fastmle.fit(y, "weibull_min", nan_policy="omit")
    assert omit.params["c"] == pytest.approx(ref.params["c"], rel=1e-12)
    with pytest.raises(ValueError, match="no data|too few|zero"):
        fastmle.fit_chunks([np.empty(0)], "gamma")
    with pytest.raises(ValueError, match="1-D"):
        fastmle.fit_chunks([x.reshape(2, -1)], "gamma")


def test_progress_bars_on_stderr(capsys):
    pytest.importorskip("tqdm")
    x = sample("gamma", n=5000, seed=15)
    res = fastmle.fit_chunks(lambda: iter(split(x)), "weibull_min", progress=True)
    assert res.converged and "chunk" in capsys.readouterr().err
    g = np.arange(x.size) % 300
    a = fastmle.fit_batch(x, "gamma", groups=g, progress=True)
    assert "group" in capsys.readouterr().err
    b = fastmle.fit_batch(x, "gamma", groups=g)
    np.testing.assert_array_equal(a.params["a"], b.params["a"])


def test_categorical_counts_in_one_pass():
    rng = np.random.default_rng(15)
    x = rng.integers(0, 6, 5000).astype(float)
    w = rng.integers(0, 3, x.size).astype(float)
    parts = split(x)
    res = fastmle.fit_chunks(zip(parts, split(w)), "categorical")
    ref = fastmle.fit(x, "categorical", weights=w)
    np.testing.assert_allclose(res.params["p"], ref.params["p"], rtol=1e-15)
    assert res.loglik == pytest.approx(ref.loglik, rel=1e-14)
    y = x.copy()
    y[3001] = 2.5
    with pytest.raises(ValueError, match="not a label.*index 3001"):
        fastmle.fit_chunks(iter(split(y)), "categorical")
    y[3001] = np.nan
    with pytest.raises(ValueError, match="index 3001"):
        fastmle.fit_chunks(iter(split(y)), "categorical")
    omit = fastmle.fit_chunks(iter(split(y)), "categorical", nan_policy="omit")
    np.testing.assert_allclose(omit.params["p"],
                               fastmle.fit(y, "categorical", nan_policy="omit").params["p"])


@pytest.mark.parametrize("collect", [0, 7, 1 << 20])
@pytest.mark.parametrize("data", ["ties", "normal", "offset", "even"])
def test_laplace_median_is_exact(data, collect, monkeypatch):
    """The median of the parts equals np.median of the repeated data, also when the
    bracket must narrow to one double (collect=0) and with ties across parts."""
    import fastmle.order_stats as order_stats

    monkeypatch.setattr(order_stats, "COLLECT", collect)
    rng = np.random.default_rng(16)
    x = {"ties": rng.integers(0, 4, 3001).astype(float),
         "normal": rng.normal(3.0, 2.0, 3001),
         "offset": 1e8 + rng.laplace(0.0, 1e-3, 3001),
         "even": rng.normal(size=3000)}[data]
    for w in (None, rng.integers(0, 3, x.size).astype(float)):
        parts = split(x) if w is None else list(zip(split(x), split(w)))
        res = fastmle.fit_chunks(lambda: iter(parts), "laplace")
        ref = fastmle.fit(x, "laplace", weights=w)
        assert res.params["loc"] == ref.params["loc"]
        assert res.params["scale"] == pytest.approx(ref.params["scale"], rel=1e-12)


def test_families_with_moving_ends_keep_every_value_inside():
    """The sample's fit carries the extremes: a far value in one chunk is inside the
    start's support (genpareto's upper end, genextreme's, pareto's scale)."""
    rng = np.random.default_rng(17)
    for name, x in (("genpareto", 1.0 - rng.power(3.0, 20000)),       # c < 0: an upper end
                    ("genextreme", -rng.weibull(3.0, 20000)),
                    ("pareto", 1.0 + rng.pareto(2.0, 20000)),
                    ("uniform", rng.uniform(-2.0, 5.0, 20000))):
        parts = np.array_split(x, 9)
        res = fastmle.fit_chunks(lambda: iter(parts), name)
        ref = fastmle.fit(x, name)
        assert res.status == ref.status
        for k in ref.free:
            assert res.params[k] == pytest.approx(ref.params[k], rel=1e-11)


@pytest.mark.parametrize("c", [0.7, 1.0, 1.6, 3.0])
def test_dweibull_loc_from_the_sample_and_its_gap(c):
    """dweibull over chunks: the in-memory fit for c below and above 1 (below: the
    fit reported diverged at the start of loc, as in memory), loc fixed, c = 1."""
    import scipy.stats as st

    x = st.dweibull(c, loc=1.0, scale=2.0).rvs(2000, random_state=18)
    parts = np.array_split(x, 5)
    for fixed in (None, {"loc": 1.0}, {"c": 1.0}):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", fastmle.ConvergenceWarning)
            ref = fastmle.fit(x, "dweibull", fixed=fixed)
            res = fastmle.fit_chunks(lambda: iter(parts), "dweibull", fixed=fixed)
        assert res.status == ref.status
        np.testing.assert_allclose(res.th, ref.th, rtol=1e-11)
