"""Categorical distribution over labels 0..K-1 with probabilities p (a vector).

scipy has no categorical; it is ``scipy.stats.multinomial(1, p)`` observed as
labels.  Its one pass is a weighted label count (the sufficient statistics),
from which loglik, score and Hessian follow in O(K).  The score and Hessian are
the partial derivatives w.r.t. each p_k, treating the p_k as unconstrained
(``score[k] = count_k / p_k``); the MLE on the simplex is counts / total.
"""
import numpy as np

from fastmle import _engine
from fastmle.families._base import (Family, FrozenDiscrete, LoglikDerivs, SuffStats,
                                    logdensity_dtype, logdensity_result)


def _xlogy(c, p):
    with np.errstate(divide="ignore"):
        return np.where(c == 0, 0.0, c * np.log(p))


class Categorical(Family):
    """Categorical: free parameters p[0], ..., p[K-1] (``fastmle.categorical(p)``)."""

    name = "categorical"
    param_names = ("p",)
    scipy_args = ("p",)
    discrete = True

    def __call__(self, p):
        p = np.asarray(p)
        if p.dtype.kind not in "biuf":
            raise TypeError(f"categorical: p must be real numbers, got dtype {p.dtype}")
        p = np.array(p, dtype=np.float64)
        if p.ndim != 1 or p.size == 0:
            raise ValueError(f"categorical: p must be a non-empty 1-D vector, got shape {p.shape}")
        bad = ~((p >= 0) & (p <= 1))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(f"categorical: p must be in [0, 1]; p[{i}] = {float(p[i])!r}")
        total = p.sum()
        if abs(total - 1.0) > 1e-9 * p.size:
            raise ValueError(f"categorical: p must sum to 1, sums to {total!r}")
        return FrozenCategorical(self, p)

    def stats_derivs(self, n, counts, p):
        ll = float(_xlogy(counts, p).sum())
        with np.errstate(divide="ignore", invalid="ignore"):
            g = counts / p
            h = -counts / (p * p)
        return ll, g, np.diag(h)


class FrozenCategorical(FrozenDiscrete):
    """A categorical distribution with given probabilities."""

    __slots__ = ()

    @property
    def params(self):
        return {"p": self.th.copy()}

    def __repr__(self):
        return f"fastmle.categorical(p={self.th.tolist()!r})"

    def logpmf(self, x, *, engine=None, n_threads=None):
        """log p[x] for integer labels in 0..K-1, -inf elsewhere, NaN at NaN (vectorised)."""
        _engine.resolve(engine, n_threads)
        x = np.asarray(x)
        if x.dtype.kind not in "biuf":
            raise TypeError(f"x must be numeric, got dtype {x.dtype}")
        xf = x.astype(np.float64)
        k = self.th.size
        ok = (xf >= 0) & (xf < k) & (xf == np.floor(xf))
        with np.errstate(divide="ignore"):
            logp = np.log(self.th)
        out = np.full(xf.shape, -np.inf)
        out[ok] = logp[xf[ok].astype(np.intp)]
        out[np.isnan(xf)] = np.nan
        return logdensity_result(out.astype(logdensity_dtype(x), copy=False), x)

    def suffstats(self, x, weights=None, *, nan_policy="propagate", engine=None,
                  n_threads=None):
        """Weighted label counts (one pass) as mergeable :class:`SuffStats`."""
        x, w, omit, cfg = self._prepare(x, weights, nan_policy, engine, n_threads)
        k = self.th.size
        c = cfg.backend.counts()(x, w, k, omit, cfg.n_threads)
        values = c[:k].copy()
        if c[k + 1] > 0:            # NaN labels propagate
            values[:] = np.nan
        return CategoricalStats(self.family, self.th, float(c[:k].sum()), values, float(c[k]))

    def loglik_derivs(self, x, weights=None, *, nan_policy="propagate", engine=None,
                      n_threads=None):
        st = self.suffstats(x, weights, nan_policy=nan_policy, engine=engine,
                            n_threads=n_threads)
        return st.loglik_derivs()

    def loglik(self, x, weights=None, *, nan_policy="propagate", engine=None, n_threads=None):
        return self.loglik_derivs(x, weights, nan_policy=nan_policy, engine=engine,
                                  n_threads=n_threads).loglik


class CategoricalStats(SuffStats):
    """Label counts of a categorical sample."""

    def _theta(self, params):
        if not params:
            return self.th
        if set(params) != {"p"}:
            raise TypeError("categorical: the only parameter is p")
        return categorical(params["p"]).th

    def loglik_derivs(self, p=None):
        th = self._theta({} if p is None else {"p": p})
        k = th.size
        if self.n_outside > 0 and not np.isnan(self.values).any():
            return LoglikDerivs(-np.inf, np.full(k, np.nan), np.full((k, k), np.nan))
        ll, g, h = self.family.stats_derivs(self.n, self.values, th)   # NaN labels: NaN
        return LoglikDerivs(ll, g, h)

    def merge(self, other):
        if not isinstance(other, CategoricalStats) or other.values.size != self.values.size:
            raise TypeError("can only merge categorical counts with the same number of labels")
        return CategoricalStats(self.family, self.th, self.n + other.n,
                                self.values + other.values, self.n_outside + other.n_outside)

    __add__ = merge


categorical = Categorical()
