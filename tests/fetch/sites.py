"""The six sites as replayed APIs: each installs its routes on a `ReplayServer` and knows
which comments it holds (``ids``), so a test can check that a fetch got exactly those.

The answers are in each API's real shape: the importers' fixtures (saved from the sites)
as they are, and, for the multi-page cases, comments made from a fixture's comment as a
template: a Reddit thread whose first page hides most comments behind "more" and
"continue this thread" stubs (answered by /api/morechildren and the parent comment's page
as Reddit answers them), a Discourse topic of 120 posts (the first 20 in /t/ID.json, the
rest from /t/ID/posts.json), a Lemmy post with 3 comment pages.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from tests.fetch.server import Query, ReplayServer, Reply

FIXTURES = Path(__file__).resolve().parents[1] / "importers" / "fixtures"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text("utf-8"))


# ----------------------------------------------------------------------------- HN


class HackerNews:
    """The Algolia items API from the fixture; Firebase items from the other fixture."""

    def __init__(self, server: ReplayServer, *, algolia: bool = True) -> None:
        self.server = server
        self.tree = fixture("hn_algolia.json")
        self.items = fixture("hn_firebase.json")
        story = next(i for i in self.items if i["type"] == "story")
        self.story = str(self.tree["id"]) if algolia else str(story["id"])
        if algolia:
            server.route(f"/algolia/items/{self.story}", self.tree)
        for it in self.items:
            server.route(f"/firebase/item/{it['id']}.json", it)
        # Firebase answers `null` (status 200) for an item that does not exist.
        held = {it["id"] for it in self.items}
        for it in self.items:
            for kid in it.get("kids", []):
                if kid not in held:
                    server.route(f"/firebase/item/{kid}.json", Reply(b"null"))

    @property
    def url(self) -> str:
        return f"https://news.ycombinator.com/item?id={self.story}"

    def comment_url(self) -> tuple[str, str]:
        """The address of a reply deep in the story (its item page), and its id; Algolia
        answers its item with that comment's subtree and ``story_id``."""
        c = self.tree["children"][0]
        while c.get("children"):
            c = c["children"][-1]
        self.server.route(f"/algolia/items/{c['id']}", c)
        return f"https://news.ycombinator.com/item?id={c['id']}", str(c["id"])

    def env(self) -> dict[str, str]:
        return {
            "THREADTUI_HN_API": self.server.base + "/algolia",
            "THREADTUI_HN_FIREBASE_API": self.server.base + "/firebase",
        }

    @property
    def ids(self) -> set[str]:
        if f"/algolia/items/{self.story}" in self.server.routes:
            out, stack = set(), list(self.tree["children"])
            while stack:
                c = stack.pop()
                if c.get("type") == "pollopt":
                    continue
                out.add(str(c["id"]))
                stack.extend(c.get("children") or [])
            return out
        return {str(i["id"]) for i in self.items if str(i["id"]) != self.story}


# ----------------------------------------------------------------------------- Reddit


