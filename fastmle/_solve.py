"""The shared machinery of the fits (``fit``, ``fit_batch``): data and fixed
parameters in the solver's form, the compiled solver on data rescaled to a safe
spread, and the statuses it returns (the registry's, ``fastmle._spec.STATUS``).
"""
import math

import numpy as np

from fastmle import _engine, _spec
from fastmle._validation import as_data, as_params, as_weights, nan_mode

# status code -> (name, message); the warn statuses return the best point found
STATUS = {code: (name, text) for code, (name, text, _) in _spec.STATUS.items()}
NOT_CONVERGED = tuple(code for code, entry in _spec.STATUS.items() if entry[2] == "warn")

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
    return getattr(_engine.BACKENDS[engine].fit_kernels(family.name), what)


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


# location-scale families fitted on data rescaled by 2^-e when their spread is far
# from 1 (see spread_exponent); True: the MLE ignores outliers (spread from the MAD)
LOC_SCALE = {f.name: f.loc_scale == "robust" for f in _spec.FAMILIES.values() if f.loc_scale}
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
        return _magnitude_exponent(family, x)
    half = 0.5 * float(x.max()) - 0.5 * float(x.min())      # no overflow; NaN stays NaN
    if not (half > 0.0 and half < math.inf) or 0.5 / SAFE_SPREAD <= half <= 0.5 * SAFE_SPREAD:
        return 0
    if robust:
        h = np.ldexp(x.astype(np.float64), -1)               # halved: no overflow in h - med
        half = float(np.median(np.abs(h - np.median(h))))
        if not half > 0.0 or 0.5 / SAFE_SPREAD <= half <= 0.5 * SAFE_SPREAD:
            return 0
    return math.frexp(half)[1] + 1


def _magnitude_exponent(family, x):
    """The exponent of a positive (scale) family's data far beyond [1 / SAFE_SPREAD,
    SAFE_SPREAD] in magnitude (x + scale near the double range overflows, scale^-2
    near its bottom), else 0: the likelihood in x / scale is invariant under powers
    of 2 as the location-scale one is."""
    from fastmle.families._base import PositiveFamily

    if not isinstance(family, PositiveFamily) or x.size == 0:
        return 0
    big = max(abs(float(np.max(x))), abs(float(np.min(x))))
    if not (big > 0.0 and big < math.inf) or 1.0 / SAFE_SPREAD <= big <= SAFE_SPREAD:
        return 0
    e = math.frexp(big)[1]
    # exact for every value: the smallest nonzero one stays a normal double (e <= its
    # exponent + 1021; data spanning the whole range are fitted as they are)
    a = np.abs(x[x != 0]).astype(np.float64)
    small = float(a.min()) if a.size else big
    return max(min(e, math.frexp(small)[1] + 1021), 0) if e > 0 else e


def solve_rescaled(family, x, w, th, isfree, n, engine, nt, maxiter):
    """The compiled fit of x (total weight n) from th (in place, rescaled by
    ``spread_exponent``): ``(status, d, n_iter, bad, e)``, d's Hessian in units
    of 2^e (see ``scale_params``)."""
    e = spread_exponent(family, x)
    if e and not _exact_rescale(family, th, e):
        e = 0
    xs = x if e == 0 else np.ldexp(x, -e)
    scale_params(family, th, -e)
    status, d, n_iter, bad = _kernel(family, "fit", engine)(xs, w, th, isfree, nt, maxiter)
    scale_params(family, th, e, d, n)
    return status, d, n_iter, bad, e


def _exact_rescale(family, th, e):
    """Whether loc and scale in th (fixed values, or starts) survive division by 2^e
    and back exactly: a fixed scale of 1 cannot follow data near 5e-324."""
    names = family.th_names
    for i in (names.index("loc"), names.index("scale")):
        v = float(th[i])
        if math.isfinite(v) and v != 0.0:
            try:
                if math.ldexp(math.ldexp(v, -e), e) != v:
                    return False
            except OverflowError:
                return False
    return True


def scale_params(family, th, e, d=None, n=0.0):
    """Multiply loc and scale in th by 2^e (in place); with ``d`` (derivatives at
    th of the data divided by 2^e) also turn the loglik and gradient in d into
    those of the original data.  The Hessian stays in the rescaled units (the
    original one may not be representable): see ``FitResult`` (its ``e``).  A loc or
    scale beyond the double range in the original units (a shape family's loc far
    from the data, e.g. loggamma at c -> inf) becomes +-inf."""
    if e == 0:
        return
    names = family.th_names
    for i in (names.index("loc"), names.index("scale")):
        try:
            th[i] = math.ldexp(th[i], e)
        except OverflowError:
            th[i] = math.copysign(math.inf, th[i])
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
