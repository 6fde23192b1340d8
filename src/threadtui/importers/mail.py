"""Mail: mbox files, Maildir folders and single messages (.eml), threaded.

Messages are threaded by ``Message-ID``, ``In-Reply-To`` and ``References`` with Jamie
Zawinski's algorithm: a message hangs under the last message its ``References`` names
(or its ``In-Reply-To``); messages referred to but missing from the file stand in as
placeholders ("[message not in this file]") when more than one reply hangs on them, and
otherwise their replies move up; then threads whose first message is gone are joined by
subject: a root "Re: X" goes under the root "X". Replies are in date order.

Bodies: the ``text/plain`` parts (else the ``text/html`` ones, converted to text), decoded
from quoted-printable or base64 and from their charset (UTF-8, windows-1256, ISO-8859-6 and
anything else Python knows); ``format=flowed`` text is unwrapped; quoted text (``> …``) and
signatures are kept; attachments are listed by name. Headers are decoded from RFC 2047
encoded words, and raw 8-bit headers from the message's charset.

mbox: messages start at a line beginning ``From `` at the start of the file or after a
blank line; ``>From `` lines (mboxrd quoting) lose one ``>``.
"""

from __future__ import annotations

import codecs
import email
import email.message
import email.utils
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from threadtui.importers._common import finish, plural
from threadtui.importers.markup import html_to_text
from threadtui.importers.registry import Format
from threadtui.model import files
from threadtui.model.builder import ThreadBuilder
from threadtui.model.jsonio import DEFAULT_MAX_BYTES, ThreadLoadError
from threadtui.model.thread import Thread

_HEADER_LINE = re.compile(rb"[!-9;-~]+:[ \t]?")
_KNOWN_HEADERS = (
    b"from:",
    b"message-id:",
    b"received:",
    b"return-path:",
    b"date:",
    b"subject:",
    b"mime-version:",
    b"delivered-to:",
    b"to:",
    b"in-reply-to:",
)
_MSGID = re.compile(r"<([^<>\s]+)>")
_FOLD = re.compile(r"\r?\n[ \t]+")
_FROM_LINE = re.compile(rb"(?m)^From ")
# The From_ line's date, for mboxes written without a blank line before each message.
_FROM_DATE = re.compile(
    rb"From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) "
    rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d"
)
_SURROGATE_BYTES = re.compile("[\udc80-\udcff]")
_MBOXRD = re.compile(rb"^>(>*From )", re.M)
_REPLY_PREFIX = re.compile(
    r"^\s*((re|aw|sv|antw|vs|ref|fw|fwd|tr|wg|رد|پاسخ|ج)\s*(\[\d+\])?\s*[:：]\s*|\[[^\]]{1,40}\]\s*)",
    re.I,
)


# --------------------------------------------------------------------------- detection


def is_maildir(path: str) -> bool:
    return os.path.isdir(os.path.join(path, "cur")) and os.path.isdir(os.path.join(path, "new"))


def sniff(data: bytes) -> bool:
    """Does this look like an mbox file or an RFC 5322 message?"""
    head = data[:65536].lstrip(b"\r\n\t ")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if head.startswith(b"From ") and len(head) > 5 and head[5:6] not in (b" ", b"\n", b"\r"):
        return True
    end = head.find(b"\n\n")
    if end < 0:
        end = head.find(b"\r\n\r\n")
    block = head if end < 0 else head[:end]
    lines = block.split(b"\n")
    if not lines or not _HEADER_LINE.match(lines[0]):
        return False
    names = 0
    known = 0
    for line in lines:
        if line[:1] in (b" ", b"\t"):
            continue
        if not _HEADER_LINE.match(line):
            return False
        names += 1
        low = line[:20].lower()
        if low.startswith(_KNOWN_HEADERS):
            known += 1
    return names >= 2 and known >= 1


# --------------------------------------------------------------------------- decoding


_REFUSED_CODECS = frozenset({"punycode", "idna"})
"""Python knows them, but they are no mail charsets, and their decoders are quadratic
(charset=punycode: 400 KB took 12 s, 10 MB would take hours). Treated as unknown."""


