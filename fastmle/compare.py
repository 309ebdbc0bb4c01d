"""Which family fits the data: fit every candidate and rank them.

``compare(x, families="common")`` sorts the data once, fits each candidate family by
the compiled solver (a family whose support the data leave is a row with the reason,
never dropped), and computes for each fit AIC, AICc, BIC and the goodness-of-fit
statistics of :mod:`fastmle.gof` (KS, Cramer-von Mises and Anderson-Darling in one
pass over the sorted values; the chi-squared statistic on fitdistrplus' cells).  The
rows are sorted by the criterion, lower is better for every criterion offered.
"""
import math
import warnings

import numpy as np

from fastmle import gof
from fastmle.families import FAMILIES, get_family
from fastmle.result import ConvergenceWarning
from fastmle.threshold import free_loc_supported

# fitter's get_common_distributions() (every one a fastmle family), and the discrete ones
COMMON = ("cauchy", "chi2", "expon", "exponpow", "gamma", "lognorm", "norm", "powerlaw",
          "rayleigh", "uniform")
COMMON_DISCRETE = ("poisson", "nbinom", "geom")
CRITERIA = ("aic", "aicc", "bic", "ks", "cvm", "ad", "chisq")     # all: lower is better
COLUMNS = ("family", "status", "converged", "k", "n", "loglik", "aic", "aicc", "bic", "ks",
           "cvm", "ad", "chisq", "chisq_df", "chisq_pvalue", "gof_pvalue", "params", "reason")


class Comparison:
    """The families fitted to one data set, ranked by ``criterion`` (lower is better).

    ``rows`` (one dict per family, best first, see ``COLUMNS``; failed and skipped
    families last, with their status and reason), ``ranking`` (the family names in
    that order), ``best`` (the winner's :class:`~fastmle.result.FitResult`),
    ``comp[name]`` (a family's FitResult), ``to_pandas()``, ``summary()``.
    """

    def __init__(self, rows, fits, criterion, data, discrete):
        self.rows, self._fits, self.criterion = rows, fits, criterion
        self.ranking = tuple(r["family"] for r in rows)
        self.discrete = discrete
        self._data = data                       # (sorted values, weights)

    direction = "lower is better"

    @property
    def best(self):
        ranked = [r for r in self.rows if _finite(r[self.criterion])]
        if not ranked:
            raise ValueError("no family could be fitted: " + "; ".join(
                f"{r['family']}: {r['reason'] or r['status']}" for r in self.rows))
        return self._fits[ranked[0]["family"]]

    def __getitem__(self, name):
        if name in self._fits:
            return self._fits[name]
        row = next((r for r in self.rows if r["family"] == name), None)
        if row is None:
            raise KeyError(f"{name!r} was not compared; families: {list(self.ranking)}")
        raise KeyError(f"{name!r} was not fitted: {row['reason']}")

    def __len__(self):
        return len(self.rows)

    def __iter__(self):
        return iter(self.ranking)

    def goodness_of_fit(self, statistic="ad", n_mc_samples=999, random_state=None,
                        n_threads=None):
        """:func:`fastmle.gof.goodness_of_fit` of every fitted family (discrete ones with
        "ks"), family i drawing from ``SeedSequence(random_state).spawn(len)[i]``: a dict
        ``{family: GoodnessOfFitResult}``; each row's ``gof_pvalue`` is filled in (a
        family that cannot be tested keeps NaN and its reason in the dict)."""
        from fastmle.bootstrap import _seed_sequence

        seeds = _seed_sequence(random_state).spawn(len(self.rows))
        out = {}
        for row, seed in zip(self.rows, seeds):
            res = self._fits.get(row["family"])
            if res is None:
                continue
            stat = "ks" if res.family.spec.discrete else statistic
            try:
                out[row["family"]] = r = gof.gof_test(res, stat, n_mc_samples, seed, n_threads)
            except (ValueError, NotImplementedError) as err:
                out[row["family"]] = str(err)
                continue
            row["gof_pvalue"] = r.pvalue
        return out

    def plot(self, kind="density", top=4):
        """fitdistrplus' ``denscomp`` ("density"), ``cdfcomp`` ("cdf"), ``qqcomp`` ("qq")
        or ``ppcomp`` ("pp"): the data with the ``top`` best families, a matplotlib
        Figure (:func:`fastmle.plotting.plot_comparison`)."""
        from fastmle.plotting import plot_comparison

        return plot_comparison(self, kind, top)

    def to_pandas(self):
        """One row per family, ranked, indexed by family; ``params`` as a dict column."""
        import pandas as pd

        return pd.DataFrame([{k: r[k] for k in COLUMNS} for r in self.rows]).set_index("family")

    def summary(self):
        head = (f"{len(self.rows)} families, n = {_fmt_n(self.rows)}, sorted by "
                f"{self.criterion.upper()} ({self.direction})")
        cols = ("loglik", "aic", "bic", "ks", "cvm", "ad", "chisq")
        lines = [head, f"{'family':<12} {'status':<14}" + "".join(f"{c:>12}" for c in cols)]
        for r in self.rows:
            lines.append(f"{r['family']:<12} {r['status']:<14}"
                         + "".join(f"{_fmt(r[c]):>12}" for c in cols))
        skipped = [r for r in self.rows if r["reason"]]
        lines += [f"  {r['family']}: {r['reason']}" for r in skipped]
        return "\n".join(lines)

    def __repr__(self):
        return (f"Comparison({len(self.rows)} families by {self.criterion}: "
                f"{', '.join(self.ranking[:4])}{', ...' if len(self.rows) > 4 else ''})")


