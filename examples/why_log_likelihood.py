"""Why the log-likelihood: the product of 1,000 normal densities underflows to 0.0,
while the log-likelihood is finite and exact.

Run: python examples/why_log_likelihood.py [output directory]
"""
import math
import sys
from pathlib import Path

import numpy as np

import fastmle


def main(out=Path(".")):
    x = np.random.default_rng(0).normal(0.0, 1.0, 1000)
    dens = fastmle.norm(0.0, 1.0).pdf(x)
    product = 1.0
    for p in dens:
        product *= p                       # every factor is below 0.4
    loglik = fastmle.norm(0.0, 1.0).loglik(x)
    exact = math.fsum(-0.5 * v * v - 0.5 * math.log(2 * math.pi) for v in x)
    print(f"product of the 1000 densities: {product!r}")
    print(f"log-likelihood: {loglik!r} (math.fsum of the log-densities: {exact!r})")

    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 3.2), layout="constrained")
    a, b = fig.subplots(1, 2)
    running = np.cumprod(dens)
    a.semilogy(np.arange(1, 1001), np.maximum(running, 1e-320))
    a.set(title="product of the first k densities", xlabel="k", ylabel="product (log axis)")
    a.axhline(5e-324, color="C3", ls="--", lw=1)
    b.plot(np.arange(1, 1001), np.cumsum(np.log(dens)))
    b.set(title="sum of the first k log-densities", xlabel="k", ylabel="log-likelihood")
    fig.savefig(Path(out) / "why_log_likelihood.png", dpi=80)
    return product, loglik, exact


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("."))