def _codec(charset: str | None) -> str | None:
    """The Python codec of a mail charset, or None (unknown, refused, or not a text
    encoding: ``base64`` or ``zlib`` named as a charset is no way to decode text)."""
    if not charset:
        return None
    cs = charset.strip().strip('"').lower()
    if cs in ("unknown-8bit", "x-unknown", "unknown", "default", "us-ascii", "ascii", "8bit"):
        return None
    try:
        info = codecs.lookup(cs)
    except LookupError:
        return None
    if info.name in _REFUSED_CODECS or not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


def _refused_charsets(msg: email.message.Message) -> set[str]:
    """The refused charsets this message names: of a part, in an encoded word
    (``=?punycode?b?…?=``) or in an RFC 2231 parameter (``filename*=punycode''…``)."""
    found: set[str] = set()
    for part in [msg, *_parts(msg)]:
        cs = part.get_content_charset()
        if cs and _is_refused(cs):
            found.add(cs)
        for _, v in part.raw_items():
            v = str(v)
            if "=?" not in v and "*=" not in v:
                continue
            for m in _NAMED_CHARSET.finditer(v):
                c = m.group(1) or m.group(2)
                if _is_refused(c):
                    found.add(c.lower())
    return found


_NAMED_CHARSET = re.compile(r"=\?([^?*\s]{1,40})[?*]|\*=\s*\"?([^'\s\";]{1,40})'")


def _is_refused(charset: str) -> bool:
    try:
        return codecs.lookup(charset.strip().strip('"').lower()).name in _REFUSED_CODECS
    except LookupError:
        return False


