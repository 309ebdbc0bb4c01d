"""Maximum likelihood fits: ``fastmle.fit(x, "gamma")`` and ``FitResult``.

The solver for one data set is compiled (``fit_F`` in the Cython engine):
a closed form where one exists, otherwise a safeguarded Newton method with
the analytic score and Hessian, on log/logit-transformed parameters, started
from moment or quantile estimates; gamma and beta iterate on their sufficient
statistics after a single pass.  This module validates, calls it and turns
its status into a result, a warning or an error.
"""
import math
import warnings
from functools import cached_property

import numpy as np

from fastmle import _engine
from fastmle._validation import as_data, as_maxiter, as_params, as_weights, nan_mode
from fastmle.families import get_family
from fastmle.families._base import unpack_hessian

__all__ = ["ConvergenceWarning", "FitResult", "fit"]


class ConvergenceWarning(UserWarning):
    """A fit stopped before converging; the result holds the best point found."""


# status codes of the compiled solver -> (name, message); see solve.pxd
STATUS = {
    0: ("ok", "converged"),
    1: ("maxiter", "the iteration limit was reached"),
    2: ("stalled", "no step increases the likelihood although the score is not ~0"),
    3: ("too_few", "not enough data (zero total weight)"),
    4: ("degenerate", "the data are degenerate (e.g. all values equal): the maximum "
                      "likelihood lies on the boundary of the parameter space"),
    5: ("outside", "a value lies outside the support"),
    6: ("nan", "the data contain NaN (use nan_policy='omit' to drop it)"),
    7: ("diverged", "a parameter runs off to the boundary of its range (the likelihood's "
                    "supremum lies there); the result is the best point found"),
    8: ("nonfinite", "the log-likelihood is not finite at the start values"),
    9: ("nomem", "out of memory"),
}
NOT_CONVERGED = (1, 2, 7)     # warn and return the best point; the others raise

DEFAULT_MAXITER = 200


_default_fixed = {}


def resolve_fixed(family, fixed):
    """Full parameter vector (fixed values set, free ones NaN) and the free mask."""
    if not fixed:
        cached = _default_fixed.get(family.name)
        if cached is None:
            cached = _default_fixed[family.name] = _resolve_fixed(family, {})
        return cached[0].copy(), cached[1]
    return _resolve_fixed(family, dict(fixed))


def _resolve_fixed(family, fixed):
    names = family.th_names
    unknown = [k for k in fixed if k not in names]
    if unknown:
        raise ValueError(f"{family.name}: cannot fix {unknown}; parameters are {names}")
    values = {**{k: v for k, v in family.defaults.items() if k in family.fixed_names}, **fixed}
    missing = [k for k in family.fixed_names if k not in values]
    if missing:
        raise ValueError(f"{family.name}: {', '.join(missing)} must be given, e.g. "
                         f"fixed={{{missing[0]!r}: ...}}")
    check = {k: values.get(k, _placeholder(family, k)) for k in names}
    th = np.array(as_params(family, check), dtype=np.float64)
    isfree = np.array([k not in values for k in family.param_names], dtype=np.int32)
    th[:family.k][isfree.astype(bool)] = np.nan
    return th, isfree


def _placeholder(family, name):
    # a valid value for a free parameter, only so that as_params checks the fixed ones
    return 0.5 if family.constraints.get(name) == "probability" else 1.0


def _kernel(family, what, engine):
    return getattr(_engine.fit_kernels(family.name, engine), what)


def prepare(x, weights, nan_policy, name="x", allow_empty=False):
    """Data (float32 or float64, as given: the kernels read both; no copy) and float64
    weights for the fitting kernels.  NaN are dropped under 'omit': a copy without
    them, as every pass of the solvers (medians, counts, sums) runs over all points."""
    x = as_data(x, name, allow_empty)
    w = as_weights(weights, x.shape[0]) if weights is not None else None
    omit = nan_mode(x, nan_policy) if nan_policy != "propagate" else False
    if omit:
        keep = ~np.isnan(x)
        x = x[keep]
        w = None if w is None else w[keep]
        if x.size == 0:
            raise ValueError(f"{name}: all values are NaN")
    return x, w


