"""Seeded fuzz suite over the public API, on every engine (issue 8).

Every case is a one-line expression over ``np`` and ``fastmle``; a failure prints
it, so ``python -c "import numpy as np, fastmle; print(<line>)"`` reproduces it.
Checked on "cython", "numba" and "python": only documented errors (ValueError or
TypeError whose message is fastmle's own, a ConvergenceWarning for a fit that
stops early; no other warning), no modified input, values that match an oracle
(mpmath or scipy, within 64 eps times the condition of the value), engines that
agree, results of 1 and 2 threads that are bit-identical.  Cases that may kill
the process (huge thread counts, huge label ranges, extreme iteration limits)
run in a child process under a 4 GB address-space limit and a timeout.

Profiles (registered in conftest.py; hypothesis is derandomised, so runs repeat):

- default: ``python -m pytest tests/test_fuzz.py`` (about 1-2 minutes on 2 cores);
- deep: ``FASTMLE_FUZZ=deep python -m pytest tests/test_fuzz.py`` (25x more examples);
- ``FASTMLE_FUZZ_SEED=<int>`` draws another seeded set of examples;
- ``FASTMLE_FUZZ_COLLECT=<file>`` appends every failing reproducer to the file and
  keeps going, instead of stopping at the first (a campaign that lists all bugs).
"""
import math
import os

import mpmath
import numpy as np
import pytest
import scipy.special
import scipy.stats
from conftest import ENGINES, HAS_NUMBA
from fuzz_support import (DBL_MAX, DISCRETE, NS, Expr, array, bad_error, call, differences,
                          num, one_line, outcome, run_isolated, stray_warnings, true_logpdf)
from hypothesis import given, seed, settings
from hypothesis import strategies as st

import fastmle

FUZZ = settings.get_profile("fuzz-deep" if os.environ.get("FASTMLE_FUZZ") == "deep" else "fuzz")
SEED = int(os.environ.get("FASTMLE_FUZZ_SEED", "8"))
COLLECT = os.environ.get("FASTMLE_FUZZ_COLLECT")
THREADED = ["cython"] + (["numba"] if HAS_NUMBA else [])
FAMILIES = list(fastmle.FAMILIES)
NAN, INF = math.nan, math.inf


def fuzz(weight=1.0):
    """The profile's settings, ``weight`` times its examples (fits are slower), and the seed."""
    def wrap(test):
        n = max(1, int(FUZZ.max_examples * weight))
        return seed(SEED)(settings(FUZZ, max_examples=n)(test))
    return wrap


def report(problems):
    """Fail with one reproducer per line (or append them to FASTMLE_FUZZ_COLLECT)."""
    if not problems:
        return
    lines = list(dict.fromkeys(f"{expr}   # {one_line(why)}" for expr, why in problems))
    if COLLECT:
        with open(COLLECT, "a") as f:
            f.write("\n".join(lines) + "\n")
        return
    raise AssertionError("\n" + "\n".join(lines))


def run_everywhere(build, rtol, oracle=None, threads=True, allowed=(ValueError, TypeError),
                   atol=0.0):
    """Evaluate ``build(engine, n_threads)`` (an expression) on every engine; the problems:
    undocumented errors, stray warnings, modified inputs, oracle mismatches, engines
    that disagree (beyond ``rtol`` and ``atol``), thread counts that change the result."""
    problems, outs = [], {}
    for eng in ENGINES:
        o = outs[eng] = outcome(build(eng, None))
        why = bad_error(o, allowed)
        if why:
            problems.append((o.expr, why))
        if o.modified:
            problems.append((o.expr, "an input array was modified"))
        stray = stray_warnings(o)
        if stray:
            problems.append((o.expr, f"warns {stray[0]}"))
        if oracle is not None and o.error is None:
            problems += [(o.expr, why) for why in oracle(o.value)]
    ref = outs["cython"]
    for eng in ENGINES:
        o = outs[eng]
        if eng == "cython":
            continue
        if o.kind != ref.kind:
            problems.append((o.expr, f"gives {o!r:.200} but cython gives {ref!r:.200}"))
        elif o.error is None:
            d = differences(o.value, ref.value, rtol, atol)
            if d:
                problems.append((o.expr, f"differs from cython: {d[0]}"))
    if threads:
        for eng in THREADED:
            if outs[eng].error is None:
                o2 = outcome(build(eng, 2))
                d = ([f"{o2!r:.200}"] if o2.error is not None
                     else differences(o2.value, outs[eng].value, 0, exact=True))
                if d:
                    problems.append((o2.expr, f"2 threads differ from 1: {d[0]}"))
    return problems


def engine_kw(engine, n_threads):
    return dict(engine=engine) if n_threads is None else dict(engine=engine, n_threads=n_threads)


# ---------------------------------------------------------------- strategies

SPECIAL = [0.0, -0.0, 5e-324, 2.2250738585072014e-308, 1e-300, 1e-10, 0.5, 1.0, 2.0, 3.0, 7.0,
           1e10, 1e155, 1e300, 1e308, DBL_MAX, NAN, INF]
specials = st.sampled_from(SPECIAL + [-v for v in SPECIAL if v and v == v])
reals = st.one_of(specials, st.floats(-1e3, 1e3), st.integers(0, 40).map(float))
INT_DTYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
LAYOUTS = ["contiguous"] * 6 + ["strided", "readonly", "2d"]


@st.composite
def data(draw, values=reals, max_size=10, odd_dtypes=True, layouts=LAYOUTS):
    """Source of a data array: mostly float64, any dtype, layout and size (0 included)."""
    dtypes = ["float64"] * 8 + ["float32", "float32", "float16"]
    if odd_dtypes:
        dtypes += INT_DTYPES + ["bool", "complex128", "object", "str"]
    dtype = draw(st.sampled_from(dtypes))
    size = st.integers(0, max_size)
    if dtype in INT_DTYPES:
        info = np.iinfo(dtype)
        vals = draw(st.lists(st.one_of(st.integers(0, 20), st.sampled_from([int(info.min),
                                                                            int(info.max)])),
                             max_size=max_size))
    elif dtype == "bool":
        vals = draw(st.lists(st.booleans(), max_size=max_size))
    elif dtype == "str":
        vals = draw(st.lists(st.sampled_from(["1.5", "a", ""]), max_size=max_size))
    elif dtype == "complex128":
        vals = [complex(v, draw(st.sampled_from([0.0, 1.0]))) for v in
                draw(st.lists(values, max_size=max_size))]
    else:
        vals = draw(st.lists(values, min_size=draw(size), max_size=max_size))
    return array(vals, dtype, draw(st.sampled_from(layouts)))


