"""Wald vs profile vs bootstrap intervals: their coverage of gamma's true parameters
by simulation at a small n (seeded, R samples of n = 10).

Run: python examples/interval_coverage.py [output directory]
"""
import math
import sys
import warnings
from pathlib import Path

import numpy as np

import fastmle

TRUTH = {"a": 2.0, "scale": 1.5}
METHODS = ("wald", "profile", "bootstrap")


def main(out=Path("."), n=10, R=200, B=99):
    rng = np.random.default_rng(5)
    hits = {(m, k): 0 for m in METHODS for k in TRUTH}
    negative = 0
    for r in range(R):
        x = rng.gamma(TRUTH["a"], TRUTH["scale"], n)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = fastmle.fit(x, "gamma")
            boot = res.bootstrap(B, random_state=r).confidence_interval
            cis = {"wald": res.conf_int(), "profile": res.conf_int(method="profile"),
                   "bootstrap": {k: (boot.low[i], boot.high[i])
                                 for i, k in enumerate(res.free)}}
        negative += cis["wald"]["scale"][0] < 0
        for m in METHODS:
            for k, v in TRUTH.items():
                hits[(m, k)] += cis[m][k][0] <= v <= cis[m][k][1]
    cov = {key: h / R for key, h in hits.items()}
    sd = math.sqrt(0.95 * 0.05 / R)
    for m in METHODS:
        print(f"{m:>9}: coverage of a {cov[(m, 'a')]:.3f}, of scale {cov[(m, 'scale')]:.3f} "
              f"(nominal 0.95, Monte Carlo sd {sd:.3f})")
    print(f"Wald's scale interval reached below 0 in {negative} of {R} samples")

    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 3.4), layout="constrained")
    ax = fig.subplots()
    pos = np.arange(len(METHODS))
    for j, k in enumerate(TRUTH):
        ax.bar(pos + 0.38 * j, [cov[(m, k)] for m in METHODS], width=0.36, label=k,
               yerr=2 * sd, capsize=3)
    ax.axhline(0.95, color="0.3", ls="--", lw=1)
    ax.set_xticks(pos + 0.19, METHODS)
    ax.set_ylim(0.6, 1.0)
    ax.set(title=f"coverage of 95% intervals, gamma, n = {n} ({R} samples)",
           ylabel="coverage")
    ax.legend(frameon=False, loc="lower right")
    fig.savefig(Path(out) / "interval_coverage.png", dpi=80)
    return cov, negative


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("."))