def fit(x, family, weights=None, fixed=None, *, axis=None, engine=None, n_threads=None,
        nan_policy="propagate", maxiter=DEFAULT_MAXITER):
    """Maximum likelihood fit of ``family`` to the data ``x``.

    Parameters
    ----------
    x : array_like
        1-D data (float32/float64/int).  2-D data with ``axis`` fit one
        distribution per row (``axis=1``) or column (``axis=0``) and return a
        :class:`~fastmle.batch.BatchFitResult`.
    family : str or Family
        e.g. ``"gamma"`` or ``fastmle.gamma``.
    weights : array_like, optional
        Non-negative frequency weights.
    fixed : dict, optional
        Parameters held at given values, e.g. ``{"scale": 2.0}``.  Positive
        families have ``loc`` fixed at 0 unless given here; binom needs ``n``.
    engine, n_threads, nan_policy
        As everywhere in fastmle.  Data containing NaN cannot be fitted under
        ``"propagate"`` (an error says so); ``"omit"`` drops them.
    maxiter : int
        Iteration limit, a positive integer (values above 2**31 - 1 are
        clipped to it).

    Returns
    -------
    FitResult

    Raises
    ------
    ValueError
        Data that cannot be fitted: values outside the support, NaN, zero
        total weight, degenerate data (all values equal for a scale family).

    Notes
    -----
    Boundary MLEs: where the likelihood increases towards a finite limit as a
    parameter runs off to infinity (t's df on near-normal data, nbinom's n on
    underdispersed counts, beta's a and b on data at one point), the fit
    stops with status ``"diverged"`` (``converged=False``, a
    ``ConvergenceWarning``) at the best point found, whose log-likelihood is
    within 1e-6 (1 + |loglik|) of the supremum.  The rule, the same on every
    engine (``solve.pxd``): the parameter's log grew by at least 0.5 in each of
    the last 3 Newton steps and the last step gained at most 1e-6 (1 + |loglik|)
    in log-likelihood.  Beta on data at one point (spread below the double
    resolution) stops at once there, at a + b = 5e12.

    Location-scale families (norm, t, logistic, cauchy, gumbel_r, laplace)
    whose data spread lies outside [1e-100, 1e100] are fitted on the data
    divided by a power of 2 (exact) and the result scaled back, so data of any
    magnitude up to the double range can be fitted; that path copies the data.
    """
    family = get_family(family)
    maxiter = as_maxiter(maxiter)
    if axis is not None:
        from fastmle.batch import fit_rows

        return fit_rows(x, family, axis, weights=weights, fixed=fixed, engine=engine,
                        n_threads=n_threads, nan_policy=nan_policy, maxiter=maxiter)
    if family.name == "categorical":
        return fit_categorical(x, family, weights, fixed, engine, n_threads, nan_policy)
    engine, nt = _engine.resolve(engine, n_threads)
    if np.ndim(x) == 2:
        raise ValueError(f"fit needs 1-D data, got shape {np.shape(x)}; for one fit per "
                         f"row or column pass axis=1 or axis=0")
    x, w = prepare(x, weights, nan_policy)
    th, isfree = resolve_fixed(family, fixed)
    n = float(x.size if w is None else w.sum())
    status, d, n_iter, bad, e = solve_rescaled(family, x, w, th, isfree, n, engine, nt, maxiter)
    if status not in STATUS or (status != 0 and status not in NOT_CONVERGED):
        raise ValueError(fit_error(family, status, x, bad, th))
    res = FitResult(family, th, isfree, d, n, status, n_iter, e)
    if status:
        warnings.warn(f"{family.name} fit did not converge: {res.message}",
                      ConvergenceWarning, stacklevel=2)
    return res


# location-scale families fitted on data rescaled by 2^-e when their spread is far
# from 1 (see spread_exponent); True: the MLE ignores outliers (spread from the MAD)
LOC_SCALE = {"norm": False, "logistic": False, "gumbel_r": False, "laplace": False,
             "t": True, "cauchy": True}
SAFE_SPREAD = 2.0 ** 332        # ~1e100: spreads in [1 / SAFE_SPREAD, SAFE_SPREAD] stay as they are


