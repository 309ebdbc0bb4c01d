"""scipy.stats-compatible distributions: swap ``scipy.stats`` for ``fastmle.stats``.

``fastmle.stats.<name>`` takes scipy's arguments and returns scipy's values for
every family: ``gamma.cdf(x, a, loc=0, scale=1)``, ``gamma.ppf``, ``logsf``,
``rvs(a, size=..., random_state=...)`` (the same draws as scipy for the same
seed), ``mean``, ``var``, ``std``, ``median``, ``entropy``, ``support``,
``interval``, ``stats``, and freezing, ``gamma(a, loc, scale)``.  As in scipy,
parameters broadcast against x (each distinct parameter tuple runs one compiled
pass), invalid parameters give NaN, and discrete families take an integer
shift ``loc``.  ``rvs`` takes scalar parameters.

``fit`` (continuous families only, as in scipy) returns the same tuple, in the
same order, as ``scipy.stats.<name>.fit``: the shape parameters, then loc, then
scale.  Fixed parameters use scipy's keywords: ``floc``, ``fscale``,
``f0``/``f1``... (shapes by position) and ``fa``/``fix_a``... (shapes by
name).  Positional arguments and ``optimizer=`` are scipy's starting guesses
and optimiser; fastmle's solver needs neither and ignores them.  Fixing every
parameter raises scipy's ValueError.

As in scipy, the location of positive families (lognorm, expon, gamma,
weibull_min, pareto, halfnorm...) is estimated unless ``floc`` fixes it (by the
profile likelihood in loc: :mod:`fastmle.threshold`; a likelihood that grows
without limit as loc approaches min(x) is reported with a ConvergenceWarning,
status ``"unbounded"``); ``floc=0`` gives the two-parameter fit.  So are the loc
and scale of beta and powerlaw, the ends of their support (:mod:`fastmle.ends`),
unless ``floc``/``fscale`` fix them.
"""
import numpy as np

from fastmle.families import FAMILIES, get_family
from fastmle.fit import fit as _fit
from fastmle.ends import free_ends_supported
from fastmle.threshold import free_loc_supported

__all__ = []

# elementwise methods: of x (shifted by a discrete loc) and of a probability q
OF_X = ("cdf", "sf", "logcdf", "logsf")
OF_Q = ("ppf", "isf")


class ShiftedDiscrete:
    """A frozen discrete distribution moved by ``loc`` (scipy's loc of a discrete
    family: X + loc)."""

    def __init__(self, frozen, loc):
        self.frozen = frozen
        self.loc = loc

    def __repr__(self):
        return f"{self.frozen!r} + {self.loc!r}"

    def _of_x(self, fn, x):
        return getattr(self.frozen, fn)(np.asarray(x, dtype=np.float64) - self.loc)

    def _of_q(self, fn, q):
        return getattr(self.frozen, fn)(q) + self.loc

    def rvs(self, size=None, random_state=None):
        vals = self.frozen.rvs(size, random_state)
        return int(vals + self.loc) if size is None else (vals + self.loc).astype(np.int64)

    def stats(self, moments="mv"):
        out = self.frozen.stats(moments)
        out = (out,) if len(moments) == 1 else out
        out = tuple(v + self.loc if c == "m" else v for c, v in zip(moments, out))
        return out[0] if len(out) == 1 else out

    def mean(self):
        return self.frozen.mean() + self.loc

    def median(self):
        return self.frozen.median() + self.loc

    def support(self):
        return tuple(v + type(v)(self.loc) for v in self.frozen.support())

    def interval(self, confidence):
        return tuple(v + self.loc for v in self.frozen.interval(confidence))

    def var(self):
        return self.frozen.var()

    def std(self):
        return self.frozen.std()

    def entropy(self):
        return self.frozen.entropy()


for _fn in OF_X + ("pmf", "logpmf"):
    setattr(ShiftedDiscrete, _fn, lambda self, x, _fn=_fn: self._of_x(_fn, x))
for _fn in OF_Q:
    setattr(ShiftedDiscrete, _fn, lambda self, q, _fn=_fn: self._of_q(_fn, q))


