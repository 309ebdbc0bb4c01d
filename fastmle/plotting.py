"""Pictures of a fit and of its sampling distribution (matplotlib, the ``plot``
extra, imported when first used).  Every function returns a
``matplotlib.figure.Figure`` built without pyplot's global state.

- :func:`plot_fit` (``FitResult.plot()``): fitdistrplus' ``plot.fitdist`` panels:
  the data's histogram (a bar chart of counts for discrete families) with the
  fitted density, the empirical and fitted CDFs, the Q-Q and the P-P plots.
- :func:`plot_bootstrap` (``BootstrapResult.plot()``): per parameter, the bootstrap
  distribution with the asymptotic (Fisher) normal and the interval marked.
- :func:`sample_vs_sampling`: the data's distribution beside the estimator's
  sampling distribution, one figure.
- :func:`plot_comparison` (``Comparison.plot()``): fitdistrplus' ``denscomp``,
  ``cdfcomp``, ``qqcomp`` and ``ppcomp``: the data with the best families overlaid.
- :func:`skewness_kurtosis`: the Cullen-Frey graph (fitdistrplus' ``descdist``).
"""
import numpy as np


def _figure(rows, cols, size):
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    return fig, np.atleast_1d(fig.subplots(rows, cols)).ravel()


def _data(res):
    if res._data is None:
        raise NotImplementedError("the plot needs the fit's data in memory (a fit of an "
                                  "array by fastmle.fit, without free=)")
    x, w = res._data[0], res._data[1]
    x = np.asarray(x, dtype=np.float64)
    w = np.ones(x.shape[0]) if w is None else np.asarray(w, dtype=np.float64)
    keep = w > 0
    return x[keep], w[keep]


def _ecdf(x, w):
    """Sorted values, their weights and the mid plotting positions (Hazen: (i - 1/2) / n
    for unit weights)."""
    order = np.argsort(x, kind="stable")
    xs, ws = x[order], w[order]
    cum = np.cumsum(ws)
    return xs, ws, cum / cum[-1], (cum - 0.5 * ws) / cum[-1]


def _density_panel(ax, res, x, w):
    dist = res.dist
    if res.family.discrete:
        vals, inv = np.unique(x, return_inverse=True)
        freq = np.bincount(inv, weights=w) / w.sum()
        ax.bar(vals, freq, width=0.6, color="0.75", label="empirical")
        ax.plot(vals, dist.pmf(vals), "o-", color="C3", label="fitted")
        ax.set_ylabel("probability")
    else:
        # (numpy's automatic bins take no weights: the unweighted choice's edges)
        ax.hist(x, bins=np.histogram_bin_edges(x, bins="auto"), weights=w, density=True,
                color="0.8", label="empirical")
        lo, hi = np.min(x), np.max(x)
        grid = np.linspace(lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo), 400)
        ax.plot(grid, dist.pdf(grid), color="C3", label="fitted")
        ax.set_ylabel("density")
    ax.set_title("Empirical and theoretical dens.")
    ax.set_xlabel("data")
    ax.legend(frameon=False)


def plot_fit(res):
    """fitdistrplus' four panels for the fit ``res``: densities, Q-Q, CDFs, P-P."""
    x, w = _data(res)
    xs, ws, F, mid = _ecdf(x, w)
    dist = res.dist
    fig, ax = _figure(2, 2, (9.0, 7.0))
    _density_panel(ax[0], res, x, w)
    theo = dist.ppf(mid)
    ax[1].plot(theo, xs, ".", color="C0")
    ends = [np.nanmin([theo.min(), xs[0]]), np.nanmax([theo[np.isfinite(theo)].max(), xs[-1]])]
    ax[1].plot(ends, ends, color="0.4", lw=1)
    ax[1].set(title="Q-Q plot", xlabel="theoretical quantiles", ylabel="empirical quantiles")
    ax[2].step(xs, F, where="post", color="C0", label="empirical")
    grid = np.linspace(xs[0], xs[-1], 400)
    ax[2].plot(grid, dist.cdf(grid), color="C3", label="fitted")
    ax[2].set(title="Empirical and theoretical CDFs", xlabel="data", ylabel="CDF")
    ax[2].legend(frameon=False)
    ax[3].plot(dist.cdf(xs), mid, ".", color="C0")
    ax[3].plot([0, 1], [0, 1], color="0.4", lw=1)
    ax[3].set(title="P-P plot", xlabel="theoretical probabilities",
              ylabel="empirical probabilities")
    fig.suptitle(f"{res.family.name} fit: " + ", ".join(
        f"{k} = {res.params[k]:.4g}" for k in res.free))
    return fig


