"""The registry (``fastmle/_spec.py``) against everything that reads it: every family
has every piece on every engine, the family classes and scipy agree with its
declarations, and the status and divergence codes are the same everywhere.

A family missing a piece fails here with a message naming the family and the piece.
"""
import numpy as np
import pytest
import scipy.stats

from conftest import CASES

import fastmle
from fastmle import _spec
from fastmle._cy import best_module
from fastmle._py import distances as py_distances
from fastmle._py import families as py_families
from fastmle._py import fitting as py_fitting
from fastmle._py import stats as py_stats
from fastmle.families import FAMILIES as CLASSES
from fastmle._solve import STATUS

SPECS = list(_spec.FAMILIES.values())
IDS = [f.name for f in SPECS]


def missing(pieces, where):
    return [p for p in pieces if not callable(where.get(p))]


@pytest.mark.parametrize("f", SPECS, ids=IDS)
def test_every_piece_exists(f):
    name = f.name
    py = {**vars(py_families), **vars(py_stats), **vars(py_fitting)}
    want_py = [f"{name}_prep", f"{name}_logpdf", f"{name}_derivs", f"{name}_fit_init",
               f.support]
    if f.stats is not None:
        want_py += [f"{name}_stats", f"{name}_st_dv"]
        if "shift" in f.stats.params:
            want_py.append(f"{name}_shift")
    want_py += [f"{name}_{fn}" for fn in f.dist_functions]
    assert set(f.dist_functions) <= set(_spec.DIST_FUNCTIONS), name
    if f.newton_coords:
        want_py += [f"{name}_coords", f"{name}_coords_of"]
    if f.fit_driver:
        want_py.append(f"{name}_fit_driver")
    assert not missing(want_py, py), f"{name}: no {missing(want_py, py)} in fastmle._py"
    cy = vars(best_module())
    want_cy = [f"{fn}_{name}" for fn in ("loglik", "logpdf", "derivs", "nll_rows", "fit",
                                         "fit_batch")]
    if f.stats is not None:
        want_cy.append(f"stats_{name}")
    if f.dist_functions:
        want_cy.append(f"dist_{name}")
    assert not missing(want_cy, cy), f"{name}: no {missing(want_cy, cy)} in the Cython engine"
    if f.stats is None:
        assert f"stats_{name}" not in cy and f"{name}_stats" not in py, \
            f"{name}: statistics kernels but no Stats in the registry"
    assert name in CLASSES, f"{name}: no family class in fastmle.families"
    assert name in CASES, f"{name}: no test case in tests/conftest.py CASES"


@pytest.mark.parametrize("f", SPECS, ids=IDS)
def test_declaration_is_consistent(f):
    assert len(f.transforms) == f.k and set(f.transforms) <= set(_spec.TRANSFORMS), f.name
    assert sorted(f.scipy_args) == sorted(f.th_names), f.name
    assert set(f.constraints) <= set(f.th_names), f.name
    assert set(f.defaults) <= set(f.th_names), f.name
    assert f.vec in (None, "log", "log1p", "exp"), f.name
    assert f.loglik_paths <= set(_spec.LOGLIK_PATHS), f.name
    if f.loc_scale is not None:
        assert f.loc_scale in ("moments", "robust") and {"loc", "scale"} <= set(f.params)
    if f.stats is not None:
        assert len(f.stats.params) <= 2
        assert all(p == "shift" or 0 <= p < f.nth for p in f.stats.params), f.name


@pytest.mark.parametrize("f", SPECS, ids=IDS)
def test_family_class_and_scipy_agree(f):
    fam = CLASSES[f.name]
    assert fam.spec is f
    assert (fam.name, fam.param_names, fam.fixed_names, fam.scipy_args, fam.discrete) == \
        (f.name, f.params, f.fixed, f.scipy_args, f.discrete)
    assert (fam.stats_class is None) == (f.stats is None), f.name
    # scipy's positional order: its shape parameters, then loc (and scale, continuous)
    dist = getattr(scipy.stats, f.name)
    shapes = tuple(s.strip() for s in dist.shapes.split(",")) if dist.shapes else ()
    scipy_order = shapes + (("loc",) if f.discrete else ("loc", "scale"))
    assert f.scipy_args == tuple(a for a in scipy_order if a in f.scipy_args), f.name
    assert isinstance(dist, scipy.stats.rv_discrete) == f.discrete, f.name


def test_status_codes_agree():
    assert STATUS == {c: e[:2] for c, e in _spec.STATUS.items()}
    for name in ("ok", "maxiter", "stalled", "degenerate", "outside", "nan", "diverged",
                 "nonfinite"):
        assert getattr(py_fitting, "FIT_" + name.upper()) == _spec.status_code(name)
    # the compiled codes (codes.pxd, generated from the registry) by their effect
    for engine in ("cython", "python"):
        cases = {"nan": [1.0, np.nan, 2.0], "outside": [1.0, -1.0, 2.0],
                 "degenerate": [2.0, 2.0, 2.0]}
        for status, x in cases.items():
            res = fastmle.fit_batch(np.array(x), "gamma", offsets=[0, 3], engine=engine)
            assert res.status[0] == status, (engine, status)
            assert res._code[0] == _spec.status_code(status)


def test_divergence_codes_agree():
    for kind in _spec.DIVERGENCES:
        assert getattr(py_distances, kind.upper()) == _spec.DIVERGENCES.index(kind)
    # the compiled kinds by their effect: each kind's value on one pair of rows
    p, q = np.array([[0.2, 0.8]]), np.array([[0.5, 0.5]])
    for fn in ("total_variation", "kl_divergence", "js_divergence", "hellinger",
               "cross_entropy"):
        a = getattr(fastmle, fn)(p, q, engine="cython")
        b = getattr(fastmle, fn)(p, q, engine="python")
        np.testing.assert_allclose(a, b, rtol=1e-14, err_msg=fn)
