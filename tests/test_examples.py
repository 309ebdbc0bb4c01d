"""The examples in examples/ run, print what they claim and write their figures."""
import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("matplotlib")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_why_log_likelihood(tmp_path):
    product, loglik, exact = load("why_log_likelihood").main(tmp_path)
    assert product == 0.0 and math.isfinite(loglik)
    assert loglik == pytest.approx(exact, rel=1e-14)
    assert (tmp_path / "why_log_likelihood.png").stat().st_size > 5000


def test_normal_mle_bias(tmp_path):
    mean = load("normal_mle_bias").main(tmp_path)
    assert mean == pytest.approx(4 / 5 * 4.0, abs=0.05)      # (n - 1)/n sigma^2, sd 0.016
    assert abs(mean - 4.0) > 0.7
    assert (tmp_path / "normal_mle_bias.png").stat().st_size > 5000


def test_sample_vs_sampling(tmp_path):
    se, sizes = load("sample_vs_sampling").main(tmp_path)
    scaled = se * np.sqrt(sizes)                                # ~ constant: 1/sqrt(n)
    assert scaled.max() / scaled.min() < 1.3 and se[0] / se[-1] > 5
    assert (tmp_path / "sample_vs_sampling.png").stat().st_size > 10000


def test_interval_coverage(tmp_path):
    cov, negative = load("interval_coverage").main(tmp_path, R=100, B=49)
    # at n = 10: profile nearest the nominal 95% for the scale, Wald's far below it,
    # the percentile bootstrap's well below both
    assert cov[("profile", "scale")] > cov[("wald", "scale")] + 0.03
    assert cov[("bootstrap", "scale")] < cov[("profile", "scale")]
    assert (tmp_path / "interval_coverage.png").stat().st_size > 5000
