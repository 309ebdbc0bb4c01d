"""Build the Cython engine of fastmle.

The loop kernels are generated from ``fastmle/_cy/_kernels.pyx.tp`` (Tempita,
as in scikit-learn's ``_loss``), compiled with OpenMP when the compiler
supports it, and linked with a tiny C helper (``vmath.c``) that evaluates
log/log1p/exp over short blocks with the vector math library.  Only that
helper is compiled with ``-ffast-math``; the accumulation and every NaN/inf
decision stay in code compiled without it.
"""
import os
import sys
import tempfile

import numpy as np
from Cython import Tempita
from Cython.Build import cythonize
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

CY_DIR = os.path.join("fastmle", "_cy")


def render_templates():
    """Render every ``*.tp`` template of the Cython engine (only when changed)."""
    for name in sorted(os.listdir(CY_DIR)):
        if not name.endswith(".tp"):
            continue
        src = os.path.join(CY_DIR, name)
        dst = src[:-3]
        with open(src) as fh:
            text = Tempita.sub(fh.read())
        if os.path.exists(dst):
            with open(dst) as fh:
                if fh.read() == text:
                    continue
        with open(dst, "w") as fh:
            fh.write(text)


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
        base = ["/O2"] if msvc else ["-O3", "-fno-math-errno"]
        for ext in self.extensions:
            ext.extra_compile_args = base + ([omp_flag] if has_omp else [])
            ext.extra_link_args = [omp_flag] if (has_omp and not msvc) else []
            ext.extra_objects = list(vm_objs)
            if not msvc:
                ext.libraries = ["m"]  # on glibc, libm.so pulls in libmvec as needed
            ext.define_macros.append(("FASTMLE_OPENMP", "1" if has_omp else "0"))
        super().build_extensions()


render_templates()
extensions = [
    Extension(
        "fastmle._cy._kernels",
        [os.path.join(CY_DIR, "_kernels.pyx")],
        include_dirs=[np.get_include(), CY_DIR],
        define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")],
    ),
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
