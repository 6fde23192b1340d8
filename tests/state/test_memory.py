"""One visit's memory: resume, read and new marks, two readers at once, refreshes."""

from __future__ import annotations

from pathlib import Path

from threadtui.state import Position, StateStore, ThreadMemory, thread_key
from threadtui.state.marks import Marks

from .helpers import comments, doc, thread_of


def visit(store: StateStore, d: dict, *, read: tuple[int, ...] = (), pos: Position | None = None):  # type: ignore[no-untyped-def]
    t = thread_of(d)
    mem = ThreadMemory(store, thread_key(t), title=t.title)
    marks = mem.attach(t)
    for i in read:
        marks.mark_read(i)
    if pos is not None:
        mem.set_position(pos)
    return t, mem, marks


def test_a_first_visit_has_nothing_new_and_everything_unread(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    _t, mem, marks = visit(store, doc(20))
    assert not mem.visited and mem.resume is None
    assert marks.unread == 20 and marks.new_total == 0


def test_resume_position_and_folds(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    pos = Position("c39", 39, 3, (("c5", 5), ("c7", 7)))
    _, mem, _ = visit(store, doc(60), read=tuple(range(40)), pos=pos)
    assert mem.flush()
    store.close()
    again = StateStore(tmp_path)
    _t, mem2, marks = visit(again, doc(60))
    assert mem2.visited
    r = mem2.resume
    assert r is not None
    assert (r.cursor_id, r.cursor_index, r.cursor_row) == ("c39", 39, 3)
    assert r.folded == (("c5", 5), ("c7", 7))
    assert marks.unread == 20 and all(marks.is_read(i) for i in range(40))
    assert marks.next_unread(0) == 40


def test_comments_appended_since_the_last_visit_are_new(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    _, mem, _ = visit(store, doc(40), read=tuple(range(40)))
    mem.flush()
    grown = doc(40)
    grown["comments"] += comments(5, start=40)
    t, mem2, marks = visit(store, grown)
    assert marks.new_total == 5 and marks.unread == 5
    found = []
    i = -1
    while (j := marks.next_new(i)) is not None:
        found.append(t.ids[j])
        i = j
    assert found == [f"c{k}" for k in range(40, 45)]
    # Saved, and the next visit has nothing new.
    mem2.flush()
    _, _, marks3 = visit(store, grown)
    assert marks3.new_total == 0 and marks3.unread == 5


def test_replies_new_anywhere_in_the_tree(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    d = doc(10)
    _, mem, _ = visit(store, d)
    mem.flush()
    d["comments"][2]["replies"] = comments(3, start=100)
    t, _, marks = visit(store, d)
    assert [t.ids[i] for i in range(len(t)) if marks.is_new(i)] == ["c100", "c101", "c102"]
    # They sit right after their parent in reading order: a collapsed c2 hides 3 new.
    p = t.index_of("c2")
    assert p is not None
    assert marks.new_in(p + 1, t.end[p]) == 3


def test_two_readers_at_once_keep_both_sets_of_marks(tmp_path: Path) -> None:
    a_store, b_store = StateStore(tmp_path), StateStore(tmp_path)
    _, a, am = visit(a_store, doc(100))
    _, b, bm = visit(b_store, doc(100))
    am.set_range(0, 10, True)
    bm.set_range(50, 60, True)
    assert a.flush()
    assert b.flush()  # merges: a's marks were written meanwhile
    am.mark_read(20)
    assert a.flush()  # merges again: b's are kept
    _, _, marks = visit(StateStore(tmp_path), doc(100))
    read = {i for i in range(100) if marks.is_read(i)}
    assert read == set(range(10)) | set(range(50, 60)) | {20}
    # and each reader sees the other's marks after its own save
    assert all(bm.is_read(i) for i in range(10))


def test_an_unread_toggle_survives_the_other_readers_save(tmp_path: Path) -> None:
    a_store, b_store = StateStore(tmp_path), StateStore(tmp_path)
    _, first, _fm = visit(a_store, doc(10), read=(1, 2, 3))
    first.flush()
    _, a, am = visit(a_store, doc(10))
    _, b, bm = visit(b_store, doc(10))
    am.toggle(2)  # a marks c2 unread again
    bm.mark_read(7)
    a.flush()
    b.flush()
    _, _, marks = visit(StateStore(tmp_path), doc(10))
    assert {i for i in range(10) if marks.is_read(i)} == {1, 3, 7}


def test_ids_the_file_lacks_are_kept_with_their_marks(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    big = doc(20)
    _, mem, _ = visit(store, big, read=(15, 16))
    mem.flush()
    small = doc(10)  # an older export, read on another machine
    _, mem2, m2 = visit(store, small, read=(3,))
    assert m2.new_total == 0
    mem2.flush()
    _, _, m3 = visit(store, big)
    assert {i for i in range(20) if m3.is_read(i)} == {3, 15, 16}
    assert m3.new_total == 0


def test_nothing_is_written_when_nothing_changed(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    _, mem, marks = visit(store, doc(5))
    assert mem.dirty  # the visit itself (its ids) is new
    assert mem.flush()
    assert not mem.dirty and mem.snapshot() is None
    marks.mark_read(0)
    assert mem.dirty
    mem.flush()
    mem.set_position(Position("c1", 1, 0, ()))
    assert mem.dirty


def test_marks_made_during_a_save_are_not_lost(tmp_path: Path) -> None:
    a_store, b_store = StateStore(tmp_path), StateStore(tmp_path)
    _, a, am = visit(a_store, doc(10))
    _, b, bm = visit(b_store, doc(10))
    bm.mark_read(9)
    b.flush()
    am.mark_read(1)
    snap = a.snapshot()
    assert snap is not None
    changes = am.changes
    am.mark_read(2)  # between the snapshot and the end of the (background) save
    from threadtui.state.memory import merge

    a.saved(snap, a_store.save(snap, merge), changes)
    assert {i for i in range(10) if am.is_read(i)} == {1, 2, 9}
    assert a.dirty
    a.flush()
    _, _, marks = visit(StateStore(tmp_path), doc(10))
    assert {i for i in range(10) if marks.is_read(i)} == {1, 2, 9}


def test_carry_over_a_refresh_marks_exactly_what_arrived(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    d = doc(10)
    _, mem, _marks = visit(store, d, read=(0, 1))
    d2 = doc(10)
    d2["comments"] = d2["comments"][1:]  # c0 is gone upstream
    d2["comments"][4]["replies"] = comments(2, start=200)
    d2["comments"] += comments(1, start=300)
    t2 = thread_of(d2)
    arrived = mem.carry_over(t2)
    assert [t2.ids[i] for i in arrived] == ["c200", "c201", "c300"]
    m = mem.marks
    assert m is not None
    assert [t2.ids[i] for i in range(len(t2)) if m.is_new(i)] == ["c200", "c201", "c300"]
    assert m.is_read(t2.index_of("c1") or 0)
    mem.flush()
    # c0 (gone) keeps its mark in the database
    _, _, again = visit(store, doc(10))
    assert again.is_read(0) and again.is_read(1)


def test_marks_navigation() -> None:
    m = Marks(10)
    m.set_range(0, 4, True)
    assert m.unread == 6
    assert m.next_unread(0) == 4
    assert m.previous_unread(4) is None
    assert m.previous_unread(9) == 8
    assert m.toggle(2) is False and m.unread == 7
    assert m.previous_unread(4) == 2
    m.set_range(0, 10, True)
    assert m.unread == 0 and m.next_unread(-1) is None
    assert m.set_range(3, 5, False) == 2 and m.unread == 2
    m2 = Marks(5, new=bytearray([0, 1, 0, 1, 0]))
    assert m2.new_total == 2 and m2.next_new(1) == 3 and m2.previous_new(3) == 1
    assert m2.new_in(0, 5) == 2 and m2.new_in(2, 3) == 0
