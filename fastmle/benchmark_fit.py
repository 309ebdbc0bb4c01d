"""Fitting benchmark cases: single fits against scipy and pure Python, batch fits
against a loop over scipy fits; a markdown table of the results.

Used by ``benchmarks/test_fit.py`` (pytest-benchmark) and ``benchmarks/report.py``.
A method factory ``make(family, method, x)`` returns a zero-argument callable
that fits ``x``; ``batch_data`` / ``make_batch`` do the same for many groups.
Importing this module imports numpy only.
"""
import math

import numpy as np

SEED = 20261125
# family -> (data generator (rng, n) -> x, scipy fit keywords)
FIT_CASES = {
    "norm": (lambda rng, n: rng.normal(1.0, 2.0, n), {}),
    "gamma": (lambda rng, n: rng.gamma(2.5, 1.3, n), dict(floc=0)),
    "weibull_min": (lambda rng, n: 2.0 * rng.weibull(1.7, n), dict(floc=0)),
    "t": (lambda rng, n: 0.5 + 1.5 * rng.standard_t(4.5, n), {}),
    "beta": (lambda rng, n: rng.beta(2.0, 3.5, n), dict(floc=0, fscale=1)),
    "lognorm": (lambda rng, n: np.exp(rng.normal(0.3, 0.7, n)), dict(floc=0)),
    "nbinom": (lambda rng, n: rng.negative_binomial(3.5, 0.4, n).astype(np.float64), None),
}
# the families added with the distribution methods: seeded scipy draws (scipy's fit with
# the same fixed parameters: loc of positive families, powerlaw's loc and scale)
NEW_FAMILIES = {
    "halfnorm": (dict(scale=2.0), dict(floc=0)), "rayleigh": (dict(scale=2.0), dict(floc=0)),
    "chi2": (dict(df=5.5, scale=1.3), dict(floc=0)), "invgamma": (dict(a=3.5), dict(floc=0)),
    "invgauss": (dict(mu=0.8, scale=1.5), dict(floc=0)), "lomax": (dict(c=2.5), dict(floc=0)),
    "fisk": (dict(c=3.1, scale=2.0), dict(floc=0)),
    "burr12": (dict(c=3.0, d=1.5, scale=2.0), dict(floc=0)),
    "nakagami": (dict(nu=2.0, scale=1.5), dict(floc=0)),
    "exponpow": (dict(b=2.7, scale=2.0), dict(floc=0)),
    "powerlaw": (dict(a=1.7), dict(floc=0, fscale=1)), "uniform": (dict(loc=1.0, scale=2.0), {}),
    "gumbel_l": (dict(loc=1.0, scale=2.0), {}), "loggamma": (dict(c=2.5, scale=1.5), {}),
    "dweibull": (dict(c=2.5, loc=1.0, scale=2.0), {}),
    "genpareto": (dict(c=0.2, scale=2.0), dict(floc=0)),
    "genextreme": (dict(c=-0.1, loc=1.0, scale=2.0), {}),
}


def _scipy_draws(name, params):
    def draw(rng, n):
        import scipy.stats

        return getattr(scipy.stats, name)(**params).rvs(size=n, random_state=rng)
    return draw


FIT_CASES.update({name: (_scipy_draws(name, p), kw) for name, (p, kw) in NEW_FAMILIES.items()})

# three-parameter fits, loc estimated ("<family>+loc": fastmle's free=("loc",), scipy's
# default fit)
FIT_CASES.update({
    "weibull_min+loc": (lambda rng, n: 3.0 + 2.0 * rng.weibull(2.5, n), {}),
    "lognorm+loc": (lambda rng, n: np.exp(rng.normal(0.3, 0.5, n)) - 2.0, {}),
    "gamma+loc": (lambda rng, n: 1.0 + rng.gamma(3.0, 2.0, n), {}),
})
FIT_FAMILIES = tuple(FIT_CASES)
FIT_METHODS = ("fastmle", "scipy", "python")
BATCH_FAMILIES = ("gamma", "weibull_min")


def fit_data(family, n, seed=SEED):
    """Seeded data of ``family`` (float64, length n)."""
    return np.ascontiguousarray(FIT_CASES[family][0](np.random.default_rng(seed), int(n)))


def _python_norm(x):
    n = len(x)
    m = math.fsum(x) / n
    return m, math.sqrt(math.fsum((v - m) ** 2 for v in x) / n)


def _python_lognorm(x):
    return _python_norm([math.log(v) for v in x])


PYTHON_FITS = {"norm": _python_norm, "lognorm": _python_lognorm}


def make(family, method, x):
    """Zero-argument callable fitting ``x``; None when the method lacks the family
    (scipy has no nbinom fit; the pure-Python baseline covers the closed forms)."""
    name, free = (family[:-4], ("loc",)) if family.endswith("+loc") else (family, None)
    if method == "fastmle":
        import fastmle

        return lambda: fastmle.fit(x, name, free=free)
    if method == "scipy":
        kw = FIT_CASES[family][1]
        if kw is None:
            return None
        import scipy.stats

        f = getattr(scipy.stats, name).fit
        return lambda: f(x, **kw)
    if method == "python":
        f = PYTHON_FITS.get(family)
        if f is None:
            return None
        xs = x.tolist()
        return lambda: f(xs)
    raise ValueError(f"unknown fit method {method!r}; choose from {FIT_METHODS}")


def batch_data(family, groups, size, seed=SEED):
    """Rectangular data: ``groups`` rows of ``size`` values of ``family``."""
    return fit_data(family, groups * size, seed).reshape(groups, size)


def make_batch(family, method, x2d, n_threads=1, subset=200):
    """Callable fitting every row of ``x2d``.  ``"scipy-loop"`` fits only the first
    ``subset`` rows (a Python loop over scipy fits): multiply its time by
    ``len(x2d) / subset`` to extrapolate, as the report does."""
    if method == "fastmle":
        import fastmle

        return lambda: fastmle.fit(x2d, family, axis=1, n_threads=n_threads)
    if method == "scipy-loop":
        import scipy.stats

        f = getattr(scipy.stats, family).fit
        kw = FIT_CASES[family][1]
        rows = x2d[:subset]
        return lambda: [f(r, **kw) for r in rows]
    raise ValueError(f"unknown batch method {method!r}")


def fit_table(rows):
    """Markdown tables of fit rows (``kind`` "fit" or "batch"): ms per call and the
    speed-up over scipy at each n."""
    out = []
    single = [r for r in rows if r.get("kind") == "fit"]
    if single:
        sizes = sorted({int(r["n"]) for r in single})
        t = {(r["family"], r["method"], int(r["n"])): r["seconds"] for r in single}
        head = ["family", "method"] + [f"n={_fmt_n(n)} (ms)" for n in sizes] + \
            [f"x vs scipy @n={_fmt_n(n)}" for n in sizes]
        out += ["Single fits, ms per fit (best of rounds, 1 thread); 'x vs scipy' = "
                "time(scipy) / time(method).", "",
                "| " + " | ".join(head) + " |",
                "|" + "|".join(["---"] * 2 + ["---:"] * (len(head) - 2)) + "|"]
        fams = [f for f in FIT_FAMILIES if any(r["family"] == f for r in single)]
        for fam in fams:
            for m in FIT_METHODS:
                cells = [t.get((fam, m, n)) for n in sizes]
                if all(c is None for c in cells):
                    continue
                ratios = [t.get((fam, "scipy", n)) for n in sizes]
                out.append("| " + " | ".join(
                    [fam, m] + [_num(c * 1e3) for c in cells]
                    + [_num(s / c) if (s and c) else "—" for s, c in zip(ratios, cells)])
                    + " |")
    batch = [r for r in rows if r.get("kind") == "batch"]
    if batch:
        out += ["", "Batch fits, seconds for all groups (scipy-loop: a timed subset "
                "extrapolated to all groups).", "",
                "| family | groups x size | method | threads | seconds | x vs scipy-loop |",
                "|---|---|---|---:|---:|---:|"]
        ref = {(r["family"], r["n"]): r["seconds"] for r in batch
               if r["method"].startswith("scipy-loop")}
        for r in batch:
            s = ref.get((r["family"], r["n"]))
            out.append(f"| {r['family']} | {r['groups']} x {r['n'] // r['groups']} | "
                       f"{r['method']} | {r.get('threads', 1)} | {r['seconds']:.4g} | "
                       f"{_num(s / r['seconds']) if s else '—'} |")
    return "\n".join(out)


def distance_table(rows):
    """Markdown table of distance rows (``kind`` "distance"): ms per call per n and
    the speed-up of fastmle over each other method at the largest n."""
    rows = [r for r in rows if r.get("kind") == "distance"]
    if not rows:
        return ""
    sizes = sorted({int(r["n"]) for r in rows})
    t = {(r["family"], r["method"], int(r["n"])): r["seconds"] for r in rows}
    head = ["quantity", "method"] + [f"n={_fmt_n(n)} (ms)" for n in sizes] + \
        ["fastmle is x faster @ largest n"]
    out = ["Distances and losses, ms per call (best of rounds, 1 thread).", "",
           "| " + " | ".join(head) + " |",
           "|" + "|".join(["---"] * 2 + ["---:"] * (len(head) - 2)) + "|"]
    for fam in dict.fromkeys(r["family"] for r in rows):
        methods = list(dict.fromkeys(r["method"] for r in rows if r["family"] == fam))
        nmax = max(n for (f, m, n) in t if f == fam)
        own = t.get((fam, "fastmle", nmax))
        for m in methods:
            cells = [t.get((fam, m, n)) for n in sizes]
            ref = t.get((fam, m, nmax))
            ratio = _num(ref / own) if (own and ref and m != "fastmle") else "—"
            out.append("| " + " | ".join([fam, m] + [_num(c * 1e3) if c else "—"
                                                      for c in cells] + [ratio]) + " |")
    return "\n".join(out)


def _fmt_n(n):
    e = int(round(math.log10(n)))
    return f"1e{e}" if 10 ** e == n else str(n)


def _num(v):
    if v is None or not math.isfinite(v):
        return "—"
    return f"{v:.0f}" if v >= 100 else (f"{v:.1f}" if v >= 10 else f"{v:.2f}")
