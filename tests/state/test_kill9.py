"""kill -9 at any moment leaves a database that opens, with what was committed in it.

A child process saves one large thread's marks over and over (each save a transaction
rewriting the marks, the ids every fifth time) and prints the number of each save once
it has committed; the test kills it with SIGKILL at a random moment, 20 times, and each
time opens the database the way the reader does."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from threadtui.state import StateStore, db

CHILD = r"""
import json, sys
from pathlib import Path
from threadtui.model import load_thread_text
from threadtui.state import StateStore, ThreadMemory, thread_key
directory = Path(sys.argv[1])
n = 20000
doc = {"title": "big", "comments": [{"id": f"c{i}", "body": "x"} for i in range(n)]}
t = load_thread_text(json.dumps(doc))
store = StateStore(directory)
mem = ThreadMemory(store, thread_key(t))
marks = mem.attach(t)
k = 0
print("ready", flush=True)
while True:
    k += 1
    marks.mark_read(k % n)
    if k % 5 == 0:
        mem._write_ids = True  # rewrite the big blob too, now and then
    if mem.flush():
        print(k, flush=True)
"""


def test_kill_9_during_saves_never_damages_the_database(tmp_path: Path) -> None:
    rng = random.Random(14)
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    for round_ in range(20):
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read() if proc.stderr else ""
        # Its first save committed (on a loaded machine that may take longer than the
        # sleep below: killed before it, there would be nothing to check), then a few
        # more, then kill it at some moment of a save.
        first = proc.stdout.readline().strip()
        assert first.isdigit(), proc.stderr.read() if proc.stderr else first
        time.sleep(rng.uniform(0.05, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, err
        committed = [int(first), *(int(x) for x in out.split() if x.isdigit())]
        store = StateStore(tmp_path)
        assert store.available, f"round {round_}: {store.take_notices()}"
        assert store.take_notices() == [], f"round {round_}"
        conn = sqlite3.connect(tmp_path / db.DB_NAME)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        (row,) = store.threads()
        marks = store.marks(row.key)
        assert marks is not None and len(marks.ids) == 20000
        assert not store.take_notices()
        if committed:
            # Everything the child said it committed is there (the last save included).
            last = committed[-1]
            assert all(marks.read[k % 20000] for k in range(1, last + 1))
        store.close()
    assert not list(tmp_path.glob("*.corrupt-*"))
