"""The run machinery: how a notebook becomes a page.

Pages themselves (parameters, rendering, the site) live in :mod:`zcparks.report`; what both read (the page list,
the build state) sits below both.

How a page is run
-----------------
1. ``make reports`` generates one make rule per page (:mod:`~zcparks.engine.makerules`, ``build/reports.mk``) with
   the page's narrowest inputs: the engine's and the page package's files, the analysis's import closure
   (:mod:`~zcparks.engine.deps`), the notebook, and the content stamps of the raw files it reads
   (:mod:`zcparks.buildstate.stamps`). Make decides what is out of date and how many pages run at once (``-j``).
2. Make starts one engine server per build (:mod:`~zcparks.engine.server`, ``zcparks engine start``). Each page's
   rule runs the small standard-library client (:mod:`~zcparks.engine.client`), which sends the page to the
   server and exits with its status. Without a server the client runs the page itself, cold, by the same code.
3. The server keeps a pool of warm kernels (:class:`~zcparks.engine.kernels.KernelPool`), as many as make runs
   pages at once. Each page gets a fresh kernel that serves it alone. The kernels are forked from a fork server
   (:mod:`~zcparks.engine.forkserver`) that has imported pandas, Altair and zcparks once; set
   ``ZCPARKS_FORK_SERVER=0`` to spawn every kernel instead (slower, the same pages). Kernels talk to the engine
   over Unix sockets of their own (zmq ``ipc``), so parallel builds never race for a TCP port.
4. The runner (:mod:`~zcparks.engine.runner`) parameterises the notebook as papermill does, executes it, renders
   the HTML with :mod:`zcparks.report.render`, and replaces the old page only when everything succeeded: a
   failed page keeps the last good report, with the executed notebook kept under ``reports/_failed/``.
   A page over its time limit (``ZCPARKS_PAGE_LIMIT`` seconds) has its kernel killed.

The same runner serves ``zcparks run`` (one ad-hoc run), ``zcparks sweep`` (:mod:`~zcparks.engine.sweep`, many
runs on the warm pool, or on Dask) and the Dask scale-out of the site build (:mod:`~zcparks.engine.scaleout`,
``zcparks build --scheduler``).
"""
