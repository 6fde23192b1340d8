"""The line writer every HTML path drives: inline text, line breaks, blocks, prefixes."""

from __future__ import annotations

from threadtui.importers.markup.links import absolute, format_link


class Writer:
    """Accumulates lines; block structure arrives as ``want`` (1: new line, 2: blank line)."""

    __slots__ = ("cur", "cur_prefix", "lines", "link_start", "slots", "want")

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.cur: list[str] = []
        self.cur_prefix = ""
        self.want = 0
        # Prefix slots, outermost first: [text for the next line, text for later lines].
        self.slots: list[list[str]] = []
        # (line number, piece index) where the innermost open link's text starts.
        self.link_start: list[tuple[int, int] | None] = []

    def _flush(self) -> None:
        if self.cur:
            self.lines.append((self.cur_prefix + "".join(self.cur)).rstrip(" "))
            self.cur = []

    def _start_line(self) -> None:
        self._flush()
        if self.want == 2 and self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.want = 0
        prefix = []
        for slot in self.slots:
            prefix.append(slot[0])
            slot[0] = slot[1]
        self.cur_prefix = "".join(prefix)

    def text(self, s: str) -> None:
        """Inline text whose whitespace is already folded."""
        if self.want or not self.cur:
            s = s.lstrip(" ")
            if not s:
                return
            self._start_line()
        elif s[0] == " " and self.cur[-1][-1:] == " ":
            s = s[1:]
            if not s:
                return
        if self.link_start and self.link_start[-1] is None:
            self.link_start[-1] = (len(self.lines), len(self.cur))
        self.cur.append(s)

    def raw_line(self, s: str) -> None:
        """One line of preformatted text, kept as it is (even when empty)."""
        if not self.want and (self.cur or not self.lines):
            self.want = 1
        self._start_line()
        self.cur.append(s if s else "\0")  # a placeholder keeps an empty line a line

    def br(self) -> None:
        if self.cur:
            self.want = 1 if self.want == 0 else 2
        elif self.lines and self.want:
            self.want = 2

    def block(self, strength: int = 2) -> None:
        if strength > self.want:
            self.want = strength

    def open_link(self) -> None:
        self.link_start.append(None)

    def close_link(self, href: str | None, base: str | None, *, keep_text: bool) -> None:
        start = self.link_start.pop() if self.link_start else None
        url = absolute(href, base) if href and not keep_text else None
        if start is None:
            # No text inside (e.g. only an image we skipped): show the URL itself.
            if url:
                self.text(url)
            return
        line, idx = start
        if line != len(self.lines) or not self.cur:
            # The link spanned line breaks; add the URL after its text.
            if url and self.cur:
                self.cur.append(f" ({url})")
            return
        self._replace_link_text(idx, href, base, url, keep_text=keep_text)

    def _replace_link_text(
        self, idx: int, href: str | None, base: str | None, url: str | None, *, keep_text: bool
    ) -> None:
        whole = "".join(self.cur[idx:])
        core = whole.strip(" ")
        if not core:
            if url:
                self.cur[idx:] = [whole + url]
            return
        lead = whole[: len(whole) - len(whole.lstrip(" "))]
        trail = whole[len(whole.rstrip(" ")) :]
        shown = core if keep_text else format_link(core, href, base)
        self.cur[idx:] = [lead + shown + trail]

    def result(self) -> str:
        self._flush()
        lines = self.lines
        while lines and lines[-1] == "":
            lines.pop()
        out = "\n".join(lines)
        return out.replace("\0", "") if "\0" in out else out
