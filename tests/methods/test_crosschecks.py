"""Cross-checks of the hand-written statistics in zcparks.methods against scipy, statsmodels and published numbers.

* ``stats``: Welch's t, the exact permutation test, Holm's adjustment and Hedges' g against scipy and statsmodels on
  small synthetic samples with fixed seeds.
* ``trends.panel_trend`` (CR2 + Satterthwaite): no published example found has the model of ``panel_trend``
  (``log value ~ year + year:treated`` + province effects, at least 8 years a province), so the check is a chain:

  1. ``_cr2_reference`` below is an independent implementation written from the published formulas (full design
     with the cluster dummies, no within transform; Pustejovsky and Tipton 2018, see its docstring);
  2. it reproduces two published tables whose data are embedded here: Table 1 of the corrigendum to Pustejovsky and
     Tipton (2018) (``V^CR2`` and the adjustment products, three working models) and the minimum-legal-drinking-age
     table of Pustejovsky and Tipton (2018) (F, Satterthwaite df and p of the CR2 test, and of the CR1 test);
  3. ``panel_trend`` must agree with the reference on an unbalanced synthetic panel, and on a balanced one with the
     closed forms (Welch's t on the per-province slopes; the two-sample Satterthwaite df).

  ``panel_trend`` exposes only CR2 (no CR0/CR1 switch), so its point estimate is checked against statsmodels OLS,
  and the reference's CR0 against statsmodels' ``cov_type='cluster'``.

Everything here is synthetic or embedded; nothing reads the built data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import special
from scipy import stats as sps
from statsmodels.stats.meta_analysis import effectsize_smd
from statsmodels.stats.multitest import multipletests

from zcparks.methods import stats, trends

# ---------------------------------------------------------------------------------------------------------------
# stats: Welch, exact permutation test, Holm, Hedges' g
# ---------------------------------------------------------------------------------------------------------------


def _samples(seed: int, n_a: int, n_b: int, shift: float, sd_b: float) -> tuple[list[float], list[float]]:
    rng = np.random.default_rng(seed)
    return list(rng.normal(0.0, 1.0, n_a)), list(rng.normal(shift, sd_b, n_b))


TWO_GROUPS = {
    "8 vs 5, unequal variances": _samples(1, 8, 5, 0.8, 2.0),
    "5 vs 8, a cohort-like size": _samples(2, 5, 8, -0.3, 0.5),
    "3 vs 4": _samples(3, 3, 4, 1.5, 1.0),
    "2 vs 2": _samples(4, 2, 2, 0.5, 3.0),
    "6 vs 7, integer values with ties": ([1.0, 2, 2, 3, 5, 3], [2.0, 3, 3, 4, 4, 6, 4]),
    "4 vs 6, a constant group": ([1.5, 1.5, 1.5, 1.5], [0.2, 0.9, -0.4, 1.1, 0.3, 0.8]),
}


@pytest.mark.filterwarnings("ignore:Precision loss occurred in moment calculation:RuntimeWarning")  # the constant group
@pytest.mark.parametrize("a, b", TWO_GROUPS.values(), ids=TWO_GROUPS.keys())
def test_welch_t_df_and_p_match_scipy_ttest_ind_unequal_var(a, b):
    ref = sps.ttest_ind(a, b, equal_var=False)
    t, df = stats.welch(a, b)
    assert t == pytest.approx(float(ref.statistic), rel=1e-12)
    assert df == pytest.approx(float(ref.df), rel=1e-12)
    # The code reports no Welch p-value (TwoGroupTest has welch_t and welch_df only): the two-sided p from its t and
    # df with Student's t must be scipy's (two-sided is scipy's default alternative).
    assert 2 * sps.t.sf(abs(t), df) == pytest.approx(float(ref.pvalue), rel=1e-10)
    r = stats.compare(a, b)
    assert (r.welch_t, r.welch_df) == (t, df)
    assert r.diff == pytest.approx(np.mean(a) - np.mean(b), abs=1e-12)


def _abs_mean_diff(x: np.ndarray, y: np.ndarray, axis: int) -> np.ndarray:
    return np.abs(np.mean(x, axis=axis) - np.mean(y, axis=axis))


@pytest.mark.parametrize("a, b", TWO_GROUPS.values(), ids=TWO_GROUPS.keys())
def test_exact_permutation_p_matches_scipy_permutation_test(a, b):
    # Conventions matched explicitly: stats.permutation_p counts the splits with |mean difference| >= |observed|
    # (the observed split included, no +1). scipy's alternative='two-sided' is instead 2 * min(one-sided p), which
    # differs when the group sizes differ (the null distribution is then asymmetric). So scipy gets the statistic
    # |mean(a) - mean(b)| with alternative='greater': the share of splits at least as extreme, enumerated exactly
    # (n_resamples=np.inf, permutation_type='independent': every split of the pooled values into the two sizes).
    ref = sps.permutation_test((np.asarray(a), np.asarray(b)), _abs_mean_diff, permutation_type="independent",
                               n_resamples=np.inf, alternative="greater", vectorized=True)
    p, splits = stats.permutation_p(a, b)
    assert splits == math.comb(len(a) + len(b), len(a)) == ref.null_distribution.size  # scipy enumerated them all
    assert p == pytest.approx(float(ref.pvalue), abs=1e-12)
    assert stats.compare(a, b).p_exact == p


def test_with_equal_group_sizes_scipys_two_sided_convention_agrees_and_with_unequal_it_does_not():
    def signed(x, y, axis):
        return np.mean(x, axis=axis) - np.mean(y, axis=axis)

    def scipy_two_sided(a, b):
        return float(sps.permutation_test((np.asarray(a), np.asarray(b)), signed, permutation_type="independent",
                                          n_resamples=np.inf, alternative="two-sided", vectorized=True).pvalue)

    a, b = _samples(5, 6, 6, 0.7, 1.0)  # a symmetric null distribution: 2 * min(one-sided) = P(|T| >= |t|)
    assert stats.permutation_p(a, b)[0] == pytest.approx(scipy_two_sided(a, b), abs=1e-12)
    a, b = TWO_GROUPS["8 vs 5, unequal variances"]
    p = stats.permutation_p(a, b)[0]
    assert p == pytest.approx(173 / 1287, abs=1e-12)  # 173 of the 1287 splits are at least as extreme
    assert scipy_two_sided(a, b) == pytest.approx(174 / 1287, abs=1e-12)  # 2 * 87 / 1287: not the code's convention


HOLM_CASES = {
    "four": [0.01, 0.04, 0.03, 0.005],
    "ties": [0.02, 0.02, 0.5, 0.01, 0.6],
    "capped at 1": [0.3, 0.4, 0.5, 0.9],
    "one": [0.2],
    "twelve random": list(np.random.default_rng(6).uniform(size=12) ** 2),
}


@pytest.mark.parametrize("p", HOLM_CASES.values(), ids=HOLM_CASES.keys())
def test_holm_matches_statsmodels_multipletests(p):
    expected = multipletests(p, method="holm")[1]  # adjusted p-values, in the input order (returnsorted=False)
    assert stats.holm(p) == pytest.approx(list(expected), abs=1e-15)


@pytest.mark.parametrize("a, b", [v for k, v in TWO_GROUPS.items() if "constant" not in k],
                         ids=[k for k in TWO_GROUPS if "constant" not in k])
def test_hedges_g_matches_statsmodels_effectsize_smd(a, b):
    # scipy has no Hedges' g; statsmodels.stats.meta_analysis.effectsize_smd is the bias-corrected standardised mean
    # difference of Borenstein et al. (2009, Introduction to Meta-Analysis, ch. 4): g = J (mean_a - mean_b) / s_p with
    # s_p^2 = ((n_a - 1) s_a^2 + (n_b - 1) s_b^2) / (n_a + n_b - 2) and J = 1 - 3 / (4 (n_a + n_b) - 9).
    g_ref, _ = effectsize_smd(np.mean(a), np.std(a, ddof=1), len(a), np.mean(b), np.std(b, ddof=1), len(b))
    g = stats.hedges_g(a, b)
    assert g == pytest.approx(float(g_ref), rel=1e-12)
    assert stats.compare(a, b).hedges_g == g
    # That J is Hedges's (1981, J. Educ. Stat. 6(2)) approximation of the exact correction
    # J(m) = Gamma(m / 2) / (sqrt(m / 2) Gamma((m - 1) / 2)), m = n_a + n_b - 2: within 0.3 % of it for m >= 3
    # (1.3 % at m = 2).
    m = len(a) + len(b) - 2
    j_exact = math.exp(special.gammaln(m / 2) - special.gammaln((m - 1) / 2)) / math.sqrt(m / 2)
    s_p = math.sqrt(((len(a) - 1) * np.var(a, ddof=1) + (len(b) - 1) * np.var(b, ddof=1)) / m)
    assert g == pytest.approx(j_exact * (np.mean(a) - np.mean(b)) / s_p, rel=3e-3 if m > 2 else 2e-2)


# ---------------------------------------------------------------------------------------------------------------
# CR2: an independent reference implementation from the published formulas
# ---------------------------------------------------------------------------------------------------------------


def _sym_pinv_sqrt(m: np.ndarray) -> np.ndarray:
    """Symmetric square root of the Moore–Penrose inverse of a symmetric p.s.d. matrix."""
    vals, vecs = np.linalg.eigh((m + m.T) / 2)
    keep = vals > 1e-10 * max(1.0, float(vals.max()))
    inv = np.zeros_like(vals)
    inv[keep] = 1 / np.sqrt(vals[keep])
    return (vecs * inv) @ vecs.T


@dataclass
class _Cr2:
    beta: np.ndarray  # the focal coefficients
    v_cr2: np.ndarray  # their CR2 covariance
    v_cr0: np.ndarray  # their CR0 covariance (A_i = I)
    awr: np.ndarray  # A_i W_i R̈_i, stacked over the clusters
    p_vectors: list[np.ndarray]  # (I - H_X)_i' A_i W_i R̈_i M_R̈, one N x r matrix per cluster
    phi: np.ndarray

    def df(self, c: np.ndarray) -> float:
        """Satterthwaite degrees of freedom of c'beta under the working model (Pustejovsky and Tipton 2018, eq. 11)."""
        p = np.column_stack([pi @ c for pi in self.p_vectors])
        o = p.T @ (self.phi[:, None] * p)
        return float(np.trace(o) ** 2 / (o ** 2).sum())


