"""The asymptotic (Fisher) normal of the estimates against scipy's multivariate
normal, and against the estimator's spread over seeded repeated samples."""
import numpy as np
import pytest
import scipy.stats as st

import fastmle


def test_asymptotic_normal_is_the_fisher_normal():
    x = np.random.default_rng(5).gamma(3.0, 2.0, 500)
    res = fastmle.fit(x, "gamma")
    sd = res.sampling_distribution()
    assert sd.names == ("a", "scale")
    mean = [res.params["a"], res.params["scale"]]
    ref = st.multivariate_normal(mean, res.cov)
    pts = np.array([mean, [3.1, 1.9], [2.5, 2.4]])
    np.testing.assert_allclose(sd.pdf(pts), ref.pdf(pts), rtol=1e-13)
    np.testing.assert_allclose(sd.logpdf(pts), ref.logpdf(pts), rtol=1e-13)
    draws = sd.rvs(size=40000, random_state=6)
    assert draws.shape == (40000, 2) and sd.rvs(random_state=1).shape == (2,)
    np.testing.assert_allclose(draws.mean(axis=0), mean, rtol=2e-3)
    np.testing.assert_allclose(np.cov(draws.T), res.cov, rtol=0.05)
    m = sd.marginal("scale")
    assert m.mean() == res.params["scale"] and m.std() == pytest.approx(res.stderr["scale"])


def test_it_matches_the_spread_of_the_estimator_over_samples():
    """400 seeded gamma samples of n = 400 fitted in one batch: the variance of the
    estimates is the Fisher variance within Monte Carlo error (the variance ratio of
    400 draws has sd ~ 0.07)."""
    rng = np.random.default_rng(7)
    batch = fastmle.fit(rng.gamma(3.0, 2.0, (400, 400)), "gamma", axis=1)
    fisher = fastmle.fit(rng.gamma(3.0, 2.0, 400), "gamma").sampling_distribution()
    a = batch.params["a"]
    assert np.var(a) / fisher.cov[0, 0] == pytest.approx(1.0, abs=0.25)
    assert np.mean(a) == pytest.approx(3.0, rel=0.02)
