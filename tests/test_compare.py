"""Ranking families (fastmle.compare) and the goodness-of-fit statistics
(fastmle.gof): scipy's KS / CvM / AD for the same fitted distribution, the data
repeated for weights, the step cdf's KS for discrete families, fitdistrplus'
gofstat (chi-squared cells included), the generating family ranked first."""
import json
import pathlib

import numpy as np
import pandas as pd
import pytest
import scipy.stats as st

import fastmle
from fastmle import gof

DATA = pathlib.Path(__file__).parent / "data" / "refdata"


def scipy_ad(dist, x):
    """scipy.stats.goodness_of_fit's Anderson-Darling statistic (its formula)."""
    x = np.sort(x)
    n = x.size
    i = np.arange(1, n + 1)
    return -n - np.sum((2 * i - 1) / n * (dist.logcdf(x) + dist.logsf(x[::-1])))


CONTINUOUS = {"gamma": lambda r: r.gamma(2.5, 1.3, 3000),
              "weibull_min": lambda r: r.weibull(1.4, 3000) * 2.0,
              "norm": lambda r: r.normal(3.0, 2.0, 3000),
              "lognorm": lambda r: r.lognormal(0.2, 0.7, 3000),
              "t": lambda r: r.standard_t(4.0, 3000),
              "genextreme": lambda r: r.gumbel(1.0, 2.0, 3000)}


@pytest.mark.parametrize("name", sorted(CONTINUOUS))
def test_edf_statistics_equal_scipys(name):
    x = CONTINUOUS[name](np.random.default_rng(1))
    res = fastmle.fit(x, name)
    ref = res.to_scipy()
    got = gof.edf_statistics(res.dist, *gof.sorted_data(x))
    assert got["ks"] == pytest.approx(st.kstest(x, ref.cdf).statistic, rel=1e-10)
    assert got["cvm"] == pytest.approx(st.cramervonmises(x, ref.cdf).statistic, rel=1e-10)
    assert got["ad"] == pytest.approx(scipy_ad(ref, x), rel=1e-10)


def test_weights_give_the_statistics_of_the_repeated_data():
    rng = np.random.default_rng(2)
    v = rng.gamma(2.0, 1.0, 400)
    w = rng.integers(0, 5, v.size).astype(float)
    dist = fastmle.gamma(2.1, scale=0.9)
    a = gof.edf_statistics(dist, *gof.sorted_data(v, w))
    b = gof.edf_statistics(dist, *gof.sorted_data(np.repeat(v, w.astype(int))))
    for k in ("ks", "cvm", "ad"):
        assert a[k] == pytest.approx(b[k], rel=1e-12)


def test_statistics_do_not_depend_on_the_thread_count():
    x = np.random.default_rng(3).gamma(2.0, 1.0, 50_000)         # 13 chunks
    dist = fastmle.gamma(2.0, scale=1.0)
    xs, _ = gof.sorted_data(x)
    one = gof.edf_statistics(dist, xs, n_threads=1)
    two = gof.edf_statistics(dist, xs, n_threads=2)
    assert one == two


def test_discrete_ks_is_the_step_cdf_distance():
    """sup_t |F_n(t) - F(t)| over every integer t, brute force."""
    x = np.random.default_rng(4).poisson(3.0, 300).astype(float)
    dist = fastmle.poisson(3.3)
    got = gof.edf_statistics(dist, *gof.sorted_data(x))
    t = np.arange(-1, x.max() + 5)
    edf = np.searchsorted(np.sort(x), t, side="right") / x.size
    assert got["ks"] == pytest.approx(np.max(np.abs(edf - st.poisson(3.3).cdf(t))), rel=1e-12)


# ----------------------------------------------------------------- fitdistrplus gofstat
GOFSTAT = json.loads((DATA / "R_fitdistrplus" / "gofstat.json").read_text())


def dataset(name):
    col = {"groundbeef": "serving", "toxocara": "number"}[name]
    return pd.read_csv(DATA / "fitdistrplus" / f"{name}.csv")[col].to_numpy(float)


@pytest.mark.parametrize("name", ["groundbeef", "toxocara"])
def test_chisq_cells_are_fitdistrplus(name):
    xs, w = gof.sorted_data(dataset(name))
    cells = GOFSTAT[name]["chisq_cells"]
    np.testing.assert_array_equal(gof.chisq_breaks(xs, w), cells["chisqbreaks"])
    out = gof.chisq(fastmle.poisson(8.0) if name == "toxocara" else fastmle.gamma(4.0, scale=18.0),
                    xs, w, 1)
    np.testing.assert_array_equal(out["observed"], cells["obscounts"])


@pytest.mark.parametrize("name, R, family", [
    ("groundbeef", "gamma", "gamma"), ("groundbeef", "lnorm", "lognorm"),
    ("groundbeef", "weibull", "weibull_min"), ("toxocara", "nbinom", "nbinom"),
    ("toxocara", "pois", "poisson")])
