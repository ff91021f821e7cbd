"""The build's state on disk, shared by the data build and the page build, so it sits below both.

* :mod:`~zcparks.buildstate.stamps`: content stamps of raw files, notebooks and code (``build/stamps/``), what make
  compares instead of modification times;
* :mod:`~zcparks.buildstate.lock`: the one-build-at-a-time lock of the project (``build/.lock``);
* :mod:`~zcparks.buildstate.datastatus`: how the last data build ended (``build/data-status.json``);
* :mod:`~zcparks.buildstate.pagestatus`: how each page's last build ended (``reports/_status/<job>.json``).

Standard library only: make runs these modules for every page.
"""
