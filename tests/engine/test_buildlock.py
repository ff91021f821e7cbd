"""One build at a time: a second build names the holder and waits, or exits at once; nested builds pass through."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from zcparks.buildstate import lock as buildlock


def _run(env_extra: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != buildlock.HELD_ENV}
    env.update({"ZCPARKS_ROOT": str(tmp_path), **env_extra})
    return subprocess.run([sys.executable, "-m", "zcparks.buildstate.lock", "--", sys.executable, "-c", "print('ran')"],
                          env=env, capture_output=True, text=True, timeout=60)


def test_a_second_build_names_the_holder_and_exits_or_waits(tmp_path, monkeypatch):
    monkeypatch.setenv("ZCPARKS_ROOT", str(tmp_path))
    with buildlock.held("make reports (test holder)", wait=False):
        busy = _run({buildlock.WAIT_ENV: "0"}, tmp_path)
        assert busy.returncode == buildlock.BUSY and "ran" not in busy.stdout
        assert f"another build is running: pid {os.getpid()} on " in busy.stderr
        assert "(make reports (test holder)); try again when it has finished" in busy.stderr
        nested = _run({buildlock.HELD_ENV: "1"}, tmp_path)  # inside a locked build: no second lock
        assert nested.returncode == 0 and nested.stdout.strip() == "ran"
        t0 = time.perf_counter()
        waiter = subprocess.Popen([sys.executable, "-m", "zcparks.buildstate.lock", "--", sys.executable, "-c",
                                   "print('ran')"],
                                  env={k: v for k, v in os.environ.items() if k != buildlock.HELD_ENV}
                                  | {"ZCPARKS_ROOT": str(tmp_path)}, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)
        assert waiter.poll() is None  # still waiting while the lock is held
    out, err = waiter.communicate(timeout=60)
    assert waiter.returncode == 0 and out.strip() == "ran" and time.perf_counter() - t0 >= 1.0
    assert "another build is running (pid" in err and "waiting for it to finish" in err


def test_the_lock_is_free_once_its_holder_has_gone(tmp_path, monkeypatch):
    monkeypatch.setenv("ZCPARKS_ROOT", str(tmp_path))
    killed = subprocess.Popen([sys.executable, "-c", "from zcparks.buildstate import lock as buildlock; import time\n"
                               "with buildlock.held('doomed', wait=False):\n    print('held', flush=True); time.sleep(60)"],
                              env={**os.environ, "ZCPARKS_ROOT": str(tmp_path)}, stdout=subprocess.PIPE, text=True)
    assert killed.stdout.readline().strip() == "held"
    killed.kill()
    killed.wait()
    r = _run({buildlock.WAIT_ENV: "0"}, tmp_path)  # no stale lock after SIGKILL
    assert r.returncode == 0 and r.stdout.strip() == "ran"
