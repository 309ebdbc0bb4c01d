"""Fits of a column of Parquet or CSV files, streamed (pyarrow; no Dask needed).

``fit_parquet(paths, column, family)`` streams the column one Parquet row group (or
one CSV block) at a time through :func:`fastmle.fit_chunks`, so memory stays bounded
by one row group's decoded column; files ending in ``.csv`` (or ``.csv.gz``...) are
read by pyarrow's streaming CSV reader through the same path.  With ``by=`` the key
and value columns are read into memory and fitted by :func:`fastmle.fit_batch`.
"""
import os

import numpy as np

__all__ = ["fit_parquet", "read_parquet_column"]


def _paths(paths):
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    out = [os.fspath(p) for p in paths]
    if not out:
        raise ValueError("no files given")
    return out


def _is_csv(path):
    return ".csv" in os.path.basename(path).lower()


def _batches(path, columns):
    """Record batches of ``columns`` of one file: a Parquet row group or a CSV block
    at a time."""
    if _is_csv(path):
        from pyarrow import csv

        _check_columns(path, columns, csv.open_csv(path).schema.names)   # (the header)
        reader = csv.open_csv(path, convert_options=csv.ConvertOptions(
            include_columns=columns))
        for batch in reader:
            yield batch
        return
    import pyarrow.parquet as pq

    # one row group at a time, read serially through a 1 MB buffer (no pre-buffering):
    # the reader's own memory stays near one row group's (threads and pre-buffered
    # column chunks added tens of MB of allocator arenas)
    f = pq.ParquetFile(path, buffer_size=1 << 20, pre_buffer=False)
    _check_columns(path, columns, f.schema_arrow.names)
    for i in range(f.num_row_groups):
        yield f.read_row_group(i, columns=columns, use_threads=False)


def _check_columns(path, columns, names):
    for c in columns:
        if c not in names:
            raise KeyError(f"column {c!r} is not in {path}; its columns are {list(names)}")


def _values(batch, column, path):
    """A column of a batch as float data (nulls as NaN)."""
    import pyarrow as pa

    col = batch.column(column)
    if not (pa.types.is_floating(col.type) or pa.types.is_integer(col.type)
            or pa.types.is_boolean(col.type)):
        raise TypeError(f"column {column!r} of {path} must be numeric, got {col.type}")
    x = col.to_numpy(zero_copy_only=False)
    return x if x.dtype in (np.float32, np.float64) else x.astype(np.float64)


def iter_column(paths, column, weights=None):
    """The column (and a weights column), one row group / CSV block at a time."""
    for path in _paths(paths):
        cols = [column] + ([weights] if weights else [])
        for batch in _batches(path, cols):
            x = _values(batch, column, path)
            yield x if not weights else (x, _values(batch, weights, path))


def read_parquet_column(paths, column, by=None, weights=None):
    """The column of Parquet (or CSV) files as one array; with ``by`` (a key column or
    a list of them) also the keys: ``(x, keys)``, keys an array or a tuple of arrays;
    with ``weights`` (a column) also the weights, last."""
    keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
    extra = [weights] if weights else []
    xs, ks, ws = [], [[] for _ in keys], []
    for path in _paths(paths):
        for batch in _batches(path, [column] + keys + extra):
            xs.append(_values(batch, column, path))
            for j, k in enumerate(keys):
                ks[j].append(batch.column(k).to_numpy(zero_copy_only=False))
            if weights:
                ws.append(_values(batch, weights, path))
    x = np.concatenate(xs) if xs else np.empty(0)
    out = [x]
    if by is not None:
        cols = tuple(np.concatenate(k) if k else np.empty(0) for k in ks)
        out.append(cols[0] if len(cols) == 1 else cols)
    if weights:
        out.append(np.concatenate(ws) if ws else np.empty(0))
    return out[0] if len(out) == 1 else tuple(out)


def fit_parquet(paths, column, family, by=None, weights=None, **kw):
    """Fit ``family`` to a column of Parquet (or CSV) files.

    Without ``by``: streamed by row group through :func:`fastmle.fit_chunks` (memory
    bounded by one row group; one pass for exponential families, a pass per Newton
    evaluation for the others).  With ``by``: the groups' fits
    (:func:`fastmle.fit_batch`) of the key and value columns read into memory.
    ``weights`` names a weights column.  Other keywords as for those functions.
    """
    from fastmle.batch import fit_batch
    from fastmle.chunked import fit_chunks

    if by is None:
        return fit_chunks(lambda: iter_column(paths, column, weights), family, **kw)
    if weights is not None:
        x, keys, w = read_parquet_column(paths, column, by, weights)
    else:
        (x, keys), w = read_parquet_column(paths, column, by), None
    res = fit_batch(x, family, groups=keys, weights=w, **kw)
    res.group_names = (by,) if isinstance(by, str) else tuple(by)
    return res
