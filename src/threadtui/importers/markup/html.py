"""HTML bodies → plain paragraphs: the fast paths first, the HTML5 parser for the rest."""

from __future__ import annotations

from threadtui.importers.markup.entities import (
    fold_keep_ff,
    plain,
    unescape,
    unescape_common,
)
from threadtui.importers.markup.fast import (
    p_pairs,
    paragraph_html,
    simple_html,
    unclosed_paragraphs,
)
from threadtui.importers.markup.html5 import convert_html5


def _paragraph_marks(markup: str) -> str:
    """``markup`` with ``<p>`` (and, when they pair up, ``</p>``) turned into form feeds."""
    r = markup.replace("<p>", "\f")
    if "<" in r and "</p>" in r:
        closed = r.replace("</p>", "\f")
        if "<" not in closed and p_pairs(markup):
            return closed
    return r


def _only_paragraphs(markup: str, r: str, base: str | None) -> str:
    """Only paragraph tags (Hacker News leaves them open, Markdown renderers close them):
    the commonest case, handled here directly."""
    u = unescape_common(r)
    if u is None:
        # other entities: the general decoder, which can yield a form feed
        u = unescape(r)
        if u.count("\f") != r.count("\f"):
            return convert_html5(markup, base)
        u = fold_keep_ff(u)
    elif "\n" in u or "  " in u or "\t" in u or "\r" in u:
        u = fold_keep_ff(u)
    return "\n\n".join([p for p in [x.strip(" ") for x in u.split("\f")] if p])


def html_to_text(markup: str | None, *, base: str | None = None) -> str:
    """Plain paragraphs from an HTML fragment. ``base`` resolves relative links."""
    if not markup:
        return ""
    if "<" not in markup:
        return plain(markup)
    r = _paragraph_marks(markup)
    if "\f" not in markup:
        if "<" not in r:
            return _only_paragraphs(markup, r, base)
        if "</p>" not in markup:
            fast = unclosed_paragraphs(r, base)
            if fast is not None:
                return fast
    fast = paragraph_html(markup, base)
    if fast is None:
        fast = simple_html(markup, base)
    return fast if fast is not None else convert_html5(markup, base)
