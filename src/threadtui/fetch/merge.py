"""Refreshing a thread: the new fetch, plus what the old copy held that the site no
longer shows (a comment removed since, one beyond a bound this time), so that a copy
never loses what was read. The ids that arrived are what "new" means."""

from __future__ import annotations

from threadtui.model.thread import Thread


def merge(old: Thread, new: Thread) -> tuple[Thread, list[str]]:
    """(the merged thread, the ids of the comments ``old`` did not have)."""
    known = set(old.ids)
    arrived = [i for i in new.ids if i not in known]
    present = set(new.ids)
    kept = [k for k, cid in enumerate(old.ids) if cid not in present]
    if not kept:
        return new, arrived
    from threadtui.importers import load_document
    from threadtui.model.writer import thread_to_document

    doc = thread_to_document(new)
    old_doc = thread_to_document(old)["comments"]
    # Appended after the new ones, each under its old parent (which the flat form names by
    # id): a kept comment is shown last among its siblings.
    doc["comments"].extend(old_doc[k] for k in kept)
    merged = load_document(doc, fmt="threadtui", name=new.url or new.title)
    return merged, arrived
