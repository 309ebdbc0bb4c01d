"""The sampling distribution of a fit's estimates: the asymptotic (Fisher) normal.

The estimates of a regular maximum likelihood fit are asymptotically normal about
the true parameters with covariance the inverse Fisher information, estimated by
the inverse observed information at the estimate (``FitResult.cov``).  This is
the distribution of the estimator from sample to sample, not of the data; put
it beside the bootstrap's to see where the asymptotics hold.
"""
import numpy as np


class AsymptoticNormal:
    """The normal approximation of the sampling distribution of the estimates.

    Attributes
    ----------
    names : tuple of str
        The estimated parameters, in the order of ``mean`` and ``cov``.
    mean : ndarray
        The estimates.
    cov : ndarray
        Their covariance, the inverse observed information.
    """

    def __init__(self, names, mean, cov):
        self.names = tuple(names)
        self.mean = np.asarray(mean, dtype=np.float64)
        self.cov = np.asarray(cov, dtype=np.float64)

    def _mvn(self):
        from scipy.stats import multivariate_normal

        return multivariate_normal(self.mean, self.cov, allow_singular=True)

    def rvs(self, size=None, random_state=None):
        """Draws of the estimates, shape ``size + (len(names),)``."""
        out = self._mvn().rvs(size=size, random_state=random_state)
        shape = [] if size is None else np.atleast_1d(size).tolist()
        return np.reshape(out, tuple(shape) + (len(self.names),))

    def pdf(self, x):
        """Density at estimates ``x`` (the last axis over ``names``)."""
        return self._mvn().pdf(x)

    def logpdf(self, x):
        return self._mvn().logpdf(x)

    def marginal(self, name):
        """The normal of one estimate (a frozen ``scipy.stats.norm``)."""
        from scipy.stats import norm

        i = self.names.index(name)
        return norm(self.mean[i], np.sqrt(self.cov[i, i]))

    def __repr__(self):
        return f"AsymptoticNormal({', '.join(self.names)})"