def sample_expr(family, seed_, n, params):
    """Source of a seeded sample of n values of ``family`` (numpy generators, else the
    family's rvs), an expression that ``.reshape`` or a slice may follow."""
    g = f"np.random.default_rng({seed_})"
    p = params
    if family in ("norm", "laplace", "logistic", "gumbel_r", "cauchy", "t"):
        gen = {"norm": "normal", "laplace": "laplace", "logistic": "logistic",
               "gumbel_r": "gumbel"}.get(family)
        if family == "cauchy":
            return f"{p['loc']!r} + {p['scale']!r} * {g}.standard_cauchy({n})"
        if family == "t":
            return f"{p['loc']!r} + {p['scale']!r} * {g}.standard_t({p['df']!r}, {n})"
        return f"{g}.{gen}({p['loc']!r}, {p['scale']!r}, {n})"
    if family == "gumbel_l":
        return f"-{g}.gumbel({-p['loc']!r}, {p['scale']!r}, {n})"
    if family == "uniform":
        return f"{p['loc']!r} + {p['scale']!r} * {g}.random({n})"
    if family == "dweibull":
        return (f"(lambda r: {p['loc']!r} + {p['scale']!r} * np.where(r.uniform(size={n}) >= 0.5, "
                f"1.0, -1.0) * r.weibull({p['c']!r}, {n}))({g})")
    if family == "loggamma":      # scipy's draws: log Gamma(c + 1) + log(U) / c
        return (f"(lambda r: {p['loc']!r} + {p['scale']!r} * (np.log(r.gamma({p['c']!r} + 1.0, "
                f"1.0, {n})) + np.log(r.uniform(size={n})) / {p['c']!r}))({g})")
    if family == "lognorm":
        return f"{p['scale']!r} * np.exp({p['s']!r} * {g}.standard_normal({n}))"
    if family == "expon":
        return f"{g}.exponential({p['scale']!r}, {n})"
    if family == "gamma":
        return f"{g}.gamma({p['a']!r}, {p['scale']!r}, {n})"
    if family == "weibull_min":
        return f"{p['scale']!r} * {g}.weibull({p['c']!r}, {n})"
    if family == "beta":
        return f"{g}.beta({p['a']!r}, {p['b']!r}, {n})"
    if family == "pareto":
        return f"{p['scale']!r} * (1 + {g}.pareto({p['b']!r}, {n}))"
    if family == "lomax":
        return f"{p['scale']!r} * {g}.pareto({p['c']!r}, {n})"
    if family == "invgauss":
        return f"{p['scale']!r} * {g}.wald({p['mu']!r}, 1.0, {n})"
    if family == "invgamma":
        return f"{p['scale']!r} / {g}.gamma({p['a']!r}, 1.0, {n})"
    if family == "chi2":
        return f"{p['scale']!r} * {g}.chisquare({p['df']!r}, {n})"
    if family == "rayleigh":
        return f"{p['scale']!r} * np.sqrt(2.0 * {g}.standard_exponential({n}))"
    if family == "fisk":
        return f"{p['scale']!r} * np.exp({g}.logistic(0.0, 1 / {p['c']!r}, {n}))"
    if family == "burr12":
        return (f"({p['scale']!r} * np.expm1(-np.log({g}.random({n})) / {p['d']!r})"
                f" ** (1 / {p['c']!r}))")
    if family == "nakagami":
        return f"{p['scale']!r} * np.sqrt({g}.gamma({p['nu']!r}, 1 / {p['nu']!r}, {n}))"
    if family == "exponpow":
        return (f"({p['scale']!r} * np.log1p({g}.exponential(1.0, {n})) "
                f"** (1 / {p['b']!r}))")
    if family == "powerlaw":
        return f"{p['loc']!r} + {p['scale']!r} * {g}.power({p['a']!r}, {n})"
    if family == "genextreme":      # by inversion: loc + scale (1 - (-log u)^c) / c
        if p["c"] == 0:
            return f"{g}.gumbel({p['loc']!r}, {p['scale']!r}, {n})"
        return (f"({p['loc']!r} + {p['scale']!r} * -np.expm1({p['c']!r} * "
                f"np.log(-np.log({g}.random({n})))) / {p['c']!r})")
    if family == "genpareto":       # by inversion: scale (u^-c - 1) / c
        if p["c"] == 0:
            return f"{g}.exponential({p['scale']!r}, {n})"
        return f"({p['scale']!r} * np.expm1(-{p['c']!r} * np.log({g}.random({n}))) / {p['c']!r})"
    if family == "poisson":
        return f"{g}.poisson({p['mu']!r}, {n}).astype(float)"
    if family == "binom":
        return f"{g}.binomial({int(p['n'])}, {p['p']!r}, {n}).astype(float)"
    if family == "geom":
        return f"{g}.geometric({p['p']!r}, {n}).astype(float)"
    if family == "nbinom":
        return f"{g}.negative_binomial({p['n']!r}, {p['p']!r}, {n}).astype(float)"
    if family == "categorical":
        return f"{g}.integers(0, {len(p['p'])}, {n}).astype(float)"
    # any other family: its own draws (scipy's, by the family's numpy method or inversion)
    return f"fastmle.{family}(**{p!r}).rvs({n}, random_state={g}).astype(float)"


BOUNDARY = {"positive": [5e-324, 1e-300, 1e-10, 1e10, 1e300, DBL_MAX, 0.0, -1.0, INF, NAN],
            "finite": [0.0, -0.0, 1e-300, -1e300, 1e308, -DBL_MAX, INF, NAN],
            "probability": [0.0, 1e-10, 1 - 1e-10, 1.0, 1.5, -0.1, NAN],
            "probability_pos": [0.0, 1e-10, 1 - 1e-10, 1.0, 1.5, -0.1, NAN],
            "nonnegative": [0.0, 1e-300, 1e300, -1.0, INF, NAN],
            "count": [0.0, 1.0, 1e6, 2.5, -1.0, INF]}
ORDINARY = {"positive": st.floats(0.3, 20), "finite": st.floats(-5, 5),
            "probability": st.floats(0.02, 0.98), "probability_pos": st.floats(0.02, 0.98),
            "nonnegative": st.floats(0.1, 30),
            "count": st.integers(1, 30).map(float)}


@st.composite
def params(draw, family, boundary=True):
    """Parameters of ``family`` by scipy name: ordinary values, some at or past the edge
    of their range when ``boundary``."""
    fam = fastmle.get_family(family)
    if family == "categorical":
        k = draw(st.integers(1, 5))
        if boundary and draw(st.integers(0, 5)) == 0:
            return {"p": draw(st.sampled_from([[1.0], [0.0, 1.0], [0.5, 0.5], [NAN, 1.0],
                                               [0.6, 0.6], [-0.5, 1.5]]))}
        w = np.random.default_rng(draw(st.integers(0, 999))).dirichlet(np.ones(k))
        return {"p": w.tolist()}
    out = {}
    for name in fam.scipy_args:
        rule = fam.constraints.get(name, "finite")
        if name == "loc" and family not in ("norm", "t", "laplace", "logistic", "cauchy",
                                            "gumbel_r", "gumbel_l", "loggamma",
                                            "dweibull", "uniform", "genextreme"):
            val = draw(st.sampled_from([0.0, 0.0, 0.0, -1.5, 2.0] +
                                       ([1e300, NAN] if boundary else [])))
        elif boundary and draw(st.integers(0, 3)) == 0:
            val = draw(st.sampled_from(BOUNDARY[rule]))
        else:
            val = draw(ORDINARY[rule])
        out[name] = val
    return out


def frozen_src(family, p):
    return call(f"fastmle.{family}", **p)


weights_kinds = st.sampled_from(["none"] * 5 + ["ones", "random", "negative", "nan", "inf",
                                                "zeros", "short", "int"])


def weights_src(kind, n, seed_):
    if kind == "none":
        return None
    if kind == "short":
        return Expr(f"np.ones({max(n - 1, 0)})")
    if kind == "int":
        return Expr(f"np.arange({n}) % 3")
    w = {"ones": f"np.ones({n})", "random": f"np.random.default_rng({seed_}).uniform(0, 2, {n})",
         "zeros": f"np.zeros({n})"}.get(kind)
    if w is None:
        bad = {"negative": "-1.0", "nan": "np.nan", "inf": "np.inf"}[kind]
        w = f"np.r_[np.ones({max(n - 1, 0)}), {bad}]"
    return Expr(w)


def data_size(expr):
    try:
        return int(np.size(eval(expr, NS)))
    except Exception:       # noqa: BLE001 - an expression that numpy itself refuses
        return 0


# ---------------------------------------------------------------- frozen distributions


