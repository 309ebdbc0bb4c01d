"""Results of maximum likelihood fits: ``FitResult`` (one data set) and the
categorical family's ``CategoricalFitResult``."""
import math
from functools import cached_property

import numpy as np

from fastmle._solve import STATUS, param_exponents
from fastmle.families._base import unpack_hessian

__all__ = ["ConvergenceWarning", "FitResult"]


class ConvergenceWarning(UserWarning):
    """A fit stopped before converging; the result holds the best point found."""


def cov_from_hessian(family, th, isfree, hess, n, exps, own=True):
    """Covariance of the free parameters, in units 2^(u_i + u_j) (``u = exps[free]``,
    see ``param_exponents``): the inverse observed information (``hess`` is in those
    units), or (``own``) the family's own (``Family.fit_cov``, of th in those units)
    where the likelihood is not smooth at the MLE.  Returns ``(cov, u)``."""
    free = isfree.astype(bool)
    u = exps[free]
    if own:
        th_units = th.copy()
        th_units[:family.k] = np.ldexp(th_units[:family.k], -exps)
        c = family.fit_cov(th_units, free, n)
        if c is not None:
            return c, u
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

    def __init__(self, family, th, isfree, d, n, status, n_iter, e=0, names=None,
                 complete=None):
        self.family = family
        # complete(d): d with the entries the solver left NaN (the loc derivatives of a
        # free-loc fit), computed when the derivatives are first asked for
        self._complete = complete
        # the parameters d and isfree refer to: the free parameters, and loc where a
        # positive family's loc was estimated (fastmle.threshold)
        self._names = family.param_names if names is None else names
        self._exps = np.zeros(len(self._names), dtype=np.int64) if names is not None \
            else param_exponents(family, e)    # units of the Hessian in d (scale_params)
        self.th = th
        self._isfree = isfree
        self._d_raw = d
        self._data = None           # (x, w, fixed, engine, maxiter): for the profile
        self.params = dict(zip(family.th_names, th.tolist()))
        names = self._names
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
    def _d(self):
        return self._d_raw if self._complete is None else self._complete(self._d_raw)

    @cached_property
    def _hessian_full(self):
        k = len(self._names)
        return unpack_hessian(self._d[1 + k:], k)

    @cached_property
    def score(self):
        """Gradient of the log-likelihood w.r.t. the estimated parameters at the optimum."""
        return np.asarray(self._d[1:1 + len(self._names)])[self._isfree.astype(bool)]

    @cached_property
    def hessian(self):
        """Hessian of the log-likelihood w.r.t. the estimated parameters at the optimum."""
        free = self._isfree.astype(bool)
        u = self._exps[free]
        return np.ldexp(self._hessian_full[np.ix_(free, free)], -np.add.outer(u, u))

    @cached_property
    def _cov_in_units(self):
        return cov_from_hessian(self.family, self.th, self._isfree, self._hessian_full,
                                self.n, self._exps, own=self._names == self.family.param_names)

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

    def conf_int(self, level=0.95, method="wald", **bootstrap_kw):
        """Confidence intervals ``{name: (low, high)}`` of the estimated parameters.

        ``method="wald"``: estimate -/+ z standard errors; ``"profile"``: the
        profile-likelihood interval, where 2 (loglik_max - profile loglik) stays below
        the chi-squared(1) quantile at ``level`` (:mod:`fastmle.profile`; a side where
        it never does is the end of the parameter's range, with a warning);
        ``"bootstrap"``: :meth:`bootstrap`'s interval (``bootstrap_kw`` passed on, e.g.
        ``n_resamples``, ``method="bca"``, ``random_state``).
        """
        from scipy.special import ndtri

        if not 0 < level < 1:
            raise ValueError(f"level must be in (0, 1), got {level!r}")
        if method == "profile":
            from fastmle.profile import profile_interval

            return {k: profile_interval(self, k, level) for k in self.free}
        if method == "bootstrap":
            ci = self.bootstrap(confidence_level=level, **bootstrap_kw).confidence_interval
            return {k: (ci.low[i], ci.high[i]) for i, k in enumerate(self.free)}
        if method != "wald":
            raise ValueError(f"method must be 'wald', 'profile' or 'bootstrap', got "
                             f"{method!r}")
        z = float(ndtri(0.5 + level / 2))
        return {k: (self.params[k] - z * s, self.params[k] + z * s)
                for k, s in self.stderr.items()}

    def profile(self, name, grid=None, level=0.95):
        """The profile likelihood of parameter ``name``: a :class:`fastmle.profile.Profile`
        (values, profile loglik, deviance, constrained estimates) at ``grid``, by
        default 41 values across its profile interval at ``level``, widened by a
        quarter on each side."""
        from fastmle.profile import profile

        return profile(self, name, grid, level)

    def bootstrap(self, n_resamples=999, kind="nonparametric", method="percentile",
                  confidence_level=0.95, random_state=None, n_threads=None, indices=None):
        """The bootstrap of this fit (:mod:`fastmle.bootstrap`): ``n_resamples`` compiled
        fits of nonparametric resamples (multinomial counts as weights) or parametric
        ones (draws from the fit), and ``scipy.stats.bootstrap``'s intervals
        (``method``: percentile, basic, bca).  The same ``random_state`` gives the same
        result for any ``n_threads``; ``indices`` (B x n) gives the resamples instead.
        Returns a :class:`~fastmle.bootstrap.BootstrapResult`."""
        from fastmle.bootstrap import bootstrap

        return bootstrap(self, n_resamples, kind, method, confidence_level, random_state,
                         n_threads, indices)

    def plot(self):
        """fitdistrplus' ``plot.fitdist`` panels (densities, Q-Q, CDFs, P-P) as a
        matplotlib Figure (:func:`fastmle.plotting.plot_fit`)."""
        from fastmle.plotting import plot_fit

        return plot_fit(self)

    def sampling_distribution(self):
        """The asymptotic normal of the estimates (mean: the estimates; covariance: the
        inverse observed information), with ``rvs``, ``pdf`` and ``marginal(name)``: a
        :class:`fastmle.sampling.AsymptoticNormal`."""
        from fastmle.sampling import AsymptoticNormal

        return AsymptoticNormal(self.free, [self.params[k] for k in self.free], self.cov)

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