def spread_exponent(family, x):
    """e such that the data divided by 2^e have a spread near 1, or 0 when their
    spread is in [1 / SAFE_SPREAD, SAFE_SPREAD] (the common case: two reductions).

    Powers of 2 rescale exactly, and the location-scale likelihood is invariant
    under them (up to -W e log 2), so data of any scale, up to the double range,
    are fitted without overflowing scale^-2 or (x - loc)^2 in the derivatives.
    Rescaled data are a copy: this path is taken for extreme data only.
    """
    robust = LOC_SCALE.get(family.name)
    if robust is None:
        return 0
    half = 0.5 * float(x.max()) - 0.5 * float(x.min())      # no overflow; NaN stays NaN
    if not (half > 0.0 and half < math.inf) or 0.5 / SAFE_SPREAD <= half <= 0.5 * SAFE_SPREAD:
        return 0
    if robust:
        h = np.ldexp(x.astype(np.float64), -1)               # halved: no overflow in h - med
        half = float(np.median(np.abs(h - np.median(h))))
        if not half > 0.0 or 0.5 / SAFE_SPREAD <= half <= 0.5 * SAFE_SPREAD:
            return 0
    return math.frexp(half)[1] + 1


def solve_rescaled(family, x, w, th, isfree, n, engine, nt, maxiter):
    """The compiled fit of x (total weight n) from th (in place, rescaled by
    ``spread_exponent``): ``(status, d, n_iter, bad, e)``, d's Hessian in units
    of 2^e (see ``scale_params``)."""
    e = spread_exponent(family, x)
    xs = x if e == 0 else np.ldexp(x, -e)
    scale_params(family, th, -e)
    status, d, n_iter, bad = _kernel(family, "fit", engine)(xs, w, th, isfree, nt, maxiter)
    scale_params(family, th, e, d, n)
    return status, d, n_iter, bad, e


def scale_params(family, th, e, d=None, n=0.0):
    """Multiply loc and scale in th by 2^e (in place); with ``d`` (derivatives at
    th of the data divided by 2^e) also turn the loglik and gradient in d into
    those of the original data.  The Hessian stays in the rescaled units (the
    original one may not be representable): see ``FitResult`` (its ``e``)."""
    if e == 0:
        return
    names = family.th_names
    for i in (names.index("loc"), names.index("scale")):
        th[i] = math.ldexp(th[i], e)
    if d is not None:
        d[0] -= n * e * math.log(2.0)
        d[1:1 + family.k] = np.ldexp(d[1:1 + family.k], -param_exponents(family, e))


def param_exponents(family, e):
    """e for loc and scale, 0 for the other parameters (``param_names`` order): a fit on
    data divided by 2^e estimates each parameter in units of 2^(these exponents)
    (exponents, not units: 2^e may lie beyond the double range)."""
    return np.array([e if name in ("loc", "scale") else 0 for name in family.param_names])


def fit_error(family, status, x, bad, th):
    """The message of a fit that cannot be done (status from the solver)."""
    name, text = STATUS.get(status, ("unknown", f"unknown status {status}"))
    msg = f"cannot fit {family.name}: {text}"
    if status in (5, 6) and bad >= 0:
        msg += f"; first at index {bad} (value {float(x[bad])!r})"
        if status == 5:
            msg += f"; {family.name} is fitted on {family.support_text}"
    return msg


def cov_from_hessian(family, th, isfree, hess, n, exps):
    """Covariance of the free parameters, in units 2^(u_i + u_j) (``u = exps[free]``,
    see ``param_exponents``): the inverse observed information (``hess`` is in those
    units), or the family's own (``Family.fit_cov``, of th in those units) where the
    likelihood is not smooth at the MLE.  Returns ``(cov, u)``."""
    free = isfree.astype(bool)
    u = exps[free]
    th_units = th.copy()
    th_units[:family.k] = np.ldexp(th_units[:family.k], -exps)
    own = family.fit_cov(th_units, free, n)
    if own is not None:
        return own, u
    info = -hess[np.ix_(free, free)]
    try:
        c = np.linalg.inv(info)
    except np.linalg.LinAlgError:
        return np.full(info.shape, np.nan), u
    if not np.all(np.diag(c) > 0):
        return np.full(info.shape, np.nan), u
    return c, u