def _cr2_reference(x: np.ndarray, y: np.ndarray, cluster: np.ndarray, focal: list[int],
                   w: np.ndarray | None = None, phi: np.ndarray | None = None) -> _Cr2:
    """CR2 for the focal columns of a weighted least squares fit of y on the FULL design x, fixed effects as dummies.

    Written from Pustejovsky and Tipton (2018), "Small-sample methods for cluster-robust variance estimation and
    hypothesis testing in fixed effects models", JBES 36(4), numbering of the revised manuscript
    (clubSandwich repository, paper_ClusterRobustTesting/ClusterRobustTesting_FE_models_revised.tex):
    eq. 4, V = M_R̈ (sum_i R̈_i' W_i A_i e_i e_i' A_i' W_i R̈_i) M_R̈; eqs. 7-8, A_i = D_i' B_i^{+1/2} D_i with
    B_i = D_i (I - H_X)_i Phi (I - H_X)_i' D_i', D_i the Cholesky factor of Phi_i, H_X = X M_X X' W over the full
    design (cluster dummies included, no short cut of Theorem 2); eq. 11 for the degrees of freedom. Bell and
    McCaffrey (2002) is the case of an identity working model and full-rank B_i. W and Phi are diagonal here.
    """
    n = len(y)
    w = np.ones(n) if w is None else np.asarray(w, float)
    phi = np.ones(n) if phi is None else np.asarray(phi, float)
    xtw = x.T * w
    beta = np.linalg.solve(xtw @ x, xtw @ y)
    e = y - x @ beta
    i_h = np.eye(n) - x @ np.linalg.solve(xtw @ x, xtw)
    others = [j for j in range(x.shape[1]) if j not in focal]
    z, r = x[:, others], x[:, focal]
    r_dd = r - z @ np.linalg.solve((z.T * w) @ z, (z.T * w) @ r)  # focal columns with the others absorbed
    m_r = np.linalg.inv((r_dd.T * w) @ r_dd)
    meat2, meat0, awr, p_vectors = 0.0, 0.0, [], []
    for g in dict.fromkeys(cluster):
        i = np.flatnonzero(cluster == g)
        d = np.diag(np.sqrt(phi[i]))
        b = d @ i_h[i] @ (phi[:, None] * i_h[i].T) @ d.T
        a = d.T @ _sym_pinv_sqrt(b) @ d
        awr_i = a @ (w[i, None] * r_dd[i])
        u2, u0 = awr_i.T @ e[i], (w[i, None] * r_dd[i]).T @ e[i]
        meat2, meat0 = meat2 + np.outer(u2, u2), meat0 + np.outer(u0, u0)
        awr.append(awr_i)
        p_vectors.append(i_h[i].T @ awr_i @ m_r)
    return _Cr2(beta[focal], m_r @ meat2 @ m_r, m_r @ meat0 @ m_r, np.vstack(awr), p_vectors, phi)


