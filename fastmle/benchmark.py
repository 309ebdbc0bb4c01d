"""Log-likelihood benchmark cases, a timer, a markdown table and a scaling plot.

Used by ``fastmle bench`` (:mod:`fastmle.cli`) and by the pytest-benchmark
suite in ``benchmarks/``.  Importing this module imports only numpy, scipy and
fastmle; numba, numba-stats, threadpoolctl and matplotlib are imported when a
case or the plot needs them.

A *case* is a family (``norm``, ``gamma``, ``t``) with fixed parameters, a
seeded float64 data generator and a set of *methods*.  A method is a factory
``make(x) -> fn``: it does all the set-up (imports, compilation, buffers) and
returns a zero-argument callable that computes the thing being timed.  A
factory raises :class:`Unavailable` when its method cannot run here (numba
missing, engine not importable, ...); callers skip it.

Methods
-------
``fastmle-cython``, ``fastmle-numba``, ``fastmle-python``
    ``dist.loglik(x, engine=..., n_threads=1)``.
``numpy``
    a hand-written numpy expression of the log-likelihood sum.
``scipy``
    ``scipy.stats.<family>.logpdf(x, ...).sum()``.
``numba-stats``
    ``numba_stats.<family>.logpdf(x, ...).sum()`` (single-threaded).
``np.dot``
    ``np.dot(x, x)``: one read of ``x``, the memory-bandwidth limit.  Timed
    with BLAS limited to one thread when threadpoolctl is installed (see
    :func:`blas_single_thread`).
``np.log``
    ``np.log(|x|, out=buf)``: one vectorised log per element, the
    transcendental-throughput limit (``|x|`` is taken at set-up for families
    with negative support).

All the ``fastmle-*``, ``numpy``, ``scipy`` and ``numba-stats`` callables
return the log-likelihood, so the cases can be checked against each other
(:func:`check`).
"""
import contextlib
import math
import sys
import time
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "CASES", "FAMILIES", "METHODS", "LIMIT_METHODS", "LOGLIK_METHODS", "Case", "Unavailable",
    "blas_single_thread", "check", "data", "fmt_n", "latency", "make", "measure", "plot", "run",
    "rows_from_pytest_benchmark", "table",
]

SEED = 20240611


class Unavailable(Exception):
    """A method cannot run in this environment (raised by a method factory)."""


# ---------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------

@dataclass
class Case:
    """One family: parameters (scipy names), a data generator, hand-written numpy."""

    family: str
    params: dict
    generate: object            # (rng, n) -> float64 array
    numpy_loglik: object        # (x, **params) -> float
    scipy_args: object          # params -> (args, kwargs) for scipy.stats.<family>.logpdf
    numba_stats_args: object    # params -> positional args after x, or None (no such family)
    positive: bool = False      # support is x > 0 (np.log proxy needs no abs)
    methods: dict = field(default_factory=dict)   # name -> make(x), filled below


def _np_norm(x, loc, scale):
    n = x.size
    z = (x - loc) / scale
    return -0.5 * (z * z).sum() - n * (math.log(scale) + 0.5 * math.log(2.0 * math.pi))


def _np_gamma(x, a, scale):
    from scipy.special import gammaln

    n = x.size
    return ((a - 1.0) * np.log(x) - x / scale).sum() - n * (gammaln(a) + a * math.log(scale))


def _np_t(x, df, loc, scale):
    from scipy.special import gammaln

    n = x.size
    z = (x - loc) / scale
    c = gammaln(0.5 * (df + 1.0)) - gammaln(0.5 * df) - 0.5 * math.log(df * math.pi) \
        - math.log(scale)
    return n * c - 0.5 * (df + 1.0) * np.log1p(z * z / df).sum()