def logdensity_oracle(family, p, x_expr):
    """Checks of a log-density result against mpmath/scipy, and of its dtype."""
    x = np.asarray(eval(x_expr, NS))

    def check(value):
        value = np.asarray(value)
        if x.dtype.kind == "f" and value.dtype != x.dtype:
            return [f"dtype {value.dtype} for {x.dtype} input (README: the input's dtype)"]
        if family == "categorical" or x.dtype.kind not in "biuf" or value.shape != x.shape:
            return [] if value.shape == x.shape else [f"shape {value.shape} != {x.shape}"]
        xs = x.astype(np.float64).reshape(-1)
        truth, tol = true_logpdf(family, p, xs)
        got = value.astype(np.float64).reshape(-1)
        if value.dtype != np.float64:      # rounded to the output dtype
            tol = tol + np.abs(truth) * np.finfo(value.dtype).eps
            with np.errstate(over="ignore"):
                truth = truth.astype(value.dtype).astype(np.float64)
        for i in range(xs.size):
            t, g = truth[i], got[i]
            ok = (g == t) if not np.isfinite(t) else abs(g - t) <= tol[i]
            if not ok and not (np.isnan(t) and np.isnan(g)):
                return [f"at x = {xs[i]!r}: {g!r}, truth {t!r} (tolerance {tol[i]:.2g})"]
        return []
    return check


@fuzz()
@given(st.data())
def test_fuzz_logdensity(draw):
    """logpdf/logpmf of every family, odd inputs and parameters, against mpmath."""
    family = draw.draw(st.sampled_from(FAMILIES))
    p = draw.draw(params(family))
    x = draw.draw(data(values=st.one_of(reals, st.integers(0, 30).map(float))))
    method = "logpmf" if family in DISCRETE else "logpdf"
    dist = frozen_src(family, p)
    oracle = None if outcome(dist).error is not None else logdensity_oracle(family, p, x)
    report(run_everywhere(lambda e, nt: call(f"{dist}.{method}", x, **engine_kw(e, nt)),
                          rtol=1e-12, oracle=oracle))


@fuzz()
@given(st.data())
def test_fuzz_loglik_derivs(draw):
    """loglik, loglik_derivs, score, hessian and suffstats with weights and NaN
    policies; loglik against math.fsum of the mpmath log-densities, suffstats against
    loglik."""
    family = draw.draw(st.sampled_from(FAMILIES))
    p = draw.draw(params(family))
    method = draw.draw(st.sampled_from(["loglik", "loglik", "loglik_derivs", "score", "hessian",
                                        "suffstats", "suffstats"]))
    if method == "suffstats" and fastmle.get_family(family).stats_class is None \
            and family != "categorical":
        method = "loglik"
    s = draw.draw(st.integers(0, 99))
    if draw.draw(st.booleans()) and outcome(frozen_src(family, p)).error is None:
        n = draw.draw(st.sampled_from([1, 2, 7, 40]))
        inject = draw.draw(st.sampled_from(["", "", "np.nan", "np.inf", "0.0", "1e308", "-1.0"]))
        x = Expr(sample_expr(family, s, n, p) if not inject
                 else f"np.r_[{sample_expr(family, s, n, p)}, {inject}]")
    else:
        x = draw.draw(data())
    kw = {}
    wk = draw.draw(weights_kinds)
    w = weights_src(wk, data_size(x), s)
    if w is not None:
        kw["weights"] = w
    policy = draw.draw(st.sampled_from(["propagate"] * 3 + ["omit", "raise", "bogus"]))
    if policy != "propagate":
        kw["nan_policy"] = policy
    dist = frozen_src(family, p)
    oracle = None
    if method == "loglik" and family != "categorical" and outcome(dist).error is None \
            and policy == "propagate" and wk in ("none", "ones"):
        oracle = loglik_oracle(family, p, x)
    report(run_everywhere(lambda e, nt: call(f"{dist}.{method}", x, **kw, **engine_kw(e, nt)),
                          rtol=1e-11, oracle=oracle))
    if method == "suffstats":
        report(suffstats_consistency(dist, x, kw))


def loglik_oracle(family, p, x_expr):
    x = np.asarray(eval(x_expr, NS))
    if x.dtype.kind not in "biuf" or x.ndim != 1 or x.size == 0:
        return None
    truth, tol = true_logpdf(family, p, x.astype(np.float64))
    if np.isnan(truth).any():
        exp_ = NAN
    elif np.isneginf(truth).any():
        exp_ = -INF
    else:
        exp_ = math.fsum(truth)
    bound = math.fsum(tol) + 64 * 2.2e-16 * math.fsum(np.abs(truth)) if np.isfinite(exp_) else 0

    def check(value):
        if (value == exp_) or (np.isnan(exp_) and np.isnan(value)) or abs(value - exp_) <= bound:
            return []
        return [f"loglik {value!r}, truth {exp_!r} (tolerance {bound:.2g})"]
    return check


def suffstats_consistency(dist, x, kw):
    """suffstats(x).loglik() and .score() agree with loglik(x) and score(x)."""
    problems = []
    for eng in ENGINES:
        a = outcome(call(f"{dist}.suffstats", x, **kw, engine=eng))
        if a.error is not None:
            continue
        expr = call(f"{dist}.suffstats", x, **kw, engine=eng) + ".loglik()"
        via_stats = outcome(expr)
        direct = outcome(call(f"{dist}.loglik", x, **kw, engine=eng))
        if via_stats.error is not None or direct.error is not None:
            if via_stats.kind != direct.kind:
                problems.append((expr, f"{via_stats!r} but loglik gives {direct!r}"))
            continue
        u, v = via_stats.value, direct.value
        if not (u == v or (np.isnan(u) and np.isnan(v))
                or abs(u - v) <= 1e-9 * (1 + abs(v))):
            problems.append((expr, f"{u!r} but loglik gives {v!r}"))
    return problems


@fuzz(1.0)
@given(st.data())
def test_fuzz_constructors(draw):
    """Freezing any parameter values: a value or a ValueError/TypeError naming it."""
    family = draw.draw(st.sampled_from(FAMILIES))
    p = draw.draw(params(family))
    if draw.draw(st.integers(0, 4)) == 0:
        key = draw.draw(st.sampled_from(list(p)))
        p[key] = draw.draw(st.sampled_from([Expr("'1.0'"), Expr("None"), Expr("[1.0, 2.0]"),
                                            Expr("np.float32(2.0)"), Expr("True"),
                                            Expr("complex(1, 1)"), Expr("np.array(2.0)")]))
    o = outcome(frozen_src(family, p))
    report([(o.expr, why) for why in [bad_error(o)] if why])


# ---------------------------------------------------------------- fits


def fit_consistency(family, x, kw):
    """A fit's loglik is the log-likelihood of its own parameters."""
    def check(res):
        if not isinstance(res, fastmle.FitResult) or family == "categorical":
            return []
        xs = np.asarray(eval(x, NS), dtype=np.float64)
        again = res.dist.loglik(xs, kw.get("weights") and eval(kw["weights"], NS),
                                nan_policy="omit" if kw.get("nan_policy") == "omit"
                                else "propagate")
        if not (abs(again - res.loglik) <= 1e-10 * (1 + abs(again))):
            return [f"result loglik {res.loglik!r} but its dist gives {again!r}"]
        if not np.all(np.isfinite(list(res.params.values()))):
            return [f"non-finite parameters {res.params}"]
        return []
    return check


