# Family-specific pieces of the compiled fits (see solve.pxd for the solver).
#
# For a family F with full parameter vector th (free parameters first, as in
# families.pxd) and a mask ``isfree`` of the parameters to estimate:
#   F_fit_in(x, th, isfree)      x may be fitted (inside the support; finite)
#   F_fit_init(c, th, isfree, d) closed form (returns INIT_DONE, or INIT_DONE_D
#                                when it also wrote [loglik, gradient, Hessian]
#                                into d), or start values (INIT_NEWTON), or a
#                                failure status
# Exponential families are fitted from their sufficient statistics, summed by
# the driver (_kernels.pyx.tp) into c.st in ONE pass that also flags points
# outside the support; they provide F_st_dv, the log-likelihood and its
# derivatives from the statistics in O(1).
from libc.math cimport (log, log1p, exp, expm1, fabs, fmax, fmin, sqrt, floor, isfinite, INFINITY,
                        NAN, M_PI, M_LN2)
from libc.string cimport memcpy
from libc.stdlib cimport qsort
from scipy.special.cython_special cimport gammaln, psi
from fastmle._cy.common cimport *
from fastmle._cy.special cimport (psi_diff, trigamma, trigamma_diff, tetragamma, pentagamma,
                                  gamma_shape_eq, xlogy, xlogy_l, LOG_2PI)
from fastmle._cy.families cimport (betaln_, is_count, chi2_gamma_th, chi2_chain, DBL_MIN,
                                   softplus_parts, nakagami_g, ls_div)
from fastmle._cy.solve cimport *

cdef enum:
    # what a pass sums: g(x) = x - loc, log(x - loc), |x - loc|, log|x - loc|
    G_X = 0
    G_LOG = 1
    G_ABS = 2
    G_LOGABS = 3


