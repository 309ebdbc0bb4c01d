"""Fits against values published outside the project (data and source notes in
tests/data/refdata/, see its README.md):

- R fitdistrplus (Delignette-Muller & Dutang 2015, JSS 64(4)): groundbeef, toxocara,
  endosulfan, danishuni;
- the Kennan strike durations as fitted by R MASS::fitdistr (AER ?StrikeDuration);
- scipy's own fit tests.

Every documented number the fitting API can produce is one test case, compared at the
precision its source states. fastmle's results are first converted to each reference's
parametrisation (R gamma rate, R nbinom size/mu, R lognormal meanlog/sdlog, ...);
standard errors are carried over by the delta method, which at the MLE is the inverse
observed information of the new parametrisation exactly.

Not covered (out of scope or not expressible): censored fits, moment matching, the
non-converged BFGS fit, goodness-of-fit statistics (KS, CvM, AD, chi-square),
descriptive skewness/kurtosis, scipy's Frechet fit (fastmle has no invweibull family),
and scipy's distance / KL cases (not fits).
"""
import csv
import functools
import json
import math
from pathlib import Path

import numpy as np
import pytest

import fastmle

DATA = Path(__file__).parent / "data" / "refdata"
REFS = {
    "fitdistrplus": json.loads((DATA / "fitdistrplus" / "published_fits.json").read_text()),
    "strikes": json.loads((DATA / "strikes" / "expected.json").read_text()),
    "scipy": json.loads((DATA / "scipy_cases" / "scipy_cases.json").read_text()),
}


def column(relpath, name):
    with open(DATA / relpath, newline="") as fh:
        return np.array([float(row[name]) for row in csv.DictReader(fh)])


SAMPLES = {
    "groundbeef": column("fitdistrplus/groundbeef.csv", "serving"),
    "toxocara": column("fitdistrplus/toxocara.csv", "number"),
    "endosulfan": column("fitdistrplus/endosulfan.csv", "ATV"),
    "danishuni": column("fitdistrplus/danishuni.csv", "Loss"),
    "strikes": column("strikes/AER_StrikeDuration.csv", "duration"),
}
for _case in ("laplace_fixed_param", "expon_two_points", "gumbel_r_near_degenerate"):
    SAMPLES[_case] = np.array(REFS["scipy"][_case]["data"], dtype=float)


# ---------------------------------------------- fastmle -> reference parametrisation
def correlation(res, a, b):
    i, j = res.free.index(a), res.free.index(b)
    return res.cov[i, j] / math.sqrt(res.cov[i, i] * res.cov[j, j])


def weibull(res):                   # R dweibull(shape, scale) = scipy weibull_min(c, scale)
    se = res.stderr
    return {"shape": res.params["c"], "scale": res.params["scale"],
            "se_shape": se["c"], "se_scale": se["scale"], "corr": correlation(res, "c", "scale")}


def gamma_rate(res):                # R dgamma(shape, rate): rate = 1/scale
    scale, se = res.params["scale"], res.stderr
    out = {"shape": res.params["a"], "rate": 1.0 / scale, "se_rate": se["scale"] / scale**2}
    if "a" in res.free:             # rate decreases in scale, so corr(shape, rate) flips sign
        out.update(se_shape=se["a"], corr=-correlation(res, "a", "scale"))
    return out


def lognormal(res):                 # meanlog = log(scale), sdlog = s
    scale, se = res.params["scale"], res.stderr
    return {"meanlog": math.log(scale), "sdlog": res.params["s"],
            "se_meanlog": se["scale"] / scale, "se_sdlog": se["s"]}


def exponential_rate(res):          # rate = 1/scale
    scale = res.params["scale"]
    return {"rate": 1.0 / scale, "se": res.stderr["scale"] / scale**2}


def poisson(res):
    return {"lambda": res.params["mu"], "se": res.stderr["mu"]}


def nbinom_size_mu(res):            # R dnbinom(size, mu): size = n, mu = n (1 - p) / p
    n, p = res.params["n"], res.params["p"]
    grad = np.array([(1 - p) / p, -n / p**2])[[res.free.index("n"), res.free.index("p")]]
    return {"size": n, "mu": n * (1 - p) / p, "se_size": res.stderr["n"],
            "se_mu": math.sqrt(grad @ res.cov @ grad)}