def _decode_bytes(data: bytes, charset: str | None, fallback: str | None = None) -> str:
    codec = _codec(charset)
    if codec is not None:
        return data.decode(codec, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(_codec(fallback) or "cp1252", "replace")


def _decode_words(raw: str, fallback: str | None) -> str:
    """A header value as text: unfolded, RFC 2047 encoded words decoded, and raw 8-bit
    bytes (kept by the parser as surrogate escapes) decoded as UTF-8 or ``fallback``."""
    raw = _FOLD.sub(" ", raw)
    if _SURROGATE_BYTES.search(raw):
        raw = _decode_bytes(raw.encode("ascii", "surrogateescape"), None, fallback)
    if "=?" not in raw:
        return raw.strip()
    return _encoded_words(raw, fallback).strip()


_WORD = re.compile(r"=\?([^?\s]{1,80})\?([bBqQ])\?([^?\s]*)\?=")


def _encoded_words(raw: str, fallback: str | None) -> str:
    """RFC 2047 encoded words decoded in one pass (`email.header.decode_header` pops
    from the front of a list for each word: quadratic, 1 MB of words took minutes).
    Blanks between two encoded words go; consecutive words in one charset are decoded
    together (a character may be split across them); a word that does not decode is
    shown as written."""
    out: list[str] = []
    pending: list[bytes] = []
    pending_cs = ""
    pos = 0
    prev_word = False
    for m in _WORD.finditer(raw):
        between = raw[pos : m.start()]
        cs = m.group(1).split("*", 1)[0]  # RFC 2231 adds *language
        data = _word_bytes(m.group(2), m.group(3))
        joined = prev_word and data is not None and not between.strip()
        if pending and not (joined and cs.lower() == pending_cs.lower()):
            out.append(_decode_bytes(b"".join(pending), pending_cs, fallback))
            pending = []
        if not joined:
            out.append(between)
        if data is None:
            out.append(m.group(0))
        else:
            pending.append(data)
            pending_cs = cs
        prev_word = data is not None
        pos = m.end()
    if pending:
        out.append(_decode_bytes(b"".join(pending), pending_cs, fallback))
    out.append(raw[pos:])
    return "".join(out)


def _word_bytes(kind: str, text: str) -> bytes | None:
    import binascii

    try:
        if kind in "bB":
            return binascii.a2b_base64(text + "=" * (-len(text) % 4))
        return binascii.a2b_qp(text.encode("ascii"), header=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return None


def _raw_headers(msg: email.message.Message) -> dict[str, str]:
    """First value of each header as the parser kept it (8-bit bytes as surrogate escapes;
    `Message.get` would have replaced them)."""
    out: dict[str, str] = {}
    for k, v in msg.raw_items():
        out.setdefault(k.lower(), str(v))
    return out


def _msgids(v: str | None) -> list[str]:
    if not v:
        return []
    found = _MSGID.findall(v)
    if found:
        return found
    return [w for w in v.split() if "@" in w]


def _references(v: str | None) -> list[str]:
    """The msg-ids of In-Reply-To or References. A msg-id has an "@" (RFC 5322 3.6.4):
    ``<yes>`` is git-send-email writing the answer to "Message-ID to be used as
    In-Reply-To?", and taken as an id it hung every patch under one placeholder."""
    return [r for r in _msgids(v) if "@" in r]


def _date(v: str | None) -> datetime | None:
    if not v:
        return None
    try:
        d = email.utils.parsedate_to_datetime(v)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if d is None:
        return None
    return d if d.tzinfo is not None else d.replace(tzinfo=UTC)


def _unflow(body: str, delsp: bool) -> str:
    """RFC 3676 format=flowed: join soft-broken lines (ending in a space).

    One pass; a paragraph's pieces are collected in a list and joined once (adding each
    piece to a string copies the paragraph so far: 400,000 soft breaks took 27 s)."""
    out: list[str] = []
    buf: list[str] = []
    buf_depth = -1  # -1: no paragraph open

    for line in body.split("\n"):
        if line == "-- ":
            if buf_depth >= 0:
                out.append(_quoted(buf_depth, buf))
                buf, buf_depth = [], -1
            out.append(line)
            continue
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):
            content = content[1:]
        flowed = content.endswith(" ")
        if flowed and delsp:
            content = content[:-1]
        if buf_depth >= 0 and depth != buf_depth:
            out.append(_quoted(buf_depth, buf))
            buf = []
        buf.append(content)
        buf_depth = depth
        if not flowed:
            out.append(_quoted(buf_depth, buf))
            buf, buf_depth = [], -1
    if buf_depth >= 0:
        out.append(_quoted(buf_depth, buf))
    return "\n".join(out)


def _quoted(depth: int, pieces: list[str]) -> str:
    return (">" * depth + " " if depth else "") + "".join(pieces)


def _tidy(body: str) -> str:
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    # Trailing blanks go, except in "-- ", the signature separator.
    lines = [ln if ln == "-- " else ln.rstrip() for ln in body.split("\n")]
    out: list[str] = []
    for ln in lines:
        if not ln and (not out or not out[-1]):
            continue  # runs of blank lines: one paragraph break
        out.append(ln)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _parts(msg: email.message.Message) -> list[email.message.Message]:
    """Leaf parts in order, without recursion (MIME can nest deep in hostile mail)."""
    leaves: list[email.message.Message] = []
    stack: list[Any] = [msg]
    while stack:
        m = stack.pop()
        if not isinstance(m, email.message.Message):
            continue
        if m.is_multipart():
            payload = m.get_payload()
            if isinstance(payload, list):
                stack.extend(reversed(payload))
        else:
            leaves.append(m)
    return leaves


def _part_text(part: email.message.Message, fallback: str | None) -> str:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if not isinstance(payload, bytes):
        raw = part.get_payload()
        return raw if isinstance(raw, str) else ""
    return _decode_bytes(payload, part.get_content_charset(), fallback)


def _filename(part: email.message.Message, fallback: str | None) -> str | None:
    """`Message.get_filename`, but an RFC 2231 charset (``filename*=punycode''…``) goes
    through `_codec` like every other charset, so a refused one is never decoded."""
    for name, where in (("filename", "content-disposition"), ("name", "content-type")):
        v = part.get_param(name, None, where)
        if v is None:
            continue
        if isinstance(v, tuple):  # RFC 2231: (charset, language, text)
            charset, _, text = v
            return _decode_bytes(bytes(str(text), "raw-unicode-escape"), charset, fallback).strip()
        return str(v).strip()
    return None


def _param(part: email.message.Message, name: str) -> str:
    v = part.get_param(name)
    return v.lower() if isinstance(v, str) else ""


def _body(msg: email.message.Message, fallback: str | None) -> str:
    plain: list[str] = []
    htmls: list[str] = []
    attachments: list[str] = []
    for part in _parts(msg):
        ctype = part.get_content_type()
        disp = str(part.get("Content-Disposition") or "").split(";", 1)[0].strip().lower()
        try:
            filename = _filename(part, fallback)
        except Exception:  # a malformed parameter: the part is still shown
            filename = None
        if disp == "attachment" or (filename and ctype not in ("text/plain", "text/html")):
            label = _decode_words(filename, fallback) if filename else "unnamed"
            attachments.append(f"[attachment: {label} ({ctype})]")
            continue
        if ctype == "text/plain":
            t = _part_text(part, fallback)
            if _param(part, "format") == "flowed":
                t = _unflow(t.replace("\r\n", "\n"), _param(part, "delsp") == "yes")
            plain.append(t)
        elif ctype == "text/html":
            htmls.append(_part_text(part, fallback))
        elif ctype.startswith("text/"):
            plain.append(_part_text(part, fallback))
        else:
            attachments.append(f"[attachment: {filename or 'unnamed'} ({ctype})]")
    if plain:
        text = "\n\n".join(_tidy(t) for t in plain)
    else:
        text = "\n\n".join(html_to_text(h) for h in htmls)
    text = _tidy(text)
    if attachments:
        text = (text + "\n\n" if text else "") + "\n".join(attachments)
    return text


# --------------------------------------------------------------------------- messages


@dataclass(slots=True)
class _Msg:
    index: int
    mid: str
    refs: list[str]
    subject: str | None
    author: str | None
    posted: datetime | None
    posted_text: str | None
    url: str | None
    body: str
    refused: frozenset[str] = frozenset()  # charsets not decoded (see _REFUSED_CODECS)


def _read(raw: bytes, index: int) -> _Msg:
    """One message; a message the email package cannot take apart keeps its place."""
    try:
        return _read_message(raw, index)
    except Exception:
        return _Msg(
            index=index,
            mid="",
            refs=[],
            subject=None,
            author=None,
            posted=None,
            posted_text=None,
            url=None,
            body="[a message in the mailbox could not be read]",
        )


def _read_message(raw: bytes, index: int) -> _Msg:
    msg = email.message_from_bytes(raw)
    fallback = None
    for part in _parts(msg):
        fallback = part.get_content_charset()
        if fallback:
            break
    raw_h = _raw_headers(msg)

    def header(name: str) -> str | None:
        v = raw_h.get(name)
        return None if v is None else _decode_words(v, fallback)

    mid_list = _msgids(header("message-id"))
    refs = _references(header("references"))
    irt = _references(header("in-reply-to"))
    if irt and (not refs or refs[-1] != irt[0]):
        # In-Reply-To names the parent; References may be missing or cut short.
        refs = [r for r in refs if r != irt[0]] + [irt[0]]
    sender = header("from")
    author = _author(sender) if sender else None
    date_text = header("date")
    archived = _msgids(header("archived-at"))
    return _Msg(
        index=index,
        mid=mid_list[0] if mid_list else "",
        refs=refs,
        subject=header("subject"),
        author=author,
        posted=_date(date_text),
        posted_text=date_text,
        url=archived[0] if archived else None,
        body=_body(msg, fallback),
        refused=frozenset(_refused_charsets(msg)),
    )


_BARE_NAME = re.compile(r'\s*([^<>",]*@[^<>",]*?)\s*<([^<>]+)>\s*')
_AT_SIGNS = ("@", "\uff20", "\ufe6b")  # @, FULLWIDTH and SMALL COMMERCIAL AT


def _author(sender: str) -> str:
    """The name to show for a From header: the display name, as a mail client's index
    shows it; but a display name that looks like an address (``"admin@bank.example"
    <e@x>``) is shown with the real address beside it, as Thunderbird does, so no one can
    pass for an address they do not send from. (mutt shows the display name alone in its
    index, and the full header in the pager; threadtui has only the one line.)"""
    bare = _BARE_NAME.fullmatch(sender)
    if bare:  # "a@b <c@d>" unquoted: the parser takes a@b for the address; c@d is it
        name, addr = bare.group(1), bare.group(2).strip()
    else:
        name, addr = email.utils.parseaddr(sender)
    name = name.strip().strip('"').strip()
    if not name:
        return addr or sender
    if addr and any(a in name for a in _AT_SIGNS) and name.casefold() != addr.casefold():
        return f"{name} <{addr}>"
    return name


def split_mbox(data: bytes) -> list[bytes]:
    """Messages of an mbox: each starts at a "From " line at the start of the file, after a
    blank line, or (for mboxes written without the blank line) one carrying a date."""
    starts: list[tuple[int, int]] = []  # (end of the previous message, start of this one)
    for m in _FROM_LINE.finditer(data):
        i = m.start()
        if i == 0:
            prev_end = 0
        elif data.endswith(b"\n\n", 0, i):
            prev_end = i - 2
        elif data.endswith(b"\n\r\n", 0, i):
            prev_end = i - 3
        elif _FROM_DATE.match(data, i):
            prev_end = i - 1
        else:
            continue
        eol = data.find(b"\n", i)
        starts.append((prev_end, len(data) if eol < 0 else eol + 1))
    if not starts:
        return [data]
    out: list[bytes] = []
    for k, (_, begin) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(data)
        chunk = data[begin:end]
        if b">From " in chunk:
            chunk = _MBOXRD.sub(rb"\1", chunk)
        out.append(chunk)
    return out


# --------------------------------------------------------------------------- threading


@dataclass(eq=False, slots=True)
class _Box:
    mid: str
    msg: _Msg | None = None
    parent: _Box | None = None
    children: list[_Box] = field(default_factory=list)


def _is_ancestor(a: _Box, b: _Box) -> bool:
    """Is ``a`` ``b`` or above it?"""
    if not a.children:
        return a is b  # nothing hangs below ``a`` yet (the usual case): no walk needed
    n = 0
    p: _Box | None = b
    while p is not None and n < 1_000_000:
        if p is a:
            return True
        p = p.parent
        n += 1
    return False


def _norm_subject(subj: str | None) -> tuple[str, bool]:
    """(subject without Re:/Fwd:/[list] prefixes, whether it had a reply prefix)."""
    if not subj:
        return "", False
    s = subj.strip()
    reply = False
    while True:
        m = _REPLY_PREFIX.match(s)
        if not m:
            break
        if not m.group(0).lstrip().startswith("["):
            reply = True
        s = s[m.end() :]
    # Persian written in windows-1256 has the Arabic Yeh and Kaf; compare them as one.
    s = s.replace("\u064a", "\u06cc").replace("\u0643", "\u06a9").replace("\u200c", "")
    return " ".join(s.split()).casefold(), reply


def _sort_key(box: _Box, first: dict[int, float]) -> tuple[float, int]:
    m = box.msg
    return (first.get(id(box), float("inf")), m.index if m else 1 << 30)


def thread_messages(msgs: list[_Msg]) -> list[_Box]:
    """The messages as trees: linked by their references, boxes of messages the file
    lacks pruned, roots joined by subject, each level in date order."""
    table = _link_references(msgs)
    roots = [b for b in table.values() if b.parent is None]
    merged = _join_by_subject(_prune_missing(roots))
    _date_order(merged)
    return merged


def _link_references(msgs: list[_Msg]) -> dict[str, _Box]:
    """A box per Message-ID seen (as a message or a reference), parents from References."""
    table: dict[str, _Box] = {}

    def get(mid: str) -> _Box:
        box = table.get(mid)
        if box is None:
            box = table[mid] = _Box(mid)
        return box

    for m in msgs:
        if not m.mid or (m.mid in table and table[m.mid].msg is not None):
            base = m.mid or "no-message-id"
            m.mid = f"{base}~{m.index + 1}"
        box = get(m.mid)
        box.msg = m
        prev: _Box | None = None
        # The last hundred references place a message as well as all of them do, and a
        # reply 10,000 deep need not cost 10,000 steps.
        for ref in m.refs[-100:]:
            rb = get(ref)
            if prev is not None and rb.parent is None and not _is_ancestor(rb, prev):
                rb.parent = prev
                prev.children.append(rb)
            prev = rb
        if prev is not None and _is_ancestor(box, prev):
            prev = None
        if box.parent is not None and box.parent is not prev:
            box.parent.children.remove(box)
            box.parent = None
        if prev is not None and box.parent is None:
            box.parent = prev
            prev.children.append(box)

    return table


def _prune_missing(roots: list[_Box]) -> list[_Box]:
    """The trees without the boxes of messages the file lacks; their replies move up."""
    # deepest first
    order: list[_Box] = []
    stack = list(roots)
    while stack:
        b = stack.pop()
        order.append(b)
        stack.extend(b.children)
    for b in reversed(order):
        kept: list[_Box] = []
        for c in b.children:
            if c.msg is None:
                for g in c.children:
                    g.parent = b
                kept.extend(c.children)
            else:
                kept.append(c)
        b.children = kept
    top: list[_Box] = []
    for r in roots:
        if r.msg is None:
            if len(r.children) == 1:
                r.children[0].parent = None
                top.append(r.children[0])
            elif r.children:
                top.append(r)
        else:
            top.append(r)

    return top


def _join_by_subject(top: list[_Box]) -> list[_Box]:
    # Join threads by subject: a root "Re: X" goes under the root "X"; two roots "Re: X"
    # share a placeholder for the "X" the file lacks.
    by_subject: dict[str, _Box] = {}
    # Where by_subject[key] stands in merged (list.index was a scan: quadratic in the roots).
    slot: dict[str, int] = {}
    merged: list[_Box] = []
    for r in top:
        first_msg = r.msg or (r.children[0].msg if r.children else None)
        key, reply = _norm_subject(first_msg.subject if first_msg else None)
        if r.msg is None:
            reply = True
        if not key:
            merged.append(r)
            continue
        other = by_subject.get(key)
        if other is None:
            by_subject[key] = r
            slot[key] = len(merged)
            merged.append(r)
            continue
        o_msg = other.msg
        o_reply = True if o_msg is None else _norm_subject(o_msg.subject)[1]
        if reply and not o_reply:
            r.parent = other
            other.children.append(r)
        elif not reply and o_reply and other.msg is not None:
            # the original came later in the file: it becomes the root
            merged[slot[key]] = r
            other.parent = r
            r.children.append(other)
            by_subject[key] = r
        elif reply and o_reply:
            if other.msg is None:
                r.parent = other
                other.children.append(r)
            else:
                holder = _Box(f"{key}~subject")
                merged[slot[key]] = holder
                for x in (other, r):
                    x.parent = holder
                    holder.children.append(x)
                by_subject[key] = holder
        else:
            merged.append(r)

    return merged


def _date_order(merged: list[_Box]) -> None:
    # Date order: each subtree by its earliest message.
    first: dict[int, float] = {}
    order: list[_Box] = []
    stack = list(merged)
    while stack:
        b = stack.pop()
        order.append(b)
        stack.extend(b.children)
    for b in reversed(order):
        t = b.msg.posted.timestamp() if b.msg and b.msg.posted else float("inf")
        for c in b.children:
            t = min(t, first.get(id(c), float("inf")))
        first[id(b)] = t
    for b in order:
        b.children.sort(key=lambda c: _sort_key(c, first))
    merged.sort(key=lambda c: _sort_key(c, first))


# --------------------------------------------------------------------------- loading


def _dedupe(msgs: list[_Msg]) -> tuple[list[_Msg], str | None]:
    """One copy of each Message-ID (a message cross-posted to several lists or folders
    arrives once per copy): the first in reading order is kept (Maildir: cur/ before
    new/, each by file name; mbox: file order), and one warning counts the rest."""
    seen: dict[str, _Msg] = {}
    kept: list[_Msg] = []
    dropped = differ = 0
    for m in msgs:
        if not m.mid:
            kept.append(m)
            continue
        first = seen.get(m.mid)
        if first is None:
            seen[m.mid] = m
            kept.append(m)
            continue
        dropped += 1
        if (first.body, first.subject, first.author) != (m.body, m.subject, m.author):
            differ += 1
    if not dropped:
        return msgs, None
    note = f", {differ} of them not identical to it" if differ else ""
    return kept, (
        f"{plural(dropped, 'copy').replace('copys', 'copies')} of messages already shown"
        " (the same Message-ID, e.g. cross-posted to several lists or folders) left out:"
        f" the first copy in reading order is shown{note}"
    )


def _build(msgs: list[_Msg], what: str, warnings: list[str] | None = None) -> Thread:
    msgs, duplicates = _dedupe(msgs)
    warnings = [*(warnings or ()), *([duplicates] if duplicates else [])]
    roots = thread_messages(msgs)
    first_subject = None
    for r in roots:
        m = r.msg or (r.children[0].msg if r.children else None)
        if m and m.subject:
            first_subject = m.subject
            break
    title = first_subject or "(no subject)"
    if len(roots) > 1:
        title += f" — and {plural(len(roots) - 1, 'other thread')}"
    b = ThreadBuilder(
        title,
        source=f"{what}: {plural(len(msgs), 'message')} in {plural(len(roots), 'thread')},"
        " threaded by Message-ID, In-Reply-To and References",
    )
    stack: list[tuple[_Box, int, str]] = [(r, -1, "") for r in reversed(roots)]
    while stack:
        box, parent, parent_subject = stack.pop()
        m = box.msg
        if m is None:
            handle = b.add("[message not in this file]", id=box.mid, nested_in=parent, deleted=True)
            subject_key = parent_subject
        else:
            subject_key, _ = _norm_subject(m.subject)
            show = m.subject if (parent < 0 or subject_key != parent_subject) else None
            handle = b.add(
                m.body,
                id=m.mid,
                nested_in=parent,
                author=m.author,
                posted=m.posted,
                posted_text=m.posted_text,
                title=show,
                url=m.url,
            )
        for c in reversed(box.children):
            stack.append((c, handle, subject_key))
    b.warnings.extend(warnings or ())
    b.warnings.extend(_refused_warnings(msgs))
    return finish(b)


def _refused_warnings(msgs: list[_Msg]) -> list[str]:
    counts: dict[str, int] = {}
    for m in msgs:
        for cs in m.refused:
            counts[cs] = counts.get(cs, 0) + 1
    return [
        f"{plural(n, 'message')} {'names' if n == 1 else 'name'} the charset {cs[:40]!r}, which is not decoded (no mail"
        " charset, and decoding it takes time quadratic in its length): shown as UTF-8,"
        " else Windows-1252"
        for cs, n in sorted(counts.items())
    ]


def load_bytes(data: bytes, *, name: str = "<data>") -> Thread:
    """An mbox file or a single message."""
    head = data.lstrip(b"\r\n\t ")
    if head.startswith(b"From "):
        raws = split_mbox(head)
        what = "mbox file"
    else:
        raws = [data]
        what = "e-mail message"
    msgs = [_read(raw, k) for k, raw in enumerate(raws) if raw.strip()]
    if not msgs:
        raise ThreadLoadError(f"{name}: the mailbox holds no messages")
    return _build(msgs, what)


def load_maildir(path: str, *, max_bytes: int | None = DEFAULT_MAX_BYTES) -> Thread:
    """A Maildir folder: the messages in ``cur`` and ``new``.

    A Maildir may come from a stranger (an archive, a copied folder), so inside it only
    regular files are read (`threadtui.model.files`): a ``cur`` or ``new`` that is a link,
    and entries that are links, FIFOs, devices or sockets, are skipped with a warning,
    never followed or opened for long. The root named on the command line may be a link.
    Every read stops at what is left of the cap."""
    try:
        root = files.open_dir(path)
    except OSError as e:
        raise ThreadLoadError(f"{path}: cannot read: {e.strerror or e}") from None
    skipped: dict[str, list[str]] = {}
    msgs: list[_Msg] = []
    total = 0
    try:
        for sub in ("cur", "new"):
            try:
                d = files.open_dir(sub, follow=False, dir_fd=root)
            except files.NotRegular as e:
                skipped.setdefault(e.kind, []).append(sub + "/")
                continue
            except OSError as e:
                raise ThreadLoadError(f"{path}: cannot read {sub}/: {e.strerror or e}") from None
            try:
                total = _read_entries(path, sub, d, msgs, skipped, total, max_bytes)
            finally:
                os.close(d)
        unread = _unread(root)
    finally:
        os.close(root)
    warnings = [_skipped_warning(path, kind, names) for kind, names in skipped.items()]
    warnings += unread
    if not msgs:
        why = f" ({'; '.join(warnings)})" if warnings else ""
        raise ThreadLoadError(f"{path}: the Maildir holds no messages{why}")
    return _build(msgs, "Maildir", warnings)


def _read_entries(
    path: str,
    sub: str,
    d: int,
    msgs: list[_Msg],
    skipped: dict[str, list[str]],
    total: int,
    max_bytes: int | None,
) -> int:
    """Read the messages of one Maildir subfolder (opened as ``d``) into ``msgs``; the
    bytes read so far, ``total``, with theirs added is returned."""
    try:
        names = sorted(n for n in os.listdir(d) if not n.startswith("."))
    except OSError as e:
        raise ThreadLoadError(f"{path}: cannot read {sub}/: {e.strerror or e}") from None
    for n in names:
        left = None if max_bytes is None else max_bytes - total
        try:
            raw = files.read_file(n, left, follow=False, dir_fd=d)
        except files.NotRegular as e:
            skipped.setdefault(e.kind, []).append(f"{sub}/{n}")
            continue
        except files.TooLarge:
            assert max_bytes is not None
            raise ThreadLoadError(
                f"{path}: the Maildir holds more than {_mib(max_bytes)}"
                " (raise the limit with --max-size)"
            ) from None
        except OSError:
            continue  # delivered or expunged while we read: skip it
        total += len(raw)
        msgs.append(_read(raw, len(msgs)))
    return total


_MAILDIR_PARTS = frozenset(("cur", "new", "tmp"))


def _unread(root: int) -> list[str]:
    """Warnings naming what beside cur/ and new/ holds mail and is not read: sub-folders
    (Maildir++ ``.Sent``, the folders of a notmuch-style tree), each a mailbox to open on
    its own, and loose messages. Hidden entries that are not Maildirs (``.notmuch``) and
    files that do not look like mail (a server's ``dovecot-uidlist``) are not mail."""
    folders, loose = _beside(root)
    out = []
    if folders:
        out.append(
            f"{plural(len(folders), 'sub-folder')} not read ({_names(folders)}):"
            " only this Maildir's cur/ and new/ are; open each folder on its own"
        )
    if loose:
        out.append(
            f"{plural(len(loose), 'loose message')} beside cur/ and new/ not read"
            f" ({_names(loose)}): a Maildir's messages are in cur/ and new/"
        )
    return out


def _beside(root: int) -> tuple[list[str], list[str]]:
    """(the sub-folders, the loose messages) of a Maildir's root."""
    try:
        names = sorted(os.listdir(root))
    except OSError:
        return [], []
    folders: list[str] = []
    loose: list[str] = []
    for n in names:
        if n in _MAILDIR_PARTS:
            continue
        kind = _entry_kind(root, n)
        if kind == "folder" and (not n.startswith(".") or _holds_maildir(root, n)):
            folders.append(n + "/")
        elif kind == "mail" and not n.startswith("."):
            loose.append(n)
    return folders, loose


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _names(names: list[str]) -> str:
    """The first three names, each cut at 40 characters, control characters (a file may be
    named "\\r") written as escapes: a warning is one line."""

    def one(x: str) -> str:
        x = x if len(x) <= 40 else x[:39] + "…"
        return _CONTROL.sub(lambda m: repr(m[0])[1:-1], x)

    shown = ", ".join(one(x) for x in names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _entry_kind(root: int, name: str) -> str | None:
    """ "folder", "mail" (a regular file whose head looks like a message) or None; links
    are never followed."""
    try:
        st = os.stat(name, dir_fd=root, follow_symlinks=False)
    except OSError:
        return None
    if stat.S_ISDIR(st.st_mode):
        return "folder"
    if not stat.S_ISREG(st.st_mode):
        return None
    try:
        fd, _ = files.open_regular(name, follow=False, dir_fd=root)
    except OSError:
        return None
    try:
        head = os.read(fd, 4096)
    except OSError:
        return None
    finally:
        os.close(fd)
    return "mail" if sniff(head) else None


def _holds_maildir(root: int, name: str) -> bool:
    try:
        d = files.open_dir(name, follow=False, dir_fd=root)
    except OSError:
        return False
    try:
        return {"cur", "new"} <= set(os.listdir(d))
    except OSError:
        return False
    finally:
        os.close(d)


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MiB" if n >= 1024 * 1024 else f"{n} bytes"


def _skipped_warning(path: str, kind: str, names: list[str]) -> str:
    n = len(names)
    what = kind if n == 1 else files.plural_kind(kind)
    entry = "entry" if n == 1 else "entries"
    verb = "is" if n == 1 else "are"
    return (
        f"skipped {n} {entry} that {verb} {what} ({_names(names)}):"
        f" inside a Maildir only {files.what_is_read(kind)} are read"
    )


FORMAT = Format(
    name="mail",
    label="mail (mbox, Maildir, .eml)",
    kind="bytes",
    aliases=("mbox", "maildir", "eml", "email", "e-mail"),
    sniff=sniff,
    load_bytes=load_bytes,
    is_dir=is_maildir,
    load_dir=load_maildir,
)
