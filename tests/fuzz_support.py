"""Machinery of the fuzz suite (tests/test_fuzz.py): calls written as one-line expressions.

Every fuzz case is a Python expression over ``np`` and ``fastmle`` only (e.g.
``fastmle.t(4.0).logpdf(np.array([1e300]), engine='cython')``), so a failure
message is a reproducer that runs after ``import numpy as np, fastmle``.
:func:`outcome` evaluates one expression and classifies what happened
(a value, a documented error, an undocumented one); :func:`run_isolated`
runs expressions that may kill the process in a child process under a memory
limit and a timeout.
"""
import json
import math
import os
import re
import subprocess
import sys
import warnings

import numpy as np
from mpref import mp_logpdf

import fastmle

NS = {"np": np, "fastmle": fastmle}
EPS = np.finfo(np.float64).eps
DBL_MAX = float(np.finfo(np.float64).max)

# Text of errors raised by numpy, CPython or numba inside fastmle, not by its own checks:
# a ValueError/TypeError with such a message is a bug that escaped validation.
INTERNAL_MESSAGES = re.compile(
    "|".join(["zero-size array", "read-only", "math domain error", "math range error",
              "could not be broadcast", "could not broadcast", "setting an array element",
              "cannot reshape", "has no attribute", "unsupported operand", "not subscriptable",
              "is not callable", "Buffer dtype mismatch", "Cannot cast", "No matching definition",
              "cannot be interpreted as an integer", "out of bounds", "too large to convert",
              "Python int too large", "only integer scalar arrays", "object of type",
              "argument must be", "takes no keyword", "missing 1 required"]))


class Expr(str):
    """Source text inserted verbatim into an expression (not repr'd)."""


def num(v):
    """Source text of a number that survives ``eval`` (NaN/inf as np.nan/np.inf)."""
    if isinstance(v, (bool, np.bool_)):
        return repr(bool(v))
    if isinstance(v, (int, np.integer)):
        return repr(int(v))
    if isinstance(v, (complex, np.complexfloating)):
        return f"complex({num(v.real)}, {num(v.imag)})"
    v = float(v)
    if math.isnan(v):
        return "np.nan"
    if math.isinf(v):
        return "np.inf" if v > 0 else "-np.inf"
    return repr(v)


def src(v):
    """Source text of an argument value."""
    if isinstance(v, Expr):
        return str(v)
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k!r}: {src(x)}" for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        inner = ", ".join(src(x) for x in v)
        return f"[{inner}]" if isinstance(v, list) else f"({inner}{',' if len(v) == 1 else ''})"
    if isinstance(v, (bool, int, float, complex, np.number, np.bool_)):
        return num(v)
    return repr(v)


def array(values, dtype="float64", layout="contiguous"):
    """Source of an array of ``values``: ``layout`` is "contiguous", "strided" (every
    other element of a twice longer array), "readonly" (a read-only view) or "2d"
    (one row)."""
    body = "[" + ", ".join(num(v) if dtype != "str" else repr(str(v)) for v in values) + "]"
    dt = {"str": "'U8'", "object": "object"}.get(dtype, repr(dtype))
    if layout == "strided":
        pad = [values[0] if len(values) else 0] * len(values)
        mixed = [v for pair in zip(values, pad) for v in pair]
        return Expr(f"{array(mixed, dtype)}[::2]")
    text = f"np.array({body}, dtype={dt})"
    if layout == "readonly":
        return Expr(f"np.broadcast_to({text}, ({len(values)},))")
    if layout == "2d":
        return Expr(f"{text}.reshape(1, -1)")
    return Expr(text)


def call(func, *args, **kwargs):
    """Source of ``func(*args, **kwargs)``; ``func`` is source text, e.g. ``fastmle.fit``."""
    parts = [src(a) for a in args] + [f"{k}={src(v)}" for k, v in kwargs.items()]
    return f"{func}({', '.join(parts)})"