class Reddit:
    """A Reddit thread of ``top`` top-level comments, each with a reply chain and
    siblings, served as Reddit serves it: the first page shows ``shown`` top-level
    comments to ``depth`` levels, and hides the rest behind stubs."""

    def __init__(
        self,
        server: ReplayServer,
        *,
        top: int = 30,
        fanout: int = 3,
        chain: int = 9,
        shown: int = 8,
        depth: int = 4,
        siblings: int = 2,
    ) -> None:
        self.server = server
        page = fixture("reddit.json")
        self.post = page[0]["data"]["children"][0]
        self.link = self.post["data"]["id"]
        self.template = page[1]["data"]["children"][0]["data"]
        self.shown, self.depth, self.siblings = shown, depth, siblings
        self.children: dict[str, list[str]] = {"": []}
        self.data: dict[str, dict[str, Any]] = {}
        n = 0
        for t in range(top):
            n += 1
            root = self._add(f"c{n}", "", f"top-level comment {t}")
            for f in range(fanout if t % 2 == 0 else 1):
                parent = root
                for d in range(chain if f == 0 else 2):
                    n += 1
                    parent = self._add(f"c{n}", parent, f"reply {f}.{d} under {t}")
        self.install()

    def _add(self, cid: str, parent: str, body: str) -> str:
        d = copy.deepcopy(self.template)
        d.update(
            id=cid,
            name=f"t1_{cid}",
            parent_id=f"t1_{parent}" if parent else f"t3_{self.link}",
            link_id=f"t3_{self.link}",
            body=body,
            body_html=f'<div class="md"><p>{body}</p></div>',
            replies="",
            permalink=f"/r/farsi/comments/{self.link}/x/{cid}/",
        )
        self.data[cid] = d
        self.children.setdefault(cid, [])
        self.children[parent].append(cid)
        return cid

    def add_comment(self, parent: str, body: str) -> str:
        cid = f"n{len(self.data) + 1}"
        self._add(cid, parent, body)
        return cid

    @property
    def url(self) -> str:
        return f"https://www.reddit.com/r/farsi/comments/{self.link}/which_terminal/"

    def share(self, code: str = "AbC12xYz", comment: str = "") -> str:
        """A share link (``/r/farsi/s/CODE``), answered as Reddit answers it: a 301 to the
        post's address, tracking parameters and all."""
        tail = f"{comment}/" if comment else ""
        where = (
            f"https://www.reddit.com/r/farsi/comments/{self.link}/which_terminal/{tail}"
            f"?share_id=Zq9&utm_content=1&utm_medium=android_app&utm_source=share"
        )
        self.server.route(
            f"/reddit/r/farsi/s/{code}", Reply(b"", status=301, headers={"Location": where})
        )
        return f"https://www.reddit.com/r/farsi/s/{code}"

    def env(self) -> dict[str, str]:
        return {"THREADTUI_REDDIT_API": self.server.base + "/reddit"}

    @property
    def ids(self) -> set[str]:
        return set(self.data)

    def _descendants(self, cid: str) -> int:
        n, stack = 0, list(self.children[cid])
        while stack:
            c = stack.pop()
            n += 1
            stack.extend(self.children[c])
        return n

    def _more(self, parent: str, ids: list[str]) -> dict[str, Any]:
        count = sum(1 + self._descendants(i) for i in ids)
        pid = f"t1_{parent}" if parent else f"t3_{self.link}"
        return {
            "kind": "more",
            "data": {"count": count, "name": f"t1_{ids[0]}", "id": ids[0],
                     "parent_id": pid, "depth": 0, "children": ids},
        }  # fmt: skip

    def _continue(self, parent: str) -> dict[str, Any]:
        return {
            "kind": "more",
            "data": {"count": 0, "name": "t1__", "id": "_", "parent_id": f"t1_{parent}",
                     "depth": self.depth, "children": []},
        }  # fmt: skip

    def _tree(self, cid: str, depth: int) -> dict[str, Any]:
        """Comment ``cid`` with its replies nested ``depth`` more levels, then stubs."""
        d = dict(self.data[cid])
        kids = self.children[cid]
        if kids:
            if depth <= 0:
                d["replies"] = _listing([self._continue(cid)])
            else:
                shown = kids[: self.siblings]
                items = [self._tree(k, depth - 1) for k in shown]
                if kids[self.siblings :]:
                    items.append(self._more(cid, kids[self.siblings :]))
                d["replies"] = _listing(items)
        return {"kind": "t1", "data": d}

    def install(self) -> None:
        base = f"/reddit/comments/{self.link}"
        self.server.route(base + ".json", self._page)
        self.server.route("/reddit/api/morechildren.json", self._morechildren)
        for cid in self.data:
            self.server.route(f"{base}/_/{cid}.json", lambda q, c=cid: self._subpage(c))

    def _page(self, q: Query) -> Reply:
        assert q.get("raw_json") == ["1"], "Reddit is asked with raw_json=1"
        top = self.children[""]
        items = [self._tree(c, self.depth) for c in top[: self.shown]]
        if top[self.shown :]:
            items.append(self._more("", top[self.shown :]))
        return Reply([_listing([self.post]), _listing(items)])

    def _subpage(self, cid: str) -> Reply:
        return Reply([_listing([self.post]), _listing([self._tree(cid, self.depth)])])

    def _morechildren(self, q: Query) -> Reply:
        """As Reddit answers it: the asked comments and, below each, its replies two
        levels down, flat, each naming its parent_id; stubs for what is deeper."""
        assert q.get("link_id") == [f"t3_{self.link}"]
        assert q.get("raw_json") == ["1"]
        asked = q["children"][0].split(",")
        assert len(asked) <= 100, "at most 100 ids per morechildren request"
        things: list[Any] = []
        for cid in asked:
            if cid in self.data:
                self._flat(cid, 2, things)
        return Reply({"json": {"errors": [], "data": {"things": things}}})

    def _flat(self, cid: str, depth: int, out: list[Any]) -> None:
        out.append({"kind": "t1", "data": dict(self.data[cid])})
        kids = self.children[cid]
        if not kids:
            return
        if depth <= 0:
            out.append(self._more(cid, kids))
            return
        for k in kids:
            self._flat(k, depth - 1, out)


