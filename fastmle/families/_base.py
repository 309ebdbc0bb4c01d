"""Family and frozen-distribution machinery shared by every family module.

A :class:`Family` (e.g. ``fastmle.gamma``) describes parameters in scipy's
names and parametrisation; calling it freezes parameter values into a
:class:`Frozen` distribution whose methods run one loop kernel each on the
chosen engine.  Each family's full parameter vector ``th`` lists its free
parameters (``param_names``, the ones derivatives and fits refer to) and then
its fixed extras (``fixed_names``: loc of positive families, binom's n).
"""
import decimal
import math
import numbers
from collections import namedtuple

import numpy as np

from fastmle import _engine, _spec
from fastmle._validation import as_data, as_params, as_weights, nan_mode

LoglikDerivs = namedtuple("LoglikDerivs", ["loglik", "score", "hessian"])
LoglikDerivs.__doc__ = "Log-likelihood, its gradient and its Hessian from one pass."


def diag_cov(var):
    """Diagonal covariance matrices (..., m, m) from variances (..., m)."""
    var = np.asarray(var, dtype=np.float64)
    out = np.zeros(var.shape + var.shape[-1:])
    i = np.arange(var.shape[-1])
    out[..., i, i] = var
    return out


def unpack_hessian(upper, k):
    """Symmetric k x k matrix from its upper triangle stored row-major."""
    h = np.empty((k, k))
    q = 0
    for i in range(k):
        for j in range(i, k):
            h[i, j] = h[j, i] = upper[q]
            q += 1
    return h


def logdensity_dtype(arr):
    """Working dtype of the elementwise log-density of ``arr`` (checked real and
    numeric): float32 for float32 and float16 input, float64 otherwise."""
    if arr.dtype.kind == "c":
        raise TypeError(f"x must be real, got complex dtype {arr.dtype}")
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"x must be numeric, got dtype {arr.dtype}")
    return np.float32 if arr.dtype in (np.float32, np.float16) else np.float64


def logdensity_result(out, arr):
    """Log-densities ``out`` (working dtype, arr's shape) returned in the input's float
    dtype (float16 input: rounded once from float32; integers give float64)."""
    if arr.dtype == np.float16:
        out = out.astype(np.float16)
    return out[()] if out.ndim == 0 else out


def power_edge(k, at_zero):
    """Log-density at y = 0 of a density ~ y^k near 0 (scipy's xlogy convention):
    ``at_zero`` if k == 0, else -inf for k > 0 and +inf for k < 0."""
    if k == 0:
        return at_zero
    return -np.inf if k > 0 else np.inf


def edge_weights(family, x, w, th, omit):
    """(weights of the points on each support edge of ``family.stats_edges``, weight of
    the points outside the support), in chunks: the rare path of suffstats, run only
    when the per-point statistics flagged a point."""
    ne = len(family.edge_logpdf(th))
    counts = np.zeros(ne + 2)
    step = 1 << 16
    for b in range(0, x.shape[0], step):
        xb = x[b:b + step].astype(np.float64)
        with np.errstate(over="ignore", invalid="ignore"):   # x - loc beyond the range:
            k = family.stats_edges(xb, th)                   # +-inf, outside as it should
        keep = k >= 0
        if omit:
            keep &= ~np.isnan(xb)
        wb = np.ones(xb.shape) if w is None else w[b:b + step]
        counts += np.bincount(k[keep], weights=wb[keep], minlength=ne + 2)[:ne + 2]
    return counts[:ne], float(counts[ne])


def check_random_state(seed):
    """scipy's convention: None -> numpy's global RandomState, an int -> a new
    ``RandomState(seed)``, a ``Generator`` or ``RandomState`` as it is (so a seed gives
    scipy's draws)."""
    if seed is None or seed is np.random:
        return np.random.mtrand._rand
    if isinstance(seed, (np.random.Generator, np.random.RandomState)):
        return seed
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
        return np.random.RandomState(seed)
    raise TypeError(f"random_state must be None, an int seed, a numpy Generator or "
                    f"RandomState, got {seed!r}")


