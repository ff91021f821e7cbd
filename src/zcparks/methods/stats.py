"""Two-group statistics for samples as small as the province cohorts (about 8 vs 5 provinces).

The provinces of a cohort are a census, not a sample, so p-values here are *design-based*: an exact permutation
test enumerates every split of the pooled values into groups of the observed sizes (C(13, 5) = 1287 for 8 vs 5)
and asks how often a split differs at least as much as the observed one. Welch's t and Hedges' g are reported
beside it as descriptions of size; no bootstrap interval is offered, because at n = 5 it under-covers.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MAX_SPLITS", "TwoGroupTest", "permutation_p", "welch", "hedges_g", "compare", "holm"]

MAX_SPLITS = 2_000_000  # enumerate at most this many splits (C(26, 13) would be 10 million)


@dataclass(frozen=True)
class TwoGroupTest:
    """The comparison of group ``a`` with group ``b`` (differences are a − b).

    Attributes:
        n_a: size of ``a``.
        n_b: size of ``b``.
        mean_a: mean of ``a``.
        mean_b: mean of ``b``.
        diff: ``mean_a - mean_b``.
        p_exact: two-sided exact permutation p-value of ``diff`` (design-based).
        splits: how many splits were enumerated.
        welch_t: Welch's t statistic (None when a group has fewer than 2 values or both variances are 0).
        welch_df: Welch–Satterthwaite degrees of freedom.
        hedges_g: Hedges' g (standardised difference with the small-sample correction).
    """

    n_a: int
    n_b: int
    mean_a: float
    mean_b: float
    diff: float
    p_exact: float
    splits: int
    welch_t: float | None
    welch_df: float | None
    hedges_g: float | None


def _mean(x: Sequence[float]) -> float:
    return sum(x) / len(x)


def _var(x: Sequence[float]) -> float:
    m = _mean(x)
    return sum((v - m) ** 2 for v in x) / (len(x) - 1)


def permutation_p(a: Sequence[float], b: Sequence[float]) -> tuple[float, int]:
    """Two-sided exact permutation p-value of the difference in means, enumerating every split.

    A split counts as at least as extreme when ``|mean difference| >= |observed| - 1e-12`` (a relative
    tolerance guards against rounding in the sums).

    Args:
        a: the first group's values.
        b: the second group's values.

    Returns:
        ``(p, number of splits)``.

    Raises:
        ValueError: a group is empty, or there are more than :data:`MAX_SPLITS` splits.
    """
    if not a or not b:
        raise ValueError(f"permutation test needs two non-empty groups, got sizes {len(a)} and {len(b)}")
    pooled = [float(v) for v in (*a, *b)]
    n, k = len(pooled), len(a)
    splits = math.comb(n, k)
    if splits > MAX_SPLITS:
        raise ValueError(f"{splits} splits of {n} values into {k} + {n - k}: more than {MAX_SPLITS} to enumerate")
    total = sum(pooled)
    observed = abs(_mean(a) - _mean(b))
    tol = 1e-12 * max(1.0, abs(observed))
    extreme = 0
    for idx in itertools.combinations(range(n), k):
        s = sum(pooled[i] for i in idx)
        if abs(s / k - (total - s) / (n - k)) >= observed - tol:
            extreme += 1
    return extreme / splits, splits


def welch(a: Sequence[float], b: Sequence[float]) -> tuple[float | None, float | None]:
    """Welch's t statistic and its Welch–Satterthwaite degrees of freedom; (None, None) when undefined."""
    if len(a) < 2 or len(b) < 2:
        return None, None
    va, vb = _var(a) / len(a), _var(b) / len(b)
    if va + vb == 0:
        return None, None
    t = (_mean(a) - _mean(b)) / math.sqrt(va + vb)
    df = (va + vb) ** 2 / ((va ** 2 / (len(a) - 1) if va else 0.0) + (vb ** 2 / (len(b) - 1) if vb else 0.0))
    return t, df


def hedges_g(a: Sequence[float], b: Sequence[float]) -> float | None:
    """Hedges' g: the difference in means over the pooled SD, times J = 1 − 3 / (4 (n_a + n_b) − 9)."""
    na, nb = len(a), len(b)
    if na < 2 or nb < 2:
        return None
    pooled = math.sqrt(((na - 1) * _var(a) + (nb - 1) * _var(b)) / (na + nb - 2))
    if pooled == 0:
        return None
    return (_mean(a) - _mean(b)) / pooled * (1 - 3 / (4 * (na + nb) - 9))


def compare(a: Sequence[float], b: Sequence[float]) -> TwoGroupTest:
    """Exact permutation test, Welch's t and Hedges' g for ``a`` against ``b`` (see the module docstring)."""
    p, splits = permutation_p(a, b)
    t, df = welch(a, b)
    return TwoGroupTest(len(a), len(b), _mean(a), _mean(b), _mean(a) - _mean(b), p, splits, t, df, hedges_g(a, b))


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjustment of ``p_values`` (family-wise error), in the input order; each capped at 1."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    m = len(p_values)
    adjusted = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted
