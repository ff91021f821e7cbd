"""Outlook: bad series are refused (on synthetic series). The intervals and the backtest on Jiangsu's CO2 read the
built data: tests/ondata/test_outlook_on_data.py."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zcparks.errors import ParameterError
from zcparks.methods import outlook


def test_bad_series_are_refused():
    with pytest.raises(ParameterError, match="at least 10 annual values, got 3"):
        outlook.extrapolate(pd.Series([1.0, 2, 3], index=[2017, 2018, 2019]), 2030)
    gap = pd.Series(np.ones(12), index=[*range(2000, 2006), *range(2007, 2013)])
    with pytest.raises(ParameterError, match="consecutive years; gap after 2005"):
        outlook.extrapolate(gap, 2030)
    with pytest.raises(ParameterError, match="outlook_to 2019 must be after the last observed year 2019"):
        outlook.extrapolate(pd.Series(np.ones(12), index=range(2008, 2020)), 2019)
