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
