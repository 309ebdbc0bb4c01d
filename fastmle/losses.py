"""Negative log-likelihood losses of deep learning, with their gradients.

Every function returns ``(loss, grad)`` with torch's definitions, so results
compare 1:1 with ``torch.nn.functional``: ``reduction="mean" | "sum" |
"none"``, float32 or float64 inputs (the maths runs in float64; the results
have the input's dtype).  ``grad`` is the gradient of the reduced loss with
respect to the (first) input, as torch's backward would give.  As in torch, a
mean over an empty batch is nan and a sum 0.

``cross_entropy`` is one compiled pass per row (stable log-softmax fused with
its gradient, rows in parallel); the elementwise losses are numpy expressions.
"""
import math

import numpy as np

from fastmle import _engine
from fastmle._validation import RULES

__all__ = ["binary_cross_entropy_with_logits", "cross_entropy", "gaussian_nll", "kl_div",
           "nll_loss", "poisson_nll"]

_REDUCTIONS = ("mean", "sum", "none")


def _float(a, name, check=True):
    """float32 or float64 values of ``a``; NaN raises unless ``check=False`` (for a
    caller that checks after its kernel, see ``_check_logits``)."""
    arr = np.asarray(a)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be real numbers, got dtype {arr.dtype}")
    if arr.dtype != np.float32:
        arr = arr.astype(np.float64, copy=False)
    if check and np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN")
    return arr


def _check_logits(z):
    if np.isnan(z).any():
        raise ValueError("logits contains NaN")
    if np.isinf(z).any():
        raise ValueError("logits must be finite")


def _input(a):
    """(float64 values, the dtype of the results) of an input tensor."""
    x = _float(a, "input")
    return x.astype(np.float64), x.dtype


def _same_shape(x, a, name):
    """``a`` (float64), which must have the shape of the input ``x`` (torch's rule)."""
    if a.shape != x.shape:
        raise ValueError(f"{name} must have the shape of input {x.shape}, got {a.shape}")
    return a


def _broadcast(a, shape, name):
    """``a`` (float64) broadcast to ``shape``; a ValueError naming both shapes if it
    does not broadcast."""
    a = _float(a, name).astype(np.float64)
    try:
        return np.broadcast_to(a, shape)
    except ValueError:
        raise ValueError(f"{name} of shape {a.shape} does not broadcast to the input's "
                         f"shape {shape}") from None


def _check_reduction(reduction, allowed=_REDUCTIONS):
    if reduction not in allowed:
        raise ValueError(f"reduction must be one of {allowed}, got {reduction!r}")


def _mean(loss, denom):
    """``sum(loss) / denom`` (denom > 0) without overflow in the sum when the mean is
    finite; nan when ``denom`` is 0 (torch's mean over nothing)."""
    if denom == 0:
        return np.nan
    with np.errstate(over="ignore", invalid="ignore"):      # (inf + -inf: nan, as torch)
        total = float(loss.sum())
    if math.isinf(total) and np.isfinite(loss).all():
        return float((loss / denom).sum())      # (the rare overflowing case only)
    return total / denom


def _reduce(loss, grad, reduction, dtype):
    """Reduce elementwise losses; the gradient of the reduced loss."""
    if reduction == "mean":
        return dtype.type(_mean(loss, loss.size)), (grad / max(loss.size, 1)).astype(dtype)
    if reduction == "sum":
        return dtype.type(loss.sum()), grad.astype(dtype)
    return loss.astype(dtype), grad.astype(dtype)