def _sampling_panel(ax, name, values, normal, low=None, high=None):
    ax.hist(values[np.isfinite(values)], bins="auto", density=True, color="0.8",
            label="bootstrap")
    lo, hi = np.nanmin(values), np.nanmax(values)
    grid = np.linspace(lo - 0.1 * (hi - lo), hi + 0.1 * (hi - lo), 300)
    ax.plot(grid, normal.pdf(grid), color="C3", label="Fisher normal")
    for v in (low, high):
        if v is not None and np.isfinite(v):
            ax.axvline(v, color="C0", ls="--", lw=1)
    ax.set(title=f"sampling distribution of {name}", xlabel=name, ylabel="density")
    ax.legend(frameon=False)


def plot_bootstrap(boot, res):
    """Per parameter: the bootstrap distribution, the Fisher normal of ``res`` and the
    bootstrap interval (dashed)."""
    fisher = res.sampling_distribution()
    k = len(boot.names)
    fig, ax = _figure(1, k, (4.0 * k, 3.4))
    for i, name in enumerate(boot.names):
        _sampling_panel(ax[i], name, boot.bootstrap_distribution[i], fisher.marginal(name),
                        boot.confidence_interval.low[i], boot.confidence_interval.high[i])
    fig.suptitle(f"{boot.kind} bootstrap, {boot.bootstrap_distribution.shape[1]} "
                 f"resamples, {boot.method} {100 * boot.confidence_level:g}% intervals")
    return fig


def sample_vs_sampling(x, family, n_resamples=999, random_state=None, **fit_kw):
    """The sample distribution (the data's histogram with the fitted density) beside
    the sampling distribution of each estimate (bootstrap and Fisher normal)."""
    from fastmle.fit import fit

    res = fit(x, family, **fit_kw)
    boot = res.bootstrap(n_resamples, random_state=random_state)
    fisher = res.sampling_distribution()
    k = len(boot.names)
    fig, ax = _figure(1, k + 1, (4.0 * (k + 1), 3.4))
    xs, w = _data(res)
    _density_panel(ax[0], res, xs, w)
    ax[0].set_title(f"sample distribution (n = {res.n:g})")
    for i, name in enumerate(boot.names):
        _sampling_panel(ax[i + 1], name, boot.bootstrap_distribution[i],
                        fisher.marginal(name), boot.confidence_interval.low[i],
                        boot.confidence_interval.high[i])
    return fig


COMPARISONS = {"density": "Histogram and theoretical densities",
               "cdf": "Empirical and theoretical CDFs", "qq": "Q-Q plot", "pp": "P-P plot"}


def plot_comparison(comp, kind="density", top=4):
    """fitdistrplus' ``denscomp`` / ``cdfcomp`` / ``qqcomp`` / ``ppcomp``: the data
    with the ``top`` best families of the :class:`~fastmle.compare.Comparison` overlaid,
    the legend naming each with its criterion value (``Comparison.plot``)."""
    if kind not in COMPARISONS:
        raise ValueError(f"kind must be one of {tuple(COMPARISONS)}, got {kind!r}")
    if isinstance(top, bool) or int(top) != top or top < 1:
        raise ValueError(f"top must be a positive integer, got {top!r}")
    xs, w = comp._data if comp._data is not None else (None, None)
    fits = [(name, comp[name]) for name in comp.ranking[:int(top)] if name in comp._fits]
    if xs is None or not fits:
        raise ValueError("no family could be fitted: nothing to draw")
    w = np.ones(xs.size) if w is None else w
    keep = w > 0
    xs, w = xs[keep], w[keep]
    cum = np.cumsum(w)
    F, mid = cum / cum[-1], (cum - 0.5 * w) / cum[-1]
    fig, (ax,) = _figure(1, 1, (7.0, 5.0))
    crit = {r["family"]: r[comp.criterion] for r in comp.rows}
    discrete = fits[0][1].family.discrete
    lo, hi = xs[0], xs[-1]
    grid = (np.arange(lo, hi + 1) if discrete
            else np.linspace(lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo), 400))
    if kind == "density":
        if discrete:
            vals, inv = np.unique(xs, return_inverse=True)
            ax.bar(vals, np.bincount(inv, weights=w) / w.sum(), width=0.6, color="0.8",
                   label="empirical")
        else:
            ax.hist(xs, bins=np.histogram_bin_edges(xs, bins="auto"), weights=w,
                    density=True, color="0.85", label="empirical")
        ax.set(xlabel="data", ylabel="probability" if discrete else "density")
    elif kind == "cdf":
        ax.step(xs, F, where="post", color="k", label="empirical")
        ax.set(xlabel="data", ylabel="CDF")
    elif kind in ("qq", "pp"):
        ref = [0.0, 1.0] if kind == "pp" else [lo, hi]
        ax.plot(ref, ref, color="0.4", lw=1)
        ax.set(xlabel=f"theoretical {'probabilities' if kind == 'pp' else 'quantiles'}",
               ylabel=f"empirical {'probabilities' if kind == 'pp' else 'quantiles'}")
    for i, (name, res) in enumerate(fits):
        label = f"{name} ({comp.criterion.upper()} {crit[name]:.6g})"
        d, color = res.dist, f"C{i}"
        if kind == "density":
            y = d.pmf(grid) if discrete else d.pdf(grid)
            ax.plot(grid, y, "o-" if discrete else "-", color=color, label=label)
        elif kind == "cdf":
            ax.plot(grid, d.cdf(grid), color=color, label=label,
                    drawstyle="steps-post" if discrete else "default")
        elif kind == "qq":
            ax.plot(d.ppf(mid), xs, ".", color=color, label=label)
        else:
            ax.plot(d.cdf(xs), mid, ".", color=color, label=label)
    ax.set_title(COMPARISONS[kind])
    ax.legend(frameon=False)
    return fig


