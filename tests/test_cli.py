"""The command line (``python -m fastmle``) through subprocess: fit and compare on
CSV, Parquet and stdin, JSON/CSV output parsed back, every error path's exit status
and message."""
import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import fastmle


def run(*args, stdin=None):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (os.path.dirname(os.path.dirname(
        os.path.abspath(fastmle.__file__))), env.get("PYTHONPATH")) if p)
    return subprocess.run([sys.executable, "-m", "fastmle", *args], input=stdin,
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"x": rng.gamma(2.0, 1.5, 600), "site": rng.choice(["a", "b"], 600),
                       "w": rng.integers(1, 3, 600).astype(float), "name": "v",
                       "neg": rng.normal(0.0, 1.0, 600)})
    df.to_csv(d / "data.csv", index=False)
    df.to_parquet(d / "data.parquet")
    pd.DataFrame({"x": pd.Series([], dtype=float)}).to_csv(d / "empty.csv", index=False)
    (d / "junk.parquet").write_bytes(b"not a parquet file")
    return d, df


def test_fit_csv_json_is_fastmle_fit(files):
    d, df = files
    out = run("fit", str(d / "data.csv"), "--column", "x", "--family", "gamma",
              "--format", "json")
    assert out.returncode == 0, out.stderr
    (row,) = json.loads(out.stdout)
    ref = fastmle.fit(df["x"].to_numpy(), "gamma")
    assert row["a"] == pytest.approx(ref.params["a"], rel=1e-12)
    assert row["loglik"] == pytest.approx(ref.loglik, rel=1e-12) and row["status"] == "ok"


def test_fit_parquet_by_group_csv(files, tmp_path):
    d, df = files
    dest = tmp_path / "fits.csv"
    out = run("fit", str(d / "data.parquet"), "-c", "x", "--by", "site", "-f", "weibull_min",
              "--weights", "w", "--format", "csv", "--output", str(dest))
    assert out.returncode == 0, out.stderr
    got = pd.read_csv(dest).set_index("site")
    for key, part in df.groupby("site"):
        ref = fastmle.fit(part["x"].to_numpy(), "weibull_min", weights=part["w"].to_numpy())
        assert got.loc[key, "c"] == pytest.approx(ref.params["c"], rel=1e-10)


def test_stdin_and_fixed_and_free(files):
    d, df = files
    text = (d / "data.csv").read_text()
    out = run("fit", "-", "-c", "x", "-f", "gamma", "--fixed", "scale=1.5", "--format", "json",
              stdin=text)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)[0]["scale"] == 1.5
    out = run("fit", "-", "-c", "x", "-f", "gamma", "--free", "loc", "--format", "json",
              stdin=text)
    ref = fastmle.fit(df["x"].to_numpy(), "gamma", free=("loc",))
    assert json.loads(out.stdout)[0]["loc"] == pytest.approx(ref.params["loc"], rel=1e-10)


def test_compare_table_and_json(files, tmp_path):
    d, df = files
    out = run("compare", str(d / "data.parquet"), "-c", "x")
    assert out.returncode == 0, out.stderr
    assert "sorted by AIC (lower is better)" in out.stderr
    assert out.stdout.splitlines()[0].split()[:2] == ["family", "status"]
    png = tmp_path / "cmp.png"
    out = run("compare", str(d / "data.csv"), "-c", "x", "--families", "gamma,lognorm,norm",
              "--gof", "--n-mc-samples", "19", "--seed", "1", "--format", "json",
              "--plot", str(png))
    rows = json.loads(out.stdout)
    ref = fastmle.compare(df["x"].to_numpy(), ["gamma", "lognorm", "norm"])
    assert [r["family"] for r in rows] == list(ref.ranking)
    assert all(0 < r["gof_pvalue"] <= 1 for r in rows)
    assert png.stat().st_size > 1000


def test_families_and_version():
    out = run("families", "--format", "json")
    rows = {r["family"]: r for r in json.loads(out.stdout)}
    assert rows["gamma"]["parameters"] == "a scale loc" and rows["poisson"]["kind"] == "discrete"
    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"fastmle {fastmle.__version__}"


@pytest.mark.parametrize("args, code, message", [
    (["fit", "{d}/missing.csv", "-c", "x", "-f", "gamma"], 2, "no such file"),
    (["fit", "{d}/data.csv", "-c", "y", "-f", "gamma"], 2, "its columns are ['x', 'site'"),
    (["fit", "{d}/data.parquet", "-c", "name", "-f", "gamma"], 2, "must be numeric"),
    (["fit", "{d}/data.csv", "-c", "x", "-f", "gama"], 2, "did you mean 'gamma'"),
    (["fit", "{d}/empty.csv", "-c", "x", "-f", "gamma"], 2, "is empty"),
    (["fit", "{d}/junk.parquet", "-c", "x", "-f", "gamma"], 2, "cannot read"),
    (["fit", "{d}/data.csv", "-c", "x", "-f", "gamma", "--fixed", "scale"], 2, "name=number"),
    (["fit", "{d}/data.csv", "-c", "neg", "-f", "gamma"], 1, "outside the support"),
    (["compare", "{d}/data.csv", "-c", "neg", "--families", "gamma,lognorm"], 1,
     "outside the support"),
    (["fit", "{d}/data.csv", "-c", "x"], 2, "--family"),
])
def test_errors(files, args, code, message):
    d, _ = files
    out = run(*[a.format(d=d) for a in args])
    assert out.returncode == code, (out.stdout, out.stderr)
    assert message in out.stderr
