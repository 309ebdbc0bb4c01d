"""Build the Cython engine of fastmle.

The loop kernels are generated from ``fastmle/_cy/_kernels.pyx.tp`` (Tempita,
as in scikit-learn's ``_loss``), compiled with OpenMP when the compiler
supports it, and linked with a tiny C helper (``vmath.c``) that evaluates
log/log1p/exp over short blocks with the vector math library.  Only that
helper is compiled with ``-ffast-math``; the accumulation and every NaN/inf
decision stay in code compiled without it.

On x86-64 each compiled module (the kernels, the distances, the losses) is
built three times, like numpy's CPU dispatch: for the baseline ISA, for
x86-64-v3 (AVX2/FMA) and for x86-64-v4 (AVX-512); ``fastmle._cy.best_module()``
picks the best one the CPU supports at run time.  All variants use
``-ffp-contract=off`` and the same summation order, so they give bit-identical
results.  ``FASTMLE_CPU_VARIANTS=baseline`` builds
only the baseline (quicker development builds).
"""
import platform
import os
import sys
import tempfile

import numpy as np
from Cython import Tempita
from Cython.Build import cythonize
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

CY_DIR = os.path.join("fastmle", "_cy")


MODULES = ("_kernels", "_distances", "_losses")   # each built once per CPU variant
# module suffix -> extra compiler flags of each CPU variant
X86 = platform.machine().lower() in ("x86_64", "amd64")
VARIANTS = {"": []}
if X86 and os.environ.get("FASTMLE_CPU_VARIANTS", "all") != "baseline":
    VARIANTS["_v3"] = ["-march=x86-64-v3"]
    VARIANTS["_v4"] = ["-march=x86-64-v4", "-mprefer-vector-width=512"]


def write_if_changed(path, text):
    if os.path.exists(path):
        with open(path) as fh:
            if fh.read() == text:
                return
    with open(path, "w") as fh:
        fh.write(text)


def render_sources():
    """Write one .pyx per module and CPU variant (only when changed), rendered from
    the module's Tempita template (``.pyx.tp``) or copied from its ``.pyx``."""
    for name in MODULES:
        template = os.path.join(CY_DIR, name + ".pyx.tp")
        if os.path.exists(template):
            with open(template) as fh:
                text = Tempita.sub(fh.read())
        else:
            with open(os.path.join(CY_DIR, name + ".pyx")) as fh:
                text = fh.read()
        for suffix in VARIANTS:
            write_if_changed(os.path.join(CY_DIR, f"{name}{suffix}.pyx"), text)


class BuildExt(build_ext):
    """build_ext with an OpenMP probe and a separately-flagged vector-math object."""

    def _compiles(self, code, flags):
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "probe.c")
            with open(src, "w") as fh:
                fh.write(code)
            try:
                objs = self.compiler.compile([src], output_dir=tmp, extra_postargs=flags)
                self.compiler.link_executable(objs, os.path.join(tmp, "probe"),
                                              extra_postargs=flags)
            except Exception:
                return False
        return True

    def finalize_options(self):
        super().finalize_options()
        if self.parallel is None:
            self.parallel = os.cpu_count() or 1

    def build_extensions(self):
        msvc = self.compiler.compiler_type == "msvc"
        omp_flag = "/openmp" if msvc else "-fopenmp"
        probe = ("#include <omp.h>\nint main(void){int n=0;\n#pragma omp parallel reduction(+:n)\n"
                 "n+=1; return n>0 ? 0 : 1;}\n")
        has_omp = os.environ.get("FASTMLE_NO_OPENMP") is None and self._compiles(probe, [omp_flag])
        if not has_omp:
            print("\n" + "!" * 72 + "\nfastmle: the C compiler does not support OpenMP; building the"
                  " Cython engine\nWITHOUT multi-threading (n_threads is then ignored).\n"
                  + "!" * 72 + "\n", file=sys.stderr)
        fast = ["/O2", "/fp:fast"] if msvc else ["-O3", "-ffast-math", "-fPIC"]
        vm_objs = self.compiler.compile([os.path.join(CY_DIR, "vmath.c")],
                                        output_dir=self.build_temp, extra_postargs=fast)
        # no errno, no FP traps (we never enable them): lets gcc vectorise selects and
        # guarded divisions; no FMA contraction: bit-identical CPU variants; OpenMP SIMD
        # pragmas (rowcheck.h) where the compiler knows them, ignored otherwise
        base = ["/O2"] if msvc else ["-O3", "-fno-math-errno", "-fno-trapping-math",
                                     "-ffp-contract=off"]
        if not msvc and self._compiles("int main(void){return 0;}\n", ["-fopenmp-simd"]):
            base.append("-fopenmp-simd")
        kept = []
        for ext in self.extensions:
            flags = next((f for sfx, f in VARIANTS.items() if sfx and ext.name.endswith(sfx)), [])
            if flags and (msvc or not self._compiles("int main(void){return 0;}\n", flags)):
                print(f"fastmle: skipping {ext.name} (compiler lacks {flags})", file=sys.stderr)
                continue
            kept.append(ext)
            ext.extra_compile_args = base + flags + ([omp_flag] if has_omp else [])
            ext.extra_link_args = [omp_flag] if (has_omp and not msvc) else []
            ext.extra_objects = list(vm_objs)
            if not msvc:
                ext.libraries = ["m"]  # on glibc, libm.so pulls in libmvec as needed
            ext.define_macros.append(("FASTMLE_OPENMP", "1" if has_omp else "0"))
        self.extensions = kept
        super().build_extensions()


render_sources()
extensions = [
    Extension(
        f"fastmle._cy.{name}{suffix}",
        [os.path.join(CY_DIR, f"{name}{suffix}.pyx")],
        include_dirs=[np.get_include(), CY_DIR],
        define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")],
    )
    for name in MODULES for suffix in VARIANTS
]

setup(
    ext_modules=cythonize(
        extensions,
        compiler_directives={
            "language_level": 3,
            "boundscheck": False,
            "wraparound": False,
            "cdivision": True,
            "initializedcheck": False,
            "cpow": True,
        },
    ),
    cmdclass={"build_ext": BuildExt},
)