def test_comparison_rows_match_gofstat_at_the_exact_mle(name, R, family):
    ref = GOFSTAT[name][R]["exact_mle"]
    comp = fastmle.compare(dataset(name), [family], discrete=name == "toxocara")
    row = comp.rows[0]
    assert row["loglik"] == pytest.approx(ref["loglik"], rel=1e-10)
    assert row["aic"] == pytest.approx(ref["aic"], rel=1e-10)
    assert row["bic"] == pytest.approx(ref["bic"], rel=1e-10)
    g = ref["gofstat"]
    for k in ("ks", "cvm", "ad"):
        if k in g:
            assert row[k] == pytest.approx(g[k], rel=1e-8)
        else:
            assert np.isnan(row[k]) or k == "ks"
    assert row["chisq"] == pytest.approx(g["chisq"], rel=1e-8)
    assert row["chisq_df"] == g["chisqdf"]
    assert row["chisq_pvalue"] == pytest.approx(g["chisqpvalue"], rel=1e-6, abs=1e-300)


# ----------------------------------------------------------------------------- ranking
GENERATORS = {
    "gamma": lambda r, n: r.gamma(3.0, 2.0, n),
    "weibull_min": lambda r, n: r.weibull(2.5, n) * 3.0,
    "lognorm": lambda r, n: r.lognormal(0.5, 0.4, n),
    "norm": lambda r, n: r.normal(5.0, 1.0, n),
    "gumbel_l": lambda r, n: -r.gumbel(2.0, 1.5, n),
    "logistic": lambda r, n: r.logistic(1.0, 0.5, n),
    "cauchy": lambda r, n: r.standard_cauchy(n),
    "gumbel_r": lambda r, n: r.gumbel(2.0, 1.5, n),
    "laplace": lambda r, n: r.laplace(0.0, 2.0, n),
    "invgauss": lambda r, n: r.wald(1.0, 3.0, n),
}
CANDIDATES = sorted(GENERATORS)


@pytest.mark.parametrize("family", CANDIDATES)
def test_ranking_picks_the_generating_family(family):
    """No candidate nests another (AIC prefers a nesting family, e.g. gamma over
    exponential data, with probability P(chi2_1 > 2) = 16%)."""
    x = GENERATORS[family](np.random.default_rng(5), 5000)
    comp = fastmle.compare(x, CANDIDATES)
    assert comp.best.family.name == family
    assert comp.ranking[0] == family
    aic = [r["aic"] for r in comp.rows if np.isfinite(r["aic"])]
    assert aic == sorted(aic)


def test_skipped_families_are_rows_with_the_reason():
    x = np.random.default_rng(6).normal(0.0, 1.0, 500)
    comp = fastmle.compare(x)                               # common: some need x > 0
    assert len(comp) == len(fastmle.compare.__globals__["COMMON"])
    skipped = {r["family"]: r for r in comp.rows if r["status"] == "skipped"}
    assert {"gamma", "lognorm", "expon"} <= set(skipped)
    assert "outside the support" in skipped["gamma"]["reason"]
    assert comp.ranking[-len(skipped):] == tuple(r["family"] for r in comp.rows
                                                 if r["status"] == "skipped")
    with pytest.raises(KeyError, match="not fitted"):
        comp["gamma"]
    assert comp["norm"].params == fastmle.fit(x, "norm").params
    text = comp.summary()
    assert "sorted by AIC (lower is better)" in text and "gamma:" in text
    table = comp.to_pandas()
    assert table.index[0] == comp.ranking[0] and "chisq_pvalue" in table


def test_counts_rank_discrete_families():
    x = np.random.default_rng(7).negative_binomial(3.0, 0.3, 2000)
    comp = fastmle.compare(x)
    assert comp.discrete and set(comp.ranking) == {"poisson", "nbinom", "geom"}
    assert comp.best.family.name == "nbinom"
    assert np.isnan(comp.rows[0]["ad"]) and comp.rows[0]["ks"] > 0
    cont = fastmle.compare(x + 1, discrete=False)           # integers as measurements
    assert not cont.discrete and cont.ranking[0] in fastmle.compare.__globals__["COMMON"]
    assert np.isfinite(cont["gamma"].loglik) and np.isfinite(cont.rows[0]["ad"])


def test_fixed_and_free_pass_through_where_they_apply():
    x = np.random.default_rng(8).gamma(2.0, 1.0, 2000) + 10.0
    comp = fastmle.compare(x, ["gamma", "norm", "weibull_min"], free=("loc",))
    assert comp["gamma"].params["loc"] == pytest.approx(10.0, abs=0.05)
    assert comp["gamma"].params == fastmle.fit(x, "gamma", free=("loc",)).params
    fixed = fastmle.compare(x, ["gamma", "norm"], fixed={"scale": 1.0})
    assert fixed["gamma"].params["scale"] == 1.0 and fixed["norm"].params["scale"] == 1.0


