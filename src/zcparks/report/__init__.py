"""The report engine: parameters, registry, jobs, runner, rendering, manifest, site, display, chart theme, page labels.

It knows no park, province or indicator: analyses declare what they are in their
``spec.yaml`` and ``labels.yaml``; named ID sets come from ``data/processed/ids.json``; the
only data-layer import is :mod:`zcparks.report.manifest` (what a page read).
"""
