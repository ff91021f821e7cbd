"""Hourly profiles on synthetic inputs: the PV rescaling cap, the illustrative load archetypes and the line loss.
The profiles on the real ERA5 2020 data are in tests/ondata/test_profiles_on_data.py."""

from __future__ import annotations

import numpy as np
import pytest

from zcparks.models import profiles as pr


def test_pv_rescaling_is_capped_at_one_and_reports_its_factor():
    cf = np.array([0.0, 0.5, 0.9, 0.2] * 10)
    c = pr.rescale_pv(cf, 20.0)  # raw 16 h -> 20 h: 0.9 x k would pass 1 and is capped
    assert c.cf.sum() == pytest.approx(20.0) and c.cf.max() == 1.0 and c.parameter > 1.25
    with pytest.raises(ValueError, match="cannot be reached"):
        pr.rescale_pv(cf, 31.0)


@pytest.mark.parametrize("name", sorted(pr.ARCHETYPES))
def test_load_archetypes_have_mean_one_and_their_pattern(name):
    s = pr.load_shape(name)
    assert s.shape == (8760,) and s.mean() == pytest.approx(1.0) and (s > 0).all()
    if name == "two_shift":
        # 2020-01-01 (Wednesday) 10:00 is a working hour; Saturday 4 January 10:00 is at the weekend factor
        assert s[3 * 24 + 10] == pytest.approx(0.6 * s[10], rel=0.01) and s[2] < s[10]
    if name == "continuous_process":
        assert s.max() / s.min() < 1.07  # flat but for the seasonal swing


def test_delivery_over_a_line_applies_its_loss():
    assert pr.delivered_over_line(np.array([0.5, 1.0]), 0.06) == pytest.approx([0.47, 0.94])
    with pytest.raises(ValueError, match="line loss 1.2"):
        pr.delivered_over_line(np.array([0.5]), 1.2)
