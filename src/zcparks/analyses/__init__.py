"""The analyses: one package per analysis slug (``pilot-parks`` -> ``zcparks.analyses.pilot_parks``).

Each package owns its computations (tidy frames with stable codes), its charts, its
wording (``labels.yaml``, en and zh) and its notebook spec (``spec.yaml``: parameters,
titles, datasets read). Analyses import the data layer and the engine's chart and label
helpers; nothing but notebooks and the registry's listing imports an analysis.
"""
