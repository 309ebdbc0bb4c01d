"""The family registry: every fact about a family, a fit status or a divergence kind,
declared once as plain data.

Read by ``setup.py`` (the Tempita templates of the Cython engine), by the
python/numba engine (``fastmle._py``), by the family classes
(``fastmle.families``) and by the tests; ``tests/test_spec.py`` checks that
every engine, template and family class agrees with it.  Standard library
only: setup.py loads this file by path, before fastmle is built.

A family's full parameter vector ``th`` lists its free parameters (``params``,
the ones derivatives and fits refer to, in scipy's order) and then its fixed
extras (``fixed``: loc of positive families, binom's n).
"""
from dataclasses import dataclass, field

# ---------------------------------------------------------------- distribution functions
# elementwise functions of x (cdf ... logsf) or of a probability q (ppf, isf), scipy's
# names: compiled kernels F_<fn>(x, th) on every engine
DIST_FUNCTIONS = ("cdf", "sf", "logcdf", "logsf", "ppf", "isf")

# ---------------------------------------------------------------- Newton transforms
# of a free parameter in the solvers: real (as is), positive (log), unit (logit)
TRANSFORMS = ("real", "positive", "unit")


@dataclass(frozen=True)
class Stats:
    """Sufficient statistics of an exponential family.

    ``size``: length of the per-point vector (1, the statistics..., the outside
    flag).  ``params``: where the statistics' parameters come from, each an
    index into ``th`` or ``"shift"`` (a data shift chosen by the solver for
    accuracy, e.g. norm's centring).
    """

    size: int
    params: tuple = ()


@dataclass(frozen=True)
class FamilySpec:
    """The declaration of one family (see the module docstring)."""

    name: str
    params: tuple                   # free parameters, scipy's order
    scipy_args: tuple               # scipy's positional order of all parameters
    transforms: tuple               # Newton transform of each free parameter
    support: str                    # fit's support predicate (F_fit_in kernels)
    support_text: str               # where fit() accepts data (error messages)
    fixed: tuple = ()               # fixed extras, after the free parameters in th
    defaults: dict = field(default_factory=dict)
    constraints: dict = field(default_factory=dict)   # parameter -> _validation rule
    discrete: bool = False
    vec: str = None                 # block-vectorised function of F_pre: log, log1p, exp
    stats: Stats = None             # exponential families: fitted from these
    fit_scratch: int = 0            # fit's scratch buffer, in units of n doubles
    loglik_paths: frozenset = frozenset()   # fast paths of the Cython loops: LOGLIK_PATHS
    loc_scale: str = None           # "moments"/"robust": rescaled fits of extreme data
    fit_method: str = "newton"      # FitResult.method when not in closed form
    dist_functions: tuple = ()      # the DIST_FUNCTIONS it has kernels for
    newton_coords: bool = False     # Newton in the family's own coordinates where
                                    # F_coords_of(th, isfree, phi) says so (F_coords)
    fit_driver: bool = False        # F_fit_driver: the fit of some free subsets (the
                                    # others: INIT_NEWTON, the generic path)
    # the support has an end that moves with the parameters, where the density can be
    # infinite (genpareto c < -1, genextreme c > 1): the likelihood is unbounded there, and
    # Newton stops with status "diverged" when F_fit_unbounded(ctx, th, isfree) says it
    # runs into that end
    unbounded_end: bool = False

    @property
    def th_names(self):
        return self.params + self.fixed

    @property
    def k(self):
        """Number of free parameters."""
        return len(self.params)

    @property
    def nth(self):
        """Length of the full parameter vector th."""
        return len(self.params) + len(self.fixed)

    @property
    def nderiv(self):
        """Length of a derivatives vector: logpdf, gradient, Hessian upper triangle."""
        k = self.k
        return 1 + k + k * (k + 1) // 2


# the fast paths of the Cython engine's loops (fastmle/_cy/_kernels.pyx.tp) a family has
LOGLIK_PATHS = {
    "logprod": "interior log-density A log(y) + B h + C with y > 0: the unweighted loglik "
               "sums log(y) over a block as the log of a product (logprod_result), one log "
               "per block instead of one per point, when F_lp_ok(c)",
    "sumform": "log-density C + B g(x) (norm: g = z^2): the unweighted loglik is a plain sum "
               "of g, redone pointwise when that sum is not finite",
    "statsblock": "unweighted statistics over a block from F_stats_block: lane accumulators "
                  "and a block-wise vector log, the block redone pointwise when a point is "
                  "outside the support or NaN",
    "derivsvec": "derivatives take the block-vectorised function of F_pre as "
                 "F_derivs_v(x, f(F_pre(x)), c, o)",
}