class Distribution:
    """One family with scipy.stats' call signatures (``fastmle.stats.<name>``)."""

    def __init__(self, family):
        self.family = family
        self.name = family.name
        self.shapes = tuple(a for a in family.scipy_args if a not in ("loc", "scale"))
        # scipy's positional order: the shapes, then loc (and scale if continuous)
        self.args = self.shapes + (("loc",) if family.discrete else ("loc", "scale"))

    def __repr__(self):
        return f"fastmle.stats.{self.name}"

    def _bind(self, args, kwds):
        """The parameters by name from scipy-style positional and keyword arguments."""
        if len(args) > len(self.args):
            raise TypeError(f"{self.name} takes at most {len(self.args)} parameters "
                            f"{self.args}, got {len(args)}")
        params = dict(zip(self.args, args))
        for key, value in kwds.items():
            if key not in self.args:
                raise TypeError(f"{self.name} got an unexpected keyword argument {key!r}")
            if key in params:
                raise TypeError(f"{self.name} got multiple values for argument {key!r}")
            params[key] = value
        return params

    def freeze(self, *args, **kwds):
        """The frozen distribution, as ``scipy.stats.<name>(*args, **kwds)``."""
        return self._frozen(self._bind(args, kwds))

    __call__ = freeze

    def _frozen(self, params):
        if not self.family.discrete:
            return self.family(**params)
        params = dict(params)
        loc = params.pop("loc", 0)
        frozen = self.family(**params)
        return frozen if loc == 0 else ShiftedDiscrete(frozen, loc)

    def _frozen_or_none(self, params):
        """The frozen distribution, None where a parameter is invalid (scipy: NaN)."""
        try:
            return self._frozen(params)
        except ValueError:
            return None

    def _elementwise(self, fn, x, args, kwds):
        params = self._bind(args, kwds)
        arrays = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}
        x = np.asarray(x)
        if all(a.ndim == 0 for a in arrays.values()):
            frozen = self._frozen_or_none(params)
            if frozen is None:
                return np.full(x.shape, np.nan)[()]
            return getattr(frozen, fn)(x)
        # distinct parameter tuples: one compiled pass each
        bx, *bp = np.broadcast_arrays(x, *arrays.values())
        rows = np.stack([b.reshape(-1) for b in bp], axis=1)
        uniq, inv = np.unique(rows, axis=0, return_inverse=True)
        order = np.argsort(inv.reshape(-1), kind="stable")
        ends = np.searchsorted(inv.reshape(-1)[order], np.arange(1, len(uniq) + 1))
        flat_x, out = bx.reshape(-1), np.empty(bx.size)
        start = 0
        for row, end in zip(uniq, ends):
            idx = order[start:end]
            frozen = self._frozen_or_none(dict(zip(arrays, row.tolist())))
            out[idx] = np.nan if frozen is None else getattr(frozen, fn)(flat_x[idx])
            start = end
        return out.reshape(bx.shape)

    def _scalar(self, method, args, kwds, *margs):
        """A method of the frozen distribution giving one value or a tuple per parameter
        tuple, broadcast over array parameters; NaN where a parameter is invalid."""
        params = self._bind(args, kwds)
        arity = len(margs[0]) if method == "stats" else 2 if method in ("interval",
                                                                       "support") else 1

        def one(values):
            frozen = self._frozen_or_none(dict(zip(params, values)))
            out = (np.nan,) * arity if frozen is None else getattr(frozen, method)(*margs)
            return out if arity == 1 or frozen is None else tuple(out)

        shape = np.broadcast_shapes(*(np.shape(v) for v in params.values()))
        if shape == ():
            out = one(params.values())
            return out[0] if arity == 1 and isinstance(out, tuple) else out
        columns = zip(*(np.broadcast_to(np.asarray(v, dtype=np.float64), shape).reshape(-1)
                        for v in params.values()))
        results = [one(values) for values in columns]
        if arity == 1:
            return np.array([r[0] if isinstance(r, tuple) else r for r in results]).reshape(shape)
        return tuple(np.array(col, dtype=np.float64).reshape(shape) for col in zip(*results))

    def rvs(self, *args, size=None, random_state=None, **kwds):
        """Random draws, scipy's for the same ``random_state`` (scalar parameters)."""
        params = self._bind(args, kwds)
        if any(np.ndim(v) for v in params.values()):
            raise ValueError(f"fastmle.stats.{self.name}.rvs takes scalar parameters; "
                             "freeze one distribution per parameter value")
        return self._frozen(params).rvs(size=size, random_state=random_state)

    def stats(self, *args, moments="mv", **kwds):
        """scipy's ``stats``: mean, variance, skewness, excess kurtosis by letter."""
        return self._scalar("stats", args, kwds, moments)

    def interval(self, confidence, *args, **kwds):
        """Central interval with probability ``confidence``."""
        return self._scalar("interval", args, kwds, confidence)

    def support(self, *args, **kwds):
        """Ends of the support."""
        return self._scalar("support", args, kwds)