def check_size(size):
    """``size`` as numpy takes it (None, an int or a tuple of ints), each >= 0."""
    if size is None:
        return None
    dims = (size,) if np.ndim(size) == 0 else tuple(size)
    for i, d in enumerate(dims):
        if not isinstance(d, numbers.Integral) or isinstance(d, bool):
            raise TypeError(f"size must be an int or a tuple of ints, got {size!r} "
                            f"(entry {i}: {d!r})")
        if d < 0:
            raise ValueError(f"size must be non-negative, got {size!r} (entry {i}: {d})")
    return tuple(int(d) for d in dims)


def inverse_series(x, coefs):
    """``sum(c_k x^-k, k = 1, 2, ...)`` for the coefficients ``coefs`` (Horner)."""
    r = 1.0 / x
    acc = 0.0
    for c in reversed(coefs):
        acc = (acc + c) * r
    return acc


# j! S(q, j) = sum_i (-1)^(j-i) C(j, i) i^q (S: Stirling numbers of the second kind), the
# j-th finite difference at 0 of k^q, for j = 2, 3, 4 and q <= LOG_MOMENT_TERMS (exact)
LOG_MOMENT_TERMS = 200
FINITE_DIFF = {j: [sum((-1) ** (j - i) * math.comb(j, i) * i ** q for i in range(j + 1))
                   for q in range(LOG_MOMENT_TERMS + 1)] for j in (2, 3, 4)}


def positive_stats(logm1, dk, exists, taylor=None, radius=None):
    """(mean, variance, skewness, excess kurtosis) of a positive X from its raw moments,
    NaN for those beyond the first ``exists`` raw moments (scipy's convention).

    ``logm1()`` = log E[X], ``dk(k)`` = D_k = log(E[X^k] / E[X]^k) (k = 2, 3, 4).  The
    ratios r_j = E[(X - m)^j] / m^j (m = E[X]) are exp(D_k) combinations, which cancel as
    X concentrates about its mean (r_j ~ var^(j/2), D_k ~ var), and so does the fourth
    cumulant r_4 - 3 r_2^2 as X tends to a normal.  ``taylor`` gives instead the Taylor
    coefficients a_n (n = 0..LOG_MOMENT_TERMS) of log E[X^t] = sum a_n t^n, whose series
    in t converges in |t| < ``radius`` >= 5: then E[X^k] / m^k = exp(P(k)),
    P(k) = sum_{n >= 2} a_n (k^n - k), is expanded in powers of k and r_j is the sum of
    their exact j-th finite differences, in decimal arithmetic from the double a_n (with
    2 log10(radius) digits beyond 40): the cancellations above are exact identities in the
    a_n, so they cost no accuracy.  The series is cut once three consecutive terms e_i 4^i
    are below 1e-20 e_2^3 (the fourth cumulant's order as X tends to a normal)."""
    nan = math.nan
    if exists < 1:
        return nan, nan, nan, nan
    m = math.exp(logm1())
    if taylor is not None:
        with decimal.localcontext() as ctx:
            ctx.prec = 40 + 2 * max(0, math.ceil(math.log10(radius)))
            a = [decimal.Decimal(v) for v in taylor]
            p = [decimal.Decimal(0), -sum(a[2:])] + a[2:]
            e = [decimal.Decimal(1)]                               # exp(P(k)) = sum e_i k^i
            small, tiny = 0, decimal.Decimal("1e-20")
            for i in range(1, LOG_MOMENT_TERMS + 1):
                e.append(sum(j * p[j] * e[i - j] for j in range(1, i + 1)) / i)
                small = small + 1 if i > 4 and abs(e[i]) * 4 ** i < tiny * abs(e[2]) ** 3 else 0
                if small == 3:
                    break
            r = {j: sum(e[i] * FINITE_DIFF[j][i] for i in range(j, len(e))) for j in (2, 3, 4)}
            r[4] -= 3 * r[2] * r[2]
            r = {j: float(v) for j, v in r.items()}
    else:
        d = {k: math.expm1(dk(k)) if k <= exists else nan for k in (2, 3, 4)}
        r = {2: d[2], 3: d[3] - 3.0 * d[2], 4: d[4] - 4.0 * d[3] + 6.0 * d[2] - 3.0 * d[2] ** 2}
    r2 = r[2] if exists >= 2 else nan
    return (m, m * m * r2, r[3] / r2 / math.sqrt(r2) if exists >= 3 else nan,
            r[4] / r2 / r2 if exists >= 4 else nan)