LS = dict(params=("loc", "scale"), scipy_args=("loc", "scale"),
          transforms=("real", "positive"), defaults={"loc": 0.0, "scale": 1.0},
          constraints={"scale": "positive"}, support="finite_in",
          support_text="finite values")
POS = dict(fixed=("loc",), defaults={"loc": 0.0, "scale": 1.0}, support="positive_in",
           support_text="values x > loc")
# a positive family with free (scale,), th = [scale, loc], whose density is finite at x = loc
POS_CLOSED = {**POS, "support": "nonneg_in", "support_text": "values x >= loc"}

FAMILIES = {f.name: f for f in [
    FamilySpec("norm", **LS, stats=Stats(4, ("shift",)), loglik_paths=frozenset({"sumform",
               "statsblock"}), loc_scale="moments", dist_functions=DIST_FUNCTIONS),
    FamilySpec("lognorm", params=("s", "scale"), scipy_args=("s", "loc", "scale"),
               transforms=("positive", "positive"),
               constraints={"s": "positive", "scale": "positive"}, **POS, vec="log",
               stats=Stats(4, ("shift", 2)), loglik_paths=frozenset({"statsblock"}),
               dist_functions=DIST_FUNCTIONS),
    FamilySpec("expon", params=("scale",), scipy_args=("loc", "scale"),
               transforms=("positive",), constraints={"scale": "positive"},
               **POS_CLOSED,
               stats=Stats(3, (1,)), loglik_paths=frozenset({"statsblock"}),
               dist_functions=DIST_FUNCTIONS),
    FamilySpec("gamma", params=("a", "scale"), scipy_args=("a", "loc", "scale"),
               transforms=("positive", "positive"),
               constraints={"a": "positive", "scale": "positive"}, **POS, vec="log",
               stats=Stats(4, (2,)), loglik_paths=frozenset({"logprod", "statsblock"}),
               fit_method="newton (sufficient statistics)", fit_driver=True,
               dist_functions=DIST_FUNCTIONS),
    FamilySpec("chi2", params=("df", "scale"), scipy_args=("df", "loc", "scale"),
               transforms=("positive", "positive"),
               constraints={"df": "positive", "scale": "positive"}, **POS, vec="log",
               stats=Stats(4, (2,)), loglik_paths=frozenset({"logprod", "statsblock"}),
               fit_method="newton (sufficient statistics)", dist_functions=DIST_FUNCTIONS),
    FamilySpec("invgamma", params=("a", "scale"), scipy_args=("a", "loc", "scale"),
               transforms=("positive", "positive"),
               constraints={"a": "positive", "scale": "positive"}, **POS, vec="log",
               stats=Stats(4, (2,)), loglik_paths=frozenset({"statsblock"}),
               fit_method="newton (sufficient statistics)", dist_functions=DIST_FUNCTIONS),
    FamilySpec("invgauss", params=("mu", "scale"), scipy_args=("mu", "loc", "scale"),
               transforms=("positive", "positive"),
               constraints={"mu": "positive", "scale": "positive"}, **POS, vec="log",
               dist_functions=DIST_FUNCTIONS),
    FamilySpec("weibull_min", params=("c", "scale"), scipy_args=("c", "loc", "scale"),
               transforms=("positive", "positive"),
               constraints={"c": "positive", "scale": "positive"}, **POS, vec="log",
               fit_scratch=1, dist_functions=DIST_FUNCTIONS),
    FamilySpec("dweibull", params=("c", "loc", "scale"), scipy_args=("c", "loc", "scale"),
               transforms=("positive", "real", "positive"),
               defaults={"loc": 0.0, "scale": 1.0},
               constraints={"c": "positive", "scale": "positive"}, support="dweibull_fit_in",
               support_text="finite values (x != loc when loc is fixed)", vec="log",
               fit_scratch=1, loc_scale="moments", fit_driver=True,
               dist_functions=DIST_FUNCTIONS),
    FamilySpec("beta", params=("a", "b"), fixed=("loc", "scale"),
               scipy_args=("a", "b", "loc", "scale"), transforms=("positive", "positive"),
               defaults={"loc": 0.0, "scale": 1.0},
               constraints={"a": "positive", "b": "positive", "scale": "positive"},
               support="beta_fit_in", support_text="values loc < x < loc + scale", vec="log",
               stats=Stats(4, (2, 3)), loglik_paths=frozenset({"statsblock"}),
               fit_method="newton (sufficient statistics)", dist_functions=DIST_FUNCTIONS),
    FamilySpec("t", params=("df", "loc", "scale"), scipy_args=("df", "loc", "scale"),
               transforms=("positive", "real", "positive"),
               defaults={"loc": 0.0, "scale": 1.0},
               constraints={"df": "positive", "scale": "positive"}, support="finite_in",
               support_text="finite values", vec="log1p", fit_scratch=2,
               loglik_paths=frozenset({"logprod", "derivsvec"}), loc_scale="robust",
               dist_functions=DIST_FUNCTIONS),
    FamilySpec("laplace", **LS, fit_scratch=2, loc_scale="moments",
               dist_functions=DIST_FUNCTIONS),
    FamilySpec("logistic", **LS, vec="exp", fit_scratch=2, loc_scale="moments",
               dist_functions=DIST_FUNCTIONS),
    FamilySpec("cauchy", **LS, vec="log1p", fit_scratch=2,
               loglik_paths=frozenset({"logprod"}), loc_scale="robust",
               dist_functions=DIST_FUNCTIONS),
    FamilySpec("gumbel_r", **LS, vec="exp", loc_scale="moments", dist_functions=DIST_FUNCTIONS),
    FamilySpec("gumbel_l", **LS, vec="exp", loc_scale="moments", dist_functions=DIST_FUNCTIONS),
    FamilySpec("loggamma", params=("c", "loc", "scale"), scipy_args=("c", "loc", "scale"),
               transforms=("positive", "real", "positive"),
               defaults={"loc": 0.0, "scale": 1.0},
               constraints={"c": "positive", "scale": "positive"}, support="finite_in",
               support_text="finite values", vec="exp", loc_scale="moments",
               newton_coords=True, dist_functions=DIST_FUNCTIONS),
    FamilySpec("uniform", **{**LS, "support": "uniform_fit_in",
                             "support_text": "values loc <= x <= loc + scale of the fixed "
                                             "parameters (max(x) - min(x) <= scale when only "
                                             "scale is fixed)"},
               loc_scale="moments", dist_functions=DIST_FUNCTIONS),
    FamilySpec("pareto", params=("b", "scale"), scipy_args=("b", "loc", "scale"),
               transforms=("positive", "positive"),
               constraints={"b": "positive", "scale": "positive"},
               **{**POS, "support": "pareto_fit_in",
                  "support_text": "values x > loc (x >= loc + scale when scale is fixed)"},
               vec="log", loglik_paths=frozenset({"logprod"}), dist_functions=DIST_FUNCTIONS),
    FamilySpec("halfnorm", params=("scale",), scipy_args=("loc", "scale"),
               transforms=("positive",), constraints={"scale": "positive"}, **POS_CLOSED,
               dist_functions=DIST_FUNCTIONS),
    FamilySpec("rayleigh", params=("scale",), scipy_args=("loc", "scale"),
               transforms=("positive",), constraints={"scale": "positive"},
               **{**POS, "support": "rayleigh_fit_in"}, vec="log",
               dist_functions=DIST_FUNCTIONS),
    FamilySpec("lomax", params=("c", "scale"), scipy_args=("c", "loc", "scale"),
               transforms=("positive", "positive"),
               constraints={"c": "positive", "scale": "positive"},
               **{**POS, "support": "lomax_fit_in", "support_text": "values x >= loc"},
               vec="log1p", fit_scratch=2, dist_functions=DIST_FUNCTIONS),
    FamilySpec("fisk", params=("c", "scale"), scipy_args=("c", "loc", "scale"),
               transforms=("positive", "positive"),
               constraints={"c": "positive", "scale": "positive"}, **POS, vec="log",
               fit_scratch=2, dist_functions=DIST_FUNCTIONS),
    FamilySpec("burr12", params=("c", "d", "scale"), scipy_args=("c", "d", "loc", "scale"),
               transforms=("positive", "positive", "positive"),
               constraints={"c": "positive", "d": "positive", "scale": "positive"},
               **{**POS, "support": "burr12_fit_in"}, vec="log", fit_scratch=2,
               dist_functions=DIST_FUNCTIONS),
    FamilySpec("nakagami", params=("nu", "scale"), scipy_args=("nu", "loc", "scale"),
               transforms=("positive", "positive"),
               constraints={"nu": "positive", "scale": "positive"}, **POS, vec="log",
               dist_functions=DIST_FUNCTIONS),
    FamilySpec("exponpow", params=("b", "scale"), scipy_args=("b", "loc", "scale"),
               transforms=("positive", "positive"),
               constraints={"b": "positive", "scale": "positive"}, **POS, vec="log",
               dist_functions=DIST_FUNCTIONS),
    FamilySpec("powerlaw", params=("a",), fixed=("loc", "scale"),
               scipy_args=("a", "loc", "scale"), transforms=("positive",),
               defaults={"loc": 0.0, "scale": 1.0},
               constraints={"a": "positive", "scale": "positive"}, support="powerlaw_fit_in",
               support_text="values loc < x <= loc + scale", vec="log",
               dist_functions=DIST_FUNCTIONS),
    FamilySpec("genpareto", params=("c", "scale"), scipy_args=("c", "loc", "scale"),
               transforms=("real", "positive"), constraints={"scale": "positive"},
               **{**POS, "support": "genpareto_fit_in",
                  "support_text": "values x >= loc (x <= loc - scale / c too when c < 0 "
                                  "and scale are fixed)"},
               fit_scratch=2, unbounded_end=True, dist_functions=DIST_FUNCTIONS),
    FamilySpec("genextreme", params=("c", "loc", "scale"), scipy_args=("c", "loc", "scale"),
               transforms=("real", "real", "positive"), defaults={"loc": 0.0, "scale": 1.0},
               constraints={"scale": "positive"}, support="genextreme_fit_in",
               support_text="finite values (inside the support when c, loc and scale are "
                            "all fixed)",
               fit_scratch=2, loc_scale="moments", unbounded_end=True,
               dist_functions=DIST_FUNCTIONS),
    FamilySpec("poisson", params=("mu",), scipy_args=("mu",), transforms=("positive",),
               constraints={"mu": "nonnegative"}, discrete=True, support="count_in",
               support_text="integers x >= 0", stats=Stats(4, ()), dist_functions=DIST_FUNCTIONS),
    FamilySpec("binom", params=("p",), fixed=("n",), scipy_args=("n", "p"),
               transforms=("unit",), constraints={"p": "probability", "n": "count"},
               discrete=True, support="binom_fit_in", support_text="integers 0 <= x <= n",
               stats=Stats(4, (1,)), dist_functions=DIST_FUNCTIONS),
    FamilySpec("geom", params=("p",), scipy_args=("p",), transforms=("unit",),
               constraints={"p": "probability_pos"}, discrete=True, support="geom_fit_in",
               support_text="integers x >= 1", stats=Stats(3, ()), dist_functions=DIST_FUNCTIONS),
    FamilySpec("nbinom", params=("n", "p"), scipy_args=("n", "p"),
               transforms=("positive", "unit"),
               constraints={"n": "positive", "p": "probability_pos"}, discrete=True,
               support="count_in", support_text="integers x >= 0", dist_functions=DIST_FUNCTIONS),
]}

