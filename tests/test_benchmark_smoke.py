"""Smoke test of the benchmark tooling (fastmle.benchmark, `fastmle bench`); no timings."""
import subprocess
import sys

import pytest

from fastmle import benchmark as fb

METHODS = ["fastmle-cython", "numpy", "scipy"]


def test_run_rows_and_table():
    msgs = []
    rows = fb.run([100], ["gamma"], METHODS, min_time=0.005, latency_n=10, log=msgs.append)
    loglik = [r for r in rows if r["kind"] == "loglik"]
    latency = [r for r in rows if r["kind"] == "latency"]
    assert [r["method"] for r in loglik] == METHODS
    assert len(latency) == 1
    for r in rows:
        assert set(r) == {"family", "method", "n", "seconds", "ns_per_elem", "kind"}
        assert r["family"] == "gamma"
        assert r["seconds"] > 0
        assert r["ns_per_elem"] == pytest.approx(r["seconds"] / r["n"] * 1e9)
    assert {r["n"] for r in loglik} == {100}

    text = fb.table(rows)
    lines = text.splitlines()
    table = [ln for ln in lines if ln.startswith("|")]
    assert len(table) == 2 + len(METHODS)            # header, rule, one row per method
    ncols = table[0].count("|")
    assert all(ln.count("|") == ncols for ln in table)
    assert "n=1e2" in table[0] and "x vs scipy" in table[0] and "x vs python" in table[0]
    assert any(ln.startswith("Small-n latency") for ln in lines)


def test_cases_agree_with_scipy():
    """Every loglik method of every case computes the same log-likelihood (as scipy)."""
    for family in fb.FAMILIES:
        values = fb.check(family, n=500, methods=["fastmle-cython", "numpy", "scipy"])
        assert set(values) == {"fastmle-cython", "numpy", "scipy"}


def test_unknown_names():
    with pytest.raises(ValueError):
        fb.run([100], ["nope"], ["numpy"])
    with pytest.raises(ValueError):
        fb.make("gamma", "nope", fb.data("gamma", 10))


def test_cli_help():
    res = subprocess.run([sys.executable, "-m", "fastmle", "bench", "--help"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "--quick" in res.stdout


def test_import_is_light():
    code = ("import sys, fastmle.benchmark; "
            "bad = [m for m in ('matplotlib', 'numba', 'pytest', 'numba_stats') "
            "if m in sys.modules]; print(bad); sys.exit(bool(bad))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr


def _rows(kind, family, methods, sizes):
    return [dict(kind=kind, family=family, method=m, n=n, seconds=n * 1e-9 * (i + 1),
                 ns_per_elem=(i + 1.0)) for i, m in enumerate(methods) for n in sizes]


def test_plot_loglik_and_distance_panels(tmp_path):
    pytest.importorskip("matplotlib")
    rows = (_rows("loglik", "gamma", ["fastmle-cython", "np.log"], [1e3, 1e5])
            + _rows("distance", "W1", ["fastmle", "scipy", "np.sort x2"], [1e3, 1e5, 1e7])
            + _rows("distance", "KL", ["fastmle", "scipy"], [1e3, 1e5])
            + _rows("distance", "cross-entropy", ["fastmle", "torch"], [1e6]))   # single n
    for kind in ("loglik", "distance"):
        path = fb.plot(rows, str(tmp_path / f"{kind}.png"), kind=kind)
        with open(path, "rb") as fh:
            assert fh.read(8) == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError, match="no distance rows over several n"):
        fb.plot(_rows("distance", "cross-entropy", ["fastmle"], [1e6]), str(tmp_path / "x.png"),
                kind="distance")
