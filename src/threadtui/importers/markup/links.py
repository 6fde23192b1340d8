"""Links as text: ``text (url)``, or the URL alone when the text already says it."""

from __future__ import annotations

from urllib.parse import unquote, urljoin

SCHEMES = ("http://", "https://", "ftp://", "mailto:", "gopher://", "gemini://")


def _norm_url(u: str) -> str:
    for scheme in ("https://", "http://"):
        if u.startswith(scheme):
            u = u[len(scheme) :]
            break
    if u.startswith("www."):
        u = u[4:]
    return u.rstrip("/")


def absolute(href: str, base: str | None) -> str | None:
    """``href`` as an absolute URL a reader may follow, or None (fragments, scripts, data,
    relative links without a base)."""
    href = href.strip()
    if not href or href.startswith("#") or href.lower().startswith(("javascript:", "data:")):
        return None
    if href.lower().startswith(SCHEMES):
        return href
    if href.startswith("//"):
        return "https:" + href
    if base:
        joined = urljoin(base, href)
        if joined.lower().startswith(SCHEMES):
            return joined
    return None


def _says_url(text: str, url: str) -> bool:
    """Does the link text already show the URL (exactly, without its scheme or "www.", or
    as the shortened form sites write: "https://example.com/a/very/lo…")?"""
    if text == url:
        return True
    nt, nu = _norm_url(text), _norm_url(url)
    if nt == nu:
        return True
    stem = text.rstrip(".…")
    return stem != text and len(stem) >= 8 and nu.startswith(_norm_url(stem))


def _names_profile(text: str, url: str) -> bool:
    """Reddit's ``/u/name`` and ``/r/name`` links (and ``u/name``): the text names the
    page the link goes to, so repeating the URL adds nothing."""
    t = text.lstrip("/")
    if t[:2] not in ("u/", "r/") or len(t) < 3:
        return False
    return _norm_url(url).lower().endswith(("/" + t).lower())


def format_link(text: str, href: str | None, base: str | None = None) -> str:
    """``text (url)``, or the URL alone when the text already says it."""
    url = absolute(href, base) if href else None
    if url is None:
        return text
    if not text:
        return url
    if url.lower().startswith("mailto:"):
        addr = unquote(url[7:].split("?", 1)[0])
        return text if text in (addr, url) else f"{text} ({addr})"
    if _says_url(text, url):
        return url
    if _names_profile(text, url):
        return text
    return f"{text} ({url})"
