"""Progress bars for long work (``progress=True``): tqdm, imported when first used,
written to stderr."""
import sys


def bar(total=None, unit="it", desc=None):
    """A tqdm bar on stderr (``total`` None: a counter)."""
    try:
        from tqdm import tqdm
    except ImportError:
        raise ImportError("progress=True needs tqdm (pip install tqdm)") from None
    return tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, leave=False)


def dask_bar():
    """Dask's progress bar on stderr for the local schedulers (a context manager)."""
    from dask.diagnostics import ProgressBar

    return ProgressBar(out=sys.stderr)
