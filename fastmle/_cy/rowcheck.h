/* Helpers of the row kernels (fastmle/_cy/_distances.pyx.tp, _losses.pyx).
 *
 * The input check of the divergences, in C for its
 * OpenMP SIMD reductions: the sums of p and q and their smallest entry over a block.
 * Only the check uses them (a sum within 1e-6 of 1, no entry below 0, no NaN), so
 * the reductions may run in any order; the divergences themselves are summed in a
 * fixed order by the Cython code.  Without -fopenmp-simd the pragma is ignored and
 * the loop runs in order. */
#ifndef FASTMLE_ROWCHECK_H
#define FASTMLE_ROWCHECK_H
#include <stddef.h>

/* chk[0] += sum p, chk[1] += sum q, chk[2] = min(chk[2], min p, min q) over n entries. */
static inline void fm_check_block(const double *p, const double *q, ptrdiff_t n, double *chk)
{
    double sp = 0.0, sq = 0.0, lo = chk[2];
#pragma omp simd reduction(+:sp, sq) reduction(min:lo)
    for (ptrdiff_t i = 0; i < n; i++) {
        sp += p[i];
        sq += q[i];
        lo = p[i] < lo ? p[i] : lo;
        lo = q[i] < lo ? q[i] : lo;
    }
    chk[0] += sp;
    chk[1] += sq;
    chk[2] = lo;
}

/* The thread count of a parallel loop over `work` items: at least 1, at most one
 * thread per item (OpenMP is never asked for threads that would have nothing to do,
 * however large the n_threads it is given). */
static inline int fm_threads(int nt, ptrdiff_t work)
{
    if ((ptrdiff_t)nt > work)
        nt = (int)work;
    return nt < 1 ? 1 : nt;
}

/* A log-sum-exp sum(exp(z - zmax)) below this: log1p of the exps but the 1 of the
 * largest logit, where log would lose them (the divergences and the losses). */
#define FM_LOG1P_BELOW 1.25

/* c (zmax - z) for c >= 0 and logits zmax >= z whose difference overflows (a
 * log-softmax below -DBL_MAX times a weight below 1 can still be finite): halved
 * first, exactly. */
static inline double fm_gap_times(double c, double zmax, double z)
{
    return 2.0 * (c * (0.5 * zmax - 0.5 * z));
}
#endif
