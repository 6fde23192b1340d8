"""Reading memory: where you left each thread, what you have read, what is new since your
last visit, and the library's index of thread folders. Standard library `sqlite3` only;
no Textual. docs/state.md describes what is stored and how.

* `db`: the database file (creating, upgrading, setting a damaged one aside).
* `codec`: how ids and per-comment flags are stored.
* `identity`: which thread a file holds (`thread_key`).
* `marks`: read and new flags of one thread (`Marks`), and finding the next unread.
* `store`: `StateStore`, reading and writing the memory of threads.
* `memory`: `ThreadMemory`, one visit's memory of one thread, and the merge of two
  readers' marks.
* `library`: the scanner of thread folders and its index (`Library`).
"""

from __future__ import annotations

from threadtui.state.identity import thread_key
from threadtui.state.marks import Marks
from threadtui.state.memory import Position, ThreadMemory
from threadtui.state.store import StateStore

__all__ = ["Marks", "Position", "StateStore", "ThreadMemory", "thread_key"]