def compare(x, families="common", weights=None, criterion="aic", *, discrete=None,
            fixed=None, free=None, engine=None, n_threads=None, nan_policy="propagate",
            progress=False):
    """Fit every candidate family to ``x`` and rank them by ``criterion``.

    Parameters
    ----------
    x : array_like
        1-D data.
    families : "common", "all" or sequence of str
        ``"common"``: fitter's common families (cauchy, chi2, expon, exponpow, gamma,
        lognorm, norm, powerlaw, rayleigh, uniform), or for discrete data poisson,
        nbinom and geom; ``"all"``: every family of the data's kind.
    weights : array_like, optional
        Frequency weights.
    criterion : {"aic", "aicc", "bic", "ks", "cvm", "ad", "chisq"}
        The ranking's key; lower is better for each.
    discrete : bool, optional
        Whether the data are counts (discrete families); default: when every value is
        an integer.
    fixed, free
        Passed to every family that has the parameter (``free=("loc",)``: the
        threshold of each positive family, the ends of beta and powerlaw).
    engine, n_threads, nan_policy
        As for :func:`fastmle.fit`.
    progress : bool
        A progress bar of the families on stderr (tqdm).

    Returns
    -------
    Comparison
    """
    from fastmle.fit import fit

    if criterion not in CRITERIA:
        raise ValueError(f"criterion must be one of {CRITERIA}, got {criterion!r}")
    arr = np.asarray(x)
    if arr.ndim != 1:
        raise ValueError(f"compare takes 1-D data, got shape {arr.shape}")
    if arr.dtype.kind not in "iufb":
        raise TypeError(f"compare takes numeric data, got dtype {arr.dtype}")
    w = None if weights is None else np.asarray(weights, np.float64)
    if nan_policy == "omit":
        keep = ~np.isnan(arr.astype(np.float64, copy=False))
        arr, w = arr[keep], (None if w is None else w[keep])
    if discrete is None:
        vals = arr[np.isfinite(arr)] if arr.dtype.kind == "f" else arr
        discrete = arr.size > 0 and bool(np.all(vals == np.round(vals)))
    names = _candidates(families, discrete)
    data = None
    rows, fits = [], {}
    for name in _tracked(names, progress):
        fam = get_family(name)
        own_fixed = {k: v for k, v in (fixed or {}).items() if k in fam.th_names}
        try:
            with warnings.catch_warnings():         # non-convergence: the row's status
                warnings.simplefilter("ignore", ConvergenceWarning)
                res = fit(arr, fam, weights=w, fixed=own_fixed or None,
                          free=_free_for(fam, free, own_fixed), engine=engine,
                          n_threads=n_threads, nan_policy="propagate")
        except (ValueError, NotImplementedError) as err:
            rows.append(_row(name, "skipped", reason=str(err)))
            continue
        if data is None:
            data = gof.sorted_data(arr, w)
            breaks = gof.chisq_breaks(*data)            # the cells: from the data only
        rows.append(_fit_row(name, res, data, breaks, n_threads))
        fits[name] = res
    rows.sort(key=lambda r: (not _finite(r[criterion]),
                             r[criterion] if _finite(r[criterion]) else 0.0))
    return Comparison(rows, fits, criterion, data, discrete)


def _tracked(names, progress):
    """The names, with a progress bar on stderr if ``progress``."""
    if not progress:
        yield from names
        return
    from fastmle.progress import bar

    with bar(len(names), unit="family", desc="compare") as pb:
        for name in names:
            pb.set_postfix_str(name)
            yield name
            pb.update()


def _candidates(families, discrete):
    if isinstance(families, str):
        if families == "common":
            return COMMON_DISCRETE if discrete else COMMON
        if families == "all":
            return tuple(n for n, f in sorted(FAMILIES.items())
                         if f.spec is not None and f.spec.discrete == discrete)
        families = [families]
    names = list(families)
    if not names:
        raise ValueError("families is empty")
    for n in names:
        get_family(n)                           # unknown names: the error, with suggestions
    return tuple(dict.fromkeys(names))


def _free_for(fam, free, fixed):
    """The names of ``free`` this family can estimate (its loc threshold or ends)."""
    if not free:
        return None
    names = (free,) if isinstance(free, str) else tuple(free)
    ends = getattr(fam, "end_shapes", None) is not None
    own = tuple(k for k in names if k in fam.fixed_names and k not in fixed
                and ((k == "loc" and free_loc_supported(fam)) or (k in ("loc", "scale") and ends)))
    return own or None


def _row(name, status, reason="", **values):
    row = dict.fromkeys(COLUMNS, math.nan)
    row.update(family=name, status=status, converged=False, reason=reason, params={})
    row.update(values)
    return row


def _fit_row(name, res, data, breaks, n_threads):
    k, n = len(res.free), res.n
    aicc = res.aic + (2.0 * k * (k + 1) / (n - k - 1) if n - k - 1 > 0 else math.inf)
    row = _row(name, res.status, converged=res.converged, k=k, n=n, loglik=res.loglik,
               aic=res.aic, aicc=aicc, bic=res.bic, params=dict(res.params))
    if not all(map(math.isfinite, res.params.values())) or not math.isfinite(res.loglik):
        return row
    xs, w = data
    row.update(gof.edf_statistics(res.dist, xs, w, n_threads))   # (discrete: no cvm/ad)
    c = gof.chisq(res.dist, xs, w, k, breaks)
    row.update(chisq=c["chisq"], chisq_df=c["chisq_df"], chisq_pvalue=c["chisq_pvalue"])
    return row


def _finite(v):
    return isinstance(v, (int, float, np.floating)) and math.isfinite(v)


def _fmt(v):
    return f"{v:.6g}" if isinstance(v, (int, float, np.floating)) else str(v)


def _fmt_n(rows):
    ns = {r["n"] for r in rows if _finite(r["n"])}
    return _fmt(ns.pop()) if len(ns) == 1 else "?"