def skewness_kurtosis(x, boot=None, random_state=None):
    """The Cullen-Frey graph (fitdistrplus' ``descdist``): the data's squared
    skewness and kurtosis among the theoretical values of the families, the points
    (norm, uniform, exponential, logistic), lines (gamma, lognormal) and the beta
    region, with ``boot`` nonparametric bootstrap samples' values (an int, the number
    of them) as points."""
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    if x.size < 4:
        raise ValueError(f"the Cullen-Frey graph needs at least 4 values, got {x.size}")
    s2, k = _skew2_kurt(x[None, :])
    fig, (ax,) = _figure(1, 1, (6.5, 6.0))
    # the beta region: between its limits k = s2 + 1 (no distribution lies above) and
    # the gamma line k = 3 + 1.5 s2 (fitdistrplus' polygon)
    s = np.linspace(0.0, max(4.0, 1.2 * float(s2[0])), 200)
    ax.fill_between(s, s + 1.0, 3.0 + 1.5 * s, color="0.9", label="beta")
    ax.plot(s, 3.0 + 1.5 * s, "--", color="C2", label="gamma")
    w2 = np.linspace(1.0 + 1e-6, 3.0, 200)           # lognormal: w = exp(sigma^2)
    ax.plot((w2 + 2) ** 2 * (w2 - 1), w2 ** 4 + 2 * w2 ** 3 + 3 * w2 ** 2 - 3, ":",
            color="C4", label="lognormal")
    for (px, py), mark, name in (((0, 3), "*", "normal"), ((0, 1.8), "^", "uniform"),
                                 ((4, 9), "s", "exponential"), ((0, 4.2), "P", "logistic")):
        ax.plot(px, py, mark, color="k", ms=9, label=name)
    if boot:
        idx = np.random.default_rng(random_state).integers(0, x.size, (int(boot), x.size))
        bs2, bk = _skew2_kurt(x[idx])
        ax.plot(bs2, bk, ".", color="orange", alpha=0.6, label="bootstrapped values")
    ax.plot(s2, k, "o", color="C3", ms=9, label="observation")
    ax.set(xlabel="square of skewness", ylabel="kurtosis", title="Cullen and Frey graph",
           xlim=(0, s[-1]))
    ax.set_ylim(max(ax.get_ylim()[1], 10.0), 0)       # kurtosis downwards, as descdist
    ax.legend(frameon=False, fontsize="small")
    return fig


def _skew2_kurt(x):
    """fitdistrplus' unbiased squared skewness and kurtosis of each row of x."""
    n = x.shape[1]
    d = x - x.mean(axis=1, keepdims=True)
    m2, m3, m4 = (d ** 2).mean(axis=1), (d ** 3).mean(axis=1), (d ** 4).mean(axis=1)
    skew = np.sqrt(n * (n - 1)) / (n - 2) * m3 / m2 ** 1.5
    kurt = (n - 1) / ((n - 2) * (n - 3)) * ((n + 1) * m4 / m2 ** 2 - 3 * (n - 1)) + 3
    return skew ** 2, kurt
