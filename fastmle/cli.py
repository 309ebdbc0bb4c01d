"""The ``fastmle`` command line: ``fastmle <command> [options]``.

Commands
--------
``fit FILE --column C --family F``
    one fit of a column of a CSV or Parquet file (``-``: CSV on stdin), or one per
    group with ``--by``; a table, JSON or CSV.
``compare FILE --column C``
    rank the families on the column (``fastmle.compare``), with ``--gof`` the
    goodness-of-fit p-values, with ``--plot`` the densities drawn.
``families``
    the families: parameters, support, fit method.
``bench``
    time the log-likelihood against numpy, scipy, numba-stats and hardware
    limits; print a markdown table, optionally write a log-log plot and JSON.

Exit status: 0 success, 1 a fit failed (a message says why), 2 a usage error (a bad
option, a missing file or column, an unknown family).

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


# --- data files ----------------------------------------------------------------------

class UsageError(Exception):
    """Bad input from the command line: exit status 2 with the message."""


def _read(args, by=(), weights=None):
    """The column (float array) of FILE, with the ``by`` key columns and the weights
    column: ``(x, keys or None, w or None)``.  CSV or Parquet (pyarrow), ``-``: CSV on
    stdin."""
    import numpy as np

    from fastmle import files

    cols = [args.column, *by] + ([weights] if weights else [])
    if args.file == "-":
        import pyarrow as pa
        from pyarrow import csv

        try:
            table = csv.read_csv(sys.stdin.buffer)
        except (pa.ArrowInvalid, OSError) as exc:
            raise UsageError(f"cannot read CSV from stdin: {exc}") from None
        files._check_columns("stdin", cols, table.schema.names)
        x = files._values(table, args.column, "stdin")
        keys = [table.column(k).to_numpy(zero_copy_only=False) for k in by]
        w = files._values(table, weights, "stdin") if weights else None
    else:
        _exists(args.file)
        try:
            out = files.read_parquet_column(args.file, args.column, list(by) or None, weights)
        except (OSError, ValueError) as exc:
            if isinstance(exc, FileNotFoundError):
                raise UsageError(f"no such file: {args.file}") from None
            raise UsageError(f"cannot read {args.file}: {exc}") from None
        out = out if isinstance(out, tuple) else (out,)
        x = out[0]
        keys = list(out[1]) if by and len(by) > 1 else ([out[1]] if by else [])
        w = out[-1] if weights else None
    if x.size == 0:
        raise UsageError(f"column {args.column!r} of {args.file} is empty")
    keys = None if not by else (keys[0] if len(keys) == 1 else tuple(keys))
    return np.asarray(x), keys, w


def _empty(args):
    """Whether the column holds no values (NaN and nulls aside)."""
    import numpy as np

    from fastmle import files

    return not any(np.any(~np.isnan(x)) for x in files.iter_column(args.file, args.column))


def _exists(path):
    import os

    if not os.path.exists(path):
        raise UsageError(f"no such file: {path}")


def _fixed(items):
    out = {}
    for item in items or ():
        name, sep, value = item.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise UsageError(f"--fixed takes name=number, got {item!r}") from None
        if not sep or not name.strip():
            raise UsageError(f"--fixed takes name=number, got {item!r}")
    return out


def _family(name):
    from fastmle.families import FAMILIES, did_you_mean

    if name not in FAMILIES:
        raise UsageError(f"unknown family {name!r}{did_you_mean(name, FAMILIES)}; see "
                         f"'fastmle families'")
    return name


def _emit(args, rows, columns):
    """Print (or write to --output) rows as a table, JSON or CSV."""
    import csv as pycsv
    import io
    import math

    def plain(v):
        if isinstance(v, float) and not math.isfinite(v):
            return None if args.format == "json" else str(v)
        return v
    rows = [{c: plain(r.get(c)) for c in columns} for r in rows]
    if args.format == "json":
        text = json.dumps(rows, indent=1, default=float) + "\n"
    elif args.format == "csv":
        buf = io.StringIO()
        writer = pycsv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        text = buf.getvalue()
    else:
        cells = [[_cell(r[c]) for c in columns] for r in rows]
        width = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
        lines = ["  ".join(c.ljust(width[i]) for i, c in enumerate(columns))]
        lines += ["  ".join(v.ljust(width[i]) for i, v in enumerate(row)) for row in cells]
        text = "\n".join(lines) + "\n"
    if args.output:
        with open(args.output, "w") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)


def _cell(v):
    if isinstance(v, float):
        return f"{v:.8g}"
    return "" if v is None else str(v)


def _add_io(p, by=True):
    p.add_argument("file", metavar="FILE", help="a CSV or Parquet file, or - for CSV on stdin")
    p.add_argument("--column", "-c", required=True, help="the column of values")
    if by:
        p.add_argument("--by", nargs="+", default=[], metavar="G",
                       help="key column(s): one fit per group")
    p.add_argument("--weights", metavar="W", help="a column of frequency weights")
    p.add_argument("--free", nargs="+", metavar="NAME",
                   help="parameters fixed by default to estimate (loc)")
    p.add_argument("--fixed", nargs="+", metavar="NAME=VALUE", help="parameters held fixed")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("--output", "-o", metavar="PATH", help="write the output here")
    p.add_argument("--threads", "-j", type=int, default=-1,
                   help="threads of the compiled kernels (default -1: all cores)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar on stderr")


# --- fit -----------------------------------------------------------------------------

def _add_fit(sub):
    p = sub.add_parser("fit", help="fit a family to a column of a CSV or Parquet file",
                       description="Maximum likelihood fit of one family to a column "
                                   "(one fit per group with --by).")
    _add_io(p)
    p.add_argument("--family", "-f", required=True, help="e.g. gamma (see fastmle families)")
    p.set_defaults(func=_fit)


def _fit(args):
    import fastmle

    family = _family(args.family)
    fixed = _fixed(args.fixed)
    progress = not args.quiet and sys.stderr.isatty()
    if args.by:
        x, keys, w = _read(args, args.by, args.weights)
        batch = fastmle.fit_batch(x, family, groups=keys, weights=w, fixed=fixed or None,
                                  free=args.free, nan_policy="omit", progress=progress,
                                  n_threads=args.threads)
        names = list(batch.family.th_names)
        rows = []
        for g in range(len(batch)):
            row = _fit_row(batch[g])
            key = batch.groups[g]
            row.update(zip(args.by, key if isinstance(key, tuple) else (key,)))
            rows.append(row)
    else:
        if args.free or args.file == "-":
            x, _, w = _read(args, (), args.weights)
            res = fastmle.fit(x, family, weights=w, fixed=fixed or None, free=args.free,
                              nan_policy="omit", n_threads=args.threads)
        else:               # streamed, a Parquet row group / CSV block at a time
            import pyarrow as pa

            _exists(args.file)
            try:
                res = fastmle.fit_parquet(args.file, args.column, family,
                                          weights=args.weights, fixed=fixed or None,
                                          nan_policy="omit", progress=progress,
                                          n_threads=args.threads)
            except (OSError, pa.ArrowInvalid) as exc:
                raise UsageError(f"cannot read {args.file}: {exc}") from None
            except ValueError:
                if _empty(args):
                    raise UsageError(f"column {args.column!r} of {args.file} is empty") \
                        from None
                raise
        rows, names = [_fit_row(res)], list(res.params)
    cols = [*args.by, "family", *names, "loglik", "aic", "bic", "n", "status", "converged"]
    _emit(args, rows, cols)
    failed = [r for r in rows if r["status"] not in ("ok",)]
    for r in failed[:5]:
        where = ", ".join(f"{k}={r[k]}" for k in args.by)
        print(f"fastmle fit: {r['family']} {where + ': ' if where else ''}{r['status']}: "
              f"{r['message']}", file=sys.stderr)
    return 1 if failed else 0


def _fit_row(res):
    return dict(family=res.family.name, **res.params, loglik=res.loglik, aic=res.aic,
                bic=res.bic, n=res.n, status=res.status, converged=res.converged,
                message=res.message)


# --- compare -------------------------------------------------------------------------

def _add_compare(sub):
    from fastmle.compare import CRITERIA

    p = sub.add_parser("compare", help="rank the families on a column",
                       description="Fit every candidate family to a column and rank them "
                                   "(lower is better for every criterion).")
    _add_io(p, by=False)
    p.add_argument("--families", default="common",
                   help="common, all, or a comma-separated list (default: common)")
    p.add_argument("--criterion", choices=CRITERIA, default="aic")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--discrete", dest="discrete", action="store_true", default=None,
                      help="counts: rank the discrete families")
    kind.add_argument("--continuous", dest="discrete", action="store_false",
                      help="rank the continuous families even for integer data")
    p.add_argument("--gof", action="store_true",
                   help="add goodness-of-fit p-values (parametric bootstrap)")
    p.add_argument("--gof-statistic", choices=("ad", "ks", "cvm"), default="ad")
    p.add_argument("--n-mc-samples", type=_size, default=199,
                   help="null samples of the goodness-of-fit test (default 199)")
    p.add_argument("--seed", type=int, default=None, help="the tests' random_state")
    p.add_argument("--plot", metavar="PNG", help="draw the data with the best densities")
    p.set_defaults(func=_compare)


def _compare(args):
    import fastmle
    from fastmle.compare import COLUMNS

    families = args.families
    if families not in ("common", "all"):
        families = [_family(f) for f in _csv(families)]
    fixed = _fixed(args.fixed)
    x, _, w = _read(args, (), args.weights)
    comp = fastmle.compare(x, families, weights=w, criterion=args.criterion,
                           discrete=args.discrete, fixed=fixed or None, free=args.free,
                           nan_policy="omit", n_threads=args.threads,
                           progress=not args.quiet and sys.stderr.isatty())
    cols = [c for c in COLUMNS if c not in ("converged", "gof_pvalue", "params", "reason")]
    if args.gof:
        comp.goodness_of_fit(args.gof_statistic, args.n_mc_samples, args.seed,
                             n_threads=args.threads)
        cols.append("gof_pvalue")
    cols += ["params", "reason"]
    _emit(args, comp.rows, cols)
    if args.format == "table":
        print(f"sorted by {args.criterion.upper()} ({comp.direction})",
              file=sys.stderr if args.output is None else sys.stdout)
    if args.plot:
        fig = comp.plot("density")
        fig.savefig(args.plot)
    fitted = [r for r in comp.rows if r["status"] != "skipped"]
    if not fitted:
        for r in comp.rows:
            print(f"fastmle compare: {r['family']}: {r['reason']}", file=sys.stderr)
        return 1
    return 0


# --- families ------------------------------------------------------------------------

def _add_families(sub):
    p = sub.add_parser("families", help="list the families",
                       description="The families: parameters, support and fit method.")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("--output", "-o", metavar="PATH", help="write the output here")
    p.set_defaults(func=_families)


def _families(args):
    from fastmle.families import FAMILIES

    rows = []
    for name, fam in sorted(FAMILIES.items()):
        spec = fam.spec
        rows.append(dict(family=name, kind="discrete" if fam.discrete else "continuous",
                         parameters=" ".join(fam.th_names),
                         support=spec.support_text if spec else "categories 0..k-1",
                         fit=spec.fit_method if spec else "closed-form"))
    _emit(args, rows, ["family", "kind", "parameters", "support", "fit"])
    return 0


# --- entry point ---------------------------------------------------------------------

_COMMANDS = (_add_fit, _add_compare, _add_families, _add_bench)


def build_parser():
    """The argparse parser with one subparser per command."""
    from fastmle import __version__

    parser = argparse.ArgumentParser(
        prog="fastmle", description="fastmle: fast, exact maximum likelihood.")
    parser.add_argument("--version", action="version", version=f"fastmle {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="<command>")
    sub.required = True
    for add in _COMMANDS:
        add(sub)
    return parser


def main(argv=None):
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"fastmle {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyError as exc:                     # a missing column (the file's are listed)
        print(f"fastmle {args.command}: {exc.args[0]}", file=sys.stderr)
        return 2
    except TypeError as exc:                    # a non-numeric column
        print(f"fastmle {args.command}: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:                   # the data cannot be fitted
        print(f"fastmle {args.command}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