class Outcome:
    """What evaluating one expression did: ``value`` or ``error`` (an exception), the
    warnings it raised, and whether an array argument changed."""

    def __init__(self, expr, value=None, error=None, warns=(), modified=False):
        self.expr, self.value, self.error = expr, value, error
        self.warns, self.modified = list(warns), modified

    @property
    def kind(self):
        return "value" if self.error is None else type(self.error).__name__

    def __repr__(self):
        if self.error is not None:
            return f"{type(self.error).__name__}: {one_line(self.error)}"
        return f"{self.value!r}"


def _arrays(obj, out):
    """The ndarrays inside the arguments of an evaluated expression (for the copy check)."""
    if isinstance(obj, np.ndarray):
        out.append(obj)
    elif isinstance(obj, (list, tuple)):
        for o in obj:
            _arrays(o, out)
    elif isinstance(obj, dict):
        for o in obj.values():
            _arrays(o, out)
    return out


def split_call(expr):
    """``(callee, argument text)`` of an expression ending in a call, else None."""
    if not expr.endswith(")"):
        return None
    depth = 0
    for i in range(len(expr) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(expr[i], 0)
        if depth == 0:
            return (expr[:i], expr[i + 1:-1]) if i else None
    return None


def outcome(expr):
    """Evaluate ``expr`` catching exceptions and warnings; when it ends in a call, its
    arguments are evaluated first (quietly: building odd inputs may overflow, and an
    error there is the test's own) and checked to be unmodified afterwards."""
    parts = split_call(expr)
    inputs, before = [], []
    if parts is not None:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            args, kwargs = eval(f"(lambda *a, **k: (a, k))({parts[1]})", NS)
        inputs = _arrays([args, kwargs], [])
        before = [a.tobytes() for a in inputs]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:      # the callee too: freezing a distribution may raise
            value = eval(expr, NS) if parts is None else eval(parts[0], NS)(*args, **kwargs)
            error = None
        except Exception as exc:       # noqa: BLE001 - classified by the caller
            value, error = None, exc
    modified = any(a.tobytes() != b for a, b in zip(inputs, before))
    return Outcome(expr, value, error, list(caught), modified)


def one_line(text, limit=300):
    """``text`` on one line (numba's messages span many, with terminal colours)."""
    return " ".join(re.sub(r"\x1b\[[0-9;]*m", "", str(text)).split())[:limit]


def bad_error(out, allowed=(ValueError, TypeError)):
    """Why the error of ``out`` is not a documented one (None if it is, or no error)."""
    e = out.error
    if e is None:
        return None
    if type(e) not in allowed:
        return f"undocumented exception {type(e).__module__}.{type(e).__name__}: {one_line(e)}"
    text = str(e)
    if not text.strip():
        return f"{type(e).__name__} without a message"
    if INTERNAL_MESSAGES.search(text):
        return f"internal error leaked as {type(e).__name__}: {one_line(text)}"
    return None


def stray_warnings(out):
    """Warnings other than fastmle.ConvergenceWarning (e.g. numpy RuntimeWarnings)."""
    return [f"{w.category.__name__}: {w.message}" for w in out.warns
            if not issubclass(w.category, fastmle.ConvergenceWarning)]


def flatten(value, prefix="", out=None):
    """The numbers and strings of a result as a flat {name: ndarray} (for comparisons)."""
    out = {} if out is None else out
    if isinstance(value, (fastmle.FitResult, fastmle.BatchFitResult)):
        # a fit that runs off to a boundary stops at the best point its path found:
        # engines must agree on that status, not on the point (compared as NaN)
        off = np.asarray(value.status) == "diverged"
        for k, v in value.params.items():
            out[f"{prefix}params[{k!r}]"] = np.where(off, np.nan, np.asarray(v, dtype=float))
        for k in ("loglik", "n_iter"):
            out[f"{prefix}{k}"] = np.where(off, np.nan, np.asarray(getattr(value, k), float))
        for k in ("status", "converged"):
            out[f"{prefix}{k}"] = np.asarray(getattr(value, k))
    elif isinstance(value, fastmle.SuffStats):
        out[f"{prefix}n"] = np.asarray(value.n)
        out[f"{prefix}values"] = np.asarray(value.values)
        out[f"{prefix}n_outside"] = np.asarray(value.n_outside)
    elif isinstance(value, dict):
        for k, v in value.items():
            flatten(v, f"{prefix}[{k!r}]", out)
    elif isinstance(value, (tuple, list)):
        for i, v in enumerate(value):
            flatten(v, f"{prefix}[{i}]", out)
    else:
        a = np.asarray(value)
        out[prefix or "value"] = a
    return out


def differences(a, b, rtol, atol=0.0, exact=False):
    """Where two flattened results differ (empty when they agree): same keys, shapes,
    NaN and infinity positions, finite values within ``rtol``/``atol`` (or bit-identical
    with ``exact``)."""
    fa, fb = flatten(a), flatten(b)
    if fa.keys() != fb.keys():
        return [f"keys {sorted(fa)} != {sorted(fb)}"]
    diffs = []
    for k in fa:
        x, y = fa[k], fb[k]
        if x.shape != y.shape:
            diffs.append(f"{k}: shape {x.shape} != {y.shape}")
        elif x.dtype.kind in "biufc" and y.dtype.kind in "biufc":
            x = x.astype(np.complex128 if "c" in x.dtype.kind + y.dtype.kind else np.float64)
            y = y.astype(x.dtype)
            if exact:
                same = (x == y) | (np.isnan(x) & np.isnan(y))
            else:
                fin = np.isfinite(x) & np.isfinite(y)
                same = np.where(fin, np.abs(x - y) <= atol + rtol * np.abs(y),
                                (x == y) | (np.isnan(x) & np.isnan(y)))
            if not np.all(same):
                i = np.flatnonzero(~np.asarray(same).reshape(-1))[0]
                diffs.append(f"{k}[{i}]: {x.reshape(-1)[i]!r} != {y.reshape(-1)[i]!r}")
        elif not np.array_equal(x, y):
            diffs.append(f"{k}: {x!r} != {y!r}")
    return diffs


# ---------------------------------------------------------------- isolated runs

_CHILD = r"""
import json, resource, sys, warnings
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
import numpy as np, fastmle
warnings.simplefilter("ignore")
for line in sys.stdin:
    i, expr = json.loads(line)
    print(json.dumps(["start", i]), flush=True)
    try:
        eval(expr)
        res = ["ok", i, ""]
    except Exception as exc:
        res = [type(exc).__name__, i, str(exc)[:300]]
    print(json.dumps(res), flush=True)
"""


def run_isolated(exprs, mem_bytes=4 << 30, timeout=120.0):
    """Run each expression in a child process (RLIMIT_AS = ``mem_bytes``), resuming
    in a new child after one dies.  Returns one ``(status, detail)`` per expression:
    status is the exception type name, "ok", "crash" (with the exit code) or "timeout"."""
    results = [None] * len(exprs)
    todo = list(range(len(exprs)))
    while todo:
        feed = "".join(json.dumps([i, exprs[i]]) + "\n" for i in todo)
        proc = subprocess.Popen([sys.executable, "-c", _CHILD.format(limit=int(mem_bytes))],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True,
                                cwd=os.path.dirname(os.path.dirname(fastmle.__file__)))
        try:
            stdout, stderr = proc.communicate(feed, timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            proc.kill()
            stdout, stderr = proc.communicate()
            timed_out = True
        started = None
        for line in stdout.splitlines():
            status, i, *detail = json.loads(line)
            if status == "start":
                started = i
            else:
                results[i] = (status, detail[0])
                started = None
        if started is not None:
            why = "timeout" if timed_out else "crash"
            results[started] = (why, f"exit code {proc.returncode}; {stderr.strip()[-300:]}")
        elif timed_out or proc.returncode:
            # died before starting anything: report on all remaining cases
            for i in todo:
                if results[i] is None:
                    results[i] = ("crash", f"child failed: {stderr.strip()[-300:]}")
        todo = [i for i in todo if results[i] is None]
    return results


# ---------------------------------------------------------------- oracles

def _mp_logpdf(name, p, x):
    """log-density of a family at a point strictly inside its support, in mpmath
    (``mpref``: enough digits for any parameter size); None where the formula does
    not apply (support edges, counts that are not integers)."""
    import mpmath as mp

    mp.mp.dps = 50
    x = mp.mpf(x)
    P = {k: mp.mpf(v) for k, v in p.items()}
    loc, scale = P.get("loc", mp.mpf(0)), P.get("scale", mp.mpf(1))
    z = (x - loc) / scale
    if name in ("lognorm", "expon", "gamma", "weibull_min", "pareto", "rayleigh",
                "chi2", "invgamma", "invgauss", "fisk", "burr12", "nakagami",
                "exponpow") and x - loc <= 0:
        return None
    if name == "lomax" and x - loc < 0:
        return None
    if (name == "pareto" and z <= 1) or (name == "beta" and not 0 < z < 1) or (
            name == "dweibull" and z == 0) or (name == "uniform" and not 0 < z < 1) or (
            name == "powerlaw" and not 0 < z <= 1):
        return None
    if name == "genpareto" and (z < 0 or 1 + P["c"] * z <= 0):      # the ends: scipy's
        return None
    if name == "genextreme" and (1 - P["c"] * z <= 0 or p["c"] * float(z) == 1.0):
        return None
    if name in DISCRETE:
        pr = P.get("p")
        if (x != mp.floor(x) or x < 0 or (name == "poisson" and P["mu"] == 0)
                or (pr is not None and not 0 < pr < 1) or (name == "binom" and x > P["n"])
                or (name == "geom" and x < 1)):
            return None
    return mp_logpdf(name, p, x)


def true_logpdf(name, params, x):
    """(truth, tolerance) of the log-density of ``name`` at each x: mpmath inside the
    support, scipy's value (exact: -inf, 0, NaN) elsewhere.  The tolerance is 64 eps
    times the condition of the value: |logpdf| plus its sensitivity to relative
    perturbations of x and of each parameter (|x d/dx| + sum |theta d/dtheta|), the
    error a correctly rounded input already implies."""
    import mpmath as mp
    import scipy.stats

    x = np.asarray(x, dtype=np.float64).reshape(-1)
    dist = getattr(scipy.stats, name)(**params)
    with np.errstate(all="ignore"):
        logd = dist.logpmf if name in DISCRETE else dist.logpdf
        edge = logd(x)
        if name in ("nbinom", "invgauss"):
            # scipy's nbinom ppf loops without end at some extreme valid parameters, its
            # invgauss ppf aborts the process (a Boost assertion) at some extreme mu: their
            # parameter check instead (the support's ends are NaN for invalid ones)
            valid = not np.isnan(np.asarray(dist.support(), dtype=np.float64)).any()
        else:
            try:
                valid = not np.isnan(logd(dist.ppf(0.5)))
            except (OverflowError, ZeroDivisionError):    # boost overflows at e.g.
                valid = True             # beta(5e-324, 5e-324): valid, extreme parameters
        if valid:
            # scipy gives NaN at x = +-inf for poisson, nbinom, gamma, weibull_min (c > 1)
            # and gumbel_r/gumbel_l (inf - inf inside); the limit, fastmle's documented value
            # (every density vanishes at +-inf), is -inf
            edge = np.where(np.isinf(x), -np.inf, edge)
    truth, tol = np.empty(x.size), np.zeros(x.size)
    for i, xi in enumerate(x.tolist()):
        v = _mp_logpdf(name, params, xi) if np.isfinite(xi) else None
        if v is None:
            truth[i] = edge[i]
            continue
        truth[i] = float(v)
        cond = abs(v)
        for key, val in [("x", xi)] + list(params.items()):
            if val == 0 or (name == "binom" and key == "n"):     # n is an integer
                continue
            h = mp.mpf(val) * mp.mpf("1e-20")
            args = dict(params)
            if key == "x":
                up, dn = _mp_logpdf(name, params, mp.mpf(xi) + h), _mp_logpdf(name, params,
                                                                              mp.mpf(xi) - h)
            else:
                args[key] = mp.mpf(val) + h
                up = _mp_logpdf(name, args, xi)
                args[key] = mp.mpf(val) - h
                dn = _mp_logpdf(name, args, xi)
            if up is not None and dn is not None:
                cond += abs((up - dn) / (2 * h) * val)
        tol[i] = 64 * EPS * float(cond)
    return truth, tol


DISCRETE = ("poisson", "binom", "geom", "nbinom", "categorical")