class FitResult:
    """The result of a maximum likelihood fit.

    Attributes
    ----------
    params : dict
        All parameter values by name (estimated and fixed), scipy's names.
    free : tuple
        Names of the estimated parameters.
    stderr : dict
        Standard error of each estimated parameter (from ``cov``).
    cov : ndarray
        Covariance of the estimated parameters (order of ``free``): the inverse
        observed information (analytic Hessian at the optimum).
    loglik, aic, bic : float
    n : float
        Number of observations (sum of the weights).
    converged : bool
    n_iter : int
        Newton iterations (0 for a closed form).
    method : str
        ``"closed-form"``, ``"newton"``, ``"newton (sufficient statistics)"``
        or ``"newton (profile likelihood)"``.
    message : str
    """

    def __init__(self, family, th, isfree, d, n, status, n_iter, e=0):
        self.family = family
        self._exps = param_exponents(family, e)    # units of the Hessian in d (scale_params)
        self.th = th
        self._isfree = isfree
        self._d = d
        self.params = dict(zip(family.th_names, th.tolist()))
        names = family.param_names
        self.free = tuple(names[i] for i in range(len(names)) if isfree[i])
        self.loglik = float(d[0])
        self.n = n
        self.n_iter = int(n_iter)
        self.status, self.message = STATUS[status]
        self.converged = status == 0
        self.method = ("closed-form" if (self.n_iter == 0 and status == 0)
                       else family.fit_method(isfree.astype(bool)))
        nf = len(self.free)
        self.aic = 2.0 * nf - 2.0 * self.loglik
        self.bic = nf * math.log(n) - 2.0 * self.loglik if n > 0 else math.nan

    # the derivatives and the covariance are computed when first asked for
    @cached_property
    def _hessian_full(self):
        k = self.family.k
        return unpack_hessian(self._d[1 + k:], k)

    @cached_property
    def score(self):
        """Gradient of the log-likelihood w.r.t. the estimated parameters at the optimum."""
        return np.asarray(self._d[1:1 + self.family.k])[self._isfree.astype(bool)]

    @cached_property
    def hessian(self):
        """Hessian of the log-likelihood w.r.t. the estimated parameters at the optimum."""
        free = self._isfree.astype(bool)
        u = self._exps[free]
        return np.ldexp(self._hessian_full[np.ix_(free, free)], -np.add.outer(u, u))

    @cached_property
    def _cov_in_units(self):
        return cov_from_hessian(self.family, self.th, self._isfree, self._hessian_full,
                                self.n, self._exps)

    @cached_property
    def cov(self):
        c, u = self._cov_in_units
        return np.ldexp(c, np.add.outer(u, u))

    @cached_property
    def stderr(self):
        c, u = self._cov_in_units
        return dict(zip(self.free, np.ldexp(np.sqrt(np.diag(c)), u).tolist()))

    @property
    def dist(self):
        """The fitted distribution, a frozen fastmle distribution."""
        return self.family(**self.params)

    def to_scipy(self):
        """The fitted distribution as a frozen ``scipy.stats`` distribution."""
        import scipy.stats

        return getattr(scipy.stats, self.family.name)(**self.params)

    def conf_int(self, level=0.95):
        """Wald confidence intervals ``{name: (low, high)}`` of the estimated parameters."""
        from scipy.special import ndtri

        if not 0 < level < 1:
            raise ValueError(f"level must be in (0, 1), got {level!r}")
        z = float(ndtri(0.5 + level / 2))
        return {k: (self.params[k] - z * s, self.params[k] + z * s)
                for k, s in self.stderr.items()}

    def summary(self, level=0.95):
        """A readable table of the fit."""
        ci = self.conf_int(level)
        pct = f"{100 * level:g}%"
        lines = [f"fastmle fit: {self.family.name}   method: {self.method}   "
                 f"converged: {self.converged} ({self.message}, {self.n_iter} iterations)",
                 f"n = {self.n:g}   loglik = {self.loglik:.10g}   AIC = {self.aic:.10g}   "
                 f"BIC = {self.bic:.10g}",
                 f"{'parameter':<10} {'estimate':>14} {'std. error':>12} "
                 f"{pct + ' low':>14} {pct + ' high':>14}"]
        for k, v in self.params.items():
            if k in self.stderr:
                lo, hi = ci[k]
                lines.append(f"{k:<10} {v:>14.8g} {self.stderr[k]:>12.6g} {lo:>14.8g} "
                             f"{hi:>14.8g}")
            else:
                lines.append(f"{k:<10} {v:>14.8g} {'(fixed)':>12}")
        return "\n".join(lines)

    def __repr__(self):
        ps = ", ".join(f"{k}={v:.6g}" for k, v in self.params.items())
        return (f"FitResult({self.family.name}: {ps}; loglik={self.loglik:.8g}, "
                f"converged={self.converged}, method={self.method!r})")