# ---------------------------------------------------------------- fit statuses
# code -> (name, message, outcome): "ok"; "warn": a ConvergenceWarning and the
# best point found; "error": fit() raises, a batch row holds NaN
STATUS = {
    0: ("ok", "converged", "ok"),
    1: ("maxiter", "the iteration limit was reached", "warn"),
    2: ("stalled", "no step increases the likelihood although the score is not ~0", "warn"),
    3: ("too_few", "not enough data (zero total weight)", "error"),
    4: ("degenerate", "the data are degenerate (e.g. all values equal): the maximum "
                      "likelihood lies on the boundary of the parameter space", "error"),
    5: ("outside", "a value lies outside the support", "error"),
    6: ("nan", "the data contain NaN (use nan_policy='omit' to drop it)", "error"),
    7: ("diverged", "a parameter runs off to the boundary of its range (the likelihood's "
                    "supremum lies there); the result is the best point found", "warn"),
    8: ("nonfinite", "the log-likelihood is not finite at the start values", "error"),
    9: ("nomem", "out of memory", "error"),
    10: ("unbounded", "the likelihood grows without limit as an end of the support "
                      "approaches the data (loc -> min(x); beta's loc + scale -> max(x)): "
                      "the density is infinite there (a shape < 1), no maximum exists; the "
                      "result is the best point found next to the data", "warn"),
}
# what a family's start (F_fit_init) returns besides a status: th is the MLE
# (closed form), th holds start values (run Newton), or the MLE with its
# derivatives already in d
INIT = {"done": -1, "newton": -2, "done_d": -3}

# ---------------------------------------------------------------- divergence kinds
# the row kernels' kind codes (fastmle.distances, _py/distances, _cy/_distances)
DIVERGENCES = ("tv", "kl", "js", "hellinger", "cross_entropy", "kl_logits")


def status_code(name):
    """The code of the status ``name`` (e.g. ``"ok"`` -> 0)."""
    for code, entry in STATUS.items():
        if entry[0] == name:
            return code
    raise KeyError(name)