def _listing(children: list[Any]) -> dict[str, Any]:
    return {"kind": "Listing", "data": {"after": None, "dist": None, "children": children}}


# ----------------------------------------------------------------------------- Lobsters


class Lobsters:
    def __init__(self, server: ReplayServer) -> None:
        self.server = server
        self.story = fixture("lobsters.json")
        self.sid = self.story["short_id"]
        server.route(f"/lobsters/s/{self.sid}.json", self.story)

    @property
    def url(self) -> str:
        return f"https://lobste.rs/s/{self.sid}/some_title"

    def env(self) -> dict[str, str]:
        return {"THREADTUI_LOBSTERS_API": self.server.base + "/lobsters"}

    @property
    def ids(self) -> set[str]:
        return {c["short_id"] for c in self.story["comments"]}


# ----------------------------------------------------------------------------- Discourse


class Discourse:
    """A topic of ``posts`` posts: replies to earlier posts now and then."""

    def __init__(self, server: ReplayServer, *, posts: int = 120, prefix: str = "") -> None:
        self.server = server
        self.prefix = prefix
        self.topic = fixture("discourse.json")
        self.tid = self.topic["id"]
        template = self.topic["post_stream"]["posts"][1]
        first = self.topic["post_stream"]["posts"][0]
        self.posts: list[dict[str, Any]] = [first]
        for n in range(2, posts + 1):
            p = dict(template)
            p.update(
                id=90000 + n,
                post_number=n,
                cooked=f"<p>post number {n}</p>",
                reply_to_post_number=(n // 2) if n % 3 == 0 else None,
            )
            self.posts.append(p)
        root = f"{prefix}/t/{self.tid}"
        server.route(root + ".json", self._topic)
        server.route(root + "/posts.json", self._chunk)

    def add_post(self) -> None:
        p = dict(self.posts[-1])
        n = len(self.posts) + 1
        p.update(id=90000 + n, post_number=n, cooked=f"<p>new post {n}</p>")
        self.posts.append(p)

    @property
    def url(self) -> str:
        return f"{self.server.base}{self.prefix}/t/{self.topic['slug']}/{self.tid}"

    def env(self) -> dict[str, str]:
        return {}

    @property
    def ids(self) -> set[str]:
        return {str(p["post_number"]) for p in self.posts[1:]}

    def _topic(self, q: Query) -> Reply:
        doc = dict(self.topic, posts_count=len(self.posts))
        doc["post_stream"] = {
            "posts": self.posts[:20],
            "stream": [p["id"] for p in self.posts],
        }
        return Reply(doc)

    def _chunk(self, q: Query) -> Reply:
        want = {int(i) for i in q.get("post_ids[]", [])}
        assert want and len(want) <= 20, "posts are asked for in chunks of 20"
        return Reply({"post_stream": {"posts": [p for p in self.posts if p["id"] in want]}})


# ----------------------------------------------------------------------------- Mastodon


class Mastodon:
    def __init__(self, server: ReplayServer) -> None:
        self.server = server
        saved = fixture("mastodon.json")
        self.status = saved["status"]
        self.context = saved["context"]
        self.sid = self.status["id"]
        server.route(f"/api/v1/statuses/{self.sid}", self.status)
        server.route(f"/api/v1/statuses/{self.sid}/context", lambda q: Reply(self.context))

    def add_reply(self, n: int) -> None:
        st = copy.deepcopy(self.context["descendants"][-1])
        st.update(id=f"9{n:017d}", in_reply_to_id=self.sid, content=f"<p>new reply {n}</p>")
        st["url"] = f"{self.server.base}/@x/{st['id']}"
        self.context["descendants"].append(st)

    @property
    def url(self) -> str:
        return f"{self.server.base}/@{self.status['account']['username']}/{self.sid}"

    def env(self) -> dict[str, str]:
        return {}

    @property
    def ids(self) -> set[str]:
        first = self.context["ancestors"][0]["id"] if self.context["ancestors"] else self.sid
        every = [*self.context["ancestors"], self.status, *self.context["descendants"]]
        return {str(s["id"]) for s in every} - {str(first)}


# ----------------------------------------------------------------------------- Lemmy


class Lemmy:
    """A post with ``count`` comments: three pages of 50, 50 and 20."""

    def __init__(self, server: ReplayServer, *, count: int = 120) -> None:
        self.server = server
        saved = fixture("lemmy.json")
        self.post = {"post_view": saved["post_view"]}
        self.pid = saved["post_view"]["post"]["id"]
        template = saved["comments"][0]
        self.comments: list[dict[str, Any]] = []
        for n in range(count):
            self._add(template, n)
        server.route("/api/v3/post", self._post)
        server.route("/api/v3/comment/list", self._page)
        server.route("/api/v3/comment", self._comment)

    def _add(self, template: dict[str, Any], n: int) -> None:
        cv = copy.deepcopy(template)
        cid = 5000 + n
        parent = self.comments[n // 3]["comment"] if n >= 3 and n % 2 else None
        path = f"{parent['path']}.{cid}" if parent else f"0.{cid}"
        cv["comment"].update(id=cid, path=path, content=f"comment {n}",
                             ap_id=f"https://lemmy.example/comment/{cid}")  # fmt: skip
        cv["counts"].update(comment_id=cid, child_count=0)
        self.comments.append(cv)

    def add_comment(self) -> None:
        self._add(self.comments[0], len(self.comments))

    @property
    def url(self) -> str:
        return f"{self.server.base}/post/{self.pid}"

    def env(self) -> dict[str, str]:
        return {}

    @property
    def ids(self) -> set[str]:
        return {str(c["comment"]["id"]) for c in self.comments}

    def comment_url(self, n: int) -> str:
        """The address of the ``n``-th comment (``/comment/ID``, as Lemmy shows it)."""
        return f"{self.server.base}/comment/{self.comments[n]['comment']['id']}"

    def _comment(self, q: Query) -> Reply:
        """``/api/v3/comment?id=ID``: the comment's view, naming its post."""
        want = q["id"][0]
        for cv in self.comments:
            if str(cv["comment"]["id"]) == want:
                return Reply({"comment_view": cv, "recipient_ids": [], "form_id": None})
        return Reply({"error": "couldnt_find_comment"}, status=404)

    def _post(self, q: Query) -> Reply:
        assert q["id"] == [str(self.pid)]
        pv = copy.deepcopy(self.post)
        pv["post_view"]["counts"]["comments"] = len(self.comments)
        return Reply(pv)

    def _page(self, q: Query) -> Reply:
        assert "max_depth" not in q, "max_depth makes it a tree fetch that cannot be paged"
        limit = int(q["limit"][0])
        assert limit <= 50
        page = int(q.get("page", ["1"])[0])
        chunk = self.comments[(page - 1) * limit : page * limit]
        return Reply({"comments": chunk})


SITES = {
    "hn": HackerNews,
    "reddit": Reddit,
    "lobsters": Lobsters,
    "discourse": Discourse,
    "mastodon": Mastodon,
    "lemmy": Lemmy,
}
