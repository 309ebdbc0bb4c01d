"""The ``fastmle`` command line: ``fastmle <command> [options]``.

Commands
--------
``bench``
    time the log-likelihood against numpy, scipy, numba-stats and hardware
    limits; print a markdown table, optionally write a log-log plot and JSON.

Each command is a ``_add_<name>(subparsers)`` that registers its options and
sets ``func``, a callable taking the parsed arguments and returning the exit
status; add new commands (fit, rank, ...) the same way and list them in
``_COMMANDS``.  Heavy imports happen inside the command functions, so
``fastmle --help`` is fast.
"""
import argparse
import json
import sys
import time

QUICK_SIZES = (1_000, 100_000, 1_000_000)
FULL_SIZES = tuple(10 ** e for e in range(2, 8))      # 1e2 .. 1e7


def _size(text):
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if v < 1 or v != int(v):
        raise argparse.ArgumentTypeError(f"size must be a positive integer, got {text!r}")
    return int(v)


def _sizes(values):
    """``["1e3,1e4", "1e5"]`` -> ``[1000, 10000, 100000]`` (commas or spaces)."""
    return sorted({_size(s) for v in values for s in v.split(",") if s.strip()})


def _csv(text):
    return [s.strip() for s in text.split(",") if s.strip()]


# --- bench ---------------------------------------------------------------------------

def _add_bench(sub):
    from fastmle.benchmark import FAMILIES, METHODS   # light: numpy/scipy/fastmle only

    p = sub.add_parser(
        "bench", help="benchmark the log-likelihood against numpy, scipy, numba-stats",
        description="Time sum-of-logpdf for each family and method (1 thread, best of "
                    "repeats) and print a markdown table of ns per element with speed-ups "
                    "vs the python engine and scipy. Default sizes: 1e2..1e7; the "
                    "fastmle-python engine runs only up to --python-max-n.")
    p.add_argument("--quick", action="store_true",
                   help="sizes 1e3,1e5,1e6 and shorter timings (< 1 min); no plot unless "
                        "--plot is given")
    p.add_argument("--families", type=_csv, default=list(FAMILIES),
                   help=f"comma-separated (default: {','.join(FAMILIES)})")
    p.add_argument("--methods", type=_csv, default=list(METHODS),
                   help=f"comma-separated (default: {','.join(METHODS)})")
    p.add_argument("--sizes", nargs="+", metavar="N",
                   help="sizes, e.g. --sizes 1e3 1e5 or --sizes 1e3,1e5 (overrides --quick's)")
    p.add_argument("--python-max-n", type=_size, default=100_000,
                   help="largest n for the fastmle-python engine (default 1e5)")
    p.add_argument("--min-time", type=float, default=None,
                   help="seconds per timing repeat (default 0.2; 0.04 with --quick)")
    p.add_argument("--plot", metavar="PATH", default=None,
                   help="write the log-log scaling plot (PNG) here (default without "
                        "--quick: bench.png)")
    p.add_argument("--no-plot", action="store_true", help="do not write a plot")
    p.add_argument("--json", metavar="PATH", help="also write the rows as JSON")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=_bench)
    return p


def _bench(args):
    from fastmle import benchmark

    for f in args.families:
        if f not in benchmark.FAMILIES:
            print(f"fastmle bench: unknown family {f!r}; choose from "
                  f"{', '.join(benchmark.FAMILIES)}", file=sys.stderr)
            return 2
    for m in args.methods:
        if m not in benchmark.METHODS:
            print(f"fastmle bench: unknown method {m!r}; choose from "
                  f"{', '.join(benchmark.METHODS)}", file=sys.stderr)
            return 2
    if args.sizes:
        try:
            sizes = _sizes(args.sizes)
        except argparse.ArgumentTypeError as exc:
            print(f"fastmle bench: {exc}", file=sys.stderr)
            return 2
    else:
        sizes = list(QUICK_SIZES if args.quick else FULL_SIZES)
    plot_path = None if args.no_plot else (args.plot or (None if args.quick else "bench.png"))

    notes, skipped = [], {}

    def log(msg):
        if msg.startswith(("np.dot ", "threadpoolctl ")):
            notes.append(msg)
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    rows = benchmark.run(sizes, args.families, args.methods, python_max_n=args.python_max_n,
                         quick=args.quick, min_time=args.min_time, log=log, skipped=skipped)
    elapsed = time.perf_counter() - t0
    by_reason = {}
    for (fam, m), reason in skipped.items():
        by_reason.setdefault((m, reason), []).append(fam)
    for (m, reason), fams in by_reason.items():
        notes.append(f"skipped {m} ({', '.join(fams)}): {reason}")
    print(benchmark.table(rows))
    print()
    for note in notes:
        print(f"- {note}")
    print(f"- {_machine()}; total {elapsed:.1f} s")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(dict(rows=rows, notes=notes, machine=_machine()), fh, indent=1)
        print(f"- rows written to {args.json}")
    if plot_path and any(r.get("kind", "loglik") == "loglik" for r in rows):
        try:
            benchmark.plot(rows, plot_path)
        except ImportError as exc:
            print(f"- no plot: {exc} (pip install matplotlib)")
        else:
            print(f"- plot written to {plot_path}")
    return 0


def _machine():
    import os
    import platform

    import numpy as np

    import fastmle

    return (f"fastmle {fastmle.__version__}, numpy {np.__version__}, python "
            f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} cpus")


# --- entry point ---------------------------------------------------------------------

_COMMANDS = (_add_bench,)


def build_parser():
    """The argparse parser with one subparser per command."""
    parser = argparse.ArgumentParser(
        prog="fastmle", description="fastmle: fast, exact maximum likelihood.")
    sub = parser.add_subparsers(dest="command", metavar="<command>")
    sub.required = True
    for add in _COMMANDS:
        add(sub)
    return parser


def main(argv=None):
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
