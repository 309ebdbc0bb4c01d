"""Fits of data that arrive in chunks: ``fastmle.fit_chunks(chunks, family)``.

No chunk is kept beyond its own pass.  The first pass validates every chunk,
counts the data and keeps a deterministic sample of at most ``SAMPLE`` values
(every step-th value of the stream, the step doubling as the stream grows) whose
in-memory fit is the start.  Exponential families also merge the chunks'
sufficient statistics in that pass (``SuffStats``), and Newton then runs on
those statistics in O(1) per iteration: one pass in all.  Other families run
Newton with one pass over the chunks per evaluation of the log-likelihood, score
and Hessian (the chunks' compiled sums added), so ``chunks`` must then be a
callable returning a fresh iterator.  The solver is the engines' own
(``_py/fitting._newton``: the same steps, safeguards and stopping rule), so the
result is the in-memory fit's maximum.

Parameters that are order statistics come from exact reductions
(``fastmle.order_stats``): the sample then carries the data's least and
greatest values, so its fit gives uniform's and pareto's ends exactly and
starts genpareto and genextreme inside the support (whose ends Newton then
respects, as in memory); laplace's loc is the exact weighted median.  Newton
holds those parameters and fits the others.  categorical is one pass of
label counts.  dweibull (a non-smooth, often multimodal likelihood in loc,
fitted in memory by a grid) is not supported.
"""
import math
import types
import warnings

import numpy as np

from fastmle import _engine, _spec
from fastmle._py import fitting as pyfit
from fastmle._solve import (DEFAULT_MAXITER, NOT_CONVERGED, STATUS, _placeholder,
                            resolve_fixed)
from fastmle._validation import as_data, as_maxiter, as_weights
from fastmle.families import get_family
from fastmle.order_stats import ENDS, extremes_block, gap_start, weighted_median
from fastmle.progress import bar
from fastmle.result import ConvergenceWarning, FitResult

SAMPLE = 1 << 16


def fit_chunks(chunks, family, *, fixed=None, engine=None, n_threads=None,
               nan_policy="propagate", maxiter=DEFAULT_MAXITER, progress=False):
    """Maximum likelihood fit of ``family`` to data given in chunks.

    Parameters
    ----------
    chunks : iterable or callable
        Arrays (1-D), or ``(x, weights)`` pairs.  Families that are not exponential
        need several passes: give a callable returning a fresh iterator (e.g.
        ``lambda: (np.load(f) for f in files)``); a one-shot iterator raises.
    family, fixed, engine, n_threads, nan_policy, maxiter
        As for :func:`fastmle.fit`.
    progress : bool
        A progress bar of the chunks read on stderr (tqdm), over all passes.

    Returns
    -------
    FitResult
        The in-memory fit's result (to rounding): the same maximum, status and
        derivatives; ``n_iter`` counts the Newton iterations from the sample's fit.
    """
    family = get_family(family)
    maxiter = as_maxiter(maxiter)
    engine, nt = _engine.resolve(engine, n_threads)
    stream = Stream(chunks, nan_policy, progress)
    try:
        if family.name == "categorical":
            from fastmle.fit import fit_categorical_counts, label_counts_block, merge_counts

            return fit_categorical_counts(stream.reduce(label_counts_block, (engine, stream.omit),
                                                        merge_counts), family, fixed)
        th, isfree = resolve_fixed(family, fixed)
        stats = family.stats_class is not None
        if not stats and not stream.repeatable:
            raise TypeError(f"{family.name} needs several passes over the chunks: give a "
                            f"callable returning a fresh iterator (e.g. lambda: "
                            f"iter(chunks)), not a one-shot iterator")
        first = stream.first_pass(family, th, stats, engine, nt)
        if first.n == 0 or not first.W > 0:
            raise ValueError(f"cannot fit {family.name}: {STATUS[3][1]}")
        try:
            plan = Plan(family, first, fixed, isfree, engine, stream.reduce)
        except ValueError:
            stream.raise_outside(family, th)       # names the value in the whole stream
            raise
        kern = _engine.BACKENDS[engine].kernels(family.name).derivs

        def derivs(th_now):
            if stats:
                return _stats_d(first.stats, family, th_now)
            d = np.zeros(family.spec.nderiv)
            for x, w in stream.chunks():
                d += kern(x, w, th_now, stream.omit, nt)
            return d

        return solve(family, plan, isfree, derivs, first.W, maxiter, stats, "chunks",
                     lambda th_now: stream.raise_outside(family, th_now))
    finally:
        if stream.tick is not None:
            stream.tick.close()