def sum_entr_pmf(frozen, start):
    """Entropy ``-sum p log p`` of a discrete distribution: the pmf summed outwards from
    ``start`` (inside the support) in growing chunks, each way until the terms beyond
    the mode stop adding to the sum."""
    lo, hi = frozen.family._support(*frozen.family.standard(frozen.th)[0])
    total = math.fsum(entr_terms(frozen, np.array([start], dtype=np.float64)))
    for step in (1, -1):
        k, width = start, 64
        while lo <= k + step <= hi:
            ks = k + step * np.arange(1, width + 1, dtype=np.float64)
            ks = ks[(ks >= lo) & (ks <= hi)]
            terms = entr_terms(frozen, ks)
            part = math.fsum(terms)
            total += part
            k = ks[-1]
            if terms[-1] <= terms[0] and part <= 1e-17 * abs(total):
                break
            width = min(2 * width, 1 << 20)
    return total


def entr_terms(frozen, ks):
    """-p log p at the points ``ks`` (0 where p = 0)."""
    lp = frozen.logpmf(ks)
    with np.errstate(invalid="ignore"):          # 0 * -inf where p = 0
        return np.where(lp > -np.inf, -np.exp(lp) * lp, 0.0)


class Family:
    """A parametric family with scipy.stats names (``fastmle.<name>``).

    A subclass names its declaration in the registry, ``class Gamma(Family,
    spec="gamma")``, and gets its facts from there (``fastmle._spec``): name,
    parameters, scipy's argument order, defaults, constraints, support.
    """

    spec = None               # the family's fastmle._spec.FamilySpec
    name = None
    param_names = ()          # free parameters, scipy's order
    fixed_names = ()          # fixed extras (loc of positive families, binom's n)
    # a bounded support [loc, loc + scale] whose ends fit can estimate (fastmle.ends): per
    # end, the shape below 1 of which the density is infinite there, or None where it is
    # finite and the likelihood falls as the end leaves the data
    end_shapes = None
    scipy_args = ()           # scipy's positional order of all parameters
    defaults = {}             # defaults of optional parameters
    constraints = {}          # parameter -> rule in fastmle._validation.RULES
    discrete = False
    stats_class = None        # SuffStats subclass for exponential families
    support_text = "finite values"   # where fit() accepts data (error messages)

    def __init_subclass__(cls, spec=None, **kwargs):
        super().__init_subclass__(**kwargs)
        if spec is None:
            return
        s = _spec.FAMILIES[spec]
        cls.spec = s
        cls.name = s.name
        cls.param_names = s.params
        cls.fixed_names = s.fixed
        cls.scipy_args = s.scipy_args
        cls.defaults = dict(s.defaults)
        cls.constraints = dict(s.constraints)
        cls.discrete = s.discrete
        cls.support_text = s.support_text

    def standard(self, th):
        """(shape parameters in scipy's order, loc, scale) of the parameter vector
        ``th``: the standard form scipy's methods take, loc 0 and scale 1 where the
        family has none."""
        p = dict(zip(self.th_names, th.tolist()))
        shapes = tuple(p[a] for a in self.scipy_args if a not in ("loc", "scale"))
        return shapes, p.get("loc", 0.0), p.get("scale", 1.0)

    # the standard form (loc 0, scale 1) in scipy's private methods' signatures
    def _support(self, *shapes):
        """Ends of the standard support."""
        return -np.inf, np.inf

    def _rvs(self, *shapes, size, random_state):
        """Standard draws; by default inversion of ``size`` uniforms (as scipy's)."""
        return self(*shapes).ppf(random_state.uniform(size=size))

    def _stats(self, *shapes):
        """(mean, variance, skewness, excess kurtosis) of the standard form."""
        raise NotImplementedError(f"{self.name}: moments are not available")

    def _entropy(self, *shapes):
        """Entropy of the standard form (nats); None: no closed form (a discrete
        family's pmf is then summed)."""
        return None

    def __reduce__(self):
        # a family pickles as its name: the unpickled one is the registry's own object
        # (results and statistics from Dask workers compare families by identity)
        from fastmle.families import get_family

        return get_family, (self.name,)

    def fit_method(self, free):
        """How fit() estimates the ``free`` parameters (mask) when no closed form applies."""
        return self.spec.fit_method if self.spec is not None else "newton"

    def fit_cov(self, th, free, n):
        """Covariance of the estimates where the observed information does not apply
        (a non-smooth likelihood), for th of shape (nth,) or (G, nth) and n of
        shape () or (G,); None: invert the observed information."""
        return None

    def fit(self, x, weights=None, fixed=None, **kwargs):
        """Maximum likelihood fit to ``x``; see :func:`fastmle.fit`."""
        from fastmle.fit import fit

        return fit(x, self, weights=weights, fixed=fixed, **kwargs)

    @property
    def th_names(self):
        return self.param_names + self.fixed_names

    @property
    def k(self):
        """Number of free parameters."""
        return len(self.param_names)

    def __call__(self, *args, **kwargs):
        """Freeze parameter values, e.g. ``gamma(2.0, scale=3.0)`` or ``gamma(a=2.0)``."""
        if len(args) > len(self.scipy_args):
            raise TypeError(f"{self.name} takes at most {len(self.scipy_args)} positional "
                            f"parameters {self.scipy_args}, got {len(args)}")
        values = dict(self.defaults)
        for name, v in zip(self.scipy_args, args):
            values[name] = v
        for name, v in kwargs.items():
            if name not in self.scipy_args:
                raise TypeError(f"{self.name} has no parameter {name!r}; "
                                f"parameters are {self.scipy_args}")
            if name in self.scipy_args[:len(args)]:
                raise TypeError(f"{self.name}: parameter {name!r} given twice")
            values[name] = v
        missing = [n for n in self.th_names if n not in values]
        if missing:
            raise TypeError(f"{self.name} needs parameter(s) {', '.join(missing)}")
        cls = FrozenDiscrete if self.discrete else FrozenContinuous
        return cls(self, np.array(as_params(self, values), dtype=np.float64))

    def __repr__(self):
        return f"fastmle.{self.name}"

    # exponential families override these three
    def stats_params(self, x, th):
        """Parameters ``s`` of the per-point statistics kernel."""
        raise NotImplementedError

    def stats_from_sums(self, sums, s):
        """Stored sufficient statistics from the kernel's sums."""
        return sums[1:-1].copy()

    def stats_derivs(self, count, values, th):
        """(loglik, gradient, Hessian upper triangle) from sufficient statistics."""
        raise NotImplementedError

    # exponential families whose support has a closed edge that the per-point
    # statistics leave out (gamma's x = loc, beta's y = 0 and 1: the density there
    # is finite, infinite or zero depending on the parameters) override these two
    def stats_edges(self, x, th):
        """Per point of ``x`` (float64): the index of the support edge it is on, -1
        inside the support's interior (or NaN), ``len(edge_logpdf(th))`` outside."""
        return None

    def edge_logpdf(self, th):
        """Log-density at each support edge of ``stats_edges`` under parameters ``th``."""
        return ()