cdef inline double wsum(FitCtx *c, int g, double loc, double about, int power) noexcept nogil:
    """sum w * (g(x) - about)^power (power 0 to 3), compensated, one pass."""
    cdef double s = 0.0, comp = 0.0, acc, v, wi
    cdef double buf[BLOCK]
    cdef Py_ssize_t b, bi, j, nb
    for bi in range((c.n + BLOCK - 1) // BLOCK):
        b = bi * BLOCK
        nb = c.n - b if c.n - b < BLOCK else BLOCK
        for j in range(nb):
            v = xat(c, b + j) - loc
            if g == G_ABS or g == G_LOGABS:
                v = fabs(v)
            if (g == G_LOG or g == G_LOGABS) and not (v > 0.0 and v < INFINITY):
                v = 1.0         # a zero-weight point outside the support
            buf[j] = v
        if g == G_LOG or g == G_LOGABS:
            fm_vlog(buf, nb)
        acc = 0.0
        for j in range(nb):
            wi = 1.0 if c.w == NULL else c.w[b + j]
            if wi == 0.0:
                continue
            v = buf[j] - about
            acc += wi * (1.0 if power == 0 else (v if power == 1 else (
                v * v if power == 2 else v * v * v)))
        neum_add(&s, &comp, acc)
    return neum_result(s, comp)


cdef inline double wmean(FitCtx *c, int g, double loc) noexcept nogil:
    return wsum(c, g, loc, 0.0, 1) / c.W


cdef inline double wvar(FitCtx *c, int g, double loc, double mean) noexcept nogil:
    """sum w (g - mean)^2 / W with the two-pass correction for the error in mean."""
    cdef double d = wsum(c, g, loc, mean, 1)
    return (wsum(c, g, loc, mean, 2) - d * d / c.W) / c.W


cdef inline double wmedian(FitCtx *c, int g, double loc) noexcept nogil:
    """Weighted median of g(x) = x - loc or |x - loc|; needs c.buf (2n doubles)."""
    return wmedian_about(c, g, loc, 0.0)


cdef inline double wmedian_about(FitCtx *c, int g, double loc, double about) noexcept nogil:
    """Weighted median of g(x) = x - loc, |x - loc|, log(x - loc) or |log(x - loc) -
    about|; needs c.buf (2n doubles)."""
    cdef Py_ssize_t i
    cdef double v
    for i in range(c.n):
        v = xat(c, i) - loc
        if g == G_ABS:
            v = fabs(v)
        elif g == G_LOG or g == G_LOGABS:
            v = log(v) if (v > 0.0 and v < INFINITY) else 0.0   # 0: a zero-weight point
            if g == G_LOGABS:
                v = fabs(v - about)
        if c.w == NULL:
            c.buf[i] = v
        else:
            c.buf[2 * i] = v
            c.buf[2 * i + 1] = c.w[i]
    if c.w == NULL:
        return median_inplace(c.buf, c.n)
    return median_of_pairs(c.buf, c.n)


cdef inline double wlow(FitCtx *c, double loc, double sign) noexcept nogil:
    """min of sign (x - loc) over points of positive weight."""
    cdef double m = INFINITY
    cdef Py_ssize_t i
    for i in range(c.n):
        if (c.w == NULL or c.w[i] > 0.0) and sign * (xat(c, i) - loc) < m:
            m = sign * (xat(c, i) - loc)
    return m


cdef inline double wmin(FitCtx *c, double loc) noexcept nogil:
    return wlow(c, loc, 1.0)


cdef inline double wmax(FitCtx *c, double loc) noexcept nogil:
    return -wlow(c, loc, -1.0)


# ---------------------------------------------------------------- support
cdef inline bint finite_in(double x, const double *th, const int *isfree) noexcept nogil:
    return isfinite(x)

cdef inline bint positive_in(double x, const double *th, const int *isfree) noexcept nogil:
    # positive families: th = [shape, scale, loc]
    cdef double y = x - th[2]
    return y > 0.0 and y < INFINITY


# ---------------------------------------------------------------- norm
# th = [loc, scale]; c.st = [W, S1, S2, outside, ., ., ., shift], S1 = sum w d,
# S2 = sum w d^2, d = x - shift (shift: the first finite value)
cdef inline double norm_shift(FitCtx *c, const double *th) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(c.n):
        if isfinite(xat(c, i)) and (c.w == NULL or c.w[i] > 0.0):
            return xat(c, i)
    return 0.0

cdef inline void _centred(FitCtx *c, double about, double *P, double *Q) noexcept nogil:
    # P = sum w (v - about), Q = sum w (v - about)^2 from the shifted sums (v = d + shift)
    cdef double e = c.st[7] - about
    P[0] = c.st[1] + c.W * e
    Q[0] = c.st[2] + 2.0 * e * c.st[1] + c.W * e * e
    if Q[0] < 0.0:
        Q[0] = 0.0

cdef inline int norm_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    # the mean and the 1/n standard deviation
    cdef double P, Q
    if isfree[0]:
        th[0] = c.st[7] + c.st[1] / c.W
    if isfree[1]:
        if isfree[0]:
            Q = c.st[2] - c.st[1] * c.st[1] / c.W
        else:
            _centred(c, th[0], &P, &Q)
        th[1] = sqrt(Q / c.W) if Q > 0.0 else 0.0
    if not th[1] > 0.0:
        return FIT_DEGENERATE
    return INIT_DONE

cdef inline void norm_st_dv(void *p, const double *th, double *o) noexcept nogil:
    cdef FitCtx *c = <FitCtx *> p
    cdef double W = c.W, r = 1.0 / th[1], P, Q
    _centred(c, th[0], &P, &Q)
    o[0] = -W * log(th[1]) - 0.5 * W * LOG_2PI - 0.5 * Q * r * r
    o[1] = P * r * r
    o[2] = (Q * r * r - W) * r
    o[3] = -W * r * r
    o[4] = -2.0 * P * r * r * r
    o[5] = (W - 3.0 * Q * r * r) * r * r


# ---------------------------------------------------------------- lognorm
# th = [s, scale, loc]: the normal fit of log(x - loc); c.st as for norm, of
# d = log(x - loc) - shift
cdef inline double lognorm_shift(FitCtx *c, const double *th) noexcept nogil:
    cdef Py_ssize_t i
    cdef double u
    for i in range(c.n):
        u = xat(c, i) - th[2]
        if u > 0.0 and u < INFINITY and (c.w == NULL or c.w[i] > 0.0):
            return log(u)
    return 0.0

cdef inline int lognorm_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    cdef double P, Q
    if isfree[1]:
        th[1] = exp(c.st[7] + c.st[1] / c.W)
    if isfree[0]:
        if isfree[1]:
            Q = c.st[2] - c.st[1] * c.st[1] / c.W
        else:
            _centred(c, log(th[1]), &P, &Q)
        th[0] = sqrt(Q / c.W) if Q > 0.0 else 0.0
    if not (th[0] > 0.0 and th[1] > 0.0 and th[1] < INFINITY):
        return FIT_DEGENERATE
    return INIT_DONE

cdef inline void lognorm_st_dv(void *p, const double *th, double *o) noexcept nogil:
    cdef FitCtx *c = <FitCtx *> p
    cdef double W = c.W, r = 1.0 / th[0], R = 1.0 / th[1], P, Q
    _centred(c, log(th[1]), &P, &Q)
    o[0] = (-(c.st[1] + W * c.st[7]) - W * log(th[0]) - 0.5 * W * LOG_2PI
            - 0.5 * Q * r * r)
    o[1] = (Q * r * r - W) * r
    o[2] = P * r * r * R
    o[3] = (W - 3.0 * Q * r * r) * r * r
    o[4] = -2.0 * P * r * r * r * R
    o[5] = -(W + P) * r * r * R * R


# ---------------------------------------------------------------- expon
# th = [scale, loc]: the mean of x - loc; c.st = [W, sum y, outside], y = x - loc
cdef inline bint nonneg_in(double x, const double *th, const int *isfree) noexcept nogil:
    # th = [scale, loc] (expon, halfnorm): x >= loc
    cdef double y = x - th[1]
    return y >= 0.0 and y < INFINITY

cdef inline int expon_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    if isfree[0]:
        th[0] = c.st[1] / c.W
    if not th[0] > 0.0:
        return FIT_DEGENERATE
    return INIT_DONE

cdef inline void expon_st_dv(void *p, const double *th, double *o) noexcept nogil:
    cdef FitCtx *c = <FitCtx *> p
    cdef double W = c.W, r = 1.0 / th[0], Y = c.st[1]
    o[0] = -W * log(th[0]) - Y * r
    o[1] = (Y * r - W) * r
    o[2] = (W - 2.0 * Y * r) * r * r


# ---------------------------------------------------------------- gamma
cdef inline double minka_shape(double s) noexcept nogil:
    """Minka's approximation of the root a of log(a) - psi(a) = s > 0 (gamma's shape)."""
    return (3.0 - s + sqrt((s - 3.0) * (s - 3.0) + 24.0 * s)) / (12.0 * s)

# th = [a, scale, loc]; c.st = [W, sum y, sum log y, outside], y = x - loc
cdef inline int gamma_start(double m, double lg, double *a, double *sc,
                            const int *isfree) noexcept nogil:
    """gamma's start (a, sc) from the weighted mean m and mean log lg of the data: the
    closed form sc = m / a with a fixed, else start values for Newton."""
    cdef double s
    if not isfree[0]:
        sc[0] = m / a[0]
        return INIT_DONE
    s = log(m) - lg
    if isfree[1]:
        # s = log(mean) - mean(log) >= 0, = 0 only when all values are equal
        # (up to its rounding error)
        if not s > 1e-14 * (1.0 + fabs(log(m))):
            return FIT_DEGENERATE
        a[0] = minka_shape(s)
        sc[0] = m / a[0]
    else:
        a[0] = m / sc[0]
    return INIT_NEWTON

cdef inline int gamma_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    return gamma_start(c.st[1] / c.W, c.st[2] / c.W, &th[0], &th[1], isfree)

cdef inline double gamma_st_ll(void *p, const double *th) noexcept nogil:
    cdef FitCtx *c = <FitCtx *> p
    cdef double a = th[0], sc = th[1]
    return (a - 1.0) * c.st[2] - c.st[1] / sc - c.W * (gammaln(a) + a * log(sc))

cdef inline void gamma_st_dv(void *p, const double *th, double *o) noexcept nogil:
    cdef FitCtx *c = <FitCtx *> p
    cdef double a = th[0], sc = th[1], W = c.W, L, D
    gamma_shape_eq(a, &L, &D)       # psi(a) = log(a) - L, psi'(a) = (1 + D) / a
    o[0] = gamma_st_ll(p, th)
    o[1] = c.st[2] - W * (log(a) - L) - W * log(sc)
    o[2] = c.st[1] / (sc * sc) - W * a / sc
    o[3] = -W * (1.0 + D) / a
    o[4] = -W / sc
    o[5] = -2.0 * c.st[1] / (sc * sc * sc) + W * a / (sc * sc)


cdef inline int gamma_shape_root(double s, int maxiter, double *a, int *niter) noexcept nogil:
    """The root a of log(a) - psi(a) = s > 0 from a start in a[0] (Minka's): Newton in
    log(a), steps capped to a factor e; FIT_OK once a step is below 1e-8 (the error
    left is then ~ step^2 / 2)."""
    cdef double L, D, du
    cdef int it
    niter[0] = 0
    for it in range(maxiter):
        gamma_shape_eq(a[0], &L, &D)
        du = (L - s) / D
        if du != du:
            return FIT_NONFINITE
        du = fmax(-1.0, fmin(1.0, du))
        a[0] *= exp(du)
        niter[0] = it + 1
        if fabs(du) < 1e-8:
            return FIT_OK
    return FIT_MAXITER

cdef inline int gamma_fit_driver(FitCtx *c, dv_fn dv, double *th, const int *isfree,
                                 int maxiter, double *d, int *niter) noexcept nogil:
    """a and scale free: scale = mean / a with a the root of log(a) - psi(a) =
    log(mean) - mean(log) (one equation, no Newton in two parameters); else
    INIT_NEWTON (gamma_fit_init)."""
    cdef double m = c.st[1] / c.W
    cdef int status
    if not (isfree[0] and isfree[1]):
        return INIT_NEWTON
    status = gamma_fit_init(c, th, isfree, d)
    if status != INIT_NEWTON:
        return status
    status = gamma_shape_root(log(m) - c.st[2] / c.W, maxiter, &th[0], niter)
    th[1] = m / th[0]
    gamma_st_dv(c, th, d)
    if not isfinite(d[0]):
        return FIT_NONFINITE
    return status


# ---------------------------------------------------------------- chi2
# th = [df, scale, loc]: gamma's fit at a = df/2, scale_g = 2 scale (see families.pxd)
cdef inline int chi2_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    cdef double g[3]
    cdef int status
    chi2_gamma_th(th, g)
    status = gamma_fit_init(c, g, isfree, d)
    th[0] = 2.0 * g[0]
    th[1] = 0.5 * g[1]
    return status

cdef inline void chi2_st_dv(void *p, const double *th, double *o) noexcept nogil:
    cdef double g[3]
    chi2_gamma_th(th, g)
    gamma_st_dv(p, g, o)
    chi2_chain(o)


# ---------------------------------------------------------------- invgamma
# th = [a, scale, loc]; c.st = [W, sum 1/u, sum log u, outside], u = x - loc: 1/u is
# gamma(a, 1/scale) distributed, so the start is gamma's on 1/u (the MLE when a is fixed)
cdef inline int invgamma_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    cdef double g = 1.0 / th[1]
    cdef int status = gamma_start(c.st[1] / c.W, -c.st[2] / c.W, &th[0], &g, isfree)
    th[1] = 1.0 / g
    return status

cdef inline void invgamma_st_dv(void *p, const double *th, double *o) noexcept nogil:
    cdef FitCtx *c = <FitCtx *> p
    cdef double a = th[0], sc = th[1], W = c.W, ls = log(th[1])
    o[0] = -(a + 1.0) * c.st[2] + W * a * ls - sc * c.st[1] - W * gammaln(a)
    o[1] = -c.st[2] + W * ls - W * psi(a)
    o[2] = W * a / sc - c.st[1]
    o[3] = -W * trigamma(a)
    o[4] = W / sc
    o[5] = -W * a / (sc * sc)


# ---------------------------------------------------------------- beta
# th = [a, b, loc, scale]; c.st = [W, sum log y, sum log1p(-y), outside]
cdef inline bint beta_fit_in(double x, const double *th, const int *isfree) noexcept nogil:
    cdef double y = (x - th[2]) / th[3]
    return y > 0.0 and y < 1.0

cdef inline int beta_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    # start from the geometric means G1, G2 of y and 1 - y; 1 - G1 - G2 ~ var / 2 y (1 - y)
    # at or below 1e-13 (its rounding noise): data at one point, the MLE at a, b -> inf
    # with a / (a + b) = G1 / (G1 + G2): FIT_DIVERGED at a + b = 1 / (2e-13)
    cdef double g1 = exp(c.st[1] / c.W), g2 = exp(c.st[2] / c.W), den = 1.0 - g1 - g2
    if isfree[0] and isfree[1] and not den > 1e-13:
        th[0] = g1 / (g1 + g2) / 2e-13
        th[1] = g2 / (g1 + g2) / 2e-13
        return FIT_DIVERGED
    if isfree[0]:
        th[0] = 0.5 + g1 / (2.0 * den) if den > 0.0 else 1.0
    if isfree[1]:
        th[1] = 0.5 + g2 / (2.0 * den) if den > 0.0 else 1.0
    return INIT_NEWTON

cdef inline double beta_st_ll(void *p, const double *th) noexcept nogil:
    cdef FitCtx *c = <FitCtx *> p
    return ((th[0] - 1.0) * c.st[1] + (th[1] - 1.0) * c.st[2]
            - c.W * (betaln_(th[0], th[1]) + log(th[3])))

cdef inline void beta_st_dv(void *p, const double *th, double *o) noexcept nogil:
    cdef FitCtx *c = <FitCtx *> p
    cdef double a = th[0], b = th[1], W = c.W
    o[0] = beta_st_ll(p, th)
    o[1] = c.st[1] + W * psi_diff(a, b)
    o[2] = c.st[2] + W * psi_diff(b, a)
    o[3] = -W * trigamma_diff(a, b)
    o[4] = W * trigamma(a + b)
    o[5] = -W * trigamma_diff(b, a)


# ---------------------------------------------------------------- weibull_min
# th = [c, scale, loc].  Both free: Newton on c with the scale profiled out,
# over logs cached in c.buf; the exp of each iteration is block-vectorised.
cdef inline void _weib_sums(FitCtx *c, double k, double M, double *S) noexcept nogil:
    # S[q] = sum w e^{k D} D^q, q = 0..3, with D = log y - M <= 0 (c.buf holds log y);
    # unit weights take a branch-free loop
    cdef double t[BLOCK]
    cdef double s[4]
    cdef double comp[4]
    cdef double acc[4]
    cdef double a0[LANES]
    cdef double a1[LANES]
    cdef double a2[LANES]
    cdef double a3[LANES]
    cdef double wi, D, e
    cdef Py_ssize_t b, bi, j, nb, q, l
    for q in range(4):
        s[q] = 0.0
        comp[q] = 0.0
    for bi in range((c.n + BLOCK - 1) // BLOCK):
        b = bi * BLOCK
        nb = c.n - b if c.n - b < BLOCK else BLOCK
        for j in range(nb):
            t[j] = k * (c.buf[b + j] - M)
        fm_vexp(t, nb)
        for q in range(4):
            acc[q] = 0.0
        if c.w == NULL:
            # LANES independent accumulators per sum: vectorisable
            for l in range(LANES):
                a0[l] = 0.0
                a1[l] = 0.0
                a2[l] = 0.0
                a3[l] = 0.0
            for j in range(nb // LANES):
                for l in range(LANES):
                    D = c.buf[b + j * LANES + l] - M
                    e = t[j * LANES + l]
                    a0[l] += e
                    a1[l] += e * D
                    a2[l] += e * D * D
                    a3[l] += e * D * D * D
            for j in range(nb - nb % LANES, nb):
                D = c.buf[b + j] - M
                e = t[j]
                a0[0] += e
                a1[0] += e * D
                a2[0] += e * D * D
                a3[0] += e * D * D * D
            acc[0] = lanes_sum(a0)
            acc[1] = lanes_sum(a1)
            acc[2] = lanes_sum(a2)
            acc[3] = lanes_sum(a3)
        else:
            for j in range(nb):
                wi = c.w[b + j]
                if wi == 0.0:
                    continue
                D = c.buf[b + j] - M
                e = wi * t[j]
                acc[0] += e
                acc[1] += e * D
                acc[2] += e * D * D
                acc[3] += e * D * D * D
        for q in range(4):
            neum_add(&s[q], &comp[q], acc[q])
    for q in range(4):
        S[q] = neum_result(s[q], comp[q])


cdef inline int weibull_min_profile(FitCtx *c, double *th, int maxiter, double *o,
                                    int *niter, bint two_sided) noexcept nogil:
    """Halley's method on the profile equation of c (of |x - loc| when two_sided: dweibull),
    g(c) = 1/c + mean(D) - S1/S0 = 0 (g decreasing), over logs cached in c.buf;
    then the scale and [loglik, gradient, Hessian] from the same sums.  Returns
    INIT_DONE_D, or FIT_MAXITER (th and o then at the last c), or a failure."""
    cdef Py_ssize_t i, b, bi, nb
    cdef double W, SL, M, var, k, g, gp, gpp, step, lam, r, K, su, stu, stu2
    cdef double m1, m2, m3, sh, s1 = 0.0, s2 = 0.0, cmp1 = 0.0, cmp2 = 0.0, a1, a2, wi, v
    cdef double prev
    cdef double S[4]
    cdef int it, bad, inside, status
    # one pass: the support check, the total weight, logs (block-vectorised),
    # their maximum and shifted sums
    sh = NAN
    M = -INFINITY
    W = 0.0
    for bi in range((c.n + BLOCK - 1) // BLOCK):
        b = bi * BLOCK
        nb = c.n - b if c.n - b < BLOCK else BLOCK
        bad = 0
        for i in range(b, b + nb):
            v = xat(c, i) - th[2]
            v = fabs(v) if two_sided else v
            inside = (v > 0.0) & (v < INFINITY)
            bad |= (inside ^ 1) & (c.w == NULL or c.w[i] != 0.0)
            c.buf[i] = v if inside else 1.0
        if bad:
            return FIT_OUTSIDE          # the driver finds the first such point
        fm_vlog(c.buf + b, nb)
        if sh != sh:
            for i in range(b, b + nb):
                if c.w == NULL or c.w[i] != 0.0:
                    sh = c.buf[i]
                    break
        a1 = 0.0
        a2 = 0.0
        for i in range(b, b + nb):
            wi = 1.0 if c.w == NULL else c.w[i]
            v = c.buf[i] - sh
            a1 += wi * v
            a2 += wi * v * v
            W += wi
            if wi != 0.0 and c.buf[i] > M:
                M = c.buf[i]
        neum_add(&s1, &cmp1, a1)
        neum_add(&s2, &cmp2, a2)
    if not W > 0.0:
        return FIT_TOO_FEW
    c.W = W
    s1 = neum_result(s1, cmp1)
    s2 = neum_result(s2, cmp2)
    SL = s1 + W * sh                       # sum w log y
    var = (s2 - s1 * s1 / W) / W
    if not var > 1e-26 * (1.0 + sh * sh):
        return FIT_DEGENERATE
    k = M_PI / sqrt(6.0 * var)             # log y has variance pi^2 / (6 c^2)
    niter[0] = 0
    status = FIT_MAXITER
    prev = INFINITY
    for it in range(maxiter):
        niter[0] = it + 1
        _weib_sums(c, k, M, S)
        m1 = S[1] / S[0]
        m2 = S[2] / S[0]
        m3 = S[3] / S[0]
        g = 1.0 / k + SL / W - M - m1
        gp = -1.0 / (k * k) - (m2 - m1 * m1)
        gpp = 2.0 / (k * k * k) - (m3 - 3.0 * m1 * m2 + 2.0 * m1 * m1 * m1)
        step = -2.0 * g * gp / (2.0 * gp * gp - g * gpp)
        if not isfinite(step):
            step = -g / gp
        if not isfinite(step):
            return FIT_STALLED
        # converged; or, for a huge c (near-constant data), the step stopped shrinking
        # at the rounding noise of g
        if fabs(step) <= 1e-9 * k or (fabs(step) <= 1e-2 * k and fabs(step) >= 0.5 * prev):
            k += step
            status = INIT_DONE_D
            break
        prev = fabs(step)
        k = k + step if k + step > 0.0 else 0.5 * k
    # scale from the profile (at the last c, also at the iteration limit); derivatives
    # from the same sums (sum t = W at the profile)
    _weib_sums(c, k, M, S)
    lam = M + log(S[0] / W) / k                 # log(scale)
    th[0] = k
    th[1] = exp(lam)
    r = 1.0 / th[1]
    K = W / S[0]
    su = SL - W * lam                           # sum w u, u = log(y / scale)
    stu = K * (S[1] + (M - lam) * S[0])         # sum t u
    stu2 = K * (S[2] + 2.0 * (M - lam) * S[1] + (M - lam) * (M - lam) * S[0])
    o[0] = W * (log(k) - lam) + (k - 1.0) * su - W
    o[1] = W / k + su - stu
    o[2] = 0.0
    o[3] = -W / (k * k) - stu2
    o[4] = k * r * stu
    o[5] = -k * k * r * r * W
    return status


cdef inline int weib_start(FitCtx *c, double *k, double *scale, double loc, int free_k,
                           int free_scale, int g) noexcept nogil:
    # weibull_min's one-parameter fits of y = x - loc (g = G_LOG), dweibull's of |x - loc|
    # (G_LOGABS); (both free: the profile instead)
    cdef double mu, var
    if free_scale:
        # c fixed: scale = (sum w y^c / W)^(1/c), via logs for range
        mu = wmean(c, g, loc)
        scale[0] = exp(mu + log(_pow_mean(c, k[0], loc, mu, g)) / k[0])
        return INIT_DONE
    if free_k:
        mu = wmean(c, g, loc)
        var = wvar(c, g, loc, mu)
        if not var > 0.0:
            return FIT_DEGENERATE
        k[0] = M_PI / sqrt(6.0 * var)
    return INIT_NEWTON


cdef inline int weibull_min_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    # (both free: the driver runs weibull_min_profile instead)
    return weib_start(c, &th[0], &th[1], th[2], isfree[0], isfree[1], G_LOG)


cdef inline Py_ssize_t block_logs(FitCtx *c, Py_ssize_t bi, double loc, double *t) noexcept nogil:
    """t = log(x - loc) over block bi of the data (block-vectorised; 0 at a zero-weight
    point outside the support); returns the block's length."""
    cdef Py_ssize_t b = bi * BLOCK, j
    cdef Py_ssize_t nb = c.n - b if c.n - b < BLOCK else BLOCK
    for j in range(nb):
        t[j] = xat(c, b + j) - loc
        if not (t[j] > 0.0 and t[j] < INFINITY):
            t[j] = 1.0
    fm_vlog(t, nb)
    return nb


cdef inline double _pow_mean(FitCtx *c, double k, double loc, double mu, int g) noexcept nogil:
    """sum w exp(k (log(y) - mu)) / W, y = x - loc (g = G_LOG) or |x - loc| (G_LOGABS)."""
    cdef double s = 0.0, comp = 0.0, acc
    cdef double t[BLOCK]
    cdef Py_ssize_t b, bi, j, nb
    for bi in range((c.n + BLOCK - 1) // BLOCK):
        b = bi * BLOCK
        nb = c.n - b if c.n - b < BLOCK else BLOCK
        for j in range(nb):
            t[j] = xat(c, b + j) - loc
            if g == G_LOGABS:
                t[j] = fabs(t[j])
            if not (t[j] > 0.0 and t[j] < INFINITY):
                t[j] = 1.0      # a zero-weight point outside the support
        fm_vlog(t, nb)
        for j in range(nb):
            t[j] = k * (t[j] - mu)
        fm_vexp(t, nb)
        acc = 0.0
        for j in range(nb):
            if c.w == NULL or c.w[b + j] != 0.0:
                acc += (1.0 if c.w == NULL else c.w[b + j]) * t[j]
        neum_add(&s, &comp, acc)
    return neum_result(s, comp) / c.W


# ---------------------------------------------------------------- dweibull
# th = [c, loc, scale].  loc fixed: |x - loc| is weibull_min's, fitted by its machinery
# (the profile for c and scale, else weib_start), x = loc outside (its density is 0 or
# inf).  loc free: the likelihood has a kink at every data point, where for c < 1 it is
# +inf (unbounded): Newton from a start off the data, in the gap at the mean (c and
# scale from the profile there), ends between two data points; reaching c <= 1 (or a
# start there, or c fixed < 1) is reported as FIT_DIVERGED, c = 1 is laplace's closed form
cdef inline bint dweibull_fit_in(double x, const double *th, const int *isfree) noexcept nogil:
    return isfinite(x) and (isfree[1] or x != th[1])

cdef inline int dweibull_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    # loc fixed with one of c, scale free (the other cases: dweibull_fit_driver)
    return weib_start(c, &th[0], &th[2], th[1], isfree[0], isfree[2], G_LOGABS)

cdef inline int dweibull_gap_start(FitCtx *c, double *loc) noexcept nogil:
    """loc off the data: the mean (the centre of the symmetric density; the median is
    not, for c > 1, where the density vanishes at loc), or where it is a data value the
    midpoint of its gap to the next value above (below, at the top); FIT_DEGENERATE if
    there is none."""
    cdef double m = wmean(c, G_X, 0.0), hi = INFINITY, lo = -INFINITY, v
    cdef bint on = 0
    cdef Py_ssize_t i
    for i in range(c.n):
        if c.w == NULL or c.w[i] > 0.0:
            v = xat(c, i)
            on |= v == m
            if v > m and v < hi:
                hi = v
            if v < m and v > lo:
                lo = v
    if not on:
        loc[0] = m
        return FIT_OK
    v = 0.5 * m + 0.5 * hi
    if not (v > m and v < hi):
        v = 0.5 * m + 0.5 * lo
        if not (v < m and v > lo):
            return FIT_DEGENERATE
    loc[0] = v
    return FIT_OK

cdef inline void dweibull_scan(FitCtx *c, dv_fn dv, double *th, double *d) noexcept nogil:
    """loc to the best of 33 points over the mean +- 4 standard errors (d: derivatives at
    th, updated): Newton cannot leave the gap between two data points it starts in (the
    likelihood is -inf at the data for c > 1), and the mean is only within a few standard
    errors of the maximum, with many gaps in between when c < 2."""
    cdef double m = th[1], se, t[3]
    cdef double dt[10]
    cdef int j
    se = sqrt(wvar(c, G_X, 0.0, wmean(c, G_X, 0.0)) / c.W)
    t[0] = th[0]
    t[2] = th[2]
    for j in range(-16, 17):
        t[1] = m + 0.25 * j * se
        dv(c, t, dt)
        if dt[0] > d[0]:
            th[1] = t[1]
            memcpy(d, dt, 10 * sizeof(double))

cdef inline int dweibull_profile(FitCtx *c, double *th, int maxiter, int *niter) noexcept nogil:
    """c and scale at the loc in th: weibull_min's profile fit of |x - loc|."""
    cdef double w[3]            # weibull_min's th = [c, scale, loc]
    cdef double o[6]
    cdef int status
    w[0] = th[0]
    w[1] = th[2]
    w[2] = th[1]
    status = weibull_min_profile(c, w, maxiter, o, niter, 1)
    th[0] = w[0]
    th[2] = w[1]
    return status

cdef inline int dweibull_fit_driver(FitCtx *c, dv_fn dv, double *th, const int *isfree,
                                    int maxiter, double *d, int *niter) noexcept nogil:
    cdef double w[2]            # laplace's th = [loc, scale]
    cdef int kind[3]
    cdef int lfree[2]
    cdef int status
    if not isfree[1]:
        if not (isfree[0] and isfree[2]):
            return INIT_NEWTON      # one free: dweibull_fit_init
        status = dweibull_profile(c, th, maxiter, niter)
        if status != INIT_DONE_D and status != FIT_MAXITER:
            return status
        dv(c, th, d)
        return status
    if not isfree[0] and th[0] == 1.0:
        # laplace: the median and the mean absolute deviation about it
        w[1] = th[2]
        lfree[0] = 1
        lfree[1] = isfree[2]
        status = laplace_fit_init(c, w, lfree, d)
        th[1] = w[0]
        th[2] = w[1]
        if status != INIT_DONE:
            return status
        dv(c, th, d)
        return INIT_DONE_D
    # loc free: a start off the data, c and scale there as with loc fixed
    status = dweibull_gap_start(c, &th[1])
    if status != FIT_OK:
        return status
    if isfree[0] and isfree[2]:
        status = dweibull_profile(c, th, maxiter, niter)
        if status != INIT_DONE_D and status != FIT_MAXITER:
            return status
    elif isfree[0] or isfree[2]:
        status = weib_start(c, &th[0], &th[2], th[1], isfree[0], isfree[2], G_LOGABS)
        if status != INIT_DONE and status != INIT_NEWTON:
            return status
    dv(c, th, d)
    if not th[0] > 1.0:
        # c < 1: +inf at every data point; report it at the start
        return FIT_DIVERGED if isfinite(d[0]) else FIT_NONFINITE
    dweibull_scan(c, dv, th, d)
    kind[0] = POSITIVE
    kind[1] = REAL
    kind[2] = POSITIVE
    status = newton(c, dv, 3, 3, kind, isfree, th, maxiter, d, niter, NULL)
    if not th[0] > 1.0 and (status == FIT_OK or status == FIT_MAXITER or status == FIT_STALLED):
        return FIT_DIVERGED         # (c free) reached c <= 1, where it is unbounded
    return INIT_DONE_D if status == FIT_OK else status
# ---------------------------------------------------------------- fisk
# th = [c, scale, loc]: log(y) is logistic with loc log(scale) and scale 1/c: its median
# (log(scale)) and its MAD about it (log(3) / c), or where the MAD is 0 its second
# moment about it (pi^2 / (3 c^2)); 0 there: all values at the scale (degenerate)
cdef inline int fisk_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    cdef double m = log(th[1]), s
    if isfree[1]:
        m = wmedian_about(c, G_LOG, th[2], 0.0)
        th[1] = exp(m)
    if isfree[0]:
        s = wmedian_about(c, G_LOGABS, th[2], m)
        if s > 0.0:
            th[0] = 1.0986122886681098 / s
        else:
            s = wsum(c, G_LOG, th[2], m, 2) / c.W
            if not s > 0.0:
                return FIT_DEGENERATE
            th[0] = M_PI / sqrt(3.0 * s)
    return INIT_NEWTON


# ---------------------------------------------------------------- burr12
# th = [c, d, scale, loc]: c and scale started as fisk's (burr12 with d = 1), then d at
# its MLE for them, W / sum w log1p(y^c) (the closed form when only d is free)
cdef inline bint burr12_fit_in(double x, const double *th, const int *isfree) noexcept nogil:
    cdef double y = x - th[3]
    return y > 0.0 and y < INFINITY

cdef enum:
    # per-point functions of L = log(y), y = (x - loc) / scale, summed by wsum_logy
    H_SOFTPLUS = 0      # log1p(y^k) = softplus(k L)
    H_NAKAGAMI = 1      # y^2 - 1 - 2 L (nakagami_g)


cdef inline double wsum_logy(FitCtx *c, int h, double k, double loc, double lscale) noexcept nogil:
    """sum w h(L), L = log(x - loc) - log(scale) (block-vectorised logs), compensated."""
    cdef double s = 0.0, comp = 0.0, acc, L, v
    cdef double t[BLOCK]
    cdef double sg[2]
    cdef Py_ssize_t b, bi, j, nb
    for bi in range((c.n + BLOCK - 1) // BLOCK):
        b = bi * BLOCK
        nb = block_logs(c, bi, loc, t)
        acc = 0.0
        for j in range(nb):
            if c.w == NULL or c.w[b + j] != 0.0:
                L = t[j] - lscale
                v = softplus_parts(k * L, sg) if h == H_SOFTPLUS else nakagami_g(exp(L), L)
                acc += (1.0 if c.w == NULL else c.w[b + j]) * v
        neum_add(&s, &comp, acc)
    return neum_result(s, comp)

cdef inline int burr12_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    cdef double fk[3]
    cdef int fr[2]
    cdef int status
    fk[0] = th[0]
    fk[1] = th[2]
    fk[2] = th[3]
    fr[0] = isfree[0]
    fr[1] = isfree[2]
    status = fisk_fit_init(c, fk, fr, d)
    if status != INIT_NEWTON:
        return status
    th[0] = fk[0]
    th[2] = fk[1]
    if isfree[1]:
        th[1] = c.W / wsum_logy(c, H_SOFTPLUS, th[0], th[3], log(th[2]))
        if not th[1] < INFINITY:
            return FIT_DEGENERATE
        if not (isfree[0] or isfree[2]):
            return INIT_DONE
    return INIT_NEWTON


# ---------------------------------------------------------------- nakagami
# th = [nu, scale, loc]: z = y^2 is gamma(nu, scale 1/nu).  scale^2 = mean((x - loc)^2) is
# the MLE of the scale for any nu (the closed form when nu is fixed); nu starts at
# Minka's root of gamma's log(nu) - psi(nu) = s: s = log(mean z) - mean(log z) (scale free),
# mean(z - 1 - log z) (scale fixed); s ~ 0 (all y equal): degenerate
cdef inline int nakagami_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    cdef double mu, s
    if isfree[1]:
        mu = wmean(c, G_LOG, th[2])
        s = log(_pow_mean(c, 2.0, th[2], mu, G_LOG))
        th[1] = exp(mu + 0.5 * s)
        if not isfree[0]:
            return INIT_DONE
        if not s > 1e-14 * (1.0 + fabs(mu)):
            return FIT_DEGENERATE
    else:
        s = wsum_logy(c, H_NAKAGAMI, 0.0, th[2], log(th[1])) / c.W
        if not s > 0.0:
            return FIT_DEGENERATE
    th[0] = minka_shape(s)
    return INIT_NEWTON


# ---------------------------------------------------------------- exponpow
# th = [b, scale, loc]: log(y) = log(U) / b with U = log1p(T), T ~ Exp(1), whose log has
# mean EXPONPOW_K1 and variance EXPONPOW_K2 (mpmath): moments of log(x - loc)
cdef extern from *:
    """
    #define FM_EXPONPOW_K1 (-0.8973099939981581877)
    #define FM_EXPONPOW_K2 1.1696706745281682320
    """
    const double EXPONPOW_K1 "FM_EXPONPOW_K1"
    const double EXPONPOW_K2 "FM_EXPONPOW_K2"

cdef inline int exponpow_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    cdef double mu, var, s
    if isfree[0] and isfree[1]:
        mu = wmean(c, G_LOG, th[2])
        var = wvar(c, G_LOG, th[2], mu)
        if not var > 1e-26 * (1.0 + mu * mu):
            return FIT_DEGENERATE
        th[0] = sqrt(EXPONPOW_K2 / var)
        th[1] = exp(mu - EXPONPOW_K1 / th[0])
    elif isfree[0]:
        s = wsum(c, G_LOG, th[2], log(th[1]), 2) / c.W
        if not s > 0.0:
            return FIT_DEGENERATE
        th[0] = sqrt((EXPONPOW_K2 + EXPONPOW_K1 * EXPONPOW_K1) / s)
    elif isfree[1]:
        th[1] = exp(wmean(c, G_LOG, th[2]) - EXPONPOW_K1 / th[0])
    return INIT_NEWTON


# ---------------------------------------------------------------- powerlaw
# th = [a, loc, scale]: a = -W / sum w log(y), y = (x - loc) / scale in (0, 1]; all y = 1
# (the sum 0): a -> inf, degenerate
cdef inline bint powerlaw_fit_in(double x, const double *th, const int *isfree) noexcept nogil:
    cdef double y = (x - th[1]) / th[2]
    return y > 0.0 and y <= 1.0

cdef inline int powerlaw_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    cdef double s
    if isfree[0]:
        s = wsum(c, G_LOG, th[1], log(th[2]), 1)
        if not s < 0.0:
            return FIT_DEGENERATE
        th[0] = -c.W / s
    return INIT_DONE


# ---------------------------------------------------------------- location-scale, by Newton
# start: median (and MAD) or moments; th = [loc, scale] (t: [df, loc, scale])
cdef inline int _start_loc_scale(FitCtx *c, double *loc, double *scale, int free_loc,
                                 int free_scale, double mad_factor,
                                 double mean_ad) noexcept nogil:
    # scale: mad_factor * MAD, or (mean_ad > 0) mean_ad * the mean absolute deviation
    # about the median; the mean absolute deviation where the MAD is 0
    if free_loc:
        loc[0] = wmedian(c, G_X, 0.0)
    if free_scale:
        scale[0] = 0.0 if mean_ad > 0.0 else mad_factor * wmedian(c, G_ABS, loc[0])
        if not scale[0] > 0.0:
            scale[0] = wsum(c, G_ABS, loc[0], 0.0, 1) / c.W * (mean_ad if mean_ad > 0.0 else 1.0)
        if not scale[0] > 0.0:
            return FIT_DEGENERATE
    return INIT_NEWTON

cdef inline int t_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    if isfree[0]:
        th[0] = 5.0
    return _start_loc_scale(c, &th[1], &th[2], isfree[1], isfree[2], 1.4826, 0.0)

cdef inline int logistic_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    # the mean absolute deviation about the median (scale * 2 log 2), which outliers
    # pull as they pull the MLE of the scale
    return _start_loc_scale(c, &th[0], &th[1], isfree[0], isfree[1], 0.0,
                            1.0 / 1.3862943611198906)

cdef inline int cauchy_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    # MAD of the Cauchy = scale
    return _start_loc_scale(c, &th[0], &th[1], isfree[0], isfree[1], 1.0, 0.0)

cdef inline int gumbel_start(FitCtx *c, double *th, const int *isfree, double sign) noexcept nogil:
    # moments: mean = loc + sign * Euler * scale, sd = pi / sqrt(6) * scale (sign -1:
    # gumbel_l, the start of gumbel_r on -x, mirrored)
    cdef double m = wmean(c, G_X, 0.0), s
    s = sqrt(wvar(c, G_X, 0.0, m)) * 0.7796968012336761       # sqrt(6) / pi
    if isfree[1]:
        if not s > 0.0:
            return FIT_DEGENERATE
        th[1] = s
    if isfree[0]:
        th[0] = m - sign * 0.5772156649015329 * th[1]
    return INIT_NEWTON

cdef inline int gumbel_r_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    return gumbel_start(c, th, isfree, 1.0)

cdef inline int gumbel_l_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    return gumbel_start(c, th, isfree, -1.0)


# ---------------------------------------------------------------- loggamma
# th = [c, loc, scale]: moments of y = (x - loc)/scale: mean psi(c), variance psi'(c),
# skewness psi''(c) / psi'(c)^1.5, from -2 (c -> 0) to 0 (c -> inf)
cdef inline double loggamma_c_of_skew(double g) noexcept nogil:
    """c of skewness g, within a factor 1.5 for g in [-1.9999, -0.01] (clamped there;
    NaN as -0.01): 2 + g ~ pi^2 c^2 / 2 near -2, 1 / g^2 ~ c - 1/4 for large c."""
    g = -1.9999 if g < -1.9999 else (g if g < -0.01 else -0.01)
    return sqrt(2.0 * (2.0 + g)) / M_PI if g < -1.5 else 1.0 / (g * g) + 0.25

cdef inline double loggamma_c_of_trigamma(double t) noexcept nogil:
    """c with psi'(c) ~ t > 0: the root of 1/c + 1/(2 c^2) = t."""
    return (1.0 + sqrt(1.0 + 2.0 * t)) / (2.0 * t)

cdef inline int loggamma_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    # c from the skewness g (from the variance when the scale is fixed), then the scale
    # from the variance and loc from the mean.  All free and g >= 0: the supremum is the
    # normal limit c -> inf (the loglik's slope in c^-1/2 there is -W g / 6):
    # FIT_DIVERGED at c = 1e10, within about W g / 6e5 of it
    cdef double m = wmean(c, G_X, 0.0), v = wvar(c, G_X, 0.0, m), g = 0.0
    cdef int status = INIT_NEWTON
    if (isfree[0] or isfree[2]) and not v > 0.0:
        return FIT_DEGENERATE
    if isfree[0]:
        if isfree[2]:
            g = wsum(c, G_X, 0.0, m, 3) / (c.W * v * sqrt(v))
            th[0] = loggamma_c_of_skew(g)
            if isfree[1] and not g < 0.0:
                th[0] = 1e10
                status = FIT_DIVERGED
        else:
            th[0] = loggamma_c_of_trigamma(v / (th[2] * th[2]))
    if isfree[2]:
        th[2] = sqrt(v / trigamma(th[0]))
    if isfree[1]:
        th[1] = m - th[2] * psi(th[0])
    return status

# All free and c >= 1 at the start: Newton in phi = (c, mean, sd) of x, mean = loc +
# scale psi(c), sd = scale sqrt(psi'(c)).  In (c, loc, scale) the likelihood is a
# curved valley at large c (loc ~ mean - sd sqrt(c) log(c), scale ~ sd sqrt(c)) along
# which Newton crawls (hundreds of iterations at c ~ 1e3); in phi, a few.
cdef inline void loggamma_coords(const double *phi, double *th, double *J,
                                 double *T2) noexcept nogil:
    # th = (c, mean - sd b(c), sd a(c)), a = psi'(c)^-1/2, b = psi(c) a
    cdef double c = phi[0], sd = phi[2], p0 = psi(c), p1 = trigamma(c), p2 = tetragamma(c)
    cdef double a = 1.0 / sqrt(p1), da = -0.5 * p2 * a * a * a, b = p0 * a
    cdef double db = 1.0 / a + p0 * da
    cdef double dda = a * (0.75 * (p2 / p1) * (p2 / p1) - 0.5 * pentagamma(c) / p1)
    cdef double ddb = p2 * a + 2.0 * p1 * da + p0 * dda
    th[0] = c
    th[1] = phi[1] - sd * b
    th[2] = sd * a
    J[0] = 1.0
    J[1] = 0.0
    J[2] = 0.0
    J[3] = -sd * db
    J[4] = 1.0
    J[5] = -b
    J[6] = sd * da
    J[7] = 0.0
    J[8] = a
    T2[9] = -sd * ddb          # d2 loc / dc2, d2 loc / dc dsd
    T2[11] = -db
    T2[15] = -db
    T2[18] = sd * dda          # d2 scale / dc2, d2 scale / dc dsd
    T2[20] = da
    T2[24] = da

cdef inline bint loggamma_coords_of(const double *th, const int *isfree, double *phi) noexcept nogil:
    if not (isfree[0] and isfree[1] and isfree[2] and th[0] >= 1.0):
        return 0
    phi[0] = th[0]
    phi[1] = th[1] + th[2] * psi(th[0])
    phi[2] = th[2] * sqrt(trigamma(th[0]))
    return 1


# ---------------------------------------------------------------- laplace
# th = [loc, scale]: the median and the mean absolute deviation from it
cdef inline int laplace_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    if isfree[0]:
        th[0] = wmedian(c, G_X, 0.0)
    if isfree[1]:
        th[1] = wsum(c, G_ABS, th[0], 0.0, 1) / c.W
    if not th[1] > 0.0:
        return FIT_DEGENERATE
    return INIT_DONE


# ---------------------------------------------------------------- pareto
# th = [b, scale, loc]: scale = min(x - loc), b = W / sum w log((x - loc) / scale)
cdef inline bint pareto_fit_in(double x, const double *th, const int *isfree) noexcept nogil:
    cdef double y = x - th[2]
    if isfree[1]:
        return y > 0.0 and y < INFINITY
    return y / th[1] >= 1.0 and y < INFINITY

cdef inline int pareto_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    cdef double s
    if isfree[1]:
        th[1] = wmin(c, th[2])
    if isfree[0]:
        s = wsum(c, G_LOG, th[2] + 0.0, log(th[1]), 1)
        if not s > 0.0:
            return FIT_DEGENERATE
        th[0] = c.W / s
    return INIT_DONE


# ---------------------------------------------------------------- rayleigh
# th = [scale, loc]: scale^2 = sum w y^2 / (2 W), y = x - loc
cdef inline bint rayleigh_fit_in(double x, const double *th, const int *isfree) noexcept nogil:
    cdef double y = x - th[1]
    return y > 0.0 and y < INFINITY

cdef inline double wrms(FitCtx *c, double loc, double div) noexcept nogil:
    """sqrt(sum w (x - loc)^2 / (div W)), the squares scaled by the largest |x - loc| (no
    overflow or underflow of the squares)."""
    cdef double m = 0.0, s = 0.0, comp = 0.0, acc, v, r
    cdef Py_ssize_t b, bi, j, nb
    for j in range(c.n):
        v = fabs(xat(c, j) - loc)
        if (c.w == NULL or c.w[j] > 0.0) and v > m:
            m = v
    if not (m > 0.0 and m < INFINITY):
        return m
    r = 1.0 / m
    for bi in range((c.n + BLOCK - 1) // BLOCK):
        b = bi * BLOCK
        nb = c.n - b if c.n - b < BLOCK else BLOCK
        acc = 0.0
        for j in range(b, b + nb):
            if c.w != NULL and c.w[j] == 0.0:
                continue
            v = (xat(c, j) - loc) * r
            acc += (1.0 if c.w == NULL else c.w[j]) * v * v
        neum_add(&s, &comp, acc)
    return m * sqrt(neum_result(s, comp) / (div * c.W))

cdef inline int rayleigh_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    if isfree[0]:
        th[0] = wrms(c, th[1], 2.0)
    if not (th[0] >= DBL_MIN and th[0] < INFINITY):
        return FIT_DEGENERATE
    return INIT_DONE


# ---------------------------------------------------------------- invgauss
# th = [mu, scale, loc], u = x - loc with weighted mean m: X = scale Y is inverse
# Gaussian with mean mu scale and shape lambda = scale, whose MLE is m and 1/lambda =
# mean(1/u - 1/m), i.e. S = sum w (u - m)^2 / (u m) (positive terms: no cancellation)
# and mu = S / W, scale = m / mu; with scale fixed mu = m / scale; with mu fixed the
# root of R s^2 - W s - U / mu^2 = 0 (R = sum w / u, U = sum w u), as
# scale = m W (1 + sqrt(1 + 4 k)) / (2 Rm), k = Rm / (W mu^2), Rm = sum w m / u >= W
cdef inline void invgauss_sums(FitCtx *c, double loc, double m, double *S,
                               double *Rm) noexcept nogil:
    """S = sum w ((u - m)/m) ((u - m)/u), Rm = sum w m/u, u = x - loc (compensated)."""
    cdef double s1 = 0.0, s2 = 0.0, c1 = 0.0, c2 = 0.0, a1, a2, u, dv, wi
    cdef Py_ssize_t b, bi, j, nb
    for bi in range((c.n + BLOCK - 1) // BLOCK):
        b = bi * BLOCK
        nb = c.n - b if c.n - b < BLOCK else BLOCK
        a1 = 0.0
        a2 = 0.0
        for j in range(b, b + nb):
            wi = 1.0 if c.w == NULL else c.w[j]
            if wi == 0.0:
                continue
            u = xat(c, j) - loc
            dv = u - m
            a1 += wi * ((dv / m) * (dv / u))
            a2 += wi * (m / u)
        neum_add(&s1, &c1, a1)
        neum_add(&s2, &c2, a2)
    S[0] = neum_result(s1, c1)
    Rm[0] = neum_result(s2, c2)

cdef inline int invgauss_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    cdef double m = wmean(c, G_X, th[2]), S, Rm
    if not isfree[1]:
        th[0] = m / th[1]
    else:
        invgauss_sums(c, th[2], m, &S, &Rm)
        if isfree[0]:
            th[0] = S / c.W
            th[1] = m / th[0]
        else:
            th[1] = m * c.W * (1.0 + sqrt(1.0 + 4.0 * (Rm / c.W) / (th[0] * th[0]))) / (2.0 * Rm)
    if not (th[0] >= DBL_MIN and th[0] < INFINITY and th[1] >= DBL_MIN and th[1] < INFINITY):
        return FIT_DEGENERATE
    return INIT_DONE


# ---------------------------------------------------------------- lomax
# th = [c, scale, loc]: with scale fixed c = W / sum w log1p(y) in closed form; else Newton
# from the median (c fixed: median = scale expm1(log(2)/c)) or the moments (both free:
# var/mean^2 = c/(c - 2) for c > 2; a lighter tail than the exponential's starts at
# c = 50, where the MLE runs off to the exponential limit c, scale -> inf)
cdef inline bint lomax_fit_in(double x, const double *th, const int *isfree) noexcept nogil:
    cdef double y = x - th[2]
    return y >= 0.0 and y < INFINITY

cdef inline double lomax_sum_log1p(FitCtx *c, double loc, double r) noexcept nogil:
    """sum w log1p((x - loc) r), compensated (block-vectorised log1p)."""
    cdef double s = 0.0, comp = 0.0, acc
    cdef double t[BLOCK]
    cdef Py_ssize_t b, bi, j, nb
    for bi in range((c.n + BLOCK - 1) // BLOCK):
        b = bi * BLOCK
        nb = c.n - b if c.n - b < BLOCK else BLOCK
        for j in range(nb):
            t[j] = (xat(c, b + j) - loc) * r
            if not (t[j] >= 0.0 and t[j] < INFINITY):
                t[j] = 0.0      # a zero-weight point outside the support
        fm_vlog1p(t, nb)
        acc = 0.0
        for j in range(nb):
            if c.w == NULL or c.w[b + j] != 0.0:
                acc += (1.0 if c.w == NULL else c.w[b + j]) * t[j]
        neum_add(&s, &comp, acc)
    return neum_result(s, comp)

cdef inline int lomax_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    cdef double m, v, r, s
    if not isfree[1]:
        s = lomax_sum_log1p(c, th[2], 1.0 / th[1])
        if not s > 0.0:
            return FIT_DEGENERATE
        th[0] = c.W / s
        return INIT_DONE
    m = wmean(c, G_X, th[2])
    if not isfree[0]:
        th[1] = wmedian(c, G_X, th[2]) / expm1(M_LN2 / th[0])
        if not th[1] > 0.0:
            th[1] = m * fmax(th[0] - 1.0, 1.0)
        return INIT_NEWTON if th[1] > 0.0 else FIT_DEGENERATE
    v = wvar(c, G_X, th[2], m)
    if not (m > 0.0 and v > 0.0):
        return FIT_DEGENERATE
    r = v / (m * m)
    th[0] = 2.0 * r / (r - 1.0) if r > 1.04 else 50.0
    th[1] = m * (th[0] - 1.0)
    return INIT_NEWTON
# ---------------------------------------------------------------- uniform
# th = [loc, scale]: loc = min(x), scale = max(x) - min(x) (x - loc as the kernels form it,
# so max(x) lands on y = 1 exactly); loc fixed: scale = max(x) - loc; scale fixed: any loc
# in [max(x) - scale, min(x)], the one centring the support on the data (scipy's)
cdef inline bint uniform_fit_in(double x, const double *th, const int *isfree) noexcept nogil:
    # (a free parameter is NaN here)
    cdef double y
    if not isfinite(x) or isfree[0]:
        return isfinite(x)
    if isfree[1]:
        return x >= th[0]
    y = (x - th[0]) / th[1]
    return y >= 0.0 and y <= 1.0

cdef inline int uniform_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    cdef double lo = wmin(c, 0.0), hi = -wlow(c, 0.0, -1.0), ptp = hi - lo
    if not isfree[1]:
        if ptp > th[1]:
            return FIT_OUTSIDE          # the data span more than the fixed scale
        th[0] = lo - 0.5 * (th[1] - ptp)
        if not ((hi - th[0]) / th[1] <= 1.0 and lo >= th[0]):
            th[0] = lo                  # (rounding)
        return INIT_DONE
    if isfree[0]:
        th[0] = lo
    th[1] = hi - th[0]
    return INIT_DONE if th[1] > 0.0 else FIT_DEGENERATE
# ---------------------------------------------------------------- L-moments
cdef inline void pwm(FitCtx *c, double loc, double *o) noexcept nogil:
    """o = [l1, l2, l3, min, max] of y = x - loc over the points of positive weight: min
    and max over all of them, the first three L-moments (a start: estimates suffice)
    over every step-th point, step = ceil(n / PWM_SAMPLE) (all of them up to
    PWM_SAMPLE points: the sort is the cost), from the probability-weighted moments
    b_r = sum w d p^r / W of d = y - min at the plotting positions p = (weight below +
    w / 2) / W of the sorted points (Hosking's (j - 1/2) / n for unit weights), summed
    in ascending order (as _py/fitting.pwm).  Needs c.buf (2n doubles)."""
    cdef Py_ssize_t i, j, m = 0, step = (c.n + PWM_SAMPLE - 1) // PWM_SAMPLE
    cdef double lo = INFINITY, hi = -INFINITY, below = 0.0, W = 0.0, p, t, v, wi
    cdef double b0 = 0.0, b1 = 0.0, b2 = 0.0, c0 = 0.0, c1 = 0.0, c2 = 0.0
    for i in range(c.n):
        if c.w == NULL or c.w[i] > 0.0:
            v = xat(c, i) - loc
            lo = min(lo, v)
            hi = max(hi, v)
    for j in range((c.n + step - 1) // step):
        i = j * step
        if c.w == NULL or c.w[i] > 0.0:
            c.buf[2 * m] = xat(c, i) - loc
            c.buf[2 * m + 1] = 1.0 if c.w == NULL else c.w[i]
            W += c.buf[2 * m + 1]
            m += 1
    qsort(c.buf, m, 2 * sizeof(double), _cmp_first)
    for i in range(m):
        v = c.buf[2 * i]
        wi = c.buf[2 * i + 1]
        p = (below + 0.5 * wi) / W
        below += wi
        t = wi * (v - lo)
        neum_add(&b0, &c0, t)
        neum_add(&b1, &c1, t * p)
        neum_add(&b2, &c2, t * p * p)
    b0 = neum_result(b0, c0) / W
    b1 = neum_result(b1, c1) / W
    b2 = neum_result(b2, c2) / W
    o[0] = b0 + lo
    o[1] = 2.0 * b1 - b0
    o[2] = 6.0 * b2 - 6.0 * b1 + b0
    o[3] = lo
    o[4] = hi


cdef extern from *:
    """
    #define FM_START_GAP 0.01
    #define FM_UNBOUNDED_GAP 1e-8
    #define FM_LN3 1.0986122886681098
    #define FM_EULER 0.5772156649015329
    #define FM_PWM_SAMPLE 4096
    """
    const double LN3 "FM_LN3"
    const double EULER "FM_EULER"
    # a start keeps the data at least START_GAP (relative) inside a moving end of the
    # support; an end within UNBOUNDED_GAP of the data: the likelihood's supremum
    const double START_GAP "FM_START_GAP"
    const double UNBOUNDED_GAP "FM_UNBOUNDED_GAP"
    # the L-moment starts of genpareto and genextreme sort at most ~PWM_SAMPLE points
    const Py_ssize_t PWM_SAMPLE "FM_PWM_SAMPLE"


# ---------------------------------------------------------------- genpareto
# th = [c, scale, loc]; c.st[0] = max(x - loc), for the unbounded-end rule
cdef inline bint genpareto_fit_in(double x, const double *th, const int *isfree) noexcept nogil:
    # the upper end -1/c (c < 0) only when nothing moves it
    cdef double y = x - th[2]
    if not (y >= 0.0 and y < INFINITY):
        return 0
    if isfree[0] or isfree[1] or th[0] >= 0.0:
        return 1
    return ls_div(x, th[2], th[1]) <= -1.0 / th[0]

cdef inline int genpareto_fit_init(FitCtx *c, double *th, const int *isfree,
                                   double *d) noexcept nogil:
    # Hosking and Wallis' PWM estimates: c = 2 - l1 / l2, scale = l1 (1 - c), c kept in
    # [-0.9, 0.9] (l1 / l2 >= 1 for data >= 0, so c <= 1) and the data inside the upper
    # end -scale / c of c < 0 by START_GAP.  c fixed at -1 (uniform): scale = max; below
    # -1 the likelihood is unbounded (the scale at UNBOUNDED_GAP)
    cdef double l[5]
    cdef double k
    pwm(c, th[2], l)
    c.st[0] = l[4]
    if isfree[1] and not (l[4] > 0.0 and (l[4] > l[3] or not isfree[0])):
        return FIT_DEGENERATE
    if not isfree[0] and th[0] <= -1.0:
        th[1] = l[4] if th[0] == -1.0 else -th[0] * l[4] / (1.0 - UNBOUNDED_GAP)
        return INIT_DONE if th[0] == -1.0 else FIT_DIVERGED
    if isfree[0]:
        th[0] = min(max(2.0 - l[0] / l[1], -0.9), 0.9) if l[1] > 0.0 else 0.0
        if not isfree[1] and th[0] < 0.0:
            th[0] = max(th[0], -(1.0 - START_GAP) * th[1] / l[4])
    if isfree[1]:
        k = th[0]
        th[1] = l[0] * (1.0 - k) if k < 0.9 else l[0] * 0.1
        if k < 0.0:
            th[1] = max(th[1], -k * l[4] / (1.0 - START_GAP))
    return INIT_NEWTON

cdef inline bint genpareto_fit_unbounded(void *p, const double *th,
                                         const int *isfree) noexcept nogil:
    """Newton runs into the upper end -scale / c: c < -1 (the density is infinite
    there) with the scale free (no stationary point: the likelihood decreases with the
    scale) or the end within UNBOUNDED_GAP of the largest value; or c within 1e-6 of
    -1 and that close (the supremum over c > -1, the uniform's, on the boundary)."""
    cdef FitCtx *c = <FitCtx *> p
    if not th[0] < -1.0 + 1e-6:
        return 0
    if th[0] < -1.0 and isfree[1]:
        return 1
    return 1.0 + th[0] * c.st[0] / th[1] < UNBOUNDED_GAP


# ---------------------------------------------------------------- genextreme
# th = [c, loc, scale]; c.st[0] = max(x), c.st[1] = min(x)
cdef inline bint genextreme_fit_in(double x, const double *th, const int *isfree) noexcept nogil:
    # the support's end only when nothing moves it (c z < 1, or the end z = 1 of c = 1,
    # where the density is finite)
    cdef double cz
    if not isfinite(x):
        return 0
    if isfree[0] or isfree[1] or isfree[2]:
        return 1
    cz = th[0] * ls_div(x, th[1], th[2])
    return cz < 1.0 or (cz == 1.0 and th[0] == 1.0)

cdef inline void gev_pwm_fit(double l1, double l2, double k, double *th,
                             const int *isfree) noexcept nogil:
    """Scale and location (where free) from the L-moments l1, l2 for the shape k
    (Hosking, Wallis and Wood: scale = l2 k / ((1 - 2^-k) Gamma(1 + k)), loc = l1 -
    scale (1 - Gamma(1 + k)) / k; log 2 and Euler's constant at k = 0); k kept >= -0.9."""
    cdef double lg, a, b
    k = max(k, -0.9)
    lg = gammaln(1.0 + k)
    a = -expm1(-k * M_LN2) / k if fabs(k) > 1e-8 else M_LN2
    b = -expm1(lg) / k if fabs(k) > 1e-8 else EULER
    if isfree[2]:
        th[2] = l2 / (a * exp(lg))
    if isfree[1]:
        th[1] = l1 - th[2] * b

cdef inline double gev_gap(const double *th, double lo, double hi) noexcept nogil:
    """1 - c (x - loc) / scale at the data's end that the support's end binds (1 at c = 0)."""
    if th[0] == 0.0:
        return 1.0
    return 1.0 - th[0] * ((hi if th[0] > 0.0 else lo) - th[1]) / th[2]

cdef inline int genextreme_fit_init(FitCtx *c, double *th, const int *isfree,
                                    double *d) noexcept nogil:
    # the PWM estimates of Hosking, Wallis and Wood: c from t3 = l3 / l2 by their
    # approximation (kept in [-0.9, 0.9]), then scale and loc (gev_pwm_fit); the data kept
    # START_GAP inside the end 1/c of the support by halving c (c free), doubling the
    # scale (else), or placing loc.  c fixed >= 1 with loc free: the likelihood decreases
    # with loc (no maximum; unbounded for c > 1): loc at UNBOUNDED_GAP
    cdef double l[5]
    cdef double k, t
    cdef int it
    pwm(c, 0.0, l)
    c.st[0] = l[4]
    c.st[1] = l[3]
    if isfree[2] and not l[4] > l[3]:
        return FIT_DEGENERATE
    k = th[0]
    if isfree[0]:
        k = 0.0
        if l[1] > 0.0:
            t = 2.0 / (3.0 + l[2] / l[1]) - M_LN2 / LN3
            k = min(max(7.8590 * t + 2.9554 * t * t, -0.9), 0.9)
        th[0] = k
    gev_pwm_fit(l[0], l[1], k, th, isfree)
    if not isfree[0] and k >= 1.0 and isfree[1]:
        th[1] = l[4] - (1.0 - UNBOUNDED_GAP) * th[2] / k
        return FIT_DIVERGED
    for it in range(200):
        if gev_gap(th, l[3], l[4]) >= START_GAP:
            break
        if isfree[0]:
            k = 0.5 * k if fabs(k) > 1e-8 else 0.0
            th[0] = k
            gev_pwm_fit(l[0], l[1], k, th, isfree)
        elif isfree[2]:
            th[2] *= 2.0
        else:
            th[1] = (l[4] if k > 0.0 else l[3]) - 0.5 * th[2] / k
    return INIT_NEWTON

cdef inline bint genextreme_fit_unbounded(void *p, const double *th,
                                          const int *isfree) noexcept nogil:
    """Newton runs into the upper end loc + scale / c: c > 1 (the density is infinite
    there) with loc free (no stationary point: the likelihood decreases with loc) or
    the end within UNBOUNDED_GAP of the largest value; or c within 1e-6 of 1 and that
    close (the supremum over c < 1 on the boundary, as genpareto's)."""
    cdef FitCtx *c = <FitCtx *> p
    if not th[0] > 1.0 - 1e-6:
        return 0
    if th[0] > 1.0 and isfree[1]:
        return 1
    return 1.0 - th[0] * (c.st[0] - th[1]) / th[2] < UNBOUNDED_GAP


# ---------------------------------------------------------------- discrete
cdef inline bint count_in(double x, const double *th, const int *isfree) noexcept nogil:
    return is_count(x)

cdef inline bint binom_fit_in(double x, const double *th, const int *isfree) noexcept nogil:
    return is_count(x) and x <= th[1]

cdef inline bint geom_fit_in(double x, const double *th, const int *isfree) noexcept nogil:
    return is_count(x) and x >= 1.0

# poisson: th = [mu]; c.st = [W, sum x, sum lgamma(x + 1), outside]
cdef inline int poisson_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    if isfree[0]:
        th[0] = c.st[1] / c.W
    return INIT_DONE if th[0] > 0.0 else FIT_DEGENERATE

cdef inline void poisson_st_dv(void *p, const double *th, double *o) noexcept nogil:
    cdef FitCtx *c = <FitCtx *> p
    cdef double S = c.st[1], mu = th[0]
    o[0] = xlogy(S, mu) - c.st[2] - c.W * mu
    o[1] = S / mu - c.W
    o[2] = -S / (mu * mu)

# binom: th = [p, n]; c.st = [W, sum x, sum log C(n, x), outside]
cdef inline int binom_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    if isfree[0]:
        th[0] = c.st[1] / (c.W * th[1])
    return INIT_DONE if (th[0] > 0.0 and th[0] < 1.0) else FIT_DEGENERATE

cdef inline void binom_st_dv(void *p, const double *th, double *o) noexcept nogil:
    cdef FitCtx *c = <FitCtx *> p
    cdef double S = c.st[1], q = th[0], f = th[1] * c.W - S
    o[0] = c.st[2] + xlogy(S, q) + xlogy_l(f, log1p(-q))
    o[1] = S / q - f / (1.0 - q)
    o[2] = -S / (q * q) - f / ((1.0 - q) * (1.0 - q))

# geom: th = [p]; c.st = [W, sum x, outside]
cdef inline int geom_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    if isfree[0]:
        th[0] = c.W / c.st[1]
    return INIT_DONE if (th[0] > 0.0 and th[0] < 1.0) else FIT_DEGENERATE

cdef inline void geom_st_dv(void *p, const double *th, double *o) noexcept nogil:
    cdef FitCtx *c = <FitCtx *> p
    cdef double q = th[0], f = c.st[1] - c.W
    o[0] = xlogy_l(f, log1p(-q)) + c.W * log(q)
    o[1] = c.W / q - f / (1.0 - q)
    o[2] = -c.W / (q * q) - f / ((1.0 - q) * (1.0 - q))

# th = [n, p]; moments start; with n fixed, p = n / (n + mean) in closed form
cdef inline int nbinom_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    cdef double m = wmean(c, G_X, 0.0), v
    if not m > 0.0:
        return FIT_DEGENERATE
    if not isfree[0]:
        th[1] = th[0] / (th[0] + m)
        return INIT_DONE
    v = wvar(c, G_X, 0.0, m)
    if isfree[1]:
        th[0] = m * m / (v - m) if v > m else m * m / (1e-3 * m)
        th[1] = th[0] / (th[0] + m)
    else:
        th[0] = m * th[1] / (1.0 - th[1])
    return INIT_NEWTON


# ---------------------------------------------------------------- halfnorm
# th = [scale, loc]: scale^2 = sum w y^2 / W, y = x - loc (rayleigh's wrms)
cdef inline int halfnorm_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    th[0] = wrms(c, th[1], 1.0)
    return INIT_DONE if (th[0] >= DBL_MIN and th[0] < INFINITY) else FIT_DEGENERATE