def _dummies(codes: np.ndarray, drop_first: bool = False) -> np.ndarray:
    levels = list(dict.fromkeys(codes))[1 if drop_first else 0:]
    return np.column_stack([(codes == v).astype(float) for v in levels])


# Pustejovsky and Tipton, "Corrigendum: Small sample methods for cluster-robust variance estimation and hypothesis
# testing in fixed effects models" (corrigendum to their 2018 JBES paper, correcting its Theorem 2), Table 1
# "Adjustment matrices based on weighted or unweighted least squares, calculated with or without absorbing fixed
# effects", as printed in the clubSandwich repository (github.com/jepusto/clubSandwich, commit 7cc5060d), file
# paper_ClusterRobustTesting/ClusterRobustTesting_FE_models_correction.tex, lines 326-354. Model y_it = b t + mu_i,
# 3 clusters of 2, 3 and 5 observations, t = 1..n_i; Y is the table's column 2 (the data, to one decimal as
# generated). Each column is A_i W_i R̈_i for the full design, by observation, and its last entry V^CR2.
CORRIGENDUM_Y = [1.6, 4.1, 2.6, 1.0, 7.6, 6.7, 5.0, 3.1, 3.7, 5.8]
CORRIGENDUM_SIZES = [2, 3, 5]
CORRIGENDUM_TABLE_1 = {
    # column: (weights, working-model variances Phi given t, printed A W R̈ by observation, printed V^CR2)
    "Weighted, Full (W = 1/t, Phi = t)": (
        lambda t: 1 / t, lambda t: t,
        [-0.110, 0.441, -0.174, 0.409, 0.647, -0.353, 0.483, 0.926, 1.193, 1.372], 0.828),
    "Unweighted (Hom.), Full/Absorbed (W = I, Phi = I)": (
        lambda t: np.ones_like(t), lambda t: np.ones_like(t),
        [-0.510, 0.510, -1.091, 0.000, 1.091, -4.472, -2.236, 0.000, 2.236, 4.472], 1.173),
    "Unweighted (Het.), Full (W = I, Phi = t)": (
        lambda t: np.ones_like(t), lambda t: t,
        [-0.334, 0.669, -0.658, 0.358, 1.437, -2.786, -0.770, 1.757, 4.487, 7.318], 1.248),
}


@pytest.mark.parametrize("weights, variances, awr_printed, v_printed", CORRIGENDUM_TABLE_1.values(),
                         ids=CORRIGENDUM_TABLE_1.keys())
def test_the_reference_cr2_reproduces_table_1_of_the_corrigendum(weights, variances, awr_printed, v_printed):
    cluster = np.repeat(np.arange(len(CORRIGENDUM_SIZES)), CORRIGENDUM_SIZES)
    t = np.concatenate([np.arange(1.0, k + 1) for k in CORRIGENDUM_SIZES])
    x = np.column_stack([t, _dummies(cluster)])
    ref = _cr2_reference(x, np.array(CORRIGENDUM_Y), cluster, [0], w=weights(t), phi=variances(t))
    assert ref.awr.ravel() == pytest.approx(awr_printed, abs=5.1e-4)  # printed to 3 decimals
    assert ref.v_cr2[0, 0] == pytest.approx(v_printed, abs=5.1e-4)


def _mlda() -> pd.DataFrame:
    rows = []
    blocks: dict[int, dict[str, list[float]]] = {}
    for line in MLDA_MVA_18_20.strip().splitlines():
        state, key, *values = line.split()
        blocks.setdefault(int(state), {})[key] = [float(v) for v in values]
    for state, block in blocks.items():
        for k, year in enumerate(range(1970, 1984)):
            rows.append((state, year, block["L"][k], block["B"][k], block["M"][k]))
    return pd.DataFrame(rows, columns=["state", "year", "legal", "beertaxa", "mrate"])