class Frozen:
    """A distribution with all parameters given; the hot path of fastmle."""

    __slots__ = ("family", "th")

    def __init__(self, family, th):
        self.family = family
        self.th = th
        self.th.setflags(write=False)

    @property
    def params(self):
        """All parameter values by name (free parameters first)."""
        return dict(zip(self.family.th_names, self.th.tolist()))

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"fastmle.{self.family.name}({args})"

    def __eq__(self, other):
        return (isinstance(other, Frozen) and other.family is self.family
                and np.array_equal(other.th, self.th))

    def __hash__(self):
        return hash((self.family.name, self.th.tobytes()))

    def _elementwise(self, fn, x, engine, n_threads):
        """The elementwise function ``fn`` of x, the log-density or one of
        ``_spec.DIST_FUNCTIONS`` (shape kept; float32 and float16 input give their
        dtype, anything else float64)."""
        spec = self.family.spec
        if fn != "logpdf" and (spec is None or fn not in spec.dist_functions):
            raise NotImplementedError(f"{self.family.name}.{fn} is not available yet")
        cfg = _engine.resolve(engine, n_threads)
        arr = np.asarray(x)
        flat = np.ascontiguousarray(arr, dtype=logdensity_dtype(arr)).reshape(-1)
        out = np.empty(flat.shape, dtype=flat.dtype)
        if flat.size:
            kernel = (cfg.backend.kernels(self.family.name).logpdf if fn == "logpdf"
                      else cfg.backend.dist(self.family.name, fn))
            kernel(flat, out, self.th, cfg.n_threads)
        return logdensity_result(out.reshape(arr.shape), arr)

    def cdf(self, x, *, engine=None, n_threads=None):
        """Cumulative distribution function P(X <= x)."""
        return self._elementwise("cdf", x, engine, n_threads)

    def sf(self, x, *, engine=None, n_threads=None):
        """Survival function P(X > x), computed directly (not 1 - cdf)."""
        return self._elementwise("sf", x, engine, n_threads)

    def logcdf(self, x, *, engine=None, n_threads=None):
        """log cdf, accurate in the lower tail (never log of a rounded cdf near 0)."""
        return self._elementwise("logcdf", x, engine, n_threads)

    def logsf(self, x, *, engine=None, n_threads=None):
        """log sf, accurate in the upper tail (never ``log(1 - cdf)``)."""
        return self._elementwise("logsf", x, engine, n_threads)

    def ppf(self, q, *, engine=None, n_threads=None):
        """Quantile function, the inverse of cdf: the support's ends at q = 0 and 1,
        NaN outside [0, 1]."""
        return self._elementwise("ppf", q, engine, n_threads)

    def isf(self, q, *, engine=None, n_threads=None):
        """Inverse survival function: ``ppf(1 - q)`` without forming 1 - q."""
        return self._elementwise("isf", q, engine, n_threads)

    def rvs(self, size=None, random_state=None):
        """Random draws, scipy's: the same draws as scipy.stats for the same
        ``random_state`` (None: numpy's global state; an int: ``RandomState(seed)``;
        a ``Generator`` or ``RandomState``).  A float64 scalar when ``size`` is None."""
        rs, size = check_random_state(random_state), check_size(size)
        shapes, loc, scale = self.family.standard(self.th)
        vals = self.family._rvs(*shapes, size=size, random_state=rs) * scale + loc
        return np.float64(vals) if size is None else np.asarray(vals, dtype=np.float64)

    def stats(self, moments="mv"):
        """Mean ('m'), variance ('v'), skewness ('s') and excess kurtosis ('k'), in
        the order of the letters of ``moments``; one value if one letter."""
        bad = set(moments) - set("mvsk")
        if bad or not moments:
            raise ValueError(f"moments must be letters of 'mvsk', got {moments!r}")
        shapes, loc, scale = self.family.standard(self.th)
        with np.errstate(all="ignore"):
            m, v, g1, g2 = (np.float64(u) for u in self.family._stats(*shapes))
            value = {"m": m * scale + loc, "v": v * scale * scale, "s": g1, "k": g2}
        out = tuple(value[c] for c in moments)
        return out[0] if len(out) == 1 else out

    def mean(self):
        """Mean (inf or NaN where it does not exist, as scipy)."""
        return self.stats("m")

    def var(self):
        """Variance."""
        return self.stats("v")

    def std(self):
        """Standard deviation."""
        return np.sqrt(self.var())

    def median(self):
        """Median, ``ppf(0.5)``."""
        return np.float64(self.ppf(0.5))

    def interval(self, confidence):
        """Central interval with probability ``confidence``: (ppf((1 - c)/2),
        ppf((1 + c)/2))."""
        c = float(confidence)
        if not 0.0 <= c <= 1.0:
            raise ValueError(f"confidence must be in the interval [0, 1], got {confidence!r}")
        return np.float64(self.ppf((1.0 - c) / 2)), np.float64(self.ppf((1.0 + c) / 2))

    def support(self):
        """Ends of the support."""
        shapes, loc, scale = self.family.standard(self.th)
        a, b = self.family._support(*shapes)
        return np.float64(a * scale + loc), np.float64(b * scale + loc)

    def _prepare(self, x, weights, nan_policy, engine, n_threads):
        x = as_data(x)
        w = as_weights(weights, x.shape[0]) if weights is not None else None
        omit = nan_mode(x, nan_policy) if nan_policy != "propagate" else False
        return x, w, omit, _engine.resolve(engine, n_threads)

    def loglik(self, x, weights=None, *, nan_policy="propagate", engine=None, n_threads=None):
        """Log-likelihood ``sum(weights * logpdf(x))``, compensated, one pass.

        Parameters
        ----------
        x : array_like, 1-D
            Data (float32 stays float32 in memory; sums accumulate in float64).
        weights : array_like, optional
            Non-negative frequency weights, same length as ``x``.
        nan_policy : {"propagate", "omit", "raise"}
        engine : {None, "cython", "numba", "python"}
        n_threads : int, optional
            Threads (-1: all cores); results do not depend on it.

        Returns
        -------
        float
            ``-inf`` if a point with positive weight is outside the support.
        """
        x, w, omit, cfg = self._prepare(x, weights, nan_policy, engine, n_threads)
        return cfg.backend.kernels(self.family.name).loglik(x, w, self.th, omit, cfg.n_threads)

    def loglik_derivs(self, x, weights=None, *, nan_policy="propagate", engine=None,
                      n_threads=None):
        """Log-likelihood, score and Hessian w.r.t. ``param_names``, from ONE pass.

        Takes the same arguments as :meth:`loglik`; returns a
        ``LoglikDerivs(loglik, score, hessian)`` named tuple.
        """
        x, w, omit, cfg = self._prepare(x, weights, nan_policy, engine, n_threads)
        sums = cfg.backend.kernels(self.family.name).derivs(x, w, self.th, omit, cfg.n_threads)
        k = self.family.k
        return LoglikDerivs(float(sums[0]), sums[1:1 + k].copy(),
                            unpack_hessian(sums[1 + k:], k))

    def score(self, x, weights=None, **kwargs):
        """Gradient of the log-likelihood w.r.t. ``param_names`` (a 1-D array)."""
        return self.loglik_derivs(x, weights, **kwargs).score

    def hessian(self, x, weights=None, **kwargs):
        """Hessian of the log-likelihood w.r.t. ``param_names`` (k x k)."""
        return self.loglik_derivs(x, weights, **kwargs).hessian

    def suffstats(self, x, weights=None, *, nan_policy="propagate", engine=None,
                  n_threads=None):
        """Sufficient statistics of ``x`` (exponential families only), one pass.

        The returned :class:`SuffStats` gives loglik, score and Hessian at any
        values of the free parameters in O(1) and merges with the statistics
        of another chunk (``a + b``).  Fixed extras (loc, binom's n) are those
        of this distribution.
        """
        fam = self.family
        if fam.stats_class is None:
            raise NotImplementedError(f"{fam.name} is not an exponential family: "
                                      "it has no fixed-size sufficient statistics")
        x, w, omit, cfg = self._prepare(x, weights, nan_policy, engine, n_threads)
        s = fam.stats_params(x, self.th)
        sums = cfg.backend.kernels(fam.name).stats(x, w, np.asarray(s, dtype=np.float64), omit,
                                                   cfg.n_threads)
        n_outside, n_edge = float(sums[-1]), None
        if n_outside > 0 and fam.edge_logpdf(self.th):
            # the flagged points may be on a support edge, where the density need not vanish
            n_edge, n_outside = edge_weights(fam, x, w, self.th, omit)
        return fam.stats_class(fam, self.th, float(sums[0]), fam.stats_from_sums(sums, s),
                               n_outside, n_edge)