@fuzz(0.4)
@given(st.data())
def test_fuzz_fit(draw):
    """fastmle.fit (and fastmle.stats.<name>.fit) on samples with odd values, fixed
    parameters, weights and NaN policies: documented errors, engines agree on
    parameters, status and iteration counts."""
    family = draw.draw(st.sampled_from(FAMILIES))
    p = draw.draw(params(family, boundary=False))
    s = draw.draw(st.integers(0, 99))
    n = draw.draw(st.sampled_from([1, 2, 3, 10, 50, 200]))
    inject = draw.draw(st.sampled_from([""] * 4 + ["np.nan", "np.inf", "0.0", "1e155", "1e308",
                                                   "-1.0", "5e-324", "2.5"]))
    x = Expr(sample_expr(family, s, n, p) if not inject
             else f"np.r_[{sample_expr(family, s, n, p)}, {inject}]")
    if draw.draw(st.integers(0, 5)) == 0:
        x = draw.draw(data(max_size=6))
    kw = {}
    w = weights_src(draw.draw(weights_kinds), data_size(x), s)
    if w is not None:
        kw["weights"] = w
    fam = fastmle.get_family(family)
    if family == "binom":
        kw["fixed"] = {"n": p["n"]}
    if family != "categorical" and fam.k > 1 and draw.draw(st.integers(0, 3)) == 0:
        name = draw.draw(st.sampled_from(fam.param_names))
        kw["fixed"] = {**kw.get("fixed", {}), name: p[name]}
    policy = draw.draw(st.sampled_from(["propagate"] * 3 + ["omit", "raise"]))
    if policy != "propagate":
        kw["nan_policy"] = policy
    maxiter = draw.draw(st.sampled_from([None] * 6 + [1, 2, 5]))
    if maxiter is not None:
        kw["maxiter"] = maxiter
    report(run_everywhere(lambda e, nt: call("fastmle.fit", x, family, **kw, **engine_kw(e, nt)),
                          rtol=1e-7, oracle=fit_consistency(family, x, kw), threads=False))
    if hasattr(getattr(fastmle.stats, family, None), "fit") and "weights" not in kw \
            and policy == "propagate":
        fixed = kw.get("fixed", {})
        fk = {("floc" if k == "loc" else "fscale" if k == "scale" else "f" + k): v
              for k, v in fixed.items()}
        o = outcome(call(f"fastmle.stats.{family}.fit", x, **fk))
        report([(o.expr, why) for why in [bad_error(o)] if why]
               + [(o.expr, f"warns {w}") for w in stray_warnings(o)])


@fuzz(0.4)
@given(st.data())
def test_fuzz_fit_batch(draw):
    """fit_batch with groups= or offsets= (good and bad) and fit(axis=): engines agree,
    1 and 2 threads bit-identical, each group as its own fit."""
    family = draw.draw(st.sampled_from([f for f in FAMILIES if f != "categorical"]))
    p = draw.draw(params(family, boundary=False))
    s = draw.draw(st.integers(0, 99))
    G = draw.draw(st.sampled_from([1, 1, 2, 3, 5]))
    m = draw.draw(st.sampled_from([1, 2, 3, 8, 30]))
    n = G * m
    inject = draw.draw(st.sampled_from([""] * 3 + ["np.nan", "1e308", "-1.0", "0.0"]))
    x = sample_expr(family, s, n, p)
    if inject:
        x = f"np.r_[{x}, {inject}]"
        n += 1
    x = Expr(x)
    kw = {"fixed": {"n": p["n"]}} if family == "binom" else {}
    how = draw.draw(st.sampled_from(["offsets", "offsets", "groups", "groups", "axis",
                                     "bad_offsets", "bad_groups"]))
    if how == "offsets":
        cuts = sorted(draw.draw(st.lists(st.integers(0, n), max_size=G - 1)))
        kw["offsets"] = [0] + cuts + [n]
    elif how == "groups":
        kw["groups"] = Expr(f"np.random.default_rng({s}).integers(-2, {G}, {n})")
    elif how == "bad_offsets":
        kw["offsets"] = draw.draw(st.sampled_from([[0, n + 1], [1, n], [0, 2, 1, n], [],
                                                   Expr("[0.0, 1.0]"), Expr("[[0, 1]]"),
                                                   [0, -1, n]]))
    elif how == "bad_groups":
        kw["groups"] = draw.draw(st.sampled_from([Expr(f"np.zeros({n}, float)"),
                                                  Expr(f"np.zeros({n + 1}, int)"),
                                                  Expr(f"np.full({n}, 2**62)"),
                                                  Expr(f"np.array(['a'] * {n})")]))
    policy = draw.draw(st.sampled_from(["propagate", "propagate", "omit"]))
    if policy != "propagate":
        kw["nan_policy"] = policy
    if how == "axis":
        axis = draw.draw(st.sampled_from([0, 1, -1]))
        x2 = Expr(f"{sample_expr(family, s, G * m, p)}.reshape({G}, {m})")
        kw.pop("offsets", None)
        report(run_everywhere(lambda e, nt: call("fastmle.fit", x2, family, axis=axis, **kw,
                                                 **engine_kw(e, nt)), rtol=1e-7))
        return
    report(run_everywhere(lambda e, nt: call("fastmle.fit_batch", x, family, **kw,
                                             **engine_kw(e, nt)), rtol=1e-7)
           + batch_matches_single_fits(family, x, kw))


def batch_matches_single_fits(family, x, kw):
    """Each group of a batch is fitted as fit() fits it alone (status and parameters)."""
    if "offsets" not in kw:
        return []
    expr = call("fastmle.fit_batch", x, family, **kw)
    b = outcome(expr)
    if b.error is not None:
        return []
    xs = np.asarray(eval(x, NS))
    off = kw["offsets"]
    problems = []
    for g in range(len(off) - 1):
        part = f"{x}[{off[g]}:{off[g + 1]}]"
        single = {k: v for k, v in kw.items() if k != "offsets"}
        o = outcome(call("fastmle.fit", Expr(part), family, **single))
        status = b.value.status[g]
        if o.error is not None:
            if status in ("ok", "maxiter", "stalled", "diverged") and xs[off[g]:off[g + 1]].size:
                problems.append((expr, f"group {g} is {status!r} but alone: {o!r:.150}"))
            continue
        d = differences({k: b.value.params[k][g] for k in o.value.params},
                        o.value.params, 1e-10)
        if d or status != o.value.status if hasattr(o.value, "status") else d:
            problems.append((expr, f"group {g} differs from {o.expr}: {d[:1]}"))
    return problems


# ---------------------------------------------------------------- distances and losses

prob_values = st.one_of(st.floats(0, 1), st.sampled_from([0.0, 5e-324, 1e-300, 1e-10, 1.0,
                                                          1e10, 1e300, 1e308, -0.5, NAN, INF]))


def divergence_truth(kind, P, Q, normalize, logits):
    """Row values of a divergence in float64 from scipy, rescaled exactly first."""
    P = np.asarray(P, dtype=np.float64)
    Q = np.asarray(Q, dtype=np.float64)
    if normalize:
        P = P / P.max(axis=-1, keepdims=True)
        P = P / P.sum(axis=-1, keepdims=True)
        if not logits:
            Q = Q / Q.max(axis=-1, keepdims=True)
            Q = Q / Q.sum(axis=-1, keepdims=True)
    with np.errstate(all="ignore"):
        logq = scipy.special.log_softmax(Q, axis=-1) if logits else np.log(Q)
        if logits:      # q from logits 1e308 apart underflows; its log does not
            Q = np.exp(logq)
        if kind == "kl_divergence":
            terms = scipy.special.rel_entr(P, Q)
            if logits:
                terms = np.where(P > 0, P * (np.log(P) - logq), terms)
        elif kind == "total_variation":
            terms = np.abs(P - Q) / 2
        elif kind == "hellinger":
            terms = (np.sqrt(P) - np.sqrt(Q)) ** 2 / 2
        elif kind == "cross_entropy":
            terms = np.where(P > 0, -P * logq, 0.0)
        else:
            M = (P + Q) / 2
            terms = (scipy.special.rel_entr(P, M) + scipy.special.rel_entr(Q, M)) / 2
    v = np.array([math.fsum(r) for r in terms.reshape(-1, terms.shape[-1])])
    return np.sqrt(v) if kind == "hellinger" else v


