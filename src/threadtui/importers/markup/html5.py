"""The full HTML path: an HTML5 parser (lexbor, through selectolax) builds the tree the
way a browser does, and the tree is walked without recursion into `Converter` events.

An HTML5 parser matters for the markup comment sites really send: ``<ul><li>a<li>b</ul>``
is two items of one list, ``<b>x<p>y</b>z`` keeps ``z`` in the paragraph, a stray ``</p>``
is an empty paragraph — as every browser shows them. The body is parsed as a fragment in
a ``<div>`` (what a comment is on its page), so ``<html>``, ``<head>`` and ``<body>`` tags
inside it are ignored as a browser ignores them there.
"""

from __future__ import annotations

from typing import Any

from threadtui.importers.markup.converter import Converter
from threadtui.importers.markup.entities import count_general_decode


def _getter(node: Any) -> Any:
    attrs = node.attributes

    def get(name: str) -> Any:
        v = attrs.get(name)
        if name == "class" and v is not None:
            return v.split()
        return "" if v is None and name in attrs else v

    return get


def _text_of(node: Any) -> str:
    """All text below ``node`` (a ``<pre>``), in document order, without recursion.
    (selectolax's ``text(deep=True)`` on a top-level fragment node also reads on into
    the node's siblings.)"""
    out: list[str] = []
    child = node.child
    up: list[Any] = []
    while child is not None or up:
        if child is None:
            child = up.pop().next
            continue
        if child.tag == "-text":
            out.append(child.text_content or "")
        elif child.child is not None and child.tag[0] != "-":
            up.append(child)
            child = child.child
            continue
        child = child.next
    return "".join(out)


def convert_html5(markup: str, base: str | None) -> str:
    """Plain paragraphs from any HTML fragment."""
    from selectolax.lexbor import LexborHTMLParser

    count_general_decode()  # the parser decodes every entity, "&#x202E;" too
    h = Converter(base)
    # Closing events of the open elements; siblings are reached through .next, children
    # through .child, so no depth of nesting recurses.
    open_: list[Any] = []
    node = LexborHTMLParser(markup, is_fragment=True).root
    while node is not None or open_:
        if node is None:
            parent = open_.pop()
            h.end(parent.tag, _getter(parent))
            node = parent.next
            continue
        tag = node.tag
        if tag == "-text":
            h.data(node.text_content or "")
        elif tag == "pre":
            h.pre(_text_of(node), first_newline_dropped=True)
        elif tag and tag[0] != "-" and h.start(tag, _getter(node)):
            # "-comment", "-doctype" show nothing
            if node.child is not None:
                open_.append(node)
                node = node.child
                continue
            h.end(tag, _getter(node))
        node = node.next
    return h.w.result()