class FrozenContinuous(Frozen):
    __slots__ = ()

    def entropy(self):
        """Differential entropy (nats)."""
        shapes, _, scale = self.family.standard(self.th)
        h = self.family._entropy(*shapes)
        if h is None:
            raise NotImplementedError(f"{self.family.name}: entropy is not available")
        return np.float64(h + math.log(scale))

    def pdf(self, x, *, engine=None, n_threads=None):
        """Probability density, ``exp(logpdf(x))``."""
        return np.exp(self.logpdf(x, engine=engine, n_threads=n_threads))

    def logpdf(self, x, *, engine=None, n_threads=None):
        """Elementwise log-density (any shape; -inf outside the support)."""
        return self._elementwise("logpdf", x, engine, n_threads)


class FrozenDiscrete(Frozen):
    __slots__ = ()

    def rvs(self, size=None, random_state=None):
        """Random draws, scipy's (see :meth:`Frozen.rvs`): int64 values, an int when
        ``size`` is None."""
        rs, size = check_random_state(random_state), check_size(size)
        vals = self.family._rvs(*self.family.standard(self.th)[0], size=size, random_state=rs)
        return int(vals) if size is None else np.asarray(vals).astype(np.int64)

    def entropy(self):
        """Entropy (nats): closed form where the family has one, else the pmf summed."""
        shapes = self.family.standard(self.th)[0]
        h = self.family._entropy(*shapes)
        if h is None:
            lo, hi = self.family._support(*shapes)
            h = sum_entr_pmf(self, min(max(math.floor(self.mean()), lo), hi))
        return np.float64(h)

    def support(self):
        """Ends of the support (integers; inf where unbounded)."""
        a, b = super().support()
        return (np.int64(a) if np.isfinite(a) else a), (np.int64(b) if np.isfinite(b) else b)

    def pmf(self, x, *, engine=None, n_threads=None):
        """Probability mass, ``exp(logpmf(x))``."""
        return np.exp(self.logpmf(x, engine=engine, n_threads=n_threads))

    def logpmf(self, x, *, engine=None, n_threads=None):
        """Elementwise log-probability (any shape; -inf off the support)."""
        return self._elementwise("logpdf", x, engine, n_threads)


