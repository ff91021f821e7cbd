"""Trend differences between two province cohorts, honest for 13 clusters with 5 of them treated.

Two tests, both on ``log(metric)`` per province and year (so slopes are log points per year, ≈ % per year):

* **primary**: a per-province log-linear slope (OLS of ``log(value)`` on ``year``), then the exact permutation
  test of :func:`zcparks.methods.stats.compare` on the slopes: design-based, provinces as the units;
* **secondary**: the panel regression ``log(value) ~ year + year:cohort`` with province fixed effects (absorbed by
  the within transform), with **CR2** cluster-robust errors (Bell and McCaffrey 2002; the adjustment matrices are
  inverse square roots of ``I − H_gg``, pseudo-inverted where province effects make them singular, as Pustejovsky
  and Tipton 2018 do) and **Satterthwaite** degrees of freedom for the interaction (Imbens and Kolesár 2016:
  ``df = (Σλ)² / Σλ²`` over the eigenvalues λ of ``G'G``). A wild cluster bootstrap with 13 clusters, 5 of them
  treated, is unreliable and is not offered.

A trend needs at least :data:`MIN_YEARS` years per province (grid factors, 3 years, get no trend test).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from zcparks.errors import ParameterError
from zcparks.methods import stats

__all__ = ["MIN_YEARS", "PanelTrend", "slopes", "slope_test", "panel_trend"]

MIN_YEARS = 8


@dataclass(frozen=True)
class PanelTrend:
    """The interaction ``year:cohort`` of the panel regression (log points per year, treated − control).

    Attributes:
        coef: the trend difference.
        se: its CR2 standard error.
        df: Satterthwaite degrees of freedom.
        ci_low: lower end of the 95 % interval (t with ``df``).
        ci_high: upper end.
        p: two-sided p-value (t with ``df``).
        n_obs: observations used.
        n_clusters: provinces.
        years: first and last year used.
    """

    coef: float
    se: float
    df: float
    ci_low: float
    ci_high: float
    p: float
    n_obs: int
    n_clusters: int
    years: tuple[int, int]


def _check(df: pd.DataFrame) -> pd.DataFrame:
    need = {"province_code", "year", "value", "treated"}
    missing = need - set(df.columns)
    if missing:
        raise ParameterError(f"trend data lacks column(s) {sorted(missing)}; expected {sorted(need)}")
    df = df.dropna(subset=["value"])
    bad = df[df["value"] <= 0]
    if len(bad):
        raise ParameterError(f"log trend of non-positive values: {bad.iloc[0]['province_code']} "
                             f"{int(bad.iloc[0]['year'])} = {bad.iloc[0]['value']}")
    short = df.groupby("province_code")["year"].nunique()
    short = short[short < MIN_YEARS]
    if len(short):
        raise ParameterError(f"a trend needs at least {MIN_YEARS} years per province; "
                             + ", ".join(f"{c} has {n}" for c, n in short.items()))
    return df


def slopes(df: pd.DataFrame) -> pd.Series:
    """Per-province OLS slope of ``log(value)`` on ``year`` (log points per year), indexed by province_code."""
    df = _check(df)
    out = {}
    for code, g in df.groupby("province_code"):
        x = g["year"].to_numpy(float)
        y = np.log(g["value"].to_numpy(float))
        out[code] = float(np.polyfit(x, y, 1)[0])
    return pd.Series(out, name="slope")


def slope_test(df: pd.DataFrame) -> stats.TwoGroupTest:
    """Primary trend test: exact permutation test of treated vs control per-province slopes."""
    s = slopes(df)
    treated = df.drop_duplicates("province_code").set_index("province_code")["treated"].astype(bool)
    return stats.compare(list(s[treated[s.index]].values), list(s[~treated[s.index]].values))


def _inv_sqrt_psd(m: np.ndarray) -> np.ndarray:
    vals, vecs = np.linalg.eigh((m + m.T) / 2)
    inv = np.where(vals > 1e-10, 1 / np.sqrt(np.clip(vals, 1e-10, None)), 0.0)
    return (vecs * inv) @ vecs.T


def panel_trend(df: pd.DataFrame) -> PanelTrend:
    """Secondary trend test: ``log(value) ~ year + year:treated`` + province fixed effects, CR2 + Satterthwaite.

    Args:
        df: one row per province and year: ``province_code``, ``year``, ``value`` (> 0), ``treated`` (bool).
    """
    from scipy import stats as sps

    df = _check(df).sort_values(["province_code", "year"]).reset_index(drop=True)
    y = np.log(df["value"].to_numpy(float))
    year = df["year"].to_numpy(float) - df["year"].mean()
    inter = year * df["treated"].astype(float).to_numpy()
    X = np.column_stack([year, inter])
    groups = df["province_code"].to_numpy()

    def within(v: np.ndarray) -> np.ndarray:
        return v - pd.Series(v).groupby(groups).transform("mean").to_numpy()

    yw = within(y)
    Xw = np.column_stack([within(X[:, j]) for j in range(X.shape[1])])
    bread = np.linalg.inv(Xw.T @ Xw)
    beta = bread @ Xw.T @ yw
    resid = yw - Xw @ beta
    n = len(yw)
    H = Xw @ bread @ Xw.T
    c = np.array([0.0, 1.0])
    meat = np.zeros((2, 2))
    G_cols = []
    for g in pd.unique(groups):
        idx = np.flatnonzero(groups == g)
        A = _inv_sqrt_psd(np.eye(len(idx)) - H[np.ix_(idx, idx)])
        u = Xw[idx].T @ A @ resid[idx]
        meat += np.outer(u, u)
        G_cols.append((np.eye(n) - H)[:, idx] @ A @ Xw[idx] @ bread @ c)
    V = bread @ meat @ bread
    se = float(np.sqrt(V[1, 1]))
    G = np.column_stack(G_cols)
    lam = np.linalg.eigvalsh(G.T @ G)
    dof = float(lam.sum() ** 2 / (lam ** 2).sum())
    t = float(beta[1]) / se
    q = sps.t.ppf(0.975, dof)
    return PanelTrend(float(beta[1]), se, dof, float(beta[1] - q * se), float(beta[1] + q * se),
                      float(2 * sps.t.sf(abs(t), dof)), n, len(pd.unique(groups)),
                      (int(df["year"].min()), int(df["year"].max())))