def cross_entropy(logits, target, weight=None, ignore_index=-100, reduction="mean",
                  label_smoothing=0.0, *, engine=None, n_threads=None):
    """``torch.nn.functional.cross_entropy`` and its gradient w.r.t. the logits.

    Parameters
    ----------
    logits : array_like, shape (N, C) or (C,)
    target : array_like
        Class indices, shape (N,) (integers; ``ignore_index`` rows are left
        out), or class probabilities with the shape of ``logits``.
    weight : array_like, shape (C,), optional
        Class weights; a mean divides by the total weight of the targets.
    label_smoothing : float in [0, 1]
        Mixes the target with the uniform distribution over the C classes.
    """
    _check_reduction(reduction)
    engine, nt = _engine.resolve(engine, n_threads)
    z = _float(logits, "logits", check=False)   # checked after the kernel, from its losses
    single = z.ndim == 1
    z = np.ascontiguousarray(z[None, :] if single else z)
    if z.ndim != 2:
        raise ValueError(f"logits must have shape (N, C) or (C,), got {np.shape(logits)}")
    N, C = z.shape
    if C == 0:
        raise ValueError("logits must have at least one class")
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"label_smoothing must be in [0, 1], got {label_smoothing!r}")
    t = np.asarray(target)
    if t.dtype.kind in "iu":
        y = np.ascontiguousarray((t[None] if single else t).reshape(-1), dtype=np.int64)
        if y.shape[0] != N:
            raise ValueError(f"target must hold one class per row: {y.shape[0]} for {N} rows")
        bad = (y != ignore_index) & ((y < 0) | (y >= C))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(f"target class {int(y[i])} at row {i} is outside [0, {C})")
        T = np.empty((0, C))
    else:
        T = _float(t, "target").astype(np.float64)
        T = T[None, :] if single else T
        if T.shape != (N, C):
            raise ValueError(f"probability targets must have the shape of logits {z.shape}, "
                             f"got {np.shape(target)}")
        if label_smoothing:
            T = T * (1.0 - label_smoothing) + label_smoothing / C
        T = np.ascontiguousarray(T)
        y = np.zeros(N, dtype=np.int64)
    W = np.empty(0) if weight is None else np.ascontiguousarray(_float(weight, "weight"),
                                                                 dtype=np.float64)
    if W.size and W.shape != (C,):
        raise ValueError(f"weight must have shape ({C},), got {W.shape}")
    loss = np.empty(N)
    norm = np.empty(N)
    G = np.empty_like(z)
    eps = 0.0 if T.shape[0] else float(label_smoothing)
    with np.errstate(invalid="ignore"):       # NaN logits: raised just below
        rows = _engine.BACKENDS[engine].rows("losses", "cross_entropy_rows")
        rows(z, y, T, W, eps, int(ignore_index), loss, norm, G, True, nt)
    # finite logits give finite row losses: a non-finite one is the cue to look for
    # NaN or infinite logits (one pass over the N losses, not the N x C logits)
    if not np.isfinite(loss).all():
        _check_logits(z)
    dtype = z.dtype
    if reduction == "none":
        out = loss.astype(dtype)
        return (out[0], G[0]) if single else (out, G)
    if reduction == "sum":
        return dtype.type(loss.sum()), (G[0] if single else G)
    denom = float(norm.sum()) if T.shape[0] == 0 else float(N)
    if denom == 0.0:
        # as torch: a mean over no weight (every row left out, or zero class weights,
        # or no row) is nan, and so is the gradient, except on the rows left out (0)
        G[y != ignore_index] = np.nan
        return dtype.type(np.nan), (G[0] if single else G)
    G /= denom
    return dtype.type(_mean(loss, denom)), (G[0] if single else G)


def binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None,
                                     reduction="mean"):
    """``torch.nn.functional.binary_cross_entropy_with_logits`` (stable) and its
    gradient w.r.t. ``input``."""
    _check_reduction(reduction)
    x, dtype = _input(input)
    y = _same_shape(x, _float(target, "target").astype(np.float64), "target")
    lw = 1.0 if pos_weight is None else (_broadcast(pos_weight, x.shape, "pos_weight")
                                         - 1.0) * y + 1.0
    softplus_neg = np.logaddexp(0.0, -x)                     # -log sigmoid(x)
    loss = (1.0 - y) * x + lw * softplus_neg
    grad = (1.0 - y) - lw * np.exp(-softplus_neg - x)         # sigmoid(-x) = exp(-x - softplus(-x))
    if weight is not None:
        w = _broadcast(weight, x.shape, "weight")
        loss = loss * w
        grad = grad * w
    return _reduce(loss, np.broadcast_to(grad, x.shape), reduction, dtype)