def test_the_reference_cr2_and_statsmodels_reproduce_the_mlda_table_of_pustejovsky_and_tipton_2018():
    # Pustejovsky and Tipton (2018), the minimum-legal-drinking-age example (Carpenter and Dobkin 2011, data of Angrist
    # and Pischke 2014, Mastering 'Metrics, deaths.dta; clubSandwich's MortalityRates): mrate ~ legal + beertaxa +
    # state and year effects, OLS, clustered by state; deaths in motor-vehicle accidents of 18-20 year olds, 1970-1983,
    # the 50 states with a beer tax (700 rows, embedded below). Table "Tests of effects of minimum legal drink age and
    # Hausman specification test" (Table 2 of the revised manuscript, clubSandwich repository commit 7cc5060d,
    # paper_ClusterRobustTesting/ClusterRobustTesting_FE_models_revised.tex lines 1273-1290), "Fixed effects" rows,
    # the test of legal alone (q = 1, so F = t^2 and the AHT df is the Satterthwaite df of eq. 11):
    #   Standard (CR1, df m - 1): F = 9.660, df = 49.00, p = 0.00313;  AHT (CR2): F = 9.116, df = 24.58, p = 0.00583.
    d = _mlda()
    state, year = d["state"].to_numpy(), d["year"].to_numpy()
    x = np.column_stack([d["legal"], d["beertaxa"], _dummies(state), _dummies(year, drop_first=True)])
    y = d["mrate"].to_numpy(float)
    ref = _cr2_reference(x, y, state, [0, 1])
    m = len(set(state))
    assert (len(y), m) == (700, 50)

    f_cr2 = ref.beta[0] ** 2 / ref.v_cr2[0, 0]
    nu = ref.df(np.array([1.0, 0.0]))
    assert f_cr2 == pytest.approx(9.116, abs=5e-4)
    assert nu == pytest.approx(24.58, abs=5e-3)
    assert sps.f.sf(f_cr2, 1, nu) == pytest.approx(0.00583, abs=5e-6)

    # CR0 from statsmodels (no small-sample factor) equals the reference's, and clubSandwich's CR1 = m / (m - 1) CR0
    # gives the table's standard test.
    fit = sm.OLS(y, x).fit(cov_type="cluster", cov_kwds={"groups": state, "use_correction": False})
    assert fit.params[:2] == pytest.approx(ref.beta, rel=1e-9)
    assert fit.cov_params()[:2, :2] == pytest.approx(ref.v_cr0, rel=1e-8)
    f_cr1 = fit.params[0] ** 2 / (fit.cov_params()[0, 0] * m / (m - 1))
    assert f_cr1 == pytest.approx(9.660, abs=5e-4)
    assert sps.f.sf(f_cr1, 1, m - 1) == pytest.approx(0.00313, abs=5e-6)


# ---------------------------------------------------------------------------------------------------------------
# trends.panel_trend against the reference, statsmodels and closed forms
# ---------------------------------------------------------------------------------------------------------------


def _panel(seed: int, balanced: bool, n_treated: int = 5, n_control: int = 8) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n_treated + n_control):
        treated = i < n_treated
        if balanced:
            years = range(2010, 2021)
        else:  # 8 to 16 of the years 2005-2020, gaps included
            years = sorted(int(v) for v in rng.choice(np.arange(2005, 2021), size=rng.integers(8, 17), replace=False))
        level, slope = rng.normal(3, 0.5), -0.02 + (0.03 if treated else 0.0) + rng.normal(0, 0.015)
        ar = 0.0
        for yr in years:
            ar = 0.5 * ar + rng.normal(0, 0.04)
            rows.append({"province_code": f"P{i:02d}", "year": yr, "treated": treated,
                         "value": float(np.exp(level + slope * (yr - 2005) + ar))})
    return pd.DataFrame(rows)


def test_panel_trend_matches_the_reference_cr2_and_statsmodels_on_an_unbalanced_panel():
    df = _panel(20240607, balanced=False)
    assert df.groupby("province_code")["year"].size().nunique() > 3  # unbalanced indeed
    r = trends.panel_trend(df)

    d = df.sort_values(["province_code", "year"])
    codes, yr = d["province_code"].to_numpy(), d["year"].to_numpy(float)
    x = np.column_stack([yr, yr * d["treated"].to_numpy(float), _dummies(codes)])  # raw years, no within transform
    y = np.log(d["value"].to_numpy(float))
    ref = _cr2_reference(x, y, codes, [0, 1])
    ols = sm.OLS(y, x).fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(codes)[0], "use_correction": False})

    assert r.coef == pytest.approx(ols.params[1], rel=1e-9)  # point estimate: statsmodels OLS with province dummies
    assert ols.cov_params()[:2, :2] == pytest.approx(ref.v_cr0, rel=1e-8)  # the reference's CR0 is statsmodels'
    se, nu = math.sqrt(ref.v_cr2[1, 1]), ref.df(np.array([0.0, 1.0]))
    assert r.se == pytest.approx(se, rel=1e-8)
    assert r.df == pytest.approx(nu, rel=1e-8)
    assert r.se > math.sqrt(ref.v_cr0[1, 1])  # CR2 inflates CR0 here (13 clusters)
    assert r.p == pytest.approx(2 * sps.t.sf(abs(ols.params[1]) / se, nu), rel=1e-7)
    q = sps.t.ppf(0.975, nu)
    assert (r.ci_low, r.ci_high) == pytest.approx((ols.params[1] - q * se, ols.params[1] + q * se), rel=1e-8)
    assert (r.n_obs, r.n_clusters, r.years) == (len(y), 13, (int(yr.min()), int(yr.max())))


def test_on_a_balanced_panel_panel_trend_is_welchs_t_on_the_province_slopes():
    # With the same years in every province, the absorbed design of province g is t̃ (1, treated_g), t̃ the centred
    # years: each province enters along t̃ alone, as a cluster mean does in a two-sample design. The interaction is
    # then mean(treated slopes) - mean(control slopes), its CR2 variance is Welch's s_T^2 / T + s_C^2 / C of the
    # per-province OLS slopes (A_g scales t̃ by sqrt(k / (k - 1)), k the clusters of g's group), and the Satterthwaite
    # df under the identity working model is the two-sample one with T treated and C control clusters:
    # (T + C)^2 (T - 1) (C - 1) / (T^2 (T - 1) + C^2 (C - 1)) (clubSandwich tests/testthat/test_coef.R, "Satterthwaite
    # df work for special cases"; auxilliary/two-sample-t-test.Rmd with equal cluster sizes).
    df = _panel(7, balanced=True)
    r = trends.panel_trend(df)
    slopes = {code: sps.linregress(g["year"], np.log(g["value"])).slope for code, g in df.groupby("province_code")}
    treated = df.groupby("province_code")["treated"].first()
    s_t = [slopes[c] for c in treated.index if treated[c]]
    s_c = [slopes[c] for c in treated.index if not treated[c]]
    welch = sps.ttest_ind(s_t, s_c, equal_var=False)
    n_t, n_c = len(s_t), len(s_c)
    assert r.coef == pytest.approx(np.mean(s_t) - np.mean(s_c), rel=1e-9)
    assert r.coef / r.se == pytest.approx(float(welch.statistic), rel=1e-9)
    assert r.df == pytest.approx((n_t + n_c) ** 2 * (n_t - 1) * (n_c - 1) / (n_t**2 * (n_t - 1) + n_c**2 * (n_c - 1)),
                                 rel=1e-9)
    assert r.df == pytest.approx(8.635, abs=1e-3)  # 5 treated, 8 control: 169 / (64 / 4 + 25 / 7)
    assert r.p == pytest.approx(2 * sps.t.sf(abs(float(welch.statistic)), r.df), rel=1e-8)