CASES = {
    "norm": Case(
        family="norm",
        params=dict(loc=0.5, scale=2.0),
        generate=lambda rng, n: rng.normal(0.5, 2.0, n),
        numpy_loglik=_np_norm,
        scipy_args=lambda p: ((), dict(loc=p["loc"], scale=p["scale"])),
        numba_stats_args=lambda p: (p["loc"], p["scale"]),
    ),
    "gamma": Case(
        family="gamma",
        params=dict(a=2.0, scale=1.5),
        generate=lambda rng, n: rng.gamma(2.0, 1.5, n),
        numpy_loglik=_np_gamma,
        scipy_args=lambda p: ((p["a"],), dict(scale=p["scale"])),
        numba_stats_args=lambda p: (p["a"], 0.0, p["scale"]),
        positive=True,
    ),
    "t": Case(
        family="t",
        params=dict(df=4.5, loc=0.5, scale=1.5),
        generate=lambda rng, n: 0.5 + 1.5 * rng.standard_t(4.5, n),
        numpy_loglik=_np_t,
        scipy_args=lambda p: ((p["df"],), dict(loc=p["loc"], scale=p["scale"])),
        numba_stats_args=lambda p: (p["df"], p["loc"], p["scale"]),
    ),
}
FAMILIES = tuple(CASES)


# --- method factories: make(case, x) -> zero-arg callable --------------------

def _fastmle(engine):
    def make(case, x):
        import fastmle

        dist = getattr(fastmle, case.family)(**case.params)
        try:
            dist.loglik(x[:16], engine=engine, n_threads=1)   # import + compile (numba)
        except (ImportError, AttributeError, NotImplementedError) as exc:
            raise Unavailable(f"engine {engine!r}: {type(exc).__name__}: {exc}") from exc

        def fn():
            return dist.loglik(x, engine=engine, n_threads=1)
        return fn
    return make


def _numpy(case, x):
    f, p = case.numpy_loglik, case.params

    def fn():
        return f(x, **p)
    return fn


def _scipy(case, x):
    import scipy.stats

    logpdf = getattr(scipy.stats, case.family).logpdf
    args, kwargs = case.scipy_args(case.params)

    def fn():
        return logpdf(x, *args, **kwargs).sum()
    return fn


def _numba_stats(case, x):
    import importlib

    try:
        mod = importlib.import_module("numba_stats." + case.family)
    except ImportError as exc:
        raise Unavailable(f"numba-stats: {exc}") from exc
    args = case.numba_stats_args(case.params)
    logpdf = mod.logpdf
    logpdf(x[:16], *args)            # compile (or load the cache) before timing

    def fn():
        return logpdf(x, *args).sum()
    return fn


def _dot(case, x):
    def fn():
        return np.dot(x, x)
    return fn


def _log(case, x):
    src = x if case.positive else np.abs(x)
    buf = np.empty_like(src)

    def fn():
        return np.log(src, out=buf)
    return fn


_FACTORIES = {
    "fastmle-cython": _fastmle("cython"),
    "fastmle-numba": _fastmle("numba"),
    "fastmle-python": _fastmle("python"),
    "numpy": _numpy,
    "scipy": _scipy,
    "numba-stats": _numba_stats,
    "np.dot": _dot,
    "np.log": _log,
}
METHODS = tuple(_FACTORIES)
LOGLIK_METHODS = METHODS[:6]           # these return the log-likelihood
LIMIT_METHODS = ("np.dot", "np.log")   # hardware-limit proxies
PYTHON_METHODS = ("fastmle-python",)   # limited to n <= python_max_n


def _bind(factory, case):
    def make(x):
        return factory(case, x)
    make.__name__ = f"make_{case.family}_{factory.__name__}"
    return make


for _case in CASES.values():
    _case.methods = {name: _bind(f, _case) for name, f in _FACTORIES.items()}
del _case


def make(family, method, x):
    """The timed callable of ``method`` on ``family`` for data ``x``; raises Unavailable."""
    try:
        case = CASES[family]
    except KeyError:
        raise ValueError(f"unknown family {family!r}; choose from {FAMILIES}") from None
    try:
        factory = case.methods[method]
    except KeyError:
        raise ValueError(f"unknown method {method!r}; choose from {METHODS}") from None
    try:
        return factory(x)
    except ImportError as exc:           # an optional package is missing
        raise Unavailable(f"{method}: {type(exc).__name__}: {exc}") from exc


_data_cache = {}


def data(family, n, seed=SEED, cache=True):
    """Seeded float64 data for ``family`` of length ``n`` (the last few arrays are cached)."""
    n = int(n)
    key = (family, n, seed)
    x = _data_cache.get(key)
    if x is None:
        x = np.ascontiguousarray(CASES[family].generate(np.random.default_rng(seed), n),
                                 dtype=np.float64)
        if cache:
            if sum(v.nbytes for v in _data_cache.values()) + x.nbytes > 400e6:
                _data_cache.clear()
            _data_cache[key] = x
    return x


