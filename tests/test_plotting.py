"""The pictures, rendered to PNG with Agg; their content checked (titles, lines,
bars, markers), not only that a file exists."""
import numpy as np
import pytest

import fastmle

pytest.importorskip("matplotlib")


def titles(fig):
    return [ax.get_title() for ax in fig.axes]


def test_fit_plot_has_the_four_fitdistrplus_panels(tmp_path):
    x = np.random.default_rng(24).gamma(2.0, 1.5, 300)
    res = fastmle.fit(x, "gamma")
    fig = res.plot()
    fig.savefig(tmp_path / "fit.png")
    assert (tmp_path / "fit.png").stat().st_size > 10_000
    assert titles(fig) == ["Empirical and theoretical dens.", "Q-Q plot",
                           "Empirical and theoretical CDFs", "P-P plot"]
    dens, qq, cdf, pp = fig.axes
    assert len(dens.patches) > 5 and len(dens.lines) == 1        # histogram + density
    assert qq.lines[0].get_xydata().shape == (300, 2)              # one point per value
    np.testing.assert_allclose(np.sort(qq.lines[0].get_ydata()), np.sort(x))
    assert len(cdf.lines) == 2 and len(pp.lines) == 2
    assert "a = " in fig._suptitle.get_text()


def test_discrete_fit_plot_draws_bars_of_counts(tmp_path):
    x = np.random.default_rng(25).poisson(3.0, 400).astype(float)
    fig = fastmle.fit(x, "poisson").plot()
    fig.savefig(tmp_path / "pois.png")
    dens = fig.axes[0]
    assert len(dens.patches) == np.unique(x).size
    heights = sorted(p.get_height() for p in dens.patches)
    np.testing.assert_allclose(sum(heights), 1.0)


def test_bootstrap_plot_and_sample_vs_sampling(tmp_path):
    from fastmle.plotting import sample_vs_sampling

    x = np.random.default_rng(26).weibull(1.8, 200) * 2.0
    boot = fastmle.fit(x, "weibull_min").bootstrap(150, random_state=27)
    fig = boot.plot()
    fig.savefig(tmp_path / "boot.png")
    assert titles(fig) == ["sampling distribution of c", "sampling distribution of scale"]
    for i, ax in enumerate(fig.axes):
        assert len(ax.patches) > 3                                 # the bootstrap histogram
        lines = ax.lines
        assert len(lines) == 3                                     # normal + 2 interval ends
        assert lines[1].get_xdata()[0] == boot.confidence_interval.low[i]
    fig = sample_vs_sampling(x, "weibull_min", n_resamples=120, random_state=28)
    fig.savefig(tmp_path / "svs.png")
    assert titles(fig)[0] == "sample distribution (n = 200)"
    assert titles(fig)[1:] == ["sampling distribution of c", "sampling distribution of scale"]


@pytest.mark.parametrize("kind, title", [("density", "Histogram and theoretical densities"),
                                         ("cdf", "Empirical and theoretical CDFs"),
                                         ("qq", "Q-Q plot"), ("pp", "P-P plot")])
def test_comparison_plots_are_fitdistrplus_comps(tmp_path, kind, title):
    x = np.random.default_rng(26).weibull(1.6, 400) * 2.0
    comp = fastmle.compare(x, ["gamma", "weibull_min", "lognorm", "norm", "expon"])
    fig = comp.plot(kind, top=3)
    fig.savefig(tmp_path / f"{kind}.png")
    (ax,) = fig.axes
    assert ax.get_title() == title
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    fams = [lab.split(" (")[0] for lab in labels if "AIC" in lab]
    assert fams == list(comp.ranking[:3])
    assert f"{comp.rows[0]['aic']:.6g}" in labels[-3]
    if kind == "density":
        assert len(ax.patches) > 5 and len(ax.lines) == 3
    elif kind == "qq":
        assert [ln.get_xydata().shape[0] for ln in ax.lines[1:]] == [400] * 3
    with pytest.raises(ValueError, match="kind must be one of"):
        comp.plot("violin")


def test_cullen_frey_graph(tmp_path):
    x = np.random.default_rng(27).gamma(2.0, 1.0, 500)
    fig = fastmle.plotting.skewness_kurtosis(x, boot=50, random_state=1)
    fig.savefig(tmp_path / "cf.png")
    (ax,) = fig.axes
    assert ax.get_title() == "Cullen and Frey graph"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    for name in ("normal", "uniform", "exponential", "logistic", "gamma", "lognormal",
                 "bootstrapped values", "observation", "beta"):
        assert name in labels
    obs = next(ln for ln in ax.lines if ln.get_label() == "observation")
    s, k = obs.get_xydata()[0]
    n, d = x.size, x - x.mean()
    m2, m3, m4 = (d ** 2).mean(), (d ** 3).mean(), (d ** 4).mean()
    assert s == pytest.approx((np.sqrt(n * (n - 1)) / (n - 2) * m3 / m2 ** 1.5) ** 2)
    assert k == pytest.approx((n - 1) / ((n - 2) * (n - 3)) * ((n + 1) * m4 / m2 ** 2
                                                              - 3 * (n - 1)) + 3)
    boot = next(ln for ln in ax.lines if ln.get_label() == "bootstrapped values")
    assert boot.get_xydata().shape == (50, 2)
    assert ax.get_ylim()[0] > ax.get_ylim()[1]               # kurtosis downwards
