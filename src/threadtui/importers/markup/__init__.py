"""HTML and Markdown bodies → the plain paragraphs the layout engine shows.

The output is plain text: paragraphs separated by one blank line, line breaks (``<br>``)
kept as newlines, list items as ``- item`` / ``1. item`` (nested items indented),
blockquotes as ``> `` lines, code blocks kept line for line, strikethrough as
``~~text~~`` and superscript as ``^text``, and links kept as URLs: ``text (https://…)``,
or the URL alone when the text is the URL (or a shortened form of it).

Modules: `entities` (entities and whitespace), `links` (a link as text), `writer` (lines,
prefixes, blocks), `converter` (HTML events → writer calls, one method per tag), `html5`
(the full path: an HTML5 parser), `fast` (exact shortcuts for the HTML sites generate),
`html` (which path a body takes), `markdown` (markdown-it-py, then the HTML path).
"""

from __future__ import annotations

from threadtui.importers.markup.entities import general_decodes
from threadtui.importers.markup.html import html_to_text
from threadtui.importers.markup.links import format_link
from threadtui.importers.markup.markdown import markdown_to_text

__all__ = ["format_link", "general_decodes", "html_to_text", "markdown_to_text"]