def normal_sd(res):                 # descdist's sd uses n - 1; the normal MLE uses n
    return {"mean": res.params["loc"],
            "sd_n_minus_1": res.params["scale"] * math.sqrt(res.n / (res.n - 1))}


def scipy_names(**names):           # {reference key: fastmle parameter}
    return lambda res: {key: res.params[par] for key, par in names.items()}


# fit id: (sample, family, fixed, converter)
FITS = {
    "groundbeef-weibull": ("groundbeef", "weibull_min", None, weibull),
    "groundbeef-gamma": ("groundbeef", "gamma", None, gamma_rate),
    "groundbeef-gamma-shape4": ("groundbeef", "gamma", {"a": 4.0}, gamma_rate),
    "groundbeef-lnorm": ("groundbeef", "lognorm", None, lognormal),
    "groundbeef-norm": ("groundbeef", "norm", None, normal_sd),
    "toxocara-pois": ("toxocara", "poisson", None, poisson),
    "toxocara-nbinom": ("toxocara", "nbinom", None, nbinom_size_mu),
    "endosulfan-lnorm": ("endosulfan", "lognorm", None, lognormal),
    "danishuni-lnorm": ("danishuni", "lognorm", None, lognormal),
    "strikes-expon": ("strikes", "expon", None, exponential_rate),
    "strikes-weibull": ("strikes", "weibull_min", None, weibull),
    "strikes-lnorm": ("strikes", "lognorm", None, lognormal),
    "laplace-loc6": ("laplace_fixed_param", "laplace", {"loc": 6.0},
                     scipy_names(scale_given_loc_6="scale")),
    "laplace-scale6": ("laplace_fixed_param", "laplace", {"scale": 6.0},
                       scipy_names(loc_given_scale_6="loc")),
    "expon-two-points": ("expon_two_points", "expon", None, scipy_names(mle_scale="scale")),
    "gumbel-degenerate": ("gumbel_r_near_degenerate", "gumbel_r", None,
                          scipy_names(loc="loc", scale="scale")),
}


@functools.lru_cache(maxsize=None)
def fitted(fit_id):
    """The fit's quantities in its reference's parametrisation, plus loglik/AIC/BIC."""
    sample, family, fixed, convert = FITS[fit_id]
    res = fastmle.fit(SAMPLES[sample], family, fixed=fixed)
    assert res.converged, res.message
    return {**convert(res), "loglik": res.loglik, "aic": res.aic, "bic": res.bic}


# ---------------------------------------------- tolerances (README / JSON notes)
EXACT = dict(rel=1e-7)      # tight-tolerance `exact_mle` estimates
EXACT_LL = dict(rel=1e-9)   # their loglik / AIC / BIC
CLOSED = dict(rel=1e-12)    # closed-form MLEs and SEs stored to full double precision
PUB = dict(rel=1e-3)        # fitdistrplus Nelder-Mead estimates (~1e-4 off, gamma ~3e-4)
PUB_LL = dict(abs=1e-3)     # their loglik / AIC / BIC, printed digits
PUB_SE = dict(rel=1e-2)     # SEs/correlations from optim's finite-difference Hessian
SIG4 = dict(abs=0.5)        # AIC/BIC printed to 4 significant digits
SIG7 = dict(rel=1e-6)       # closed-form values printed to 7 significant digits


def fit_stats(tol, *keys):
    return {key: tol for key in keys or ("loglik", "aic", "bic")}