def test_bad_input():
    x = np.random.default_rng(9).gamma(2.0, 1.0, 100)
    with pytest.raises(ValueError, match="did you mean 'gamma'"):
        fastmle.compare(x, ["gama"])
    with pytest.raises(ValueError, match="criterion must be one of"):
        fastmle.compare(x, criterion="r2")
    with pytest.raises(ValueError, match="1-D"):
        fastmle.compare(x.reshape(10, 10))
    with pytest.raises(TypeError, match="numeric"):
        fastmle.compare(np.array(["a", "b"]))
    comp = fastmle.compare(np.full(5, -1.0), ["gamma", "lognorm"])
    with pytest.raises(ValueError, match="no family could be fitted"):
        comp.best


# ------------------------------------------------------------------- goodness of fit
def test_goodness_of_fit_agrees_with_scipy():
    """Same fit (gamma, loc known 0), same observed statistic; p-values from different
    streams agree within Monte Carlo error."""
    x = np.random.default_rng(10).gamma(2.0, 1.5, 200)
    got = fastmle.goodness_of_fit(x, "gamma", "ad", n_mc_samples=999, random_state=11)
    ref = st.goodness_of_fit(st.gamma, x, known_params={"loc": 0}, statistic="ad",
                             n_mc_samples=999, random_state=np.random.default_rng(12))
    assert got.statistic == pytest.approx(ref.statistic, rel=1e-6)
    assert got.null_distribution.shape == (999,) and (got.status == "ok").all()
    assert abs(got.pvalue - ref.pvalue) < 0.06
    se = np.std(got.null_distribution)
    assert np.mean(got.null_distribution) == pytest.approx(np.mean(ref.null_distribution),
                                                           abs=0.15 * se)


def test_goodness_of_fit_pvalues_are_uniform_under_the_null():
    rng = np.random.default_rng(13)
    p = [fastmle.goodness_of_fit(rng.weibull(1.5, 40) * 2.0, "weibull_min", "ad",
                                 n_mc_samples=99, random_state=i).pvalue for i in range(200)]
    assert st.kstest(p, "uniform").pvalue > 0.01
    wrong = fastmle.goodness_of_fit(rng.lognormal(0.0, 0.8, 400), "gamma", "cvm",
                                    n_mc_samples=199, random_state=14)
    assert wrong.pvalue < 0.01


def test_goodness_of_fit_is_reproducible_for_any_thread_count():
    x = np.random.default_rng(15).gamma(3.0, 1.0, 300)
    one = fastmle.goodness_of_fit(x, "gamma", "ks", 200, random_state=16, n_threads=1)
    two = fastmle.goodness_of_fit(x, "gamma", "ks", 200, random_state=16, n_threads=2)
    np.testing.assert_array_equal(one.null_distribution, two.null_distribution)
    assert one.pvalue == two.pvalue


def test_comparison_goodness_of_fit_fills_every_row():
    x = np.random.default_rng(17).gamma(3.0, 1.0, 300)
    comp = fastmle.compare(x, ["gamma", "lognorm", "norm"])
    out = comp.goodness_of_fit("ad", n_mc_samples=99, random_state=18)
    assert set(out) == {"gamma", "lognorm", "norm"}
    seeds = np.random.SeedSequence(18).spawn(3)
    own = fastmle.gof.gof_test(comp[comp.ranking[1]], "ad", 99, seeds[1])
    assert out[comp.ranking[1]].pvalue == own.pvalue
    assert all(0 < r["gof_pvalue"] <= 1 for r in comp.rows)
    counts = fastmle.compare(np.random.default_rng(19).poisson(4.0, 300))
    assert all(r.statistic_name == "ks" for r in counts.goodness_of_fit(n_mc_samples=20).values())


def test_goodness_of_fit_bad_input():
    x = np.random.default_rng(20).gamma(2.0, 1.0, 50)
    with pytest.raises(ValueError, match="statistic must be one of"):
        fastmle.goodness_of_fit(x, "gamma", "chisq")
    with pytest.raises(ValueError, match="n_mc_samples must be a positive integer"):
        fastmle.goodness_of_fit(x, "gamma", n_mc_samples=0)
    with pytest.raises(ValueError, match="discrete: its statistic is 'ks'"):
        fastmle.goodness_of_fit(np.arange(10.0), "poisson", "ad")


def test_null_samples_are_the_fits_of_their_draws():
    """Block j's samples are dist.rvs(size=(16, n)) from Generator(word j); each null
    statistic is that sample's own fit's statistic (fastmle.fit, gof.edf_statistics)."""
    x = np.random.default_rng(21).weibull(1.3, 150) * 2.0
    test = fastmle.goodness_of_fit(x, "weibull_min", "cvm", 40, random_state=22)
    keys = np.random.SeedSequence(22).generate_state(3, np.uint64)
    Y = test.fit_result.dist.rvs(size=(16, x.size), random_state=np.random.default_rng(keys[1]))
    for i in (0, 7, 15):
        own = fastmle.fit(Y[i], "weibull_min")
        ref = gof.edf_statistics(own.dist, np.sort(Y[i]))["cvm"]
        assert test.null_distribution[16 + i] == pytest.approx(ref, rel=1e-9)
