"""Outlook of an annual series: an **extrapolation, not a forecast**, with intervals and a backtest.

About 20 annual points with revision breaks, extrapolated up to 11 years past the last CEADs year, cannot carry
an ARIMA or a full ETS model. The outlook is therefore a damped-trend exponential smoothing (statsmodels
``ETSModel(error="add", trend="add", damped_trend=True)``) of ``log(value)``, so the path and its interval stay
positive, with 95 % prediction intervals; ``method="drift"`` gives the random walk with drift instead.

The rolling-origin backtest refits at each origin and compares 1..h-step errors with the naive forecast (the last
value) from the same origins: MASE = mean |error| / mean |naive error|. Below 1 the method beats "no change".
Every result carries the label ``extrapolation`` and its method.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from zcparks.errors import ParameterError

__all__ = ["METHODS", "MIN_POINTS", "Outlook", "extrapolate", "backtest"]

METHODS = ("damped_trend", "drift")
MIN_POINTS = 10


@dataclass(frozen=True)
class Outlook:
    """An extrapolated path.

    Attributes:
        path: one row per future year: ``year``, ``central``, ``low``, ``high`` (95 %), in the series' unit.
        method: ``damped_trend`` or ``drift``.
        label: always ``extrapolation`` (reports must not call it a forecast).
        last_year: the last observed year.
    """

    path: pd.DataFrame
    method: str
    label: str
    last_year: int


def _validate(series: pd.Series, method: str) -> pd.Series:
    if method not in METHODS:
        raise ParameterError(f"outlook method {method!r}; expected one of {', '.join(METHODS)}")
    s = series.dropna().sort_index()
    if len(s) < MIN_POINTS:
        raise ParameterError(f"an outlook needs at least {MIN_POINTS} annual values, got {len(s)}")
    if (s <= 0).any():
        raise ParameterError(f"an outlook is made on logs: non-positive value in {int(s[s <= 0].index[0])}")
    years = s.index.to_numpy()
    if (np.diff(years) != 1).any():
        raise ParameterError(f"an outlook needs consecutive years; gap after {int(years[np.argmax(np.diff(years) != 1)])}")
    return s


def _fit_predict(logs: np.ndarray, h: int, method: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Central path and 95 % bounds of ``logs`` for ``h`` steps (on the log scale)."""
    if method == "drift":
        steps = np.arange(1, h + 1)
        diffs = np.diff(logs)
        drift = diffs.mean()
        sigma = diffs.std(ddof=1)
        central = logs[-1] + drift * steps
        # variance of the h-step drift forecast: sigma^2 h (1 + h / (n - 1))
        se = sigma * np.sqrt(steps * (1 + steps / len(diffs)))
        return central, central - 1.96 * se, central + 1.96 * se
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter on short series; the backtest judges the result
        res = ETSModel(pd.Series(logs), error="add", trend="add", damped_trend=True).fit(disp=False)
        frame = res.get_prediction(start=len(logs), end=len(logs) + h - 1).summary_frame(alpha=0.05)
    return frame["mean"].to_numpy(), frame["pi_lower"].to_numpy(), frame["pi_upper"].to_numpy()


def extrapolate(series: pd.Series, to_year: int, method: str = "damped_trend") -> Outlook:
    """Extrapolate an annual series (index: year) to ``to_year``.

    Raises:
        ParameterError: too few or non-positive values, a gap, an unknown method, or ``to_year`` not after the data.
    """
    s = _validate(series, method)
    last = int(s.index[-1])
    h = to_year - last
    if h < 1:
        raise ParameterError(f"outlook_to {to_year} must be after the last observed year {last}")
    central, low, high = _fit_predict(np.log(s.to_numpy(float)), h, method)
    path = pd.DataFrame({"year": range(last + 1, to_year + 1), "central": np.exp(central),
                         "low": np.exp(low), "high": np.exp(high)})
    return Outlook(path, method, "extrapolation", last)


def backtest(series: pd.Series, horizon: int = 3, method: str = "damped_trend", min_train: int = MIN_POINTS) -> dict:
    """Rolling-origin backtest against the naive forecast.

    Returns:
        ``{"mase": …, "origins": n, "horizon": h, "mae": …, "mae_naive": …}``; MASE < 1 beats the naive forecast.
    """
    s = _validate(series, method)
    values = s.to_numpy(float)
    errors, naive = [], []
    for origin in range(min_train, len(values)):
        h = min(horizon, len(values) - origin)
        central, _, _ = _fit_predict(np.log(values[:origin]), h, method)
        actual = values[origin:origin + h]
        errors += list(np.abs(np.exp(central) - actual))
        naive += list(np.abs(values[origin - 1] - actual))
    if not errors:
        raise ParameterError(f"a backtest needs more than {min_train} values, got {len(values)}")
    mae, mae_naive = float(np.mean(errors)), float(np.mean(naive))
    return {"mase": mae / mae_naive if mae_naive else math.inf, "origins": len(values) - min_train,
            "horizon": horizon, "mae": mae, "mae_naive": mae_naive}