# (fit id, path of a reference block in REFS, {reference key: tolerance}); where the
# reference names a quantity differently, the entry is (quantity, tolerance).
GB, TX = ("fitdistrplus", "groundbeef"), ("fitdistrplus", "toxocara")
SK = ("strikes", "AER_StrikeDuration")
REFERENCES = [
    # groundbeef, Weibull: fitdist(serving, "weibull")
    ("groundbeef-weibull", (*GB, "weibull", "exact_mle"), {
        "shape": EXACT, "scale": EXACT, **fit_stats(EXACT_LL),
        # observed-information SEs printed to 6 significant digits
        "se_shape_observed_info": ("se_shape", dict(rel=1e-5)),
        "se_scale_observed_info": ("se_scale", dict(rel=1e-5))}),
    ("groundbeef-weibull", (*GB, "weibull", "published"), {
        "shape": PUB, "scale": PUB, **fit_stats(PUB_LL),
        "se_shape": PUB_SE, "se_scale": PUB_SE, "corr": PUB_SE}),
    # groundbeef, gamma (shape, RATE)
    ("groundbeef-gamma", (*GB, "gamma", "exact_mle"), {
        "shape": EXACT, "rate": EXACT, **fit_stats(EXACT_LL)}),
    ("groundbeef-gamma", (*GB, "gamma", "published"), {
        "shape": PUB, "rate": PUB, **fit_stats(PUB_LL),
        "se_shape": PUB_SE, "se_rate": PUB_SE, "corr": PUB_SE}),
    ("groundbeef-gamma", (*GB, "gamma", "published_other_optimisers_same_data", "genoud"), {
        "shape": PUB, "rate": PUB, "loglik": PUB_LL, "se_shape": PUB_SE, "se_rate": PUB_SE}),
    # groundbeef, gamma with the shape fixed at 4 (closed form: rate = 4 / mean)
    ("groundbeef-gamma-shape4", (*GB, "gamma", "published_fixed_shape_4", "exact_mle"), {
        "rate": CLOSED, **fit_stats(EXACT_LL),
        "se_rate_exact_rate_over_sqrt(4n)": ("se_rate", CLOSED)}),
    ("groundbeef-gamma-shape4", (*GB, "gamma", "published_fixed_shape_4"), {
        "rate": PUB, **fit_stats(PUB_LL), "se_rate": PUB_SE}),
    # groundbeef, lognormal (closed form)
    ("groundbeef-lnorm", (*GB, "lnorm", "exact_mle"), {
        "meanlog": CLOSED, "sdlog": CLOSED, **fit_stats(EXACT_LL),
        # the stored SEs are a little off their own formulas evaluated on the data:
        # sdlog/sqrt(n) by 4e-11 relative; sdlog/sqrt(2n) (9 digits) by 1.5e-7
        "se_meanlog_exact": ("se_meanlog", dict(rel=1e-9)),
        "se_sdlog_exact_sd_over_sqrt_2n": ("se_sdlog", SIG7)}),
    ("groundbeef-lnorm", (*GB, "lnorm", "published"), {
        "meanlog": PUB, "sdlog": PUB, **fit_stats(PUB_LL),
        "se_meanlog": PUB_SE, "se_sdlog": PUB_SE}),
    # groundbeef, descdist: mean and sd printed to 7 significant digits (normal MLE)
    ("groundbeef-norm", (*GB, "descdist_published"), {"mean": SIG7, "sd_n_minus_1": SIG7}),
    # toxocara, Poisson (closed form) and negative binomial (size, mu)
    ("toxocara-pois", (*TX, "pois", "exact_mle"), {"lambda": CLOSED, "loglik": EXACT_LL}),
    ("toxocara-pois", (*TX, "pois", "published"), {
        "lambda": PUB, **fit_stats(PUB_LL), "se": SIG7}),
    ("toxocara-nbinom", (*TX, "nbinom", "exact_mle"), {
        "size": EXACT, "mu": EXACT, "loglik": EXACT_LL}),
    ("toxocara-nbinom", (*TX, "nbinom", "published"), {
        "size": PUB, "mu": PUB, **fit_stats(PUB_LL), "se_size": PUB_SE, "se_mu": PUB_SE}),
    # endosulfan and danishuni, lognormal (vignette)
    ("endosulfan-lnorm", ("fitdistrplus", "endosulfan", "lnorm_exact_mle"), {
        "meanlog": CLOSED, "sdlog": CLOSED, **fit_stats(EXACT_LL)}),
    ("endosulfan-lnorm", ("fitdistrplus", "endosulfan", "lnorm_vignette_published_4sig"),
     fit_stats(SIG4, "aic", "bic")),
    ("danishuni-lnorm", ("fitdistrplus", "danishuni", "lnorm_exact_mle"), {
        "meanlog": CLOSED, "sdlog": CLOSED, **fit_stats(EXACT_LL)}),
    ("danishuni-lnorm", ("fitdistrplus", "danishuni", "lnorm_mle_vignette_published"),
     fit_stats(SIG4, "aic", "bic")),
    # strikes (R MASS::fitdistr, loglik printed to 9 decimals; R's Weibull is BFGS-accurate)
    ("strikes-expon", (*SK, "exponential", "exact"), {"rate": CLOSED, "loglik": EXACT_LL}),
    ("strikes-expon", (*SK, "exponential"), {
        "rate": SIG7, "se": SIG7, "loglik_R": ("loglik", dict(abs=1e-8))}),
    ("strikes-weibull", (*SK, "weibull", "exact"), {
        "shape": EXACT, "scale": EXACT, "loglik": EXACT_LL}),
    ("strikes-weibull", (*SK, "weibull"), {
        "shape": dict(rel=1e-4), "scale": dict(rel=1e-4), "se_shape": dict(rel=1e-3),
        "se_scale": dict(rel=1e-3), "loglik_R": ("loglik", dict(abs=1e-8))}),
    ("strikes-lnorm", (*SK, "lognormal", "exact"), {
        "meanlog": CLOSED, "sdlog": CLOSED, "loglik": EXACT_LL}),
    ("strikes-lnorm", (*SK, "lognormal"), {
        "meanlog": SIG7, "sdlog": SIG7, "se_meanlog": SIG7, "se_sdlog": SIG7,
        "loglik_R": ("loglik", dict(abs=1e-8))}),
    # scipy's tests, at the tolerances those tests use (Laplace loc given scale: any
    # median of the even-n sample maximises the likelihood; the convention is the midpoint)
    ("laplace-loc6", ("scipy", "laplace_fixed_param", "expected"),
     {"scale_given_loc_6": dict(rel=1e-15)}),
    ("laplace-scale6", ("scipy", "laplace_fixed_param", "expected"),
     {"loc_given_scale_6": dict(rel=1e-15)}),
    ("expon-two-points", ("scipy", "expon_two_points", "expected"),
     {"mle_scale": dict(abs=1e-3)}),
    ("gumbel-degenerate", ("scipy", "gumbel_r_near_degenerate", "expected"),
     {"loc": dict(rel=1e-7), "scale": dict(rel=1e-6)}),
]