class SuffStats:
    """Sufficient statistics of a data set for one exponential family.

    Attributes
    ----------
    n : float
        Total weight of the points inside the support.
    values : ndarray
        The statistics (family-specific, see the family's module).
    n_outside : float
        Total weight of points outside the support (loglik is then -inf).
    n_edge : ndarray or None
        Total weight of the points on each closed edge of the support that the
        statistics leave out (gamma: x = loc; beta: y = 0, y = 1), whose
        log-density depends on the parameters (see ``Family.stats_edges``).
    """

    def __init__(self, family, th, n, values, n_outside, n_edge=None):
        self.family = family
        self.th = th
        self.n = n
        self.values = values
        self.n_outside = n_outside
        self.n_edge = n_edge

    def __repr__(self):
        edge = "" if self.n_edge is None else f", n_edge={self.n_edge.tolist()!r}"
        return (f"SuffStats({self.family.name}, n={self.n!r}, values={self.values.tolist()!r}, "
                f"n_outside={self.n_outside!r}{edge})")

    def merge(self, other):
        """Statistics of the union of the two data sets."""
        if not isinstance(other, SuffStats) or other.family is not self.family:
            raise TypeError("can only merge sufficient statistics of the same family")
        k = self.family.k
        if not np.array_equal(self.th[k:], other.th[k:]):
            raise ValueError("cannot merge statistics computed with different fixed parameters "
                             f"{self.family.fixed_names}")
        values = self.merge_values(self.n, self.values, other.n, other.values)
        edges = [e for e in (self.n_edge, other.n_edge) if e is not None]
        return type(self)(self.family, self.th, self.n + other.n, values,
                          self.n_outside + other.n_outside, sum(edges) if edges else None)

    __add__ = merge

    @staticmethod
    def merge_values(n1, v1, n2, v2):
        return v1 + v2

    def _theta(self, params):
        fam = self.family
        unknown = set(params) - set(fam.param_names)
        if unknown:
            raise TypeError(f"{fam.name}: unknown free parameter(s) {sorted(unknown)}")
        values = dict(zip(fam.th_names, self.th.tolist()))
        values.update(params)
        return np.array(as_params(fam, values))

    def loglik_derivs(self, **params):
        """Log-likelihood, score and Hessian at ``params`` (default: the frozen values)."""
        th = self._theta(params)
        k = self.family.k
        with np.errstate(all="ignore"):         # IEEE results, as the kernels give
            if self.n_outside > 0:
                ll, g, h = -np.inf, np.full(k, np.nan), np.full((k, k), np.nan)
            else:
                ll, g, h = self.family.stats_derivs(self.n, self.values, th)
                g, h = np.asarray(g, dtype=float), unpack_hessian(h, k)
            if self.n_edge is not None and self.n_edge.any():
                # as the loglik kernel: the edge log-densities, weighted; derivatives NaN
                on = self.n_edge > 0
                ll = ll + np.sum(self.n_edge[on] * np.asarray(self.family.edge_logpdf(th))[on])
                g, h = np.full(k, np.nan), np.full((k, k), np.nan)
        return LoglikDerivs(float(ll), g, h)

    def loglik(self, **params):
        """Log-likelihood at ``params`` in O(1)."""
        return self.loglik_derivs(**params).loglik

    def score(self, **params):
        return self.loglik_derivs(**params).score

    def hessian(self, **params):
        return self.loglik_derivs(**params).hessian