# Deaths in motor-vehicle accidents per 100,000 of the 18-20 year olds, 1970-1983, by state (FIPS code), from
# Angrist and Pischke (2014), Mastering 'Metrics, data file deaths.dta (agegr "18-20 yrs", dtype "MVA"; also
# clubSandwich's MortalityRates, cause "Motor Vehicle"), as kept in the clubSandwich repository
# (paper_ClusterRobustTesting/data/deaths.dta, commit 7cc5060d); states without a beer tax dropped (Hawaii), as in
# the paper. Per state three lines, 1970 to 1983: L = legal (share of 18-20 year olds allowed to drink, 5 decimals),
# B = beertaxa (4 decimals), M = mrate (3 decimals). From these: F = 9.11588, df = 24.5784, p = 0.0058318 (CR2) and
# F = 9.66002, p = 0.0031322 (CR1); from the unrounded file F = 9.11607 and df = 24.5785: both print as published.
MLDA_MVA_18_20 = """
     1 L 0 0 0 0 0 0.294 0.66507 0.66847 0.66718 0.66809 0.67226 0.67921 0.67591 0.67963
     1 B 1.3737 1.316 1.2751 1.2005 1.0811 0.9907 0.9367 0.8795 0.8175 0.7342 0.6468 0.5864 0.5523 0.5351
     1 M 62.181 62.365 73.636 63.423 60.326 49.919 49.67 65.007 69.593 59.599 42.212 47.249 48.035 53.888
     2 L 0.24151 0.70008 0.70177 0.7067 0.70875 0.70294 0.70821 0.71833 0.72185 0.63993 0.69095 0.65935 0.67742 0.69807
     2 B 0.6443 0.6173 0.5981 0.5631 0.5071 0.4647 0.4394 0.4125 0.3834 0.3444 0.3034 0.275 0.2591 0.3514
     2 M 61.805 37.092 47.939 57.405 34.144 50.779 81.289 74.605 62.078 91.907 30.055 58.231 61.65 57.537
     4 L 0 0 0.27739 0.665 0.66774 0.66325 0.67163 0.67878 0.67938 0.67866 0.68303 0.68472 0.68109 0.6872
     4 B 0.2062 0.1975 0.1914 0.1802 0.1623 0.1487 0.1406 0.132 0.1227 0.1102 0.0971 0.088 0.0829 0.0803
     4 M 84.747 81.547 91.743 107.051 84.533 70.686 72.387 83.251 94.098 102.672 68.251 55.205 62.992 55.017
     5 L 0 0 0 0 0 0 0 0 0 0 0 0 0 0
     5 B 0.4157 0.3982 0.3859 0.3633 0.3272 0.2998 0.2835 0.2662 0.2474 0.2222 0.1957 0.1774 0.1671 0.1619
     5 M 72.853 72.53 92.662 68.514 38.101 51.918 53.139 52.046 64.65 56.828 58.027 44.012 50.257 54.708
     6 L 0 0 0 0 0 0 0 0 0 0 0 0 0 0
     6 B 0.1031 0.0988 0.0957 0.0901 0.0811 0.0743 0.0703 0.066 0.0613 0.0551 0.0485 0.044 0.0415 0.0402
     6 M 54.311 50.308 56.662 54.886 45.348 44.545 47.527 56.721 57.337 58.769 56.367 45.736 40.179 40.945
     8 L 1 1 1 1 1 1 1 1 1 1 1 1 1 1
     8 B 0.1546 0.1481 0.1435 0.1351 0.1217 0.1115 0.1406 0.132 0.1227 0.1102 0.0971 0.088 0.0829 0.0803
     8 M 59.926 42.183 62.828 47.46 54.545 47.87 52.105 49.483 58.118 56.916 54.756 50.476 57.738 43.58
     9 L 0 0 0.25205 1 1 1 1 1 1 1 1 1 0.83339 0.6796
     9 B 0.2078 0.1991 0.1929 0.1816 0.1636 0.1499 0.1417 0.1331 0.1237 0.1111 0.0979 0.0887 0.0836 0.0972
     9 M 32.182 43.797 37.075 63.817 36.931 39.109 41.485 41.129 54.465 66.648 57.388 50.33 38.355 29.093
    10 L 0 0 0.16134 0.32588 0.32574 0.32366 0.32358 0.33188 0.33196 0.33139 0.33142 0.34862 0.34909 0.34485
    10 B 0.1663 0.1593 0.1543 0.1453 0.1309 0.1199 0.1134 0.1065 0.099 0.0889 0.0783 0.071 0.0669 0.0648
    10 M 49.161 25.23 46.685 50.291 35.139 49.442 63.586 25.348 61.224 35.995 66.486 37.767 72.172 28.423
    11 L 1 1 1 1 1 1 1 1 1 1 1 1 1 1
    11 B 0.1871 0.1792 0.1736 0.1635 0.1472 0.1349 0.1276 0.1198 0.1113 0.1 0.0881 0.0798 0.0752 0.0729
    11 M 32.355 20.135 17.913 28.89 17.728 13.163 13.055 19.735 8.799 8.947 14.739 36.237 11.204 29.612
    12 L 0 0 0 0.50411 1 1 1 1 1 1 0.91914 0.67523 0.67583 0.68553
    12 B 0.8247 0.7901 0.7656 0.7207 0.6491 0.5948 0.5624 0.6601 0.6135 0.551 0.4854 0.44 0.4145 0.6426
    12 M 55.611 61.866 68.48 66.063 61.183 45.987 49.186 54.905 56.305 73.002 69.834 62.327 52.761 53.366
    13 L 0 0 0.50411 1 1 1 1 1 1 1 0.89153 0.67715 0.67745 0.68258
    13 B 0.8314 0.7965 0.7717 0.7265 0.6543 0.5996 0.5669 0.5323 0.4948 0.4443 0.3915 0.3549 0.3343 0.3239
    13 M 76.886 79.754 84.936 56.221 64.328 54.408 52.607 59.485 59.035 64.518 63.337 62.432 35.512 45.556
    16 L 0.30332 0.29858 0.47672 0.65028 0.6548 0.65291 0.65674 0.65845 0.65716 0.6556 0.66977 0.68237 0.68127 0.6819
    16 B 0.3866 0.3704 0.3589 0.3378 0.3043 0.2788 0.2636 0.2475 0.2301 0.2066 0.182 0.165 0.1554 0.1506
    16 M 107.75 71.159 92.691 96.461 82.422 64.445 92.438 94.569 67.971 78.1 73.478 59.203 46.109 76.278
    17 L 0 0 0 0.16642 0.66379 0.65891 0.66345 0.66943 0.6711 0.66772 0 0 0 0
    17 B 0.1804 0.1728 0.1675 0.1577 0.142 0.1301 0.123 0.1155 0.1074 0.0964 0.085 0.077 0.0725 0.0703
    17 M 45.403 50.961 40.306 46.318 38.468 39.225 45.628 46.137 52.382 42.638 38.916 38.104 30.816 30.366
    18 L 0 0 0 0 0 0 0 0 0 0 0 0 0 0
    18 B 0.2062 0.1975 0.1914 0.214 0.1927 0.1766 0.167 0.1568 0.1457 0.1309 0.1153 0.1265 0.1192 0.1155
    18 M 60.678 62.963 57.068 62.464 45.242 45.889 55.79 51.631 56.718 52.865 46.46 43.387 39.436 47.015
    19 L 0 0 0.49601 0.82981 1 1 1 1 0.95739 0.70685 0.6759 0.68564 0.68183 0.68653
    19 B 0.3093 0.3457 0.3349 0.3153 0.284 0.2602 0.246 0.231 0.2147 0.1928 0.1699 0.154 0.1451 0.1406
    19 M 84.343 65.422 89.075 71.573 63.452 65.728 76.734 56.102 62.078 59.261 64.793 65.247 37.164 50.001
    20 L 1 1 1 1 1 1 1 1 1 1 1 1 1 1
    20 B 0.3866 0.3704 0.3589 0.3378 0.3043 0.2788 0.2636 0.297 0.2761 0.2479 0.2184 0.198 0.1865 0.1807
    20 M 80.517 76.012 66.144 61.757 39.249 43.787 55.843 69.17 56.848 58.648 58.391 58.004 47.688 52.021
    21 L 0 0 0 0 0 0 0 0 0 0 0 0 0 0
    21 B 0.2062 0.1975 0.1914 0.1802 0.1623 0.1487 0.1406 0.132 0.1227 0.1102 0.0971 0.088 0.0829 0.0803
    21 M 70.343 56.747 71.448 68.434 50.316 54.243 57.749 56.94 56.36 57.572 52.72 60.126 45.172 45.748
    22 L 1 1 1 1 1 1 1 1 1 1 1 1 1 1
    22 B 0.8247 0.7901 0.7656 0.7207 0.6491 0.5948 0.5624 0.5281 0.4908 0.4408 0.3883 0.352 0.3316 0.3213
    22 M 60.888 52.81 53.096 67.555 42.774 46.035 51.14 57.042 60.934 64.253 61.78 63.467 58.043 48.865
    23 L 0.32286 0.31619 0.71818 1 1 1 1 0.86467 0.3268 0.32573 0.32458 0.33145 0.33485 0.33973
    23 B 0.6443 0.6173 0.5981 0.5631 0.5071 0.4647 0.4394 0.4125 0.3834 0.3444 0.3034 0.33 0.3109 0.3012
    23 M 71.953 53.429 88.733 74.622 71.38 54.706 62.916 83.29 94.279 73.586 84.359 60.255 42.257 54.233
    24 L 0 0 0 0 0.50411 1 1 1 1 1 1 1 0.95786 0.67795
    24 B 0.0773 0.0741 0.2153 0.2027 0.1826 0.1673 0.1582 0.1485 0.138 0.124 0.1092 0.099 0.0933 0.0904
    24 M 38.344 36.331 33.848 42.508 53.203 38.556 42.518 37.79 46.013 40.655 46.216 45.326 38.523 29.148
    25 L 0 0 0 0.83836 1 1 1 1 1 0.52464 0.33402 0.35028 0.34779 0.33996
    25 B 0.2268 0.2173 0.2105 0.1982 0.1785 0.197 0.1863 0.1749 0.1626 0.146 0.1286 0.1166 0.1098 0.1064
    25 M 38.941 43.861 41.059 55.94 52.252 38.288 44.206 37.146 43.781 53.843 40.199 38.373 29.177 30.279
    26 L 0 0 1 1 1 1 1 1 0.96986 0 0 0 0 0
    26 B 0.5155 0.4938 0.4785 0.4505 0.4057 0.3717 0.3515 0.33 0.3067 0.2755 0.2427 0.22 0.2073 0.2008
    26 M 48.26 49.487 64.58 54.343 49.105 50.949 52.579 57.189 48.228 43.496 39.193 32.79 36.468 33.907
    27 L 0 0 0 0.5863 1 1 0.9809 0.73971 0.66628 0.66429 0.67593 0.67914 0.68179 0.68799
    27 B 0.2577 0.321 0.311 0.2928 0.2637 0.2416 0.2285 0.2145 0.1994 0.1791 0.1578 0.143 0.1347 0.1305
    27 M 56.911 65.029 50.01 66.51 62.309 56.507 62.498 60.082 65.381 72.202 59.594 43.501 28.424 33.706
    28 L 1 1 1 1 1 1 1 1 1 1 1 1 1 1
    28 B 1.1057 1.0593 1.0263 0.9662 0.8702 0.7974 0.754 0.7079 0.658 0.5909 0.5206 0.4719 0.4446 0.4307
    28 M 80.62 79.311 71.859 70.625 47.928 42.039 52.633 52.813 72.664 54.658 63.711 58.728 53.375 52.439
    29 L 0 0 0 0 0 0 0 0 0 0 0 0 0 0
    29 B 0.0773 0.1481 0.1435 0.1351 0.1217 0.1115 0.1054 0.099 0.092 0.0826 0.0728 0.066 0.0622 0.0602
    29 M 74.278 64.207 72.965 68.952 45.966 53.342 60.41 49.798 60.713 55.154 62.751 49.808 43.692 43.834
    30 L 0 0 0 0.50411 1 1 1 1 1 0.66804 0.6708 0.66789 0.67535 0.68637
    30 B 0.25 0.2395 0.2321 0.2185 0.213 0.1952 0.1845 0.2294 0.2132 0.1915 0.1687 0.1529 0.144 0.1396
    30 M 115.211 103.186 125.21 100.955 113.218 105.15 102.822 114.235 86.463 135.966 128.637 138.195 99.482 79.655
    31 L 0.31476 0.32734 0.52571 0.66472 0.66563 0.66427 0.67083 0.67097 0.67242 0.67037 0.52303 0.34682 0.34587 0.34819
    31 B 0.2062 0.1975 0.2392 0.2252 0.2028 0.1859 0.1757 0.1815 0.1687 0.1653 0.1456 0.154 0.1451 0.1406
    31 M 71.953 77.864 78.692 56.094 72.903 84.881 59.831 69.977 61.424 47.013 67.971 70.479 41.228 49.208
    32 L 0 0 0 0 0 0 0 0 0 0 0 0 0 0
    32 B 0.1546 0.1481 0.1435 0.1351 0.1217 0.1115 0.1054 0.099 0.092 0.0826 0.0728 0.066 0.0622 0.0904
    32 M 144.092 115.602 169.111 135.074 87.108 94.504 94.662 97.717 96.074 105.436 106.845 85.628 97.261 75.286
    33 L 0 0 0 0.5863 1 1 1 1 1 0.58923 0.32998 0.3545 0.34795 0.33516
    33 B 0.3093 0.2963 0.2871 0.2703 0.2434 0.2788 0.2636 0.2475 0.2301 0.2066 0.182 0.198 0.1865 0.3012
    33 M 59.731 71.332 43.72 59.412 70.153 38.946 62.238 65.147 42.049 40.679 71.258 57.699 53.877 58.58
    34 L 0 0 0 1 1 1 1 1 1 1 0.83 0.65952 0.66829 0.50856
    34 B 0.0851 0.0815 0.0789 0.0743 0.0669 0.0613 0.058 0.0545 0.0506 0.0455 0.04 0.0363 0.0342 0.0331
    34 M 29.416 37.849 31.952 45.702 38.584 46.772 36.523 45.192 37.608 44.465 42.279 40.761 34.659 28.091
    35 L 0 0 0 0 0 0 0 0 0 0 0 0 0 0
    35 B 0.2062 0.1975 0.1914 0.1802 0.1623 0.1487 0.1406 0.132 0.1227 0.1102 0.0971 0.099 0.0933 0.1807
    35 M 110.134 122.598 74.736 113.964 102.765 96.39 80.138 113.394 107.446 117.685 92.148 73.436 94.13 83.534
    36 L 1 1 1 1 1 1 1 1 1 1 1 1 0.97491 0.67977
    36 B 0.1134 0.1086 0.1053 0.0991 0.0892 0.0818 0.0773 0.0726 0.0675 0.0606 0.0534 0.0484 0.0456 0.0552
    36 M 37.008 36.478 37.401 35.113 32.968 32.171 30.53 33.805 35.987 33.975 37.608 34.04 29.791 28.853
    37 L 1 1 1 1 1 1 1 1 1 1 1 1 1 0.92218
    37 B 1.3763 1.3185 1.2775 1.2027 1.0832 0.9926 0.9385 0.8812 0.819 0.7355 0.6481 0.5875 0.5534 0.5361
    37 M 66.98 72.014 83.543 71.483 60.663 58.21 63.751 54.447 64.072 57.878 61.412 57.333 49.51 46.661
    38 L 0 0 0 0 0 0 0 0 0 0 0 0 0 0
    38 B 0.4124 0.3951 0.3828 0.3604 0.3245 0.2974 0.2812 0.264 0.2454 0.2204 0.1942 0.176 0.1658 0.1606
    38 M 67.299 103.945 78.219 74.575 57.743 68.458 71.446 84.547 65.671 68.216 80.553 63.574 45.565 28.768
    39 L 1 1 1 1 1 1 1 1 1 1 1 1 0.87985 0.68086
    39 B 0.2062 0.1975 0.1914 0.1802 0.1623 0.1487 0.1406 0.132 0.1227 0.1102 0.0971 0.088 0.0829 0.0803
    39 M 55.201 43.397 43.693 48.164 38.239 35.449 41.548 40.254 44.812 50.016 42.901 35.289 30.397 33.839
    40 L 0 0 0 0 0 0 0.08493 1 1 1 1 1 1 0.72329
    40 B 0.8314 0.7965 0.7717 0.7265 0.6543 0.5996 0.5669 0.5323 0.4948 0.4443 0.3915 0.3549 0.3343 0.3239
    40 M 60.753 53.883 46.835 62.509 50.134 57.065 56.073 69.022 69.14 69.444 77.213 69.911 80.759 52.66
    41 L 0 0 0 0 0 0 0 0 0 0 0 0 0 0
    41 B 0.1081 0.1035 0.1003 0.0944 0.0851 0.1169 0.1106 0.1384 0.1286 0.1155 0.1018 0.0923 0.0869 0.0842
    41 M 61.122 68.746 56.515 59.424 59.05 60.12 73.27 72.814 78.156 55.708 62.095 46.06 48.744 51.522
    42 L 0 0 0 0 0 0 0 0 0 0 0 0 0 0
    42 B 0.2062 0.1975 0.1914 0.1802 0.1623 0.1487 0.1406 0.132 0.1227 0.1102 0.0971 0.088 0.0829 0.0803
    42 M 44.227 40.889 39.86 44.767 44.61 38.444 38.715 42.041 46.915 47.915 46.733 38.863 35.536 35.61
    44 L 0 0 0.83836 1 1 1 1 1 1 1 0.84283 0.53241 0.35652 0.33736
    44 B 0.1663 0.1593 0.1543 0.1453 0.1309 0.1199 0.1134 0.1065 0.099 0.0889 0.0783 0.071 0.0669 0.0648
    44 M 28.559 48.097 31.341 42.23 34.223 32.091 43.259 33.917 42.361 38.57 37.563 27.986 32.842 24.133
    45 L 1 1 1 1 1 1 1 1 1 1 1 1 1 1
    45 B 1.9845 1.9012 1.8421 1.7342 1.5619 1.4312 1.3533 1.2706 1.181 1.0606 0.9345 0.8471 0.7979 0.7731
    45 M 72.569 57.3 68.497 62.193 49.817 45.893 46.69 66.577 56.389 53.123 55.587 46.827 36.248 48.514
    46 L 0.63345 0.65123 0.82925 1 1 1 1 1 1 1 1 1 1 1
    46 B 0.3326 0.3186 0.3087 0.2906 0.2617 0.2398 0.2268 0.2129 0.1979 0.1777 0.1566 0.1774 0.1671 0.1619
    46 M 91.208 94.844 91.861 95.605 87.069 79.088 91.889 80.684 57.723 62.623 60.415 57.427 39.855 33.831
    47 L 0 0.67123 1 1 1 1 1 1 1 0.80665 0.67577 0.68333 0.6769 0.68104
    47 B 0.2827 0.2708 0.2624 0.247 0.2225 0.2039 0.1928 0.181 0.1682 0.1511 0.1331 0.1384 0.1304 0.1263
    47 M 74.968 81.15 85.518 74.805 64.794 73.072 65.186 65.892 73.236 65.904 65.53 57.992 62.388 70.25
    48 L 0 0 0 0.41918 1 1 1 1 1 1 1 0.89437 0.68255 0.68701
    48 B 0.3575 0.3975 0.3852 0.3626 0.3266 0.2993 0.283 0.2657 0.2469 0.2218 0.1954 0.1771 0.1668 0.1616
    48 M 57.667 58.389 56.905 57.833 54.263 57.752 56.793 58.921 63.261 67.037 65.159 71.451 59.543 55.365
    49 L 0 0 0 0 0 0 0 0 0 0 0 0 0 0
    49 B 0.3325 0.3185 0.3086 0.2905 0.2617 0.2398 0.2267 0.2129 0.1979 0.1777 0.1566 0.1463 0.1378 0.3563
    49 M 70.654 39.768 83.896 73.426 39.645 31.664 41.265 56.338 58.39 50.718 51.598 54.521 43.772 38.673
    50 L 0 0.16712 1 1 1 1 1 1 1 1 1 1 1 1
    50 B 0.6443 0.6173 0.5981 0.5631 0.5071 0.4647 0.4394 0.4125 0.3834 0.3444 0.3034 0.2915 0.2746 0.2661
    50 M 59.185 92.207 85.052 78.856 77.358 82.194 44.934 69.05 65.23 69.552 60.753 43.868 82.809 65.371
    51 L 0 0 0 0 0.50411 1 1 1 1 1 1 1 1 0.8458
    51 B 0.4988 0.4779 0.463 0.4359 0.3926 0.3598 0.4422 0.4232 0.3933 0.3532 0.3112 0.2821 0.2658 0.2575
    51 M 61.31 49.48 51.801 55.111 51.797 50.342 46.012 57.509 50.722 46.339 46.958 43.276 42.159 43.529
    53 L 0 0 0 0 0 0 0 0 0 0 0 0 0 0
    53 B 0.1247 0.1195 0.1158 0.109 0.0981 0.0899 0.085 0.0798 0.0742 0.0666 0.0587 0.0924 0.093 0.0901
    53 M 64.576 64.917 56.333 57.181 51.943 58.095 61.873 59.159 67.795 62.135 61.76 65.493 47.955 47.038
    54 L 1 1 1 1 1 1 1 1 1 1 1 1 1 0.95809
    54 B 0.4573 0.4381 0.4244 0.3996 0.3599 0.3298 0.3118 0.2928 0.2721 0.2444 0.2153 0.1952 0.1839 0.1781
    54 M 73.682 66.465 63.815 62.026 72.49 57.497 80.629 74.178 59.694 72.435 73.936 69.408 43.308 65.046
    55 L 1 1 1 1 1 1 1 1 1 1 1 1 1 1
    55 B 0.1675 0.1605 0.1555 0.1464 0.1318 0.1208 0.1142 0.1073 0.0997 0.0895 0.0789 0.0715 0.0674 0.0653
    55 M 69.24 62.128 70.628 76.414 65.663 59.34 66.023 64.405 54.176 66.909 69.986 54.025 48.143 46.127
    56 L 0 0 0 0.44822 0.67004 0.66812 0.6792 0.6821 0.68146 0.68413 0.69084 0.68925 0.68185 0.68497
    56 B 0.0515 0.0494 0.0478 0.045 0.0406 0.0372 0.0351 0.033 0.0307 0.0275 0.0243 0.022 0.0207 0.0201
    56 M 144.367 100.153 136.539 149.806 189.942 150.739 177.671 131.181 138.462 106.637 143.328 155.153 107.095 73.093
"""
