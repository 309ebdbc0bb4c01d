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


def dask_compute(obj, progress=False):
    """``obj.compute()``, with a progress bar on stderr if ``progress``: Dask's own on
    the local schedulers, a tqdm bar of the graph's finished tasks on a
    ``distributed.Client`` (polled on the scheduler)."""
    if not progress:
        return obj.compute()
    client = _client()
    if client is None:
        from dask.diagnostics import ProgressBar

        with ProgressBar(out=sys.stderr):
            return obj.compute()
    import time

    import dask

    # the keys the scheduler will run (a dask-expr frame lowers its expression)
    obj = obj.optimize() if hasattr(obj, "optimize") else dask.optimize(obj)[0]
    keys = list(dict(obj.__dask_graph__()))
    future = client.compute(obj, optimize_graph=False)
    tick = bar(len(keys), "task", "dask tasks")
    try:
        while True:
            done = future.done()
            n = client.run_on_scheduler(_finished, keys)
            tick.update(n - tick.n)
            if done:
                return future.result()
            time.sleep(0.1)
    finally:
        tick.close()


def _client():
    """The default distributed.Client, if there is one."""
    import dask

    if dask.config.get("scheduler", None) not in (None, "dask.distributed", "distributed"):
        return None
    try:
        from distributed import default_client
        return default_client()
    except (ImportError, ValueError):
        return None


def _finished(keys, dask_scheduler=None):
    """The keys finished on the scheduler (in memory, or already released)."""
    tasks = dask_scheduler.tasks
    return sum(1 for k in keys if k not in tasks or tasks[k].state in ("memory", "released",
                                                                        "forgotten"))
