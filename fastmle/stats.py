"""scipy.stats-compatible fits: swap ``scipy.stats`` for ``fastmle.stats``.

``fastmle.stats.gamma.fit(data, floc=0)`` returns the same tuple, in the same
order, as ``scipy.stats.gamma.fit(data, floc=0)``: the shape parameters, then
loc, then scale.  Fixed parameters use scipy's keywords: ``floc``,
``fscale``, ``f0``/``f1``... (shapes by position) and ``fa``/``fix_a``...
(shapes by name).  Positional arguments and ``optimizer=`` are scipy's
starting guesses and optimiser; fastmle's solver needs neither and ignores
them.  Fixing every parameter raises scipy's ValueError.

One default differs from scipy: **the location of positive families
(lognorm, expon, gamma, weibull_min, pareto) is fixed at 0** unless ``floc``
says otherwise, and beta's loc and scale at 0 and 1 unless ``floc``/``fscale``
say otherwise; scipy estimates them too, which is often ill-posed.  Only the
continuous families are here, as only those have ``fit`` in scipy.
"""
from fastmle.families import FAMILIES, get_family
from fastmle.fit import fit as _fit

__all__ = []


class ScipyCompatible:
    """``fit`` with scipy.stats' signature and return value for one family."""

    def __init__(self, family):
        self.family = family
        self.shapes = tuple(a for a in family.scipy_args if a not in ("loc", "scale"))

    def __repr__(self):
        return f"fastmle.stats.{self.family.name}"

    def _parameter(self, key):
        """The parameter name a scipy fixing keyword refers to."""
        if key in ("floc", "fscale"):
            return key[1:]
        name = key[4:] if key.startswith("fix_") else key[1:] if key.startswith("f") else None
        if name is not None and name.isdigit() and int(name) < len(self.shapes):
            return self.shapes[int(name)]
        if name in self.shapes:
            return name
        raise TypeError(f"{self.family.name}.fit() got an unexpected keyword argument {key!r}")

    def fit(self, data, *guesses, method="MLE", optimizer=None, **kwds):
        """Maximum likelihood fit; returns ``(*shapes, loc, scale)`` as scipy does.

        Parameters
        ----------
        data : array_like
        *guesses, optimizer
            Accepted for compatibility and ignored.
        method : {"MLE"}
        floc, fscale, f0, f1, ..., fa, fix_a, ... : float
            Fixed parameters, as in scipy.
        """
        if str(method).lower() != "mle":
            raise ValueError(f"fastmle.stats fits by maximum likelihood only, got "
                             f"method={method!r}")
        fixed = {}
        for key, value in kwds.items():
            name = self._parameter(key)
            if name in fixed:
                raise ValueError(f"{self.family.name}.fit(): {name} is fixed twice")
            fixed[name] = value
        if set(self.family.scipy_args) <= set(fixed):
            raise ValueError("All parameters fixed. There is nothing to optimize.")
        res = _fit(data, self.family, fixed=fixed)
        return tuple(res.params[k] for k in self.family.scipy_args)


for _name in FAMILIES:
    _family = get_family(_name)
    if not _family.discrete:
        globals()[_name] = ScipyCompatible(_family)
        __all__.append(_name)
del _name, _family