class MomentStats(SuffStats):
    """Statistics (mean, M2) of a (possibly transformed) sample, merged exactly (Chan)."""

    @staticmethod
    def merge_values(n1, v1, n2, v2):
        n = n1 + n2
        if n1 == 0 or n2 == 0:
            return (v1 if n2 == 0 else v2).copy()
        d = v2[0] - v1[0]
        return np.array([v1[0] + d * n2 / n, v1[1] + v2[1] + d * d * n1 * n2 / n])


def move_shift(sums, e):
    """Rows of statistics sums (weight, S1 = sum w d, S2 = sum w d^2, ...) about their
    shifts moved to shifts lower by ``e`` (per row), in place: d -> d + e."""
    W, S1 = sums[:, 0], sums[:, 1].copy()
    sums[:, 1] = S1 + W * e
    sums[:, 2] = sums[:, 2] + 2.0 * e * S1 + W * e * e


def moments_from_sums(sums, shift):
    """(mean, M2) from shifted sums (count, sum d, sum d^2, outside)."""
    n, s1, s2 = sums[0], sums[1], sums[2]
    if n == 0:
        return np.array([np.nan, np.nan])
    # s2 = inf (a square overflowed): M2 is inf, not inf - inf
    return np.array([shift + s1 / n, max(s2 - s1 * (s1 / n), 0.0) if s2 < np.inf else s2])


def first_finite(x, transform=None):
    """A shift close to the data (its first finite value) for accurate moments."""
    head = np.asarray(x[:4096], dtype=np.float64)
    if transform is not None:
        with np.errstate(all="ignore"):
            head = transform(head)
    ok = head[np.isfinite(head)]
    return float(ok[0]) if ok.size else 0.0


class PositiveFamily(Family):
    """A family on (loc, inf) or [loc + scale, inf): loc is fixed (default 0) unless fit's
    ``free=("loc",)`` estimates it (``fastmle.threshold``)."""

    def loc_bound(self, th, isfree, m):
        """The bound loc must stay below (or reach, where the support is closed there)
        given the smallest data value m (th: the parameters, free ones NaN)."""
        return m

    def _support(self, *shapes):
        return 0.0, np.inf

    def stats_params(self, x, th):
        return [th[-1]]