MAX_LABELS = 1 << 20     # categorical fits: labels 0 .. MAX_LABELS - 1 (p is a dense vector)


def fit_categorical(x, family, weights, fixed, engine, n_threads, nan_policy):
    """Categorical MLE: the weighted label counts over their total (one pass).

    Labels must be integers in [0, MAX_LABELS): the estimate ``p`` is a dense
    vector over 0 .. max label (map sparse ids to 0..K-1 first, e.g. with
    ``np.unique(x, return_inverse=True)``).
    """
    if fixed:
        raise ValueError("categorical: fixed parameters are not supported")
    engine, nt = _engine.resolve(engine, n_threads)
    x, w = prepare(x, weights, nan_policy)
    bad = ~((x >= 0) & (x < MAX_LABELS) & (x == np.floor(x)))
    if w is not None:
        bad &= w > 0
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        if np.isnan(x[i]):
            what = STATUS[6][1]
        else:
            what = f"a value is not a label 0, 1, ..., {MAX_LABELS - 1} (an integer)"
        raise ValueError(f"cannot fit categorical: {what}; first at index {i} "
                         f"(value {float(x[i])!r})")
    used = x if w is None else x[w > 0]
    if used.size == 0:
        raise ValueError(f"cannot fit categorical: {STATUS[3][1]}")
    k = int(used.max()) + 1
    counts = _engine.categorical_counts(engine)(x, w, k, False, nt)[:k]
    return CategoricalFitResult(family, counts)


class CategoricalFitResult(FitResult):
    """The categorical MLE ``p = counts / n``; ``params["p"]`` and ``stderr["p"]`` are
    arrays (one entry per label), ``cov`` the multinomial covariance
    ``(diag(p) - p p') / n``."""

    def __init__(self, family, counts):
        n = float(counts.sum())
        p = counts / n
        self.family = family
        self.counts = counts
        self.th = p
        self.params = {"p": p}
        self.free = ("p",)
        with np.errstate(divide="ignore", invalid="ignore"):
            self.loglik = float(np.where(counts > 0, counts * np.log(p), 0.0).sum())
        self.n = n
        self.n_iter = 0
        self.status, self.message = STATUS[0]
        self.converged = True
        self.method = "closed-form"
        nf = p.size - 1          # the probabilities sum to 1
        self.aic = 2.0 * nf - 2.0 * self.loglik
        self.bic = nf * math.log(n) - 2.0 * self.loglik

    @cached_property
    def cov(self):
        p = self.th
        return (np.diag(p) - np.outer(p, p)) / self.n

    @cached_property
    def stderr(self):
        return {"p": np.sqrt(self.th * (1.0 - self.th) / self.n)}

    @cached_property
    def score(self):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.counts > 0, self.counts / self.th, 0.0)

    @cached_property
    def hessian(self):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.diag(np.where(self.counts > 0, -self.counts / self.th ** 2, 0.0))

    def to_scipy(self):
        """The fitted distribution as ``scipy.stats.rv_discrete`` on the labels."""
        import scipy.stats

        return scipy.stats.rv_discrete(values=(np.arange(self.th.size), self.th))

    def summary(self, level=0.95):
        lo, hi = self.conf_int(level)["p"]
        pct = f"{100 * level:g}%"
        lines = [f"fastmle fit: categorical   method: closed-form   n = {self.n:g}   "
                 f"loglik = {self.loglik:.10g}   AIC = {self.aic:.10g}   BIC = {self.bic:.10g}",
                 f"{'label':<8} {'count':>12} {'p':>12} {'std. error':>12} {pct + ' low':>12} "
                 f"{pct + ' high':>12}"]
        for i, (c, p, s) in enumerate(zip(self.counts, self.th, self.stderr["p"])):
            lines.append(f"{i:<8} {c:>12g} {p:>12.6g} {s:>12.6g} {lo[i]:>12.6g} {hi[i]:>12.6g}")
        return "\n".join(lines)

    def __repr__(self):
        return (f"CategoricalFitResult(p={np.round(self.th, 6).tolist()}, "
                f"loglik={self.loglik:.8g})")
