"""pytest-benchmark suite for the log-likelihood (not part of the default test run).

The cases (families, data, methods) come from :mod:`fastmle.benchmark`, the
same ones ``fastmle bench`` times; the knobs (environment variables) are
described in ``test_loglik.py`` and ``README.md``.
"""
import pytest

from fastmle import benchmark as fb


@pytest.fixture(scope="session", autouse=True)
def _blas_one_thread():
    """np.dot (the memory-bound proxy) runs with BLAS limited to one thread, if possible."""
    with fb.blas_single_thread() as note:
        yield note


@pytest.fixture(scope="session")
def bench_data():
    """``bench_data(family, n)``: the case's data; only the latest array is kept (1e7 = 80 MB)."""
    last = {}

    def get(family, n):
        key = (family, n)
        if key not in last:
            last.clear()
            last[key] = fb.data(family, n, cache=False)
        return last[key]
    return get


def pytest_benchmark_update_machine_info(config, machine_info):
    machine_info["fastmle_note"] = ("1 thread for every method; np.dot with BLAS limited "
                                    "to 1 thread via threadpoolctl when installed")
