"""Input checking and coercion shared by the public API.

Data become 1-D contiguous float32/float64 arrays (integers and float16 are
converted to float64; float32 stays float32); the caller's array is never
written to and read-only arrays are fine.  Errors name the problem and, where
there is one, the first offending index.
"""
import numpy as np

NAN_POLICIES = ("propagate", "omit", "raise")
_FLOATS = (np.dtype(np.float64), np.dtype(np.float32))


def _first(mask):
    idx = np.flatnonzero(mask)
    return int(idx.size), int(idx[0])


def as_data(x, name="x", allow_empty=False):
    """``x`` as a 1-D contiguous float32/float64 array, non-empty unless ``allow_empty``."""
    if type(x) is np.ndarray and x.dtype in _FLOATS and x.ndim == 1 and x.size \
            and x.flags.c_contiguous:
        return x
    x = np.asarray(x)
    kind = x.dtype.kind
    if kind == "c":
        raise TypeError(f"{name} must be real, got complex dtype {x.dtype}")
    if kind not in "biuf":
        raise TypeError(f"{name} must be numeric, got dtype {x.dtype}")
    if x.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {x.shape}")
    if x.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty")
    if x.dtype not in _FLOATS:
        x = x.astype(np.float64)
    return np.ascontiguousarray(x)


def as_weights(weights, n):
    """Frequency weights as a contiguous float64 array of length n (or None)."""
    if weights is None:
        return None
    w = np.asarray(weights)
    if w.dtype.kind not in "biuf":
        raise TypeError(f"weights must be real numbers, got dtype {w.dtype}")
    if w.ndim != 1 or w.shape[0] != n:
        raise ValueError(f"weights must have shape ({n},) like the data, got {w.shape}")
    w = np.ascontiguousarray(w, dtype=np.float64)
    bad = ~(w >= 0)
    if bad.any():
        count, first = _first(bad)
        what = "NaN" if np.isnan(w[first]) else "negative"
        raise ValueError(f"weights must be finite and >= 0; {count} invalid, first at index "
                         f"{first} ({what}: {w[first]!r})")
    if np.isinf(w).any():
        count, first = _first(np.isinf(w))
        raise ValueError(f"weights must be finite; {count} infinite, first at index {first}")
    if not w.any():
        raise ValueError("weights are all zero")
    return w


def nan_mode(x, nan_policy):
    """Apply ``nan_policy`` to the data: returns the kernels' ``omit`` flag."""
    if nan_policy == "propagate":
        return False
    if nan_policy not in NAN_POLICIES:
        raise ValueError(f"nan_policy must be one of {NAN_POLICIES}, got {nan_policy!r}")
    nan = np.isnan(x)
    if nan_policy == "raise":
        if nan.any():
            count, first = _first(nan)
            raise ValueError(f"x contains {count} NaN value(s), first at index {first}")
        return False
    if nan.all():
        raise ValueError("x has no values left after omitting NaN")
    return True


MAXITER_CAP = 2**31 - 1


def as_maxiter(maxiter, name="maxiter"):
    """An iteration limit as a positive Python int; values above 2**31 - 1 are
    clipped to it (the solvers count in 32-bit ints; no fit needs that many)."""
    if isinstance(maxiter, (bool, np.bool_)) or not isinstance(maxiter, (int, np.integer)):
        raise TypeError(f"{name} must be a positive integer, got {maxiter!r}")
    if maxiter < 1:
        raise ValueError(f"{name} must be a positive integer, got {maxiter!r}")
    return int(min(maxiter, MAXITER_CAP))


def as_params(family, values):
    """Check a family's parameter values; returns them as floats in th order."""
    th = []
    for name in family.th_names:
        v = values[name]
        try:
            v = float(v)
        except (TypeError, ValueError):
            raise TypeError(f"{family.name}: parameter {name} must be a real number, "
                            f"got {v!r}") from None
        rule = family.constraints.get(name, "finite")
        test, text = RULES[rule]
        if not test(v):
            raise ValueError(f"{family.name}: {name} must be {text}, got {v!r}")
        th.append(v)
    return th


DBL_MIN = float(np.finfo(np.float64).tiny)
# constraint -> (vectorised test, its text for messages): one table for single values
# (frozen distributions, fits) and arrays of them (per-row parameters of nll_loss)
RULES = {
    "finite": (np.isfinite, "finite"),
    # subnormal values are refused: 1 / v overflows, the kernels divide by a reciprocal
    "positive": (lambda v: np.isfinite(v) & (v >= DBL_MIN),
                 "> 0 and finite, a normal double (>= 2.2250738585072014e-308)"),
    "nonnegative": (lambda v: np.isfinite(v) & (v >= 0), ">= 0 and finite"),
    "probability": (lambda v: (v >= 0) & (v <= 1), "in [0, 1]"),
    "probability_pos": (lambda v: (v > 0) & (v <= 1), "in (0, 1]"),
    "count": (lambda v: np.isfinite(v) & (v >= 0) & (v == np.floor(v)), "an integer >= 0"),
}
