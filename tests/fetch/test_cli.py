"""The command line with addresses: `threadtui fetch`, `validate` of what it wrote, and
every failure as one line, a non-zero exit, no traceback, the offline copy untouched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fetch import sites
from tests.fetch.server import ReplayServer, Reply


def run(
    args: list[str], env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-m", "threadtui", *args],
        capture_output=True,
        text=True,
        env=full,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def env_for(site: object, tmp: Path, **extra: str) -> dict[str, str]:
    return {
        **site.env(),  # type: ignore[attr-defined]
        "THREADTUI_CACHE_DIR": str(tmp / "cache"),
        "THREADTUI_FETCH_TIMEOUT": "3",
        **extra,
    }


def copies(tmp: Path) -> dict[str, bytes]:
    root = tmp / "cache"
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("name", sorted(sites.SITES))
def test_fetch_writes_a_file_validate_accepts(
    server: ReplayServer, tmp_path: Path, name: str
) -> None:
    site = sites.SITES[name](server)
    out = tmp_path / "saved.json"
    env = env_for(site, tmp_path)
    r = run(["fetch", site.url, "-o", str(out)], env)
    assert r.returncode == 0, r.stderr
    v = run(["validate", str(out)], env)
    assert v.returncode == 0, v.stdout + v.stderr
    doc = json.loads(out.read_text("utf-8"))
    ids = {c["id"] for c in doc["comments"] if not c["body"].startswith("[the status")}
    assert ids == site.ids
    assert doc["fetched"]["address"]


def _fail(server: ReplayServer, case: str, site: sites.Lemmy) -> dict[str, str]:
    path = "/api/v3/comment/list"
    extra: dict[str, str] = {}
    if case == "404":
        server.route(path, Reply({"error": "couldnt_find_post"}, status=404))
    elif case == "403":
        server.route(path, Reply({"error": "no"}, status=403))
    elif case == "429":
        server.route(path, Reply({}, status=429, headers={"Retry-After": "3600"}))
    elif case == "500":
        server.route(path, Reply({}, status=500))
    elif case == "timeout":
        server.route(path, Reply({"comments": []}, delay=4))
        extra["THREADTUI_FETCH_TIMEOUT"] = "0.5"
    elif case == "truncated":
        server.route(path, Reply({"comments": site.comments}, truncate=True))
    elif case == "scheme":
        server.route(path, Reply(b"", status=302, headers={"Location": "file:///etc/passwd"}))
    elif case == "not-json":
        server.route(path, Reply(b"<html>busy</html>", headers={"Content-Type": "text/html"}))
    elif case == "oversized":
        server.route(path, Reply(stream=3 * 1024 * 1024))
    return extra


CASES = ["404", "403", "429", "500", "timeout", "truncated", "scheme", "not-json", "oversized"]
WORDS = {
    "404": "404",
    "403": "403",
    "429": "rate limiting",
    "500": "500",
    "timeout": "timed out",
    "truncated": "closed before",
    "scheme": "only http and https",
    "not-json": "not JSON",
    "oversized": "larger than 1 MiB",
}


@pytest.mark.parametrize("case", CASES)
def test_each_failure_is_one_line_and_the_copy_stays(
    server: ReplayServer, tmp_path: Path, case: str
) -> None:
    site = sites.Lemmy(server, count=60)
    env = env_for(site, tmp_path)
    assert run(["fetch", site.url], env).returncode == 0
    before = copies(tmp_path)
    assert before
    env.update(_fail(server, case, site))
    r = run(["fetch", site.url, "--max-size", "1M", "-o", str(tmp_path / "out.json")], env)
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert WORDS[case] in lines[0], lines[0]
    assert copies(tmp_path) == before, "the offline copy is left as it was"
    assert not (tmp_path / "out.json").exists()


def test_500_then_success_succeeds(server: ReplayServer, tmp_path: Path) -> None:
    site = sites.Lemmy(server, count=60)
    server.sequence("/api/v3/post", Reply({}, status=500), Reply(site.post))
    r = run(["fetch", site.url], env_for(site, tmp_path))
    assert r.returncode == 0, r.stderr


def test_an_unknown_address_names_the_sites(tmp_path: Path) -> None:
    r = run(["open", "https://example.com/some/page"], {"THREADTUI_CACHE_DIR": str(tmp_path)})
    assert r.returncode != 0
    (line,) = r.stderr.strip().splitlines()
    for name in ("Hacker News", "Reddit", "Lobsters", "Discourse", "Mastodon", "Lemmy"):
        assert name in line


def test_render_of_an_address_and_the_offline_copy(server: ReplayServer, tmp_path: Path) -> None:
    site = sites.Lobsters(server)
    env = env_for(site, tmp_path)
    r = run(["render", site.url, "--width", "100"], env)
    assert r.returncode == 0, r.stderr
    assert site.story["title"][:20] in r.stdout
    server.stop()
    again = run(["render", site.url, "--width", "100"], env)
    assert again.returncode == 0, again.stderr
    assert "Offline copy from" in again.stderr
    assert again.stdout == r.stdout