def reference(path):
    block = REFS
    for key in path:
        block = block[key]
    return block


def compare(fit_id, path, key, spec):
    """The one comparison: a fastmle quantity against one stored reference number."""
    quantity, tol = spec if isinstance(spec, tuple) else (key, spec)
    expected = reference(path)[key]
    assert isinstance(expected, (int, float)), (path, key)
    got = fitted(fit_id)[quantity]
    # pytest.approx adds abs=1e-12 unless told otherwise: too loose for e.g. 1.2e-9
    assert got == pytest.approx(expected, **{"abs": 0.0, **tol}), \
        f"{fit_id} {quantity}: got {got!r}, reference {'/'.join(path)}/{key} = {expected!r}"


def case_id(fit_id, path, key):
    return f"{fit_id}:{'/'.join(path[1:])}:{key}"


VALUES = [pytest.param(fit_id, path, key, spec, id=case_id(fit_id, path, key))
          for fit_id, path, specs in REFERENCES for key, spec in specs.items()]


@pytest.mark.parametrize("fit_id,path,key,spec", VALUES)
def test_reference_value(fit_id, path, key, spec):
    compare(fit_id, path, key, spec)


# A correct MLE is at least as likely as any published (optimiser-stopped) fit, to the
# printed digits of the published log-likelihood.
MAXIMA = [pytest.param(fit_id, path, key, spec, id=case_id(fit_id, path, key))
          for fit_id, path, specs in REFERENCES if "exact" not in path[-1]
          for key, spec in specs.items()
          if (spec[0] if isinstance(spec, tuple) else key) == "loglik"]


@pytest.mark.parametrize("fit_id,path,key,spec", MAXIMA)
def test_loglik_not_below_published(fit_id, path, key, spec):
    slack = spec[1]["abs"] if isinstance(spec, tuple) else spec["abs"]
    assert fitted(fit_id)["loglik"] >= reference(path)[key] - slack


def test_every_fit_is_checked():
    assert {fit_id for fit_id, _, _ in REFERENCES} == set(FITS)
