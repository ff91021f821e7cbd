"""Indicator scoring and the greenwashing lens (notebook 05, slug ``indicator-scoring``): the page's composition.

The scoring itself is a public model, :mod:`zcparks.models.scoring` (re-exported here for the notebook, its text and
charts); the CLI's plain-text tables are :mod:`zcparks.views.scoring`. Wording is in :mod:`.text` and
``labels.yaml``, charts in :mod:`.charts`.
"""

from __future__ import annotations

from zcparks.models.scoring import *  # noqa: F403 - the page's numbers come from the model
from zcparks.models.scoring import __all__ as _MODEL
from zcparks.views import labels_for
from zcparks.views.scoring import score_text

LABELS = labels_for(__file__)

__all__ = [*_MODEL, "LABELS", "score_text"]
