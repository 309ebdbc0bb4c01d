/* In-place log/log1p/exp over a short block of doubles.
 *
 * This translation unit alone is compiled with -ffast-math so that gcc calls
 * glibc's vector math library (libmvec); target_clones lets the CPU pick the
 * AVX-512 / AVX2 / SSE2 variant at load time.  Callers guarantee finite,
 * in-domain inputs (they substitute a harmless value for NaN/inf/out-of-support
 * points and fix those points up themselves in code compiled without
 * fast-math), so the fast-math assumptions hold.
 */
#include <math.h>
#include "vmath.h"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__)
#define FM_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define FM_CLONES
#endif

FM_CLONES void fm_vlog(double *x, ptrdiff_t n)
{
    for (ptrdiff_t i = 0; i < n; i++) x[i] = log(x[i]);
}

FM_CLONES void fm_vlog1p(double *x, ptrdiff_t n)
{
    for (ptrdiff_t i = 0; i < n; i++) x[i] = log1p(x[i]);
}

FM_CLONES void fm_vexp(double *x, ptrdiff_t n)
{
    for (ptrdiff_t i = 0; i < n; i++) x[i] = exp(x[i]);
}

/* Highest x86-64 ISA level whose kernels variant this CPU can run: 4, 3 or 0. */
int fm_cpu_level(void)
{
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    int v3 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")
             && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
    int v4 = v3 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
             && __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512dq")
             && __builtin_cpu_supports("avx512vl");
    return v4 ? 4 : (v3 ? 3 : 0);
#else
    return 0;
#endif
}
