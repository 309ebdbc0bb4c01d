"""Peak memory of the fits over their input (not part of the default test run).

Each case runs in a fresh Python process: it builds its input in place (no
temporaries), resets the peak RSS (``/proc/self/clear_refs``; else it reads the
peak so far), runs the fit and reports the growth of the peak RSS (VmHWM) over
the RSS with the input and fastmle loaded: the fit's own extra memory.

    pytest benchmarks/test_memory.py --benchmark-json=mem.json
    python benchmarks/test_memory.py            # the table as markdown

``FASTMLE_BENCH_MEM_N`` (default 2e7) sets the data size; 1e8 needs ~4 GB.
"""
import json
import os
import subprocess
import sys

import pytest

N = int(float(os.environ.get("FASTMLE_BENCH_MEM_N", "2e7")))
GROUPS = 1000
CASES = {
    "fit(gamma)": "fastmle.fit(x, 'gamma')",
    "fit(weibull_min)": "fastmle.fit(x, 'weibull_min')",
    "fit(t)": "fastmle.fit(x, 't')",
    "fit_batch(gamma, offsets=)": "fastmle.fit_batch(x, 'gamma', offsets=off)",
    "fit_batch(gamma, groups=)": "fastmle.fit_batch(x, 'gamma', groups=labels)",
    "fit_batch(gamma, groups=strings)": "fastmle.fit_batch(x, 'gamma', groups=names)",
}
DTYPES = ("float32", "float64")

_SCRIPT = r"""
import json, warnings
import numpy as np
import fastmle

def status_kb(key):
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1])

n, dtype, case = {n}, np.dtype({dtype!r}), {case!r}
rng = np.random.default_rng(0)
x = np.empty(n, dtype)
for a in range(0, n, 1 << 20):                 # in place: no n-sized temporaries
    b = min(n, a + (1 << 20))
    x[a:b] = rng.gamma(2.0, 1.5, b - a) if case != "fastmle.fit(x, 't')" \
        else rng.standard_t(5.0, b - a)
off = np.linspace(0, n, {groups} + 1).astype(np.int64) if "offsets" in case else None
labels = (np.arange(n) % {groups}) if "groups=labels" in case else None
names = (np.arange(n) % {groups}).astype("U8") if "groups=names" in case else None
fastmle.fit(np.abs(x[:1000]) + 1.0, "gamma")      # warm: load the kernels (one module)
try:
    with open("/proc/self/clear_refs", "w") as fh:          # reset the peak to the current RSS
        fh.write("5")
except OSError:
    pass
before = status_kb("VmHWM")
rss = status_kb("VmRSS")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    eval(case)
after = status_kb("VmHWM")
print(json.dumps(dict(input_mb=x.nbytes / 2**20, rss_mb=rss / 1024, before_mb=before / 1024,
                      peak_mb=after / 1024, extra_mb=(after - max(before, rss)) / 1024)))
"""


def measure(case, dtype, n=N):
    """Run one case in a fresh process; returns its memory figures (MB)."""
    code = _SCRIPT.format(n=n, dtype=dtype, case=CASES[case], groups=GROUPS)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd=root)
    if out.returncode:
        raise RuntimeError(f"{case} ({dtype}) failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", list(CASES))
def test_memory(benchmark, case, dtype):
    result = {}

    def run():
        result.update(measure(case, dtype))

    benchmark.group = "peak memory of fits"
    benchmark.pedantic(run, rounds=1, iterations=1, warmup_rounds=0)
    benchmark.extra_info.update(case=case, dtype=dtype, n=N, kind="memory", **result)


def table(n=N):
    """Markdown table of the extra peak memory of every case."""
    lines = [f"| case (n = {n:.0e}) | dtype | input MB | extra peak MB | extra / input |",
             "|---|---|---:|---:|---:|"]
    for case in CASES:
        for dtype in DTYPES:
            r = measure(case, dtype, n)
            lines.append(f"| {case} | {dtype} | {r['input_mb']:.0f} | {r['extra_mb']:.0f} | "
                         f"{r['extra_mb'] / r['input_mb']:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
