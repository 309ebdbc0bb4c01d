/* Block-wise transcendental functions (see vmath.c). */
#ifndef FASTMLE_VMATH_H
#define FASTMLE_VMATH_H
#include <stddef.h>
void fm_vlog(double *x, ptrdiff_t n);
void fm_vlog1p(double *x, ptrdiff_t n);
void fm_vexp(double *x, ptrdiff_t n);
int fm_cpu_level(void);
#endif