def gaussian_nll(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """``torch.nn.functional.gaussian_nll_loss``: ``0.5 (log var + (input - target)^2 /
    var)`` (+ ``0.5 log(2 pi)`` with ``full``), var clamped below at ``eps``.  As in
    torch, var has the input's shape, or that shape with the last axis 1 or left out
    (one variance per row); a single variance also serves every entry.  Returns
    ``(loss, (grad_input, grad_var))``, grad_var of var's shape."""
    _check_reduction(reduction)
    x, dtype = _input(input)
    y = _same_shape(x, _float(target, "target").astype(np.float64), "target")
    v = _float(var, "var").astype(np.float64)
    var_shape = v.shape
    if v.shape != x.shape:
        if v.size == 1:
            v = v.reshape(())
        elif x.ndim and v.shape == x.shape[:-1]:
            v = v[..., None]
        elif not (x.ndim and v.shape[:-1] == x.shape[:-1] and v.shape[-1] == 1):
            raise ValueError(f"var of shape {var_shape} does not fit the input's shape "
                             f"{x.shape} (it must have that shape, or that shape with the "
                             f"last axis 1 or left out)")
    if (v < 0).any():
        i = np.unravel_index(int(np.argmax(v < 0)), v.shape)
        raise ValueError(f"var has a negative entry {float(v[i])!r} at index "
                         f"{tuple(int(k) for k in i)}")
    vc = np.maximum(v, eps)
    d = x - y
    g_in = d / vc
    loss = 0.5 * (np.log(vc) + d * g_in)        # d^2 / var as d (d / var): no overflow
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    g_var = 0.5 * (1.0 / vc - g_in * g_in)
    out, g_in = _reduce(loss, g_in, reduction, dtype)
    g_var = _reduce(loss, g_var, reduction, dtype)[1]
    if v.shape != x.shape:
        # a variance shared by several entries: the sum of their derivatives
        g_var = g_var.sum(axis=-1 if v.ndim else None, keepdims=True).reshape(var_shape)
    return out, (g_in, g_var)


def poisson_nll(input, target, log_input=True, full=False, eps=1e-8, reduction="mean"):
    """``torch.nn.functional.poisson_nll_loss`` and its gradient w.r.t. ``input``:
    ``exp(input) - target * input`` with ``log_input``, else
    ``input - target * log(input + eps)``; ``full`` adds Stirling's term for target > 1."""
    _check_reduction(reduction)
    x, dtype = _input(input)
    y = _same_shape(x, _float(target, "target").astype(np.float64), "target")
    if log_input:
        ex = np.exp(x)
        loss = ex - y * x
        grad = ex - y
    else:
        loss = x - y * np.log(x + eps)
        grad = 1.0 - y / (x + eps)
    if full:
        with np.errstate(divide="ignore", invalid="ignore"):
            stirling = y * np.log(y) - y + 0.5 * np.log(2 * math.pi * y)
        loss = loss + np.where(y > 1, stirling, 0.0)
    return _reduce(loss, grad, reduction, dtype)


def kl_div(input, target, reduction="mean", log_target=False):
    """``torch.nn.functional.kl_div``: ``input`` holds log-probabilities; pointwise
    ``target * (log target - input)`` (0 where target = 0).  ``reduction="batchmean"``
    divides the sum by ``input.shape[0]`` (the KL divergence per sample)."""
    _check_reduction(reduction, _REDUCTIONS + ("batchmean",))
    x, dtype = _input(input)
    t = _same_shape(x, _float(target, "target").astype(np.float64), "target")
    if log_target:
        et = np.exp(t)
        loss = et * (t - x)
        grad = -et
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            loss = np.where(t > 0, t * (np.log(np.where(t > 0, t, 1.0)) - x), 0.0)
        grad = -t
    grad = np.broadcast_to(grad, loss.shape)
    if reduction == "batchmean":
        b = x.shape[0] if x.ndim else 1
        return dtype.type(_mean(loss, b)), (grad / max(b, 1)).astype(dtype)
    return _reduce(loss, grad, reduction, dtype)


def nll_loss(family, params, target, reduction="mean", *, engine=None, n_threads=None):
    """Negative log-likelihood of ``target`` under a fastmle family with per-row
    parameters (a distributional regression head, e.g. Student-t or negative
    binomial), and its gradient with respect to those parameters.

    Parameters
    ----------
    family : str or Family
    params : dict
        Parameter name -> array broadcastable to the target's shape (scipy's
        names; fixed extras such as loc default as usual, binom needs ``n``).
    target : array_like
        The observations, one per row.

    Returns
    -------
    loss : float or ndarray
    grad : dict
        Parameter name -> gradient of the reduced loss w.r.t. that parameter
        (arrays of the target's shape), for the free parameters.
    """
    from fastmle.families import get_family

    _check_reduction(reduction)
    engine, nt = _engine.resolve(engine, n_threads)
    fam = get_family(family)
    if fam.name == "categorical":
        raise ValueError("nll_loss for categorical targets is cross_entropy")
    x = np.ascontiguousarray(_float(target, "target"), dtype=np.float64).reshape(-1)
    shape = np.shape(target)
    unknown = set(params) - set(fam.th_names)
    if unknown:
        raise ValueError(f"{fam.name} has no parameter(s) {sorted(unknown)}; parameters are "
                         f"{fam.th_names}")
    cols = []
    for name in fam.th_names:
        if name in params:
            v = np.asarray(params[name], dtype=np.float64)
        elif name in fam.defaults and name in fam.fixed_names:
            v = np.float64(fam.defaults[name])
        else:
            raise ValueError(f"{fam.name}: parameter {name} is missing")
        try:
            v = np.broadcast_to(v, shape).reshape(-1)
        except ValueError:
            raise ValueError(f"parameter {name} of shape {np.shape(v)} does not broadcast to "
                             f"the target's shape {shape}") from None
        test, text = RULES[fam.constraints.get(name, "finite")]
        ok = test(v)
        if not ok.all():
            i = int(np.flatnonzero(~ok)[0])
            raise ValueError(f"{fam.name}: {name} must be {text}, got {float(v[i])!r} at row {i}")
        cols.append(v)
    TH = np.ascontiguousarray(np.stack(cols, axis=1))
    out = np.empty(x.size)
    G = np.empty((x.size, fam.k))
    _engine.BACKENDS[engine].kernels(fam.name).nll(x, TH, out, G, nt)
    if reduction == "none":
        loss = out.reshape(shape)
    elif reduction == "sum":
        loss = float(out.sum())
    else:
        loss = _mean(out, x.size)
        G /= max(x.size, 1)
    return loss, {name: G[:, i].reshape(shape) for i, name in enumerate(fam.param_names)}