def check(family, n=1000, methods=LOGLIK_METHODS, rtol=1e-9):
    """Run each loglik method once and compare it with scipy; returns ``{method: value}``.

    Unavailable methods are left out.  Raises AssertionError on a mismatch.
    """
    x = data(family, n)
    ref = make(family, "scipy", x)()
    out = {}
    for m in methods:
        try:
            v = float(make(family, m, x)())
        except Unavailable:
            continue
        if not math.isclose(v, ref, rel_tol=rtol, abs_tol=0.0):
            raise AssertionError(f"{family}/{m}: {v!r} != scipy {ref!r}")
        out[m] = v
    return out


@contextlib.contextmanager
def blas_single_thread():
    """Limit BLAS to one thread (for ``np.dot``) if threadpoolctl is installed.

    Yields a note for the output: what was done.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield ("threadpoolctl not installed: np.dot may use several BLAS threads "
               "(pip install threadpoolctl)")
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield "np.dot timed with BLAS limited to 1 thread (threadpoolctl)"


# ---------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------

def _time_loops(fn, number, clock=time.perf_counter):
    t0 = clock()
    for _ in range(number):
        fn()
    return clock() - t0


def measure(fn, min_time=0.2, repeats=(3, 5)):
    """Best-of-repeats seconds per call of ``fn()``.

    After one warm-up call the number of loops is grown (like
    ``timeit.Timer.autorange``) until one repeat takes at least ``min_time``
    seconds; that calibration repeat counts as the first.  More repeats are
    run, between ``repeats[0]`` and ``repeats[1]`` in all (the most that fit
    in about ``5 * min_time`` seconds), and the best repeat is returned,
    divided by the number of loops.
    """
    lo, hi = repeats
    fn()                                        # warm-up (caches, lazy set-up)
    number = 1
    while True:
        t = _time_loops(fn, number)
        if t >= min_time:
            break
        # jump towards the target, at most x10 per step (like autorange's 1, 2, 5, 10 ...)
        grow = min_time / t * 1.2 if t > 0 else 10.0
        number = max(number + 1, int(number * min(10.0, grow)))
    times = [t]
    n_rep = max(lo, min(hi, int(5 * min_time / t)))
    for _ in range(n_rep - 1):
        times.append(_time_loops(fn, number))
    return min(times) / number


# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------

def latency(family, n=10, min_time=0.2, repeats=(3, 5)):
    """Seconds per call of ``dist.loglik(x)`` on the cython engine (one thread) at small n."""
    import fastmle

    dist = getattr(fastmle, family)(**CASES[family].params)
    x = data(family, n)
    with fastmle.engine_context("cython", 1):
        return measure(lambda: dist.loglik(x), min_time=min_time, repeats=repeats)


def run(sizes, families=FAMILIES, methods=METHODS, python_max_n=1e5, quick=False,
        min_time=None, latency_n=10, log=None, skipped=None):
    """Time ``methods`` x ``families`` x ``sizes``; returns a list of row dicts.

    Rows: ``family, method, n, seconds`` (per call, best of repeats),
    ``ns_per_elem`` and ``kind`` (``"loglik"``; ``"latency"`` for the
    small-n ``dist.loglik(x)`` rows, one per family, unless ``latency_n`` is
    None).  ``fastmle-python`` runs only for ``n <= python_max_n``.
    Unavailable methods are skipped and reported through ``log`` (a callable
    taking a message, default stderr) and, if ``skipped`` is a dict, recorded
    in it as ``{(family, method): reason}``; ``quick`` shortens each timing.
    """
    if log is None:
        def log(msg):
            print(msg, file=sys.stderr, flush=True)
    if min_time is None:
        min_time = 0.04 if quick else 0.2
    repeats = (3, 3) if quick else (3, 5)
    sizes = sorted({int(s) for s in sizes})
    for f in families:
        if f not in CASES:
            raise ValueError(f"unknown family {f!r}; choose from {FAMILIES}")
    for m in methods:
        if m not in METHODS:
            raise ValueError(f"unknown method {m!r}; choose from {METHODS}")
    rows = []
    unavailable = {} if skipped is None else skipped   # (family, method) -> reason
    with blas_single_thread() as note:
        if "np.dot" in methods:
            log(note)
        for fam in families:
            for n in sizes:
                x = data(fam, n, cache=False)
                for m in methods:
                    if m in PYTHON_METHODS and n > python_max_n:
                        continue
                    if (fam, m) in unavailable:
                        continue
                    try:
                        fn = make(fam, m, x)
                    except Unavailable as exc:
                        unavailable[fam, m] = str(exc)
                        log(f"skip {fam}/{m}: {exc}")
                        continue
                    sec = measure(fn, min_time=min_time, repeats=repeats)
                    del fn
                    rows.append(dict(family=fam, method=m, n=n, seconds=sec,
                                     ns_per_elem=sec / n * 1e9, kind="loglik"))
                    log(f"{fam:>6} n={fmt_n(n):>4} {m:<15} {sec / n * 1e9:9.3g} ns/elem")
            if latency_n:
                sec = latency(fam, latency_n, min_time=min_time, repeats=repeats)
                rows.append(dict(family=fam, method="fastmle-cython", n=int(latency_n),
                                 seconds=sec, ns_per_elem=sec / latency_n * 1e9,
                                 kind="latency"))
    return rows


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------

def fmt_n(n):
    """``1000 -> "1e3"`` (powers of ten), else ``"%g"``."""
    n = int(n)
    e = int(round(math.log10(n))) if n > 0 else 0
    return f"1e{e}" if 10 ** e == n else f"{n:g}"


def _fmt_num(v):
    if v is None or not math.isfinite(v):
        return "—"
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def _family_key(f):
    return (FAMILIES.index(f) if f in FAMILIES else len(FAMILIES), f)


def _ordered(values, order):
    order = list(order)
    return sorted(set(values), key=lambda v: (order.index(v) if v in order else len(order), v))


def table(rows, refs=("fastmle-python", "scipy")):
    """Markdown: one table row per (family, method), ns per element per n, speed-ups.

    The speed-up columns give ``t_ref / t_method`` (> 1: the method is that
    many times faster than the reference) at the largest n at which both were
    timed; the header names that n.  A latency line for ``dist.loglik(x)`` at
    small n follows when ``rows`` contain ``kind="latency"`` rows.
    """
    main = [r for r in rows if r.get("kind", "loglik") == "loglik"]
    lat = [r for r in rows if r.get("kind") == "latency"]
    families = _ordered([r["family"] for r in main], FAMILIES)
    methods = _ordered([r["method"] for r in main], METHODS)
    sizes = sorted({int(r["n"]) for r in main})
    t = {(r["family"], r["method"], int(r["n"])): r["seconds"] for r in main}

    ref_n = {}   # ref -> the largest n at which ref was timed (any family)
    for ref in refs:
        ns = [n for (f, m, n) in t if m == ref]
        if ns:
            ref_n[ref] = max(ns)
    labels = {"fastmle-python": "python", "scipy": "scipy"}
    head = ["family", "method"] + [f"n={fmt_n(n)}" for n in sizes]
    for ref in refs:
        where = f" @n={fmt_n(ref_n[ref])}" if ref in ref_n else ""
        head.append(f"x vs {labels.get(ref, ref)}{where}")
    lines = ["| " + " | ".join(head) + " |",
             "|" + "|".join(["---"] * 2 + ["---:"] * (len(head) - 2)) + "|"]
    for fam in families:
        for m in methods:
            cells = [t.get((fam, m, n)) for n in sizes]
            if all(c is None for c in cells):
                continue
            row = [fam, m] + [_fmt_num(c / n * 1e9) if c is not None else "—"
                              for c, n in zip(cells, sizes)]
            for ref in refs:
                n = ref_n.get(ref)
                a, b = t.get((fam, ref, n)), t.get((fam, m, n))
                row.append(_fmt_num(a / b) if a is not None and b else "—")
            lines.append("| " + " | ".join(row) + " |")
    out = ["Log-likelihood sum, ns per element (best of repeats, 1 thread; lower is better). "
           "'x vs R' = time(R) / time(method) at the n shown: > 1 means the method is "
           "that many times faster than R.",
           "",
           *lines]
    if lat:
        parts = ", ".join(f"{r['family']} {r['seconds'] * 1e6:.2f} µs"
                          for r in sorted(lat, key=lambda r: _family_key(r["family"])))
        n_lat = sorted({int(r["n"]) for r in lat})
        out += ["", f"Small-n latency, dist.loglik(x) per call at n={','.join(map(str, n_lat))} "
                    f"(cython engine, 1 thread): {parts}"]
    return "\n".join(out)


def _slope(ns, ts, n_min=1e4):
    pts = [(math.log(n), math.log(s)) for n, s in zip(ns, ts) if n >= n_min and s > 0]
    if len(pts) < 2:
        return None
    x, y = np.array(pts).T
    return float(np.polyfit(x, y, 1)[0])


# dashed in the plots: what the hardware allows (loglik) and what the algorithm must
# at least do (distances: the sorts, one log or one sum per element)
PLOT_LIMITS = LIMIT_METHODS + ("np.sort x2", "np.sum")
PLOT_TITLES = {"loglik": "log-likelihood sum", "distance": "distances"}


def plot(rows, path, n_fit_min=1e4, kind="loglik"):
    """Log-log plot of seconds per call vs n, one panel per quantity (a family for
    ``kind="loglik"``; a distance for ``kind="distance"``), saved to ``path`` (PNG).

    Each method's legend entry carries the slope of a least-squares fit of
    log t on log n over ``n >= n_fit_min`` (1 = linear scaling).  Quantities
    measured at a single n are left out.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    main = [r for r in rows if r.get("kind", "loglik") == kind]
    order = FAMILIES if kind == "loglik" else tuple(dict.fromkeys(r["family"] for r in main))
    panels = [f for f in _ordered([r["family"] for r in main], order)
              if len({r["n"] for r in main if r["family"] == f}) > 1]
    methods = _ordered([r["method"] for r in main], METHODS)
    if not panels:
        raise ValueError(f"no {kind} rows over several n to plot")
    ncol = min(len(panels), 4)
    nrow = -(-len(panels) // ncol)
    fig, axes = plt.subplots(nrow, ncol, figsize=(5.2 * ncol, 4.6 * nrow), squeeze=False)
    styles = {m: dict(color=f"C{i % 10}", marker="os^vD<>p*h"[i % 10],
                      linestyle="--" if m in PLOT_LIMITS else "-")
              for i, m in enumerate(methods)}
    for ax, panel in zip(axes.flat, panels):
        for m in methods:
            pts = sorted((int(r["n"]), r["seconds"]) for r in main
                         if r["family"] == panel and r["method"] == m)
            if not pts:
                continue
            ns, ts = zip(*pts)
            s = _slope(ns, ts, n_fit_min)
            label = f"{m} (slope {s:.2f})" if s is not None else m
            ax.loglog(ns, ts, label=label, markersize=4, **styles[m])
        ax.set_title(panel)
        ax.set_xlabel("n (elements)")
        ax.set_ylabel("seconds per call (best of repeats)")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7, loc="upper left")
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    fig.suptitle(f"{PLOT_TITLES.get(kind, kind)}, 1 thread; slope = fit of log t vs log n, "
                 f"n >= {fmt_n(n_fit_min)}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def rows_from_pytest_benchmark(report, stat="min"):
    """Rows (as :func:`run` returns) from a pytest-benchmark JSON report (a dict).

    Benchmarks without ``extra_info`` family/method/n are ignored; ``stat``
    picks the per-call statistic (``min`` matches :func:`measure`'s best-of);
    the other ``extra_info`` entries are kept in the row.
    """
    rows = []
    for b in report.get("benchmarks", []):
        info = b.get("extra_info") or {}
        if not {"family", "method", "n"} <= info.keys():
            continue
        # "extrapolate": a timed subset stands for the whole (batch scipy loops)
        sec = float(b["stats"][stat]) * float(info.get("extrapolate", 1.0))
        n = int(info["n"])
        rows.append({**info, "n": n, "seconds": sec, "ns_per_elem": sec / n * 1e9,
                     "kind": info.get("kind", "loglik")})
    return rows