@fuzz()
@given(st.data())
def test_fuzz_divergences(draw):
    """The five divergences (KL also from logits), batches, normalize, gradients."""
    kind = draw.draw(st.sampled_from(["kl_divergence", "kl_divergence", "total_variation",
                                      "js_divergence", "hellinger", "cross_entropy"]))
    logits = kind == "kl_divergence" and draw.draw(st.booleans())
    rows = draw.draw(st.sampled_from([None, None, 0, 1, 3]))
    k = draw.draw(st.integers(1, 5))
    odd = draw.draw(st.integers(0, 3)) == 0
    normalize = draw.draw(st.booleans())

    def vec(values):
        if odd:
            return draw.draw(data(values=values, max_size=k))
        n = k * (1 if rows is None else rows)
        if draw.draw(st.booleans()):
            v = np.random.default_rng(draw.draw(st.integers(0, 99))).dirichlet(np.ones(k),
                                                                               n // k)
            if normalize:
                v = v * draw.draw(st.sampled_from([1.0, 3.0, 1e308, 1e-300]))
            vals = v.reshape(-1).tolist()
        else:
            vals = draw.draw(st.lists(values, min_size=n, max_size=n))
        a = array(vals)
        return a if rows is None else Expr(f"{a}.reshape({rows}, {k})")

    P = vec(prob_values)
    Q = vec(st.one_of(reals, st.floats(-50, 50)) if logits else prob_values)
    kw = dict(normalize=True) if normalize else {}
    if logits:
        kw["from_logits"] = True
    if draw.draw(st.booleans()):
        kw["return_grad"] = True
    if rows is not None and draw.draw(st.booleans()):
        kw["axis"] = 0
    def oracle(value):
        if odd or rows == 0 or "axis" in kw:
            return []
        got = np.atleast_1d(np.asarray(value[0] if kw.get("return_grad") else value))
        truth = divergence_truth(kind, eval(P, NS), eval(Q, NS), normalize, logits)
        ok = np.isclose(got, truth, rtol=1e-9, atol=1e-12) | (np.isnan(got) & np.isnan(truth))
        return [] if ok.all() else [f"{got.tolist()} but truth {truth.tolist()}"]
    report(run_everywhere(lambda e, nt: call(f"fastmle.{kind}", P, Q, **kw, **engine_kw(e, nt)),
                          rtol=1e-11, oracle=oracle))


def wasserstein_truth(u, v, p, wu=None, wv=None):
    """W_p by the quantile integral over the union of the two CDF breakpoints, exact
    rationals for the mass and values scaled by their largest magnitude (no overflow)."""
    u, v = np.asarray(u, np.float64), np.asarray(v, np.float64)
    wu = np.ones(u.size) if wu is None else np.asarray(wu, np.float64)
    wv = np.ones(v.size) if wv is None else np.asarray(wv, np.float64)
    wu, wv = wu / wu.max(), wv / wv.max()
    iu, iv = np.argsort(u, kind="stable"), np.argsort(v, kind="stable")
    cu, cv = np.cumsum(wu[iu]) / wu.sum(), np.cumsum(wv[iv]) / wv.sum()
    ts = np.unique(np.concatenate([[0.0], cu, cv, [1.0]]))
    ts = ts[(ts >= 0) & (ts <= 1)]
    total, big = mpmath.mpf(0), mpmath.mpf(0)      # in mpmath: no overflow or underflow
    for a, b in zip(ts[:-1], ts[1:]):
        mid = (a + b) / 2
        qu = u[iu][min(np.searchsorted(cu, mid), u.size - 1)]
        qv = v[iv][min(np.searchsorted(cv, mid), v.size - 1)]
        d = abs(mpmath.mpf(qu) - mpmath.mpf(qv))
        if np.isinf(p):
            big = max(big, d) if b > a else big
        else:
            total += d ** p * (mpmath.mpf(b) - mpmath.mpf(a))
    return float(big if np.isinf(p) else total ** (1 / mpmath.mpf(p)))


@fuzz()
@given(st.data())
def test_fuzz_wasserstein(draw):
    """wasserstein with weights, p, axis, return_grad, odd values; against the quantile
    integral."""
    p = draw.draw(st.sampled_from([1, 1, 2, 3.5, INF, 0.5, NAN, Expr("'2'")]))
    odd = draw.draw(st.integers(0, 3)) == 0
    nu, nv = draw.draw(st.integers(1, 6)), draw.draw(st.integers(1, 6))
    pos = st.one_of(st.floats(-5, 5), st.integers(-2, 2).map(float),
                    st.sampled_from([1e308, -1e308, 1e-300, 0.0]))
    if odd:
        u, v = draw.draw(data(max_size=5)), draw.draw(data(max_size=5))
    else:
        u = array(draw.draw(st.lists(pos, min_size=nu, max_size=nu)))
        v = array(draw.draw(st.lists(pos, min_size=nv, max_size=nv)))
    kw = {}
    wkinds = st.sampled_from(["none", "none", "ones", "random", "huge", "zeros", "negative",
                              "short"])
    for name, n in (("u_weights", nu), ("v_weights", nv)):
        wk = draw.draw(wkinds)
        if wk == "huge":
            kw[name] = Expr(f"np.full({n}, 1e308)")
        elif wk != "none":
            kw[name] = weights_src(wk, n, draw.draw(st.integers(0, 99)))
    if draw.draw(st.booleans()):
        kw["return_grad"] = True

    def oracle(value):
        if odd or not isinstance(p, (int, float)) or not p >= 1:
            return []
        got = value[0] if kw.get("return_grad") else value
        truth = wasserstein_truth(eval(u, NS), eval(v, NS), p,
                                  *(eval(kw[k], NS) if k in kw else None
                                    for k in ("u_weights", "v_weights")))
        if abs(got - truth) <= 1e-9 * abs(truth) + 1e-300:
            return []
        return [f"{got!r} but truth {truth!r}"]
    report(run_everywhere(lambda e, nt: call("fastmle.wasserstein", u, v, p, **kw,
                                             **engine_kw(e, nt)), rtol=1e-11, oracle=oracle))


@fuzz()
@given(st.data())
def test_fuzz_wasserstein_batch(draw):
    """Batches of samples along an axis: each row is the 1-D distance."""
    R, n, m = draw.draw(st.integers(1, 3)), draw.draw(st.integers(1, 5)), draw.draw(
        st.integers(1, 5))
    s = draw.draw(st.integers(0, 99))
    p = draw.draw(st.sampled_from([1, 2, INF]))
    U = Expr(f"np.random.default_rng({s}).normal(size=({R}, {n}))")
    V = Expr(f"np.random.default_rng({s + 1}).normal(size=({R}, {m}))")
    problems = run_everywhere(lambda e, nt: call("fastmle.wasserstein", U, V, p, axis=1,
                                                 **engine_kw(e, nt)), rtol=1e-11)
    got = outcome(call("fastmle.wasserstein", U, V, p, axis=1))
    if got.error is None:
        u, v = eval(U, NS), eval(V, NS)
        for r in range(R):
            t = wasserstein_truth(u[r], v[r], p)
            if not abs(got.value[r] - t) <= 1e-9 * t + 1e-300:
                problems.append((got.expr, f"row {r}: {got.value[r]!r}, truth {t!r}"))
    report(problems)


def log_softmax_ce(z, y):
    return -scipy.special.log_softmax(np.asarray(z, np.float64), axis=-1)[np.arange(len(y)), y]


@fuzz()
@given(st.data())
def test_fuzz_cross_entropy_loss(draw):
    """losses.cross_entropy with class indices or probabilities, float32/float64, big
    logits; against scipy's log_softmax."""
    N, C = draw.draw(st.integers(0, 4)), draw.draw(st.integers(1, 5))
    dtype = draw.draw(st.sampled_from(["float64", "float32"]))
    shift = draw.draw(st.sampled_from([0.0, 0.0, 1e10, 1e15, 1e16, -1e300, 3e38]))
    vals = draw.draw(st.lists(st.floats(-30, 30), min_size=N * C, max_size=N * C))
    z = Expr(f"({array(vals)} + {num(shift)}).astype({dtype!r}).reshape({N}, {C})")
    kind = draw.draw(st.sampled_from(["index", "index", "probs", "bad"]))
    y = None
    if kind == "index":
        y = draw.draw(st.lists(st.integers(0, C - 1), min_size=N, max_size=N))
        tgt = array(y, "int64")
    elif kind == "probs":
        tgt = Expr(f"np.full(({N}, {C}), {1.0 / C!r})")
    else:
        tgt = draw.draw(st.sampled_from([array([C] * N, "int64"), array([-5] * N, "int64"),
                                         Expr(f"np.full(({N}, {C}), np.nan)"),
                                         array([0.5] * N)]))
    kw = {}
    red = draw.draw(st.sampled_from(["mean", "sum", "none", "bogus"]))
    if red != "mean":
        kw["reduction"] = red
    if draw.draw(st.integers(0, 4)) == 0:
        kw["label_smoothing"] = draw.draw(st.sampled_from([0.1, 1.0, -0.1, NAN]))
    if draw.draw(st.integers(0, 4)) == 0:
        kw["weight"] = draw.draw(st.sampled_from([Expr(f"np.ones({C})"), Expr(f"np.ones({C+1})"),
                                                  Expr(f"np.zeros({C})")]))

    def oracle(value):
        if y is None or kw or N == 0:
            return []
        zz = np.asarray(eval(z, NS), np.float64)
        truth = log_softmax_ce(zz, y).mean()
        got = float(value[0])
        tol = 1e-12 * (1 + abs(truth)) if dtype == "float64" else 4e-7 * (1 + abs(truth))
        if dtype == "float32":
            truth = float(np.float32(truth))
        return [] if abs(got - truth) <= tol else [f"loss {got!r}, truth {truth!r}"]
    # the gradient softmax - target is a difference of numbers up to 1: engines agree
    # to a few ulps of 1 there, not relative to a tiny result
    report(run_everywhere(lambda e, nt: call("fastmle.losses.cross_entropy", z, tgt, **kw,
                                             **engine_kw(e, nt)), rtol=1e-11, oracle=oracle,
                          atol=4 * np.finfo(np.float64).eps))


@fuzz()
@given(st.data())
def test_fuzz_nll_loss_and_other_losses(draw):
    """losses.nll_loss of every family (per-row parameters) against mpmath, and the
    torch-style losses on odd inputs."""
    family = draw.draw(st.sampled_from([f for f in FAMILIES if f != "categorical"]))
    p = draw.draw(params(family))
    x = draw.draw(data(max_size=4, layouts=["contiguous"]))
    red = draw.draw(st.sampled_from(["none", "sum", "mean"]))
    prm = {k: v for k, v in p.items()}

    def oracle(value):
        xs = np.asarray(eval(x, NS))
        if red != "none" or xs.dtype.kind not in "biuf" or xs.ndim != 1:
            return []
        truth, tol = true_logpdf(family, p, xs.astype(np.float64))
        got = -np.asarray(value[0], np.float64)
        ok = np.where(np.isfinite(truth), np.abs(got - truth) <= tol, got == truth)
        ok |= np.isnan(got) & np.isnan(truth)
        if ok.all():
            return []
        i = int(np.flatnonzero(~ok)[0])
        return [f"at x = {xs[i]!r}: -loss {got[i]!r}, truth {truth[i]!r}"]
    report(run_everywhere(lambda e, nt: call("fastmle.losses.nll_loss", family, prm, x, red,
                                             **engine_kw(e, nt)), rtol=1e-12, oracle=oracle))
    fn = draw.draw(st.sampled_from(["binary_cross_entropy_with_logits", "gaussian_nll",
                                    "poisson_nll", "kl_div"]))
    a, b = draw.draw(data(max_size=4)), draw.draw(data(max_size=4))
    extra = [draw.draw(data(max_size=4))] if fn == "gaussian_nll" else []
    o = outcome(call(f"fastmle.losses.{fn}", a, b, *extra))
    problems = [(o.expr, why) for why in [bad_error(o)] if why]
    if o.modified:
        problems.append((o.expr, "an input array was modified"))
    report(problems)


@fuzz(0.3)
@given(st.data())
def test_fuzz_between_distributions(draw):
    """kl_divergence / wasserstein of two fastmle distributions: KL(d, d) = 0, KL >= 0,
    documented errors only."""
    f1 = draw.draw(st.sampled_from(FAMILIES))
    f2 = f1 if draw.draw(st.integers(0, 4)) else draw.draw(st.sampled_from(FAMILIES))
    d1 = frozen_src(f1, draw.draw(params(f1, boundary=False)))
    d2 = frozen_src(f2, draw.draw(params(f2, boundary=False)))
    problems = []
    for expr in (call("fastmle.kl_divergence", Expr(d1), Expr(d2)),
                 call("fastmle.kl_divergence", Expr(d1), Expr(d1)),
                 call("fastmle.wasserstein", Expr(d1), Expr(d2),
                      draw.draw(st.sampled_from([1, 2, INF])))):
        o = outcome(expr)
        why = bad_error(o, (ValueError, TypeError, NotImplementedError))
        if why:
            problems.append((expr, why))
        elif o.error is None and not (o.value >= 0):
            problems.append((expr, f"negative or NaN: {o.value!r}"))
        elif o.error is None and expr.count(d1) == 2 and "kl_" in expr and o.value != 0:
            problems.append((expr, f"KL(d, d) = {o.value!r}, not 0"))
    report(problems)


# ---------------------------------------------------------------- risky cases, isolated

THREADS = [0, -2, 1, 2, 3, 10**6, 2**31, 2**63, 1.5, True, Expr("np.int64(2)")]
MAXITER = [0, -1, 1, 2**31, INF, 1.5, True]
BIG = "np.ones(100_000)"
THREADED_CALLS = {
    "loglik": lambda kw: call("fastmle.norm().loglik", Expr(BIG), **kw),
    "logpdf": lambda kw: call("fastmle.norm().logpdf", Expr(BIG), **kw),
    "fit": lambda kw: call("fastmle.fit", Expr(BIG + " + np.arange(100_000) % 7"), "gamma", **kw),
    "fit_batch": lambda kw: call("fastmle.fit_batch", Expr("np.arange(1.0, 100_001.0)"), "gamma",
                                 offsets=Expr("np.arange(0, 100_001, 10)"), **kw),
    "kl_divergence": lambda kw: call("fastmle.kl_divergence", Expr("np.full((1000, 100), .01)"),
                                     Expr("np.full((1000, 100), .01)"), **kw),
    "cross_entropy": lambda kw: call("fastmle.losses.cross_entropy",
                                     Expr("np.zeros((1000, 10))"),
                                     Expr("np.zeros(1000, np.int64)"), **kw),
    "wasserstein": lambda kw: call("fastmle.wasserstein", Expr("np.arange(1000.0)"),
                                   Expr("np.arange(900.0)"),
                                   u_weights=Expr("np.ones(1000)"), **kw),
}


def isolated_problems(exprs, allowed=("ok", "ValueError", "TypeError")):
    return [(e, f"{status}: {detail[:200]}") for e, (status, detail)
            in zip(exprs, run_isolated(exprs)) if status not in allowed]


@pytest.mark.parametrize("what", list(THREADED_CALLS))
def test_extreme_n_threads_isolated(what):
    """Any n_threads: a result or a ValueError/TypeError, never a crash (child process,
    4 GB address-space limit)."""
    exprs = [THREADED_CALLS[what](dict(engine=e, n_threads=t)) for e in ENGINES for t in THREADS
             if not (e == "python" and t in (2, 3))]
    report(isolated_problems(exprs))


@pytest.mark.parametrize("what", ["fit", "fit_batch", "axis"])
def test_extreme_maxiter_isolated(what):
    """Any maxiter: a fit or a ValueError/TypeError (maxiter must be a positive int)."""
    x = "np.random.default_rng(0).standard_t(5.0, 300)"
    build = {"fit": lambda kw: call("fastmle.fit", Expr(x), "t", **kw),
             "fit_batch": lambda kw: call("fastmle.fit_batch", Expr(x), "t",
                                          offsets=[0, 100, 300], **kw),
             "axis": lambda kw: call("fastmle.fit", Expr(x + ".reshape(3, 100)"), "t", axis=1,
                                     **kw)}[what]
    exprs = [build(dict(engine=e, maxiter=m)) for e in ENGINES for m in MAXITER]
    problems = isolated_problems(exprs)
    for e in exprs:           # maxiter < 1 or not an int must be refused, never run
        if any(f"maxiter={m}" in e for m in ("0,", "-1,", "np.inf", "1.5", "True")):
            o = outcome(e)
            if o.error is None:
                problems.append((e, f"accepted: n_iter {getattr(o.value, 'n_iter', '?')}"))
    report(problems)


@pytest.mark.parametrize("label", ["4e8", "2.0**53", "1e308", "2**62", "-1.0", "0.5", "np.inf",
                                   "np.nan"])
def test_categorical_label_range_isolated(label):
    """Categorical labels far apart need no dense count array; labels that are not
    exact non-negative integers give a ValueError."""
    exprs = [call("fastmle.fit", Expr(f"np.array([0.0, {label}])"), "categorical", engine=e)
             for e in ENGINES]
    exprs += [call("fastmle.categorical([0.5, 0.5]).loglik", Expr(f"np.array([0.0, {label}])"),
                   engine=e) for e in ENGINES]
    report(isolated_problems(exprs))


# ---------------------------------------------------------------- issue 8, one by one

def value(v, rel=1e-12, abs_=0.0):
    """Expected outcome: the value v (floats, arrays or tuples; NaN-aware)."""
    def check(o):
        if o.error is not None:
            return f"raises {o!r:.200}, expected {v!r}"
        d = differences(o.value, v, rel, abs_)
        return f"{o.value!r:.200}, expected {v!r}: {d[0]}" if d else None
    return check


def raises(*types, match=None):
    def check(o):
        if o.error is None:
            return f"returns {o.value!r:.120}, expected {'/'.join(t.__name__ for t in types)}"
        if not isinstance(o.error, types) or bad_error(o):
            return bad_error(o) or f"raises {o!r:.200}"
        if match and match not in str(o.error).lower():
            return f"message {str(o.error)!r} does not mention {match!r}"
        return None
    return check


def value_or_valueerror(o):
    return bad_error(o) if o.error is not None else None


def ok_fit(o):
    if o.error is not None:
        return f"raises {o!r:.200}"
    params = np.array([np.asarray(v) for v in o.value.params.values()], dtype=object)
    vals = np.concatenate([np.atleast_1d(np.asarray(v, np.float64)) for v in params])
    return None if np.isfinite(vals).all() else f"non-finite parameters {o.value.params}"


def dtype_is(dt):
    def check(o):
        if o.error is not None:
            return f"raises {o!r:.200}"
        return None if np.asarray(o.value).dtype == dt else f"dtype {np.asarray(o.value).dtype}"
    return check


def no_nan(o):
    if o.error is not None:
        return bad_error(o)
    return None if not np.isnan(np.asarray(o.value, np.float64)).any() else f"NaN: {o.value!r}"


def same_as(expr, rel=1e-10):
    """The same outcome as another expression (value within rel, or the same exception)."""
    def check(o):
        other = outcome(expr)
        if other.kind != o.kind:
            return f"{o!r:.150} but {expr} gives {other!r:.150}"
        if o.error is None:
            d = differences(o.value, other.value, rel)
            return f"{o.value!r:.150} but {expr} gives {other.value!r:.150}" if d else None
        return None
    return check


def t_logpdf(df, x, loc=0.0, scale=1.0):
    return true_logpdf("t", dict(df=df, loc=loc, scale=scale), [x])[0][0]


RNG_T = "np.r_[np.random.default_rng(1).normal(size=300), 1e155]"
# (expression, expected outcome, engines: the expression has {engine} to fill in)
ISSUE8 = [
    # wrong exception types
    ("fastmle.fit([1., 2., 3.], 'norm', maxiter=float('inf'), engine={e})", raises(TypeError)),   # inf is not an int
    ("fastmle.fit([1., 2., 3.], 'gamma', maxiter=0, engine={e})", raises(ValueError)),
    ("fastmle.fit([1., 2., 3.], 'gamma', maxiter=-1, engine={e})", raises(ValueError)),
    ("fastmle.fit([1., 2., 3.], 'gamma', maxiter=1.5, engine={e})", raises(ValueError, TypeError)),
    ("fastmle.fit([1., 2., 3.5], 'gamma', maxiter=2**31, engine={e})", ok_fit),
    ("fastmle.fit_batch([1., 2., 3.], 'norm', offsets=[0, 3], engine={e})", ok_fit),
    ("fastmle.fit_batch([1., 2., 3.], 'gamma', offsets=[0, 3], engine={e})", ok_fit),
    ("fastmle.fit_batch([1., 1., 1.], 'gamma', offsets=[0, 3], engine={e}).status[0]",
     value(np.array("degenerate"))),
    ("fastmle.fit(np.array([1., 2., 3.5]).reshape(1, -1), 'gamma', axis=1, engine={e})", ok_fit),
    ("fastmle.fit(np.array([1., 1., 1.]).reshape(1, -1), 'gamma', axis=1, engine={e}).status[0]",
     value(np.array("degenerate"))),
    ("fastmle.poisson(3.0).logpmf([1e308], engine={e})", value(np.array([-INF]))),
    ("fastmle.t(1.7976931348623157e308).loglik([1.0], engine={e})",
     value(t_logpdf(DBL_MAX, 1.0), 1e-14)),
    ("fastmle.fit([0., 0.], 'poisson', fixed={{'mu': 0.0}}, engine={e}).loglik", value(0.0)),
    ("fastmle.fit([1., 2.], 3, engine={e})", raises(TypeError)),
    ("fastmle.fit([1., 2.], scipy.stats.gamma, engine={e})", value_or_valueerror),
    # silent wrong results: Student t at large df, overflow of (x - loc) / scale
    ("fastmle.t(1e10).logpdf(1.0, engine={e})", value(t_logpdf(1e10, 1.0), 1e-14)),
    ("fastmle.t(1e15).logpdf(1.0, engine={e})", value(t_logpdf(1e15, 1.0), 1e-14)),
    ("fastmle.t(1e300).logpdf(1.0, engine={e})", value(t_logpdf(1e300, 1.0), 1e-14)),
    ("fastmle.t(1.7976931348623157e308).logpdf(1.0, engine={e})",
     value(t_logpdf(DBL_MAX, 1.0), 1e-14)),
    ("fastmle.t(1e15).loglik_derivs([0.5, 1.0], engine={e}).score",
     value(np.r_[0.0, fastmle.norm().score([0.5, 1.0], engine="python")], 1e-12, 1e-12)),
    ("fastmle.t(4, 0, 1e-10).logpdf([1e300], engine={e})",
     value(np.array([t_logpdf(4.0, 1e300, 0.0, 1e-10)]), 1e-13)),
    ("fastmle.t(30, 0, 0.5).loglik([1e308, 1.0], engine={e})",
     value(t_logpdf(30.0, 1e308, 0.0, 0.5) + t_logpdf(30.0, 1.0, 0.0, 0.5), 1e-13)),
    ("fastmle.stats.t.fit(np.random.default_rng(0).normal(size=500))[0] > 0", value(True)),
    ("fastmle.fit(np.random.default_rng(0).normal(size=2000), 't', engine={e}).status",
     same_as("fastmle.fit(np.random.default_rng(0).normal(size=2000), 't', "
             "engine='cython').status")),
    (f"fastmle.fit({RNG_T}, 't', engine={{e}})", ok_fit),
    # softmax after the max shift
    ("fastmle.kl_divergence([.5, .5], [1e16, 1e16], from_logits=True, return_grad=True, "
     "engine={e})", value((0.0, np.zeros(2)), 0, 1e-15)),
    ("fastmle.losses.cross_entropy(np.array([[1e16, 1e16]]), np.array([0]), engine={e})[0]",
     value(math.log(2), 1e-15)),
    ("fastmle.losses.cross_entropy(np.array([[1e15, 1e15]]), np.array([0]), engine={e})[0]",
     value(math.log(2), 1e-15)),
    ("fastmle.losses.cross_entropy(np.array([[1e10, 1e10 + 1]]), np.array([0]), engine={e})[0]",
     value(math.log1p(math.e), 1e-15)),
    # normalisation without overflow
    ("fastmle.kl_divergence([1e308, 1e308], [1., 3.], normalize=True, engine={e})",
     value(0.5 * math.log(0.5 / 0.25) + 0.5 * math.log(0.5 / 0.75), 1e-14)),
    ("fastmle.js_divergence([1e308, 1e308], [1., 3.], normalize=True, engine={e})",
     value(float(divergence_truth("js_divergence", [[.5, .5]], [[.25, .75]], False, False)[0]),
           1e-13)),
    ("fastmle.hellinger([1e308, 1e308], [1., 3.], normalize=True, engine={e})",
     value(float(divergence_truth("hellinger", [[.5, .5]], [[.25, .75]], False, False)[0]),
           1e-13)),
    ("fastmle.total_variation([1e308, 1e308], [1., 3.], normalize=True, engine={e})",
     value(0.25, 1e-15)),
    ("fastmle.cross_entropy([1e308, 1e308], [1., 3.], normalize=True, engine={e})",
     value(-0.5 * math.log(0.25) - 0.5 * math.log(0.75), 1e-14)),
    ("fastmle.kl_divergence([1., 3.], [1e308, 1e308], normalize=True, engine={e})",
     value(0.25 * math.log(0.5) + 0.75 * math.log(1.5), 1e-14)),
    # wasserstein with huge weights and values
    ("fastmle.wasserstein([0., 1.], [0., 2.], u_weights=[1e308, 1e308], engine={e})", value(0.5)),
    ("fastmle.wasserstein([0., 1.], [0., 2.], np.inf, u_weights=[1e308, 1e308], engine={e})",
     value(1.0)),
    ("fastmle.wasserstein([1e308, -1e308], [0., 0.], engine={e})", value(1e308)),
    ("fastmle.wasserstein([1e308, -1e308], [0., 0.], 2, engine={e})", value(1e308)),
    # discrete boundary p = 0: refused or -inf, never NaN
    ("fastmle.geom(0.0).logpmf([1., 2.], engine={e})", no_nan),
    ("fastmle.nbinom(2.0, 0.0).logpmf([0., 1.], engine={e})", no_nan),
    ("fastmle.geom(0.808846211837819).logpmf([1e308], engine={e})",
     value(true_logpdf("geom", dict(p=0.808846211837819), [1e308])[0], 1e-15)),
    # suffstats and loglik agree at the support's boundary
    ("fastmle.gamma(1.0).suffstats([0., 1.], engine={e}).loglik()", value(-1.0, 1e-15)),
    ("fastmle.gamma(0.5).suffstats([0., 1.], engine={e}).loglik()",
     same_as("fastmle.gamma(0.5).loglik([0., 1.])")),
    ("fastmle.beta(1, 2).suffstats([0., 0.5], engine={e}).loglik()",
     same_as("fastmle.beta(1, 2).loglik([0., 0.5])")),
    ("fastmle.geom(1e-10).suffstats(np.full(70, 1e10), engine={e}).loglik()",
     value(70 * float(true_logpdf("geom", dict(p=1e-10), [1e10])[0][0]), 1e-13)),
    ("fastmle.binom(10, 1e-10).suffstats(np.full(7, 1.0), engine={e}).loglik()",
     value(7 * float(true_logpdf("binom", dict(n=10, p=1e-10), [1.0])[0][0]), 1e-13)),
    # empty batches, NaN labels, dtypes
    ("fastmle.kl_divergence(np.empty((0, 3)), np.empty((0, 3)), engine={e})",
     value(np.empty(0))),
    ("fastmle.kl_divergence(np.empty((0, 3)), np.empty((0, 3)), normalize=True, engine={e})",
     value(np.empty(0))),
    ("fastmle.total_variation(np.empty((0, 3)), np.empty((0, 3)), engine={e})",
     value(np.empty(0))),
    ("fastmle.wasserstein(np.empty((0, 3)), np.empty((0, 2)), axis=1, engine={e})",
     value(np.empty(0))),
    ("fastmle.categorical([.5, .5]).loglik([0., np.nan, 5.], engine={e})", value(NAN)),
    ("fastmle.norm().logpdf(np.array([1.0], np.float16), engine={e})", dtype_is(np.float16)),
    # engines disagree
    ("fastmle.wasserstein([1., 1, 0, 0], [-0.78, 0.27, -0.25], 2, u_weights=[1., 1, 2, 3], "
     "return_grad=True, engine={e})[1]",
     same_as("fastmle.wasserstein([1., 1, 0, 0], [-0.78, 0.27, -0.25], 2, "
             "u_weights=[1., 1, 2, 3], return_grad=True, engine='python')[1]", 1e-12)),
    ("fastmle.losses.cross_entropy(np.linspace(-30, 30, 40, dtype=np.float32).reshape(4, 10), "
     "np.arange(4), reduction='none', engine={e})[0]",
     same_as("fastmle.losses.cross_entropy(np.linspace(-30, 30, 40, dtype=np.float32)"
             ".reshape(4, 10), np.arange(4), reduction='none', engine='cython')[0]", 1e-6)),
    ("fastmle.fit(np.random.default_rng(3).negative_binomial(1e6, 0.5, 300).astype(float), "
     "'nbinom', engine={e}).status",
     same_as("fastmle.fit(np.random.default_rng(3).negative_binomial(1e6, 0.5, 300)"
             ".astype(float), 'nbinom', engine='cython').status")),
]
ISSUE8_CASES = [(expr.format(e=repr(e)), check) for expr, check in ISSUE8 for e in
                (ENGINES if "{e}" in expr else ["cython"])]


@pytest.mark.parametrize("expr,check", ISSUE8_CASES, ids=[c[0][:90] for c in ISSUE8_CASES])
def test_issue8_reproducer(expr, check):
    """Each reproducer of issue 8 gives its correct outcome (value, or documented error),
    with no other warning than a ConvergenceWarning and no modified input."""
    NS.setdefault("scipy", scipy)
    o = outcome(expr)
    why = check(o)
    if why is None and o.modified:
        why = "an input array was modified"
    if why is None and stray_warnings(o):
        why = f"warns {stray_warnings(o)[0]}"
    report([(expr, why)] if why else [])


ISSUE8_CRASHES = [
    "fastmle.norm().loglik(np.ones(100_000), n_threads=100_000)",
    "fastmle.norm().loglik(np.ones(100_000), n_threads=60_000)",
    "fastmle.norm().loglik(np.ones(100_000), n_threads=2**31 - 1)",
    "fastmle.norm().loglik(np.ones(100_000), n_threads=2**31)",
    "fastmle.fit_batch(np.arange(1.0, 100_001.0), 'gamma', offsets=np.arange(0, 100_001, 10), "
    "n_threads=100_000)",
    "fastmle.kl_divergence(np.full((1000, 100), .01), np.full((1000, 100), .01), "
    "n_threads=100_000)",
    "fastmle.losses.cross_entropy(np.zeros((1000, 10)), np.zeros(1000, np.int64), "
    "n_threads=100_000)",
    "fastmle.wasserstein(np.arange(1000.0), np.arange(900.0), u_weights=np.ones(1000), "
    "n_threads=100_000)",
    "fastmle.fit([0., 4e8], 'categorical')",
    "fastmle.fit([0., 2.0**53], 'categorical')",
    "fastmle.fit([0., 1e308], 'categorical')",
]


def test_issue8_crashes_isolated():
    """The crashes of issue 8 (child processes, 4 GB limit): a result or a ValueError."""
    report(isolated_problems(ISSUE8_CRASHES, allowed=("ok", "ValueError")))
