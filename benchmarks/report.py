"""Markdown table and log-log plot from a pytest-benchmark JSON report.

    pytest benchmarks --benchmark-json=out.json
    python benchmarks/report.py out.json --md bench.md --png bench.png

The per-call time is the benchmark's ``min`` (best of rounds, as
``fastmle bench`` reports) unless ``--stat`` says otherwise.
"""
import argparse
import json
import sys

from fastmle import benchmark as fb
from fastmle.benchmark_fit import distance_table, fit_table


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("json", help="pytest-benchmark JSON (--benchmark-json=...)")
    p.add_argument("--md", default="bench.md", help="markdown table output (default bench.md; "
                                                   "'-' for stdout only)")
    p.add_argument("--png", default="bench.png", help="plot output (default bench.png; "
                                                     "'' for none)")
    p.add_argument("--stat", default="min", choices=["min", "median", "mean"],
                   help="per-call statistic (default min)")
    args = p.parse_args(argv)

    with open(args.json) as fh:
        report = json.load(fh)
    rows = fb.rows_from_pytest_benchmark(report, stat=args.stat)
    if not rows:
        print(f"{args.json}: no fastmle benchmarks (extra_info family/method/n) found",
              file=sys.stderr)
        return 1
    text = fb.table(rows) if any(r["kind"] in ("loglik", "latency") for r in rows) else ""
    if any(r["kind"] in ("fit", "batch") for r in rows):
        text += ("\n\n" if text else "") + fit_table(rows)
    if any(r["kind"] == "distance" for r in rows):
        text += ("\n\n" if text else "") + distance_table(rows)
    if args.stat != "min":
        text = text.replace("best of repeats", f"{args.stat} of rounds")
    mi = report.get("machine_info", {})
    text += (f"\n\nFrom {args.json}: {mi.get('cpu', {}).get('brand_raw', '?')}, "
             f"python {mi.get('python_version', '?')}, {report.get('datetime', '')}\n")
    print(text)
    if args.md and args.md != "-":
        with open(args.md, "w") as fh:
            fh.write(text)
        print(f"table written to {args.md}", file=sys.stderr)
    if args.png:
        # one figure per kind of benchmark with rows over several n
        kinds = [k for k in ("loglik", "distance")
                 if len({r["n"] for r in rows if r["kind"] == k}) > 1]
        for kind in kinds:
            path = args.png if len(kinds) == 1 else args.png.replace(".png", f"_{kind}.png")
            fb.plot(rows, path, kind=kind)
            print(f"plot written to {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