def _elementwise_method(fn):
    def method(self, x, *args, **kwds):
        return self._elementwise(fn, x, args, kwds)
    method.__name__ = fn
    method.__doc__ = (f"scipy's ``{fn}(x, *args, **kwds)``: the frozen distribution's "
                      f"``{fn}``, broadcast over array parameters.")
    return method


def _scalar_method(fn):
    def method(self, *args, **kwds):
        return self._scalar(fn, args, kwds)
    method.__name__ = fn
    method.__doc__ = f"scipy's ``{fn}(*args, **kwds)``, broadcast over array parameters."
    return method


class ContinuousDistribution(Distribution):
    """A continuous family: scipy's methods and ``fit``."""

    def _parameter(self, key):
        """The parameter name a scipy fixing keyword refers to."""
        if key in ("floc", "fscale"):
            return key[1:]
        name = key[4:] if key.startswith("fix_") else key[1:] if key.startswith("f") else None
        if name is not None and name.isdigit() and int(name) < len(self.shapes):
            return self.shapes[int(name)]
        if name in self.shapes:
            return name
        raise TypeError(f"{self.name}.fit() got an unexpected keyword argument {key!r}")

    def fit(self, data, *guesses, method="MLE", optimizer=None, loc=None, scale=None,
            **kwds):
        """Maximum likelihood fit; returns ``(*shapes, loc, scale)`` as scipy does, numpy
        float64 values.

        Parameters
        ----------
        data : array_like
        *guesses, loc, scale, optimizer
            scipy's starting guesses and optimiser: accepted and ignored (fastmle's
            solver starts from its own estimates and needs no optimiser).
        method : {"MLE"}
        floc, fscale, f0, f1, ..., fa, fix_a, ... : float
            Fixed parameters, as in scipy.  As in scipy, loc and scale are estimated
            unless ``floc``/``fscale`` are given (positive families' loc: the
            threshold, beta's and powerlaw's: the ends of the support, by the profile
            likelihood).
        """
        if str(method).lower() != "mle":
            raise ValueError(f"fastmle.stats fits by maximum likelihood only, got "
                             f"method={method!r}")
        if len(guesses) > len(self.family.scipy_args):
            raise TypeError(f"{self.name}.fit() takes at most {len(self.family.scipy_args)} "
                            f"starting guesses {self.family.scipy_args}, got {len(guesses)}")
        fixed = {}
        for key, value in kwds.items():
            name = self._parameter(key)
            if name in fixed:
                raise ValueError(f"{self.name}.fit(): {name} is fixed twice")
            fixed[name] = value
        if set(self.family.scipy_args) <= set(fixed):
            raise ValueError("All parameters fixed. There is nothing to optimize.")
        if free_ends_supported(self.family):
            free = tuple(nm for nm in ("loc", "scale") if nm not in fixed)
        else:
            free = ("loc",) if "loc" not in fixed and free_loc_supported(self.family) else None
        res = _fit(data, self.family, fixed=fixed, free=free)
        return tuple(np.float64(res.params[k]) for k in self.family.scipy_args)


class DiscreteDistribution(Distribution):
    """A discrete family: scipy's methods (no ``fit``, as in scipy)."""


for _fn in OF_X + OF_Q:
    setattr(Distribution, _fn, _elementwise_method(_fn))
for _fn in ("mean", "var", "std", "median", "entropy"):
    setattr(Distribution, _fn, _scalar_method(_fn))
for _fn in ("pdf", "logpdf"):
    setattr(ContinuousDistribution, _fn, _elementwise_method(_fn))
for _fn in ("pmf", "logpmf"):
    setattr(DiscreteDistribution, _fn, _elementwise_method(_fn))


for _name in FAMILIES:
    _family = get_family(_name)
    if _name != "categorical":
        globals()[_name] = (DiscreteDistribution if _family.discrete
                            else ContinuousDistribution)(_family)
        __all__.append(_name)
del _name, _family, _fn
