"""PieFed: a post and its comments from PieFed's Lemmy-compatible API.

``GET /api/alpha/post?id=ID`` (``{"post_view": …}``) and ``GET
/api/alpha/comment/list?post_id=ID`` (``{"comments": [comment_view, …]}``), saved in any
of the shapes Lemmy's answers are (`threadtui.importers.lemmy`). The structure is
Lemmy's; a few fields are named differently: the comment's text is ``comment.body``
(Lemmy: ``content``), a post's title ``post.title`` (``name``), a person's name
``user_name`` (``name``) with the display name in ``title``.
"""

from __future__ import annotations

from typing import Any

from threadtui.importers._common import NotThisFormat
from threadtui.importers.lemmy import Dialect, load_dialect, shaped, speaks
from threadtui.importers.registry import Format
from threadtui.model.thread import Thread

PIEFED = Dialect(
    "PieFed", "the API", content="body", title="title", person="user_name", display="title"
)
_EXPECTED = (
    "expected 'post_view' and/or 'comments' of comment_view objects with comment.path and"
    " comment.body"
)


def detect(doc: Any) -> bool:
    return shaped(doc) and speaks(doc, PIEFED) is True


def load(doc: Any, *, name: str = "<data>", surrogates: bool = True, bidi: bool = True) -> Thread:
    if not shaped(doc):
        raise NotThisFormat(f"{name}: not a PieFed thread ({_EXPECTED})")
    if speaks(doc, PIEFED) is False:
        raise NotThisFormat(
            f"{name}: not a PieFed thread: most comments have no 'body' ({_EXPECTED})"
        )
    return load_dialect(doc, PIEFED, surrogates=surrogates, bidi=bidi)


FORMAT = Format(
    name="piefed",
    label="PieFed (post_view + comments)",
    detect=detect,
    load=load,
    fields="expected comment_view objects with 'comment.body' and 'creator'",
)