class Plan:
    """How Newton over the parts starts: th (from the fit of the sample, which carries
    the data's extremes for the families with moving ends), the parameters it holds
    (order statistics), the statistics its unbounded-end rule reads, and the status of
    a start that is already the answer (a boundary point of the sample's closed form)."""

    def __init__(self, family, first, fixed, isfree, engine, reduce):
        sample, sample_w = first.sample, first.sample_w
        name = family.name
        if name in ENDS:
            sample = np.concatenate([sample, [first.lo, first.hi]])
            if sample_w is not None:
                sample_w = np.concatenate([sample_w, [1.0, 1.0]])
        res = sample_fit(family, sample, sample_w, fixed, engine)
        self.th, self.st, self.unbounded = res.th.copy(), np.zeros(8), None
        self.hold = np.zeros(family.k, bool)
        self.below_one = False          # dweibull: diverged unless c > 1 at loc's start
        code = _spec.status_code(res.status)
        self.done = code if (code and res.n_iter == 0) else None
        if name == "uniform":
            self.hold[:] = True          # its closed form reads the extremes only
        elif name == "pareto":
            self.hold[1] = True          # the scale is the least value
        elif name == "dweibull" and isfree[1] and not isfree[0] and self.th[0] == 1.0:
            self.th[1] = weighted_median(reduce, first.W, first.sample)    # laplace's
            self.hold[1] = True
        elif name == "dweibull" and isfree[1] and res.status == "diverged":
            # c < 1 (the density infinite at loc): as in memory, c and scale profiled
            # at loc's start, the fit reported there
            loc = gap_start(reduce)
            if loc is None:
                raise ValueError(f"cannot fit {name}: {STATUS[_spec.status_code('degenerate')][1]}")
            self.th[1], self.hold[1], self.below_one = loc, True, True
        elif name == "laplace" and isfree[0]:
            self.th[0] = weighted_median(reduce, first.W, first.sample)
            self.hold[0] = True
        elif name == "genpareto":
            self.st[0] = first.hi - self.th[2]
            self.unbounded = pyfit.genpareto_fit_unbounded
        elif name == "genextreme":
            self.st[0], self.st[1] = first.hi, first.lo
            self.unbounded = pyfit.genextreme_fit_unbounded


def solve(family, plan, isfree, derivs, W, maxiter, stats, over, raise_outside):
    """Newton from ``plan`` with the derivatives ``derivs(th)`` (summed over the chunks,
    or from merged statistics): the FitResult, or the error of a fit that fails
    (``raise_outside(th)`` names a value outside the support)."""
    d = np.empty(family.spec.nderiv)
    th = plan.th.copy()
    newton = _newton_for(family, derivs, plan.unbounded)
    kinds = np.array([_spec.TRANSFORMS.index(t) for t in family.spec.transforms], np.int64)
    free = (isfree.astype(bool) & ~plan.hold).astype(isfree.dtype)
    if plan.done is not None:
        free[:] = 0
    status, n_iter = newton(None, None, plan.st, family.k, kinds, free, th, maxiter, d)
    if plan.done is not None:
        status = plan.done
    if plan.below_one:
        if th[0] > 1.0:            # the sample misled: on to the full maximum
            status, more = newton(None, None, plan.st, family.k, kinds, isfree, th, maxiter, d)
            n_iter += more
        elif status in (0, _spec.status_code("maxiter"), _spec.status_code("stalled")):
            status = _spec.status_code("diverged")
    if not np.isfinite(d[0]):
        raise_outside(th)
    if status not in STATUS or (status != 0 and status not in NOT_CONVERGED):
        raise ValueError(f"cannot fit {family.name}: {STATUS.get(status, ('', '?'))[1]}")
    res = FitResult(family, th, isfree, d, W, status, n_iter)
    res.method = f"newton over {over}" + (" (sufficient statistics)" if stats else "")
    if status:
        warnings.warn(f"{family.name} fit did not converge: {res.message}", ConvergenceWarning,
                      stacklevel=3)
    return res


def _newton_for(family, derivs, unbounded=None):
    """The engines' Newton solver with the derivatives from ``derivs(th)`` (and the
    family's unbounded-end rule, where it has one)."""
    def dv(x, w, st, th, d):
        d[:] = derivs(th)
    return types.FunctionType(pyfit._newton.__code__,
                              {**vars(pyfit), "dv": dv,
                               "unbounded": unbounded or pyfit.never_unbounded})


def _stats_d(stats, family, th):
    """[loglik, score, Hessian upper triangle] from merged sufficient statistics."""
    k = family.k
    r = stats.loglik_derivs(**dict(zip(family.param_names, th[:k].tolist())))
    out = [r.loglik, *r.score]
    for i in range(k):
        out += list(r.hessian[i, i:])
    return np.array(out)


def sample_fit(family, x, w, fixed, engine):
    """The in-memory fit of a sample: the start of Newton over the chunks."""
    from fastmle.fit import fit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return fit(x, family, weights=w, fixed=fixed, engine=engine)


class FirstPass:
    """What the first pass learns: size, total weight, the sample, the statistics."""

    def __init__(self):
        self.n, self.W, self.stats = 0, 0.0, None
        self.sample, self.sample_w = None, None
        self.lo, self.hi = math.inf, -math.inf      # over the values of positive weight


