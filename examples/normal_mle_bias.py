"""Estimating a normal by maximum likelihood: the closed form (mean, and the 1/n
variance), and the bias of the 1/n variance seen in its sampling distribution:
over many samples of size n its mean is (n - 1)/n sigma^2.

Run: python examples/normal_mle_bias.py [output directory]
"""
import sys
from pathlib import Path

import numpy as np

import fastmle


def main(out=Path("."), n=5, samples=20000):
    rng = np.random.default_rng(1)
    x = rng.normal(10.0, 2.0, (samples, n))
    batch = fastmle.fit(x, "norm", axis=1)          # one closed-form fit per row
    var = batch.params["scale"] ** 2
    print(f"MLE of sigma^2 over {samples} samples of n = {n}: mean {var.mean():.4f}; "
          f"(n - 1)/n sigma^2 = {(n - 1) / n * 4.0:.4f}; sigma^2 = 4")

    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 3.4), layout="constrained")
    ax = fig.subplots()
    ax.hist(var, bins=120, range=(0, 16), density=True, color="0.8")
    ax.axvline(4.0, color="C0", label="sigma^2 = 4")
    ax.axvline(var.mean(), color="C3", ls="--", label=f"mean of the MLE = {var.mean():.2f}")
    ax.set(title=f"sampling distribution of the MLE of sigma^2, n = {n}",
           xlabel="estimate", ylabel="density")
    ax.legend(frameon=False)
    fig.savefig(Path(out) / "normal_mle_bias.png", dpi=80)
    return var.mean()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("."))
