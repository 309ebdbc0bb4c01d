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
from libc.math cimport (log, log1p, exp, expm1, fabs, sqrt, floor, isfinite, INFINITY, NAN,
                        M_PI, M_LN2)
from scipy.special.cython_special cimport gammaln, psi
from fastmle._cy.common cimport *
from fastmle._cy.special cimport psi_diff, trigamma, trigamma_diff, xlogy, xlogy_l, LOG_2PI
from fastmle._cy.families cimport betaln_, is_count, ls_div
from libc.stdlib cimport qsort
from fastmle._cy.solve cimport *

cdef enum:
    # what a pass sums: g(x) = x - loc, log(x - loc), |x - loc|
    G_X = 0
    G_LOG = 1
    G_ABS = 2


cdef inline double wsum(FitCtx *c, int g, double loc, double about, int power) noexcept nogil:
    """sum w * (g(x) - about)^power (power 0, 1 or 2), compensated, one pass."""
    cdef double s = 0.0, comp = 0.0, acc, v, wi
    cdef double buf[BLOCK]
    cdef Py_ssize_t b, bi, j, nb
    for bi in range((c.n + BLOCK - 1) // BLOCK):
        b = bi * BLOCK
        nb = c.n - b if c.n - b < BLOCK else BLOCK
        for j in range(nb):
            v = xat(c, b + j) - loc
            if g == G_ABS:
                v = fabs(v)
            elif g == G_LOG and not (v > 0.0 and v < INFINITY):
                v = 1.0         # a zero-weight point outside the support
            buf[j] = v
        if g == G_LOG:
            fm_vlog(buf, nb)
        acc = 0.0
        for j in range(nb):
            wi = 1.0 if c.w == NULL else c.w[b + j]
            if wi == 0.0:
                continue
            v = buf[j] - about
            acc += wi * (1.0 if power == 0 else (v if power == 1 else v * v))
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
    cdef Py_ssize_t i
    cdef double v
    for i in range(c.n):
        v = xat(c, i) - loc
        if g == G_ABS:
            v = fabs(v)
        if c.w == NULL:
            c.buf[i] = v
        else:
            c.buf[2 * i] = v
            c.buf[2 * i + 1] = c.w[i]
    if c.w == NULL:
        return median_inplace(c.buf, c.n)
    return median_of_pairs(c.buf, c.n)


cdef inline double wmin(FitCtx *c, double loc) noexcept nogil:
    """min of x - loc over points of positive weight."""
    cdef double m = INFINITY
    cdef Py_ssize_t i
    for i in range(c.n):
        if (c.w == NULL or c.w[i] > 0.0) and xat(c, i) - loc < m:
            m = xat(c, i) - loc
    return m


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
cdef inline bint expon_fit_in(double x, const double *th, const int *isfree) noexcept nogil:
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
# th = [a, scale, loc]; c.st = [W, sum y, sum log y, outside], y = x - loc
cdef inline int gamma_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    cdef double m = c.st[1] / c.W, s
    if not isfree[0]:
        th[1] = m / th[0]
        return INIT_DONE
    s = log(m) - c.st[2] / c.W
    if isfree[1]:
        # s = log(mean) - mean(log) >= 0, = 0 only when all values are equal
        # (up to its rounding error)
        if not s > 1e-14 * (1.0 + fabs(log(m))):
            return FIT_DEGENERATE
        # Minka's approximation of the root of log(a) - psi(a) = s
        th[0] = (3.0 - s + sqrt((s - 3.0) * (s - 3.0) + 24.0 * s)) / (12.0 * s)
        th[1] = m / th[0]
    else:
        th[0] = m / th[1]
    return INIT_NEWTON

cdef inline double gamma_st_ll(void *p, const double *th) noexcept nogil:
    cdef FitCtx *c = <FitCtx *> p
    cdef double a = th[0], sc = th[1]
    return (a - 1.0) * c.st[2] - c.st[1] / sc - c.W * (gammaln(a) + a * log(sc))

cdef inline void gamma_st_dv(void *p, const double *th, double *o) noexcept nogil:
    cdef FitCtx *c = <FitCtx *> p
    cdef double a = th[0], sc = th[1], W = c.W
    o[0] = gamma_st_ll(p, th)
    o[1] = c.st[2] - W * psi(a) - W * log(sc)
    o[2] = c.st[1] / (sc * sc) - W * a / sc
    o[3] = -W * trigamma(a)
    o[4] = -W / sc
    o[5] = -2.0 * c.st[1] / (sc * sc * sc) + W * a / (sc * sc)


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
                                    int *niter) noexcept nogil:
    """Halley's method on the profile equation of c,
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


cdef inline int weibull_min_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    # (both free: the driver runs weibull_min_profile instead)
    cdef double mu, var
    if isfree[1]:
        # c fixed: scale = (sum w y^c / W)^(1/c), via logs for range
        mu = wmean(c, G_LOG, th[2])
        th[1] = exp(mu + log(_pow_mean(c, th[0], th[2], mu)) / th[0])
        return INIT_DONE
    if isfree[0]:
        mu = wmean(c, G_LOG, th[2])
        var = wvar(c, G_LOG, th[2], mu)
        if not var > 0.0:
            return FIT_DEGENERATE
        th[0] = M_PI / sqrt(6.0 * var)
    return INIT_NEWTON


cdef inline double _pow_mean(FitCtx *c, double k, double loc, double mu) noexcept nogil:
    """sum w exp(k (log(x - loc) - mu)) / W."""
    cdef double s = 0.0, comp = 0.0, acc
    cdef double t[BLOCK]
    cdef Py_ssize_t b, bi, j, nb
    for bi in range((c.n + BLOCK - 1) // BLOCK):
        b = bi * BLOCK
        nb = c.n - b if c.n - b < BLOCK else BLOCK
        for j in range(nb):
            t[j] = xat(c, b + j) - loc
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

cdef inline int gumbel_r_fit_init(FitCtx *c, double *th, const int *isfree, double *d) noexcept nogil:
    cdef double m = wmean(c, G_X, 0.0), s
    s = sqrt(wvar(c, G_X, 0.0, m)) * 0.7796968012336761       # sqrt(6) / pi
    if isfree[1]:
        if not s > 0.0:
            return FIT_DEGENERATE
        th[1] = s
    if isfree[0]:
        th[0] = m - 0.5772156649015329 * th[1]
    return INIT_NEWTON


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


# ---------------------------------------------------------------- L-moments
cdef inline void pwm(FitCtx *c, double loc, double *o) noexcept nogil:
    """o = [l1, l2, l3, min, max] of y = x - loc over the points of positive weight: the
    first three L-moments from the probability-weighted moments b_r = sum w d p^r / W
    of d = y - min at the plotting positions p = (weight below + w / 2) / W of the
    sorted data (Hosking's (j - 1/2) / n for unit weights), summed in ascending order
    (as _py/fitting.pwm).  Needs c.buf (2n doubles): the data sorted there."""
    cdef Py_ssize_t i, m = 0, step = 1 if c.w == NULL else 2
    cdef double lo, below = 0.0, p, t, v, wi
    cdef double b0 = 0.0, b1 = 0.0, b2 = 0.0, c0 = 0.0, c1 = 0.0, c2 = 0.0
    if c.w == NULL:
        for i in range(c.n):
            c.buf[i] = xat(c, i) - loc
        m = c.n
        qsort(c.buf, m, sizeof(double), _cmp_first)
    else:
        for i in range(c.n):
            if c.w[i] > 0.0:
                c.buf[2 * m] = xat(c, i) - loc
                c.buf[2 * m + 1] = c.w[i]
                m += 1
        qsort(c.buf, m, 2 * sizeof(double), _cmp_first)
    lo = c.buf[0]
    for i in range(m):
        v = c.buf[step * i]
        wi = 1.0 if c.w == NULL else c.buf[2 * i + 1]
        p = (below + 0.5 * wi) / c.W
        below += wi
        t = wi * (v - lo)
        neum_add(&b0, &c0, t)
        neum_add(&b1, &c1, t * p)
        neum_add(&b2, &c2, t * p * p)
    b0 = neum_result(b0, c0) / c.W
    b1 = neum_result(b1, c1) / c.W
    b2 = neum_result(b2, c2) / c.W
    o[0] = b0 + lo
    o[1] = 2.0 * b1 - b0
    o[2] = 6.0 * b2 - 6.0 * b1 + b0
    o[3] = lo
    o[4] = c.buf[step * (m - 1)]


cdef extern from *:
    """
    #define FM_START_GAP 0.01
    #define FM_UNBOUNDED_GAP 1e-8
    #define FM_LN3 1.0986122886681098
    #define FM_EULER 0.5772156649015329
    """
    const double LN3 "FM_LN3"
    const double EULER "FM_EULER"
    # a start keeps the data at least START_GAP (relative) inside a moving end of the
    # support; an end within UNBOUNDED_GAP of the data: the likelihood's supremum
    const double START_GAP "FM_START_GAP"
    const double UNBOUNDED_GAP "FM_UNBOUNDED_GAP"


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