class Stream:
    """The chunks, as (x, w) pairs validated like fit's input; repeatable if a callable."""

    def __init__(self, chunks, nan_policy, progress=False):
        self.source = chunks
        self.tick = bar(None, "chunk", "chunks read") if progress else None
        self.repeatable = callable(chunks)
        self.used = False
        if nan_policy not in ("propagate", "raise", "omit"):
            raise ValueError(f"nan_policy must be 'propagate', 'raise' or 'omit', got "
                             f"{nan_policy!r}")
        # NaN cannot be fitted: an error under "propagate" and "raise", left out by "omit"
        self.omit = nan_policy == "omit"

    def chunks(self):
        if self.repeatable:
            it = self.source()
        else:
            if self.used:
                raise TypeError("the one-shot iterator of chunks was already used up")
            self.used = True
            it = self.source
        for item in it:
            x, w = (item if isinstance(item, tuple) else (item, None))
            x = as_data(x, "chunk", allow_empty=True)
            if self.tick is not None:
                self.tick.update(1)
            if w is not None:
                w = chunk_weights(w, x.shape[0])
            yield x, w

    def first_pass(self, family, th, stats, engine, nt):
        out = FirstPass()
        step, kept, kept_w = 1, [], []
        offset = 0
        frozen = None
        for x, w in self.chunks():
            if self.omit and np.isnan(x).any():
                keep = ~np.isnan(x)
                x, w = x[keep], None if w is None else w[keep]
            elif np.isnan(x).any():
                i = int(np.flatnonzero(np.isnan(x))[0])
                raise ValueError(f"cannot fit {family.name}: {STATUS[6][1]}; first at index "
                                 f"{offset + i} (value nan)")
            first = (-offset) % step        # the chunk's first index that is a multiple
            kept.append(x[first::step].astype(np.float64))
            kept_w.append(None if w is None else w[first::step])
            out.n += x.shape[0]
            out.W += float(x.shape[0] if w is None else w.sum())
            if family.name in ENDS:
                lo, hi = extremes_block(x, w, offset)
                out.lo, out.hi = min(out.lo, lo), max(out.hi, hi)
            offset += x.shape[0]
            if stats and x.shape[0] and (w is None or w.any()):
                frozen = frozen or _stats_frozen(family, th)
                s = frozen.suffstats(x, w, engine=engine, n_threads=nt)
                if s.n_outside > 0:
                    _raise_outside_in(family, frozen, x, w, offset - x.shape[0])
                out.stats = s if out.stats is None else out.stats.merge(s)
            while sum(v.shape[0] for v in kept) > SAMPLE:        # halve the sample
                step *= 2
                starts = np.cumsum([0] + [v.shape[0] for v in kept[:-1]])
                new, new_w = [], []
                for v, vw, s0 in zip(kept, kept_w, starts):
                    pos = (s0 + np.arange(v.shape[0])) % 2 == 0
                    new.append(v[pos])
                    new_w.append(None if vw is None else vw[pos])
                kept, kept_w = new, new_w
        out.sample = np.concatenate(kept) if kept else np.empty(0)
        out.sample_w = None if all(v is None for v in kept_w) else np.concatenate(
            [np.ones(v.shape[0]) if vw is None else vw for v, vw in zip(kept, kept_w)])
        return out

    def reduce(self, block_fn, args, merge):
        """``merge`` of ``block_fn(x, w, offset, *args)`` over the chunks (one pass)."""
        parts, offset = [], 0
        for x, w in self.chunks():
            parts.append(block_fn(x, w, offset, *args))
            offset += x.shape[0]
        return merge(parts)

    def raise_outside(self, family, th):
        """The error naming the first value outside the support (over all chunks)."""
        offset = 0
        probe = _stats_frozen(family, th)
        if self.repeatable:
            for x, w in self.chunks():
                _raise_outside_in(family, probe, x, w, offset)
                offset += x.shape[0]
        raise ValueError(f"cannot fit {family.name}: {STATUS[5][1]}")


def chunk_weights(w, n):
    """A chunk's weights validated as fit's, all zero allowed (the chunk adds nothing)."""
    a = np.asarray(w)
    if a.shape == (n,) and a.dtype.kind in "biuf" and not a.any():
        return np.zeros(n)
    return as_weights(w, n)


def _raise_outside_in(family, probe, x, w, offset):
    """Raise naming the first value of chunk x (at ``offset`` in the stream) outside
    the support, if there is one."""
    with np.errstate(all="ignore"):
        lp = probe.logpdf(x)
    bad = ~np.isfinite(lp) & ~np.isnan(x)
    if w is not None:
        bad &= w > 0
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"cannot fit {family.name}: {STATUS[5][1]}; first at index "
                         f"{offset + i} (value {float(x[i])!r})")


def _stats_frozen(family, th):
    """A distribution with th's fixed values and valid placeholders for the free ones."""
    values = dict(zip(family.th_names, th.tolist()))
    for name in family.param_names:
        if math.isnan(values[name]):
            values[name] = _placeholder(family, name)
    return family(**values)
