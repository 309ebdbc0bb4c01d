"""Distance and loss benchmarks (not part of the default test run).

    pytest benchmarks/test_distances.py --benchmark-json=dist.json
    python benchmarks/report.py dist.json --md dist.md

W1 (unweighted and weighted) against scipy, POT and the two numpy sorts (and
the weighted path's pair sort against argsort + gathers); KL,
TV and JS against scipy / numpy and the proxies ``np.log(x, out=buf)`` and
``np.sum(x)``; cross-entropy forward + gradient against torch.
``FASTMLE_BENCH_DIST_SIZES`` (default 1e3,1e5,1e7) narrows the run; calls
slower than a second are timed with one round.
"""
import os

import numpy as np
import pytest

import fastmle

SIZES = [int(float(s)) for s in
         os.environ.get("FASTMLE_BENCH_DIST_SIZES", "1e3,1e5,1e7").split(",")]
SEED = 20261125


def _samples(n, weighted):
    rng = np.random.default_rng(SEED)
    u, v = rng.normal(size=n), rng.normal(0.5, 2.0, size=n)
    w = (rng.uniform(size=n), rng.uniform(size=n)) if weighted else (None, None)
    return u, v, w


def _w1_methods(u, v, uw, vw):
    import scipy.stats

    methods = {
        "fastmle": lambda: fastmle.wasserstein(u, v, u_weights=uw, v_weights=vw),
        "scipy": lambda: scipy.stats.wasserstein_distance(u, v, uw, vw),
        "np.sort x2": (lambda: (np.argsort(u), np.argsort(v))) if uw is not None
        else (lambda: (np.sort(u), np.sort(v))),
    }
    try:
        import ot

        a = None if uw is None else uw / uw.sum()
        b = None if vw is None else vw / vw.sum()
        methods["POT"] = lambda: ot.wasserstein_1d(u, v, a, b, p=1)
    except ImportError:
        pass
    if u.size <= 100_000 and uw is None:
        us, vs = u.tolist(), v.tolist()
        methods["python"] = lambda: sum(abs(a - b) for a, b in zip(sorted(us), sorted(vs))) / len(us)
    return methods


@pytest.mark.parametrize("n", SIZES, ids=lambda n: f"n{n:.0e}")
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("method", ["fastmle", "scipy", "POT", "np.sort x2", "python"])
def test_wasserstein_1(benchmark, method, weighted, n):
    u, v, (uw, vw) = _samples(n, weighted)
    fn = _w1_methods(u, v, uw, vw).get(method)
    if fn is None:
        pytest.skip(f"{method} not available here")
    name = "W1 weighted" if weighted else "W1"
    benchmark.group = f"{name} n={n:.0e}"
    benchmark.extra_info.update(family=name, method=method, n=n, kind="distance")
    if n >= 10_000_000:
        benchmark.pedantic(fn, rounds=1 if method in ("scipy", "POT") else 3, iterations=1)
    else:
        benchmark(fn)


@pytest.mark.parametrize("n", SIZES, ids=lambda n: f"n{n:.0e}")
@pytest.mark.parametrize("method", ["fastmle", "numpy"])
def test_sort_pairs(benchmark, method, n):
    """The weighted path's sort: values with their weights, by fastmle's radix sort of
    the pairs or by numpy's argsort and two gathers."""
    from fastmle._cy import best_module

    u, _, (w, _) = _samples(n, True)
    U, W = u[None, :], w[None, :]
    if method == "fastmle":
        sort_rows = best_module("distances").sort_rows

        def fn():
            us, ws = np.empty_like(U), np.empty_like(W)
            sort_rows(U, W.view(np.uint64), us, ws.view(np.uint64), 1)
            return us, ws
    else:
        def fn():
            order = np.argsort(u)
            return u[order], w[order]
    benchmark.group = f"sort pairs n={n:.0e}"
    benchmark.extra_info.update(family="sort (value, weight)", method=method, n=n,
                                kind="distance")
    benchmark(fn)


def _pq(n):
    rng = np.random.default_rng(SEED)
    return rng.dirichlet(np.ones(n)), rng.dirichlet(np.ones(n))


def _div_methods(name, p, q):
    import scipy.special
    from scipy.spatial.distance import jensenshannon

    buf = np.empty_like(p)
    own = {"KL": fastmle.kl_divergence, "TV": fastmle.total_variation,
           "JS": fastmle.js_divergence}[name]
    methods = {"fastmle": lambda: own(p, q)}
    if name == "KL":
        methods["scipy"] = lambda: scipy.special.rel_entr(p, q).sum()
        methods["np.log"] = lambda: np.log(p, out=buf)
    elif name == "TV":
        methods["numpy"] = lambda: 0.5 * np.abs(p - q).sum()
        methods["np.sum"] = lambda: np.sum(p)
    else:
        methods["scipy"] = lambda: jensenshannon(p, q) ** 2
        methods["np.log"] = lambda: np.log(p, out=buf)
    return methods


@pytest.mark.parametrize("n", SIZES, ids=lambda n: f"n{n:.0e}")
@pytest.mark.parametrize("name", ["KL", "TV", "JS"])
@pytest.mark.parametrize("method", ["fastmle", "scipy", "numpy", "np.log", "np.sum"])
def test_divergence(benchmark, name, method, n):
    p, q = _pq(n)
    fn = _div_methods(name, p, q).get(method)
    if fn is None:
        pytest.skip(f"no {method} for {name}")
    benchmark.group = f"{name} n={n:.0e}"
    benchmark.extra_info.update(family=name, method=method, n=n, kind="distance")
    benchmark(fn)


@pytest.mark.parametrize("method", ["fastmle", "torch", "numpy"])
def test_cross_entropy_forward_backward(benchmark, method):
    from scipy.special import log_softmax, softmax

    rng = np.random.default_rng(SEED)
    z = rng.normal(size=(100_000, 10))
    y = rng.integers(0, 10, 100_000)
    if method == "fastmle":
        def fn():
            return fastmle.losses.cross_entropy(z, y)
    elif method == "torch":
        torch = pytest.importorskip("torch")
        torch.set_num_threads(1)
        zt0, yt = torch.tensor(z), torch.tensor(y)

        def fn():
            zt = zt0.clone().requires_grad_(True)
            loss = torch.nn.functional.cross_entropy(zt, yt)
            loss.backward()
            return loss.item(), zt.grad
    else:
        onehot = np.eye(10)[y]

        def fn():
            loss = -log_softmax(z, axis=1)[np.arange(y.size), y].mean()
            return loss, (softmax(z, axis=1) - onehot) / y.size
    benchmark.group = "cross-entropy 1e5 x 10"
    benchmark.extra_info.update(family="cross-entropy fwd+grad", method=method, n=1_000_000,
                                kind="distance")
    benchmark.pedantic(fn, rounds=200, warmup_rounds=3)     # a steady minimum on a noisy box
