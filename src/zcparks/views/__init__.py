"""What several pages show alike: labels bound to an analysis, the China map layers, cohort charts and text, source lines.

Display pieces shared by more than one analysis live here, outside ``zcparks.analyses``, so the analyses stay
independent of each other (an import-linter contract over ``zcparks.analyses.*``). The numbers they show come from
:mod:`zcparks.models` and :mod:`zcparks.methods`; this package only labels and draws them.
"""

from __future__ import annotations

from pathlib import Path

from zcparks import paths, yamlfile
from zcparks.data import vocabulary
from zcparks.report.labels import Catalog, Labels, page_catalog


def labels_for(module_file: str) -> Labels:
    """The labels of the analysis whose package holds ``module_file``.

    The catalogue is the engine's page labels, the data vocabulary, the labels the cohort analyses share
    (``views/labels.yaml``, text keys prefixed ``common.``) and the analysis's own ``labels.yaml`` (text keys
    prefixed by its slug); a key defined twice fails.

    Args:
        module_file: ``__file__`` of any module of the analysis package.

    Returns:
        A :class:`~zcparks.report.labels.Labels` whose ``t(key)`` looks up ``<slug>.<key>`` first.
    """
    pkg = Path(module_file).resolve().parent
    slug = paths.slug_of(pkg.name)
    where = f"src/zcparks/analyses/{pkg.name}/labels.yaml"
    own = Catalog.from_doc(yamlfile.load(pkg / "labels.yaml") or {}, where, prefix=f"{slug}.")
    vocab = Catalog.from_doc(vocabulary(), "src/zcparks/data/labels.yaml")
    common = Catalog.from_doc(yamlfile.load(Path(__file__).parent / "labels.yaml") or {},
                              "src/zcparks/views/labels.yaml", prefix="common.")
    return Labels(page_catalog().merge(vocab, "data vocabulary").merge(common, "shared analysis labels")
                  .merge(own, where), prefix=f"{slug}.")
