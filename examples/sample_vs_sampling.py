"""The sample distribution against the sampling distribution: gamma data's
histogram beside the estimator's spread (bootstrap and Fisher normal), and how the
sampling distribution narrows as n grows (as 1/sqrt(n)).

Run: python examples/sample_vs_sampling.py [output directory]
"""
import sys
from pathlib import Path

import numpy as np

import fastmle
from fastmle.plotting import sample_vs_sampling


def main(out=Path(".")):
    rng = np.random.default_rng(2)
    x = rng.gamma(2.0, 1.5, 200)
    fig = sample_vs_sampling(x, "gamma", n_resamples=499, random_state=3)
    fig.savefig(Path(out) / "sample_vs_sampling.png", dpi=80)
    sizes = [50, 200, 800, 3200]
    se = []
    for n in sizes:
        res = fastmle.fit(rng.gamma(2.0, 1.5, n), "gamma")
        boot = res.bootstrap(299, random_state=4)
        se.append(boot.standard_error[0])
        print(f"n = {n:5d}: bootstrap se of a = {se[-1]:.4f}, Fisher {res.stderr['a']:.4f}, "
              f"se * sqrt(n) = {se[-1] * np.sqrt(n):.3f}")
    return np.array(se), np.array(sizes)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("."))
