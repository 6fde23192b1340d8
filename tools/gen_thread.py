#!/usr/bin/env python3
"""Generate large synthetic threads in the ``threadtui/1`` format.

Examples::

    python tools/gen_thread.py 100000 -o bench/data/100k.json --seed 1
    python tools/gen_thread.py 5000 -o generated/flat.json --flat
    python tools/gen_thread.py 100000 -o bench/data/chain.json.gz --chain 100000 --gzip

The output has exactly N comments with mixed English / Persian / Arabic bodies (mostly short
1-3 sentence comments, some multi-paragraph ones up to about 3000 characters, some with
URLs, numbers and parentheses), authors drawn with a skewed (Zipf-like) activity, ISO 8601
dates, scores and occasional titles, deleted placeholders and ``more`` counts.

Depth counts comments on the path from the top: a top-level comment has depth 1, so with
``--max-depth D`` no comment has more than D - 1 ancestors.  ``--chain D`` makes the first
top-level comment start a single reply chain D comments deep (the depth cap does not apply
to it); the other N - D comments form an ordinary tree.

The output for a given set of arguments is deterministic (``random.Random(seed)`` only).
JSON is written iteratively, one comment per line, so any depth works without recursion;
``--flat`` writes every comment at the top level with a ``parent`` id instead of nesting.
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
import time
from datetime import UTC, datetime
from json.encoder import encode_basestring as _enc  # C-accelerated, keeps non-ASCII as is
from pathlib import Path
from random import Random
from typing import TextIO

ZWNJ = "\u200c"
_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

LANGS = ("en", "fa", "ar")

# ------------------------------------------------------------------------------------------
# Vocabulary.  "~" in Persian text stands for a zero-width non-joiner (half space).
# ------------------------------------------------------------------------------------------

EN_OPEN = [
    "I think",
    "Honestly,",
    "In my experience,",
    "To be fair,",
    "As far as I know,",
    "I'm not sure, but",
    "Correct me if I'm wrong, but",
    "Funny enough,",
    "For what it's worth,",
    "Having lived there for years, I'd say",
    "My cousin works in this field and says",
    "Unpopular opinion:",
    "The way I see it,",
    "Let's be honest:",
    "",
]
EN_CLAUSE = [
    "the article misses the bigger picture",
    "this has been discussed many times before",
    "the numbers simply don't add up",
    "prices have roughly doubled since last year",
    "nobody in the comments actually read the whole piece",
    "the author makes a fair point",
    "the government will never admit it",
    "young people see this very differently",
    "the translation loses half of the meaning",
    "the second paragraph contradicts the first",
    "things were not much better ten years ago",
    "the real question is who pays for it",
    "most people just want a normal life",
    "the interview was cut in a misleading way",
    "this is exactly what happened in my city",
    "the headline oversells the story",
    "I would wait for more data before judging",
    "the comparison with Europe is unfair",
    "the diaspora has a very different view on this",
    "sanctions hurt ordinary people first",
]
EN_TAIL = [
    "",
    "",
    "",
    "",
    " (see the second paragraph)",
    " for at least {n} years",
    ", according to {url}",
    " — and that was in {y}",
    " (about {n}% of them, if I remember)",
    ", which nobody mentions",
    " [citation needed]",
    " (source: {url})",
]
EN_QUESTION = [
    "Does anyone have a source for that?",
    "Why is nobody talking about this?",
    "What did you expect?",
    "Has anything really changed since {y}?",
    "Can someone explain the {n} figure?",
    "Is there an English translation of the speech?",
    "Who actually benefits from this?",
    "Am I the only one who noticed?",
]

FA_OPEN = [
    "به نظر من",
    "راستش را بخواهید،",
    "تا جایی که من می~دانم",
    "شاید اشتباه کنم ولی",
    "در تجربهٔ من",
    "با احترام به نویسنده،",
    "خودم سال~ها آنجا زندگی کرده~ام و",
    "صادقانه بگویم،",
    "یکی از دوستانم که در همین حوزه کار می~کند می~گوید",
    "",
]
FA_CLAUSE = [
    "این مقاله نکتهٔ اصلی را نادیده گرفته است",
    "این بحث بارها تکرار شده است",
    "قیمت~ها از پارسال تا حالا تقریباً دو برابر شده~اند",
    "کسی به این سؤال جواب روشنی نداده است",
    "نسل جوان این موضوع را کاملاً متفاوت می~بیند",
    "ترجمهٔ این متن نیمی از معنا را از دست داده",
    "مردم فقط یک زندگی عادی می~خواهند",
    "تیتر خیلی بزرگ~تر از خود خبر است",
    "آمارها با هم جور درنمی~آیند",
    "این دقیقاً همان چیزی است که در شهر ما اتفاق افتاد",
    "کتاب~ها و مقاله~های زیادی در این باره نوشته شده",
    "نمی~دانم چرا کسی به این موضوع اشاره نمی~کند",
    "وضعیت ده سال پیش هم خیلی بهتر از این نبود",
    "باید صبر کرد و دید نتیجه چه می~شود",
]
FA_TAIL = [
    "",
    "",
    "",
    "",
    " (پاراگراف دوم را ببینید)",
    " و این حداقل {n} سال است که ادامه دارد",
    "؛ منبع: {url}",
    " (حدود {n} درصد، اگر اشتباه نکنم)",
    " — آن هم در سال {yfa}",
    " [نقل از خبرگزاری~ها]",
]
FA_QUESTION = [
    "کسی منبعی برای این حرف دارد؟",
    "چرا هیچ~کس درباره~اش حرف نمی~زند؟",
    "واقعاً از سال {yfa} تا حالا چیزی عوض شده؟",
    "کسی می~تواند عدد {n} را توضیح بدهد؟",
    "آخرش چه کسی سود می~برد؟",
    "فقط من متوجه این موضوع شدم؟",
    "نظر شما چیست؟",
]

AR_OPEN = [
    "في رأيي",
    "بصراحة،",
    "على حدّ علمي",
    "قد أكون مخطئاً لكن",
    "من تجربتي الشخصية",
    "مع احترامي للكاتب،",
    "عشت هناك سنوات طويلة، و",
    "صديقي يعمل في هذا المجال ويقول إن",
    "",
]
AR_CLAUSE = [
    "المقالة تتجاهل الصورة الكاملة",
    "هذا النقاش تكرّر مرات كثيرة",
    "الأرقام لا تتطابق أبداً",
    "الأسعار تضاعفت تقريباً منذ العام الماضي",
    "الشباب يرون المسألة بشكل مختلف تماماً",
    "الترجمة أضاعت نصف المعنى",
    "الناس يريدون حياة طبيعية فقط",
    "العنوان أكبر بكثير من الخبر",
    "هذا بالضبط ما حدث في مدينتنا",
    "لا أحد يتحدث عن الأسباب الحقيقية",
    "الوضع قبل عشر سنوات لم يكن أفضل بكثير",
    "يجب أن ننتظر النتائج قبل الحكم",
]
AR_TAIL = [
    "",
    "",
    "",
    "",
    " (انظر الفقرة الثانية)",
    " منذ {n} سنوات على الأقل",
    "، والمصدر: {url}",
    " (حوالي {n}٪ إن لم تخنّي الذاكرة)",
    " — وكان ذلك في عام {yar}",
    " [بحسب وكالات الأنباء]",
]
AR_QUESTION = [
    "هل لدى أحدكم مصدر لهذا الكلام؟",
    "لماذا لا يتحدث أحد عن هذا؟",
    "هل تغيّر شيء فعلاً منذ عام {yar}؟",
    "من المستفيد في النهاية؟",
    "ما رأيكم؟",
    "هل يمكن لأحد أن يشرح رقم {n}؟",
]

URL_HOSTS = [
    "example.com",
    "news.example.org",
    "forum.example.net",
    "example.ir",
    "blog.example.com",
]
URL_PATHS = ["article", "news", "p", "watch", "2023/05/report", "fa/story", "ar/news", "t"]

EN_FIRST = [
    "Sam",
    "Leila",
    "Dariush",
    "Nina",
    "Omid",
    "Sara",
    "Karim",
    "Anna",
    "Reza",
    "Mona",
    "David",
    "Yasmin",
    "Babak",
    "Farid",
    "Hannah",
    "Arash",
    "Nadia",
    "Cyrus",
    "Layla",
]
EN_LAST = ["K.", "Tehrani", "Smith", "Rahimi", "Haddad", "Moradi", "Nasser", "Jones", "Ahmadi"]
HANDLE_A = [
    "quiet",
    "angry",
    "old",
    "curious",
    "tired",
    "lucky",
    "silent",
    "persian",
    "desert",
    "northern",
    "honest",
    "lost",
    "blue",
    "green",
    "red",
    "happy",
]
HANDLE_B = [
    "falcon",
    "reader",
    "cat",
    "lion",
    "owl",
    "student",
    "engineer",
    "poet",
    "cyrus",
    "nomad",
    "gardener",
    "dad",
    "mom",
    "exile",
    "critic",
    "observer",
]
FA_FIRST = [
    "مریم",
    "رضا",
    "سارا",
    "علی",
    "نگار",
    "مهدی",
    "فاطمه",
    "حمید",
    "سپیده",
    "امید",
    "بابک",
    "شیرین",
    "کاوه",
    "پریسا",
    "آرش",
    "نسرین",
    "داریوش",
    "لیلا",
]
FA_LAST = ["احمدی", "محمدی", "رضایی", "حسینی", "کریمی", "تهرانی", "شیرازی", "موسوی", "رحیمی", ""]
AR_FIRST = [
    "أحمد",
    "سارة",
    "خالد",
    "مريم",
    "يوسف",
    "ليلى",
    "عمر",
    "نور",
    "حسن",
    "فاطمة",
    "محمود",
    "هدى",
    "طارق",
    "رانيا",
]
AR_LAST = ["الخطيب", "منصور", "حداد", "العلي", "الشامي", "ناصر", "", ""]

TITLE_EN = [
    "Not so fast",
    "Good point",
    "Agreed",
    "Source?",
    "Interesting",
    "Wrong again",
    "Been there",
    "A small correction",
    "Thank you",
    "Really?",
    "Off topic, but",
    "Well said",
    "Missing context",
]
TITLE_FA = [
    "موافقم",
    "نه به این سرعت",
    "منبع؟",
    "جالب بود",
    "یک تصحیح کوچک",
    "ممنون از نویسنده",
    "واقعاً؟",
    "خارج از موضوع",
    "حرف دل ما",
]
TITLE_AR = [
    "أوافقك",
    "ليس بهذه السرعة",
    "المصدر؟",
    "مثير للاهتمام",
    "تصحيح بسيط",
    "شكراً للكاتب",
    "حقاً؟",
    "خارج الموضوع",
]


def _fa(s: str) -> str:
    return s.replace("~", ZWNJ)


# ------------------------------------------------------------------------------------------
# Text pools: sentences are composed once per run (from the seed) and then sampled, which
# keeps 100,000 comments within a second or two.
# ------------------------------------------------------------------------------------------

POOL_SIZE = 3000


def _url(rng: Random) -> str:
    host = rng.choice(URL_HOSTS)
    path = rng.choice(URL_PATHS)
    url = f"https://{host}/{path}/{rng.randrange(10, 99999)}"
    r = rng.random()
    if r < 0.25:
        url += f"?id={rng.randrange(1, 5000)}&lang={rng.choice(LANGS)}"
    elif r < 0.35:
        url += f"#c{rng.randrange(1, 900)}"
    return url


def _sentence(rng: Random, lang: str) -> str:
    n = str(rng.choice([2, 3, 5, 7, 10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 90, 100, 250, 1000]))
    year = rng.randrange(1979, 2024)
    if lang == "en":
        opens, clauses, tails, qs = EN_OPEN, EN_CLAUSE, EN_TAIL, EN_QUESTION
    elif lang == "fa":
        opens, clauses, tails, qs = FA_OPEN, FA_CLAUSE, FA_TAIL, FA_QUESTION
    else:
        opens, clauses, tails, qs = AR_OPEN, AR_CLAUSE, AR_TAIL, AR_QUESTION
    if rng.random() < 0.15:
        s = rng.choice(qs)
    else:
        o = rng.choice(opens)
        c = rng.choice(clauses)
        if lang == "en" and not o:
            c = c[0].upper() + c[1:]
        tail = rng.choice(tails)
        if "{url}" in tail and rng.random() < 0.7:
            tail = ""  # keep links to roughly one comment in ten
        s = (o + " " + c if o else c) + tail
        s += rng.choices([".", "!", "..."] if lang == "en" else [".", "!", "…"], [8, 1, 1])[0]
    # digits: Persian writers mix Persian and Latin digits (years in the Solar Hijri era),
    # Arabic writers mix Arabic-Indic and Latin ones; URLs (inserted last) keep Latin digits
    s = s.replace("{n}", n).replace("{y}", str(year))
    s = s.replace("{yfa}", str(year - 621)).replace("{yar}", str(year))
    if lang == "fa":
        s = _fa(s)
        if rng.random() < 0.7:
            s = s.translate(_FA_DIGITS)
    elif lang == "ar" and rng.random() < 0.6:
        s = s.translate(_AR_DIGITS)
    if "{url}" in s:
        s = s.replace("{url}", _url(rng))
    return s


class Pools:
    def __init__(self, rng: Random) -> None:
        self.sent = {lang: [_sentence(rng, lang) for _ in range(POOL_SIZE)] for lang in LANGS}
        self.titles = {"en": TITLE_EN, "fa": TITLE_FA, "ar": TITLE_AR}


def _body(rng: Random, pools: Pools, lang: str) -> str:
    r = rng.random()
    if r < 0.03:  # code-switching comment: sentences from two or three languages
        langs = [lang, rng.choice(LANGS)]
        k = rng.randint(2, 5)
        return " ".join(rng.choice(pools.sent[rng.choice(langs)]) for _ in range(k))
    sents = pools.sent[lang]
    if r < 0.55:
        return " ".join(rng.choices(sents, k=rng.randint(1, 3)))
    if r < 0.85:
        paras = [
            " ".join(rng.choices(sents, k=rng.randint(2, 4))) for _ in range(rng.randint(1, 2))
        ]
        return "\n\n".join(paras)
    if r < 0.97:
        paras = [
            " ".join(rng.choices(sents, k=rng.randint(3, 6))) for _ in range(rng.randint(2, 4))
        ]
        return "\n\n".join(paras)
    # long essay, roughly 1500-3000 characters
    target = rng.randint(1500, 3000)
    paras: list[str] = []
    size = 0
    while size < target:
        p = " ".join(rng.choices(sents, k=rng.randint(3, 7)))
        if size + len(p) + 2 > 3000 and paras:
            break
        paras.append(p)
        size += len(p) + 2
    return "\n\n".join(paras)[:3000]


class Authors:
    def __init__(self, rng: Random, n_comments: int) -> None:
        count = max(20, min(5000, n_comments // 8))
        self.names: list[str] = []
        self.verified: list[bool] = []
        self.lang: list[str] = []
        seen: set[str] = set()
        while len(self.names) < count:
            lang = rng.choices(LANGS, [4, 4, 2])[0]
            style = rng.random()
            if style < 0.35:
                name = f"{rng.choice(HANDLE_A)}_{rng.choice(HANDLE_B)}{rng.randrange(1, 100)}"
            elif lang == "fa" and style < 0.8:
                name = f"{rng.choice(FA_FIRST)} {rng.choice(FA_LAST)}".strip()
            elif lang == "ar" and style < 0.8:
                name = f"{rng.choice(AR_FIRST)} {rng.choice(AR_LAST)}".strip()
            else:
                name = f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"
            if name in seen:
                name = f"{name} {rng.randrange(2, 1000)}"
                if name in seen:
                    continue
            seen.add(name)
            self.names.append(name)
            self.verified.append(rng.random() < 0.4)
            self.lang.append(lang)
        # Zipf-like activity: a few authors write a large share of the comments
        cum = 0.0
        self.cum_weights: list[float] = []
        for i in range(count):
            cum += 1.0 / (i + 1) ** 1.1
            self.cum_weights.append(cum)


# ------------------------------------------------------------------------------------------
# Tree shape
# ------------------------------------------------------------------------------------------


def _shape(rng: Random, n: int, max_depth: int, chain: int) -> tuple[list[int], list[int]]:
    """Parent index (-1 for top level) and depth of each comment, in creation order."""
    parent = [-1] * n
    depth = [1] * n
    for i in range(1, min(chain, n)):
        parent[i] = i - 1
        depth[i] = i + 1
    base = min(chain, n)  # ordinary comments never attach to the chain
    rand = rng.random
    for i in range(base, n):
        r = rand()
        if i == base or r < 0.3:
            continue  # top level
        if r < 0.62:
            p = i - 1  # the conversation goes on under the latest comment
        elif r < 0.85:
            p = i - 1 - int(rng.expovariate(0.08))  # one of the recent comments
        else:
            p = base + int(rand() * (i - base))  # anywhere earlier
            if rand() < 0.5:
                while parent[p] >= 0:  # popular top-level comments collect direct replies
                    p = parent[p]
        if p < base:
            p = base
        while depth[p] >= max_depth:
            p = parent[p]
            if p < 0:
                break
        if p < 0:
            continue
        parent[i] = p
        depth[i] = depth[p] + 1
    return parent, depth


def _dfs_order(parent: list[int]) -> list[int]:
    n = len(parent)
    first_child = [-1] * n
    next_sib = [-1] * n
    last_child = [-1] * n
    roots: list[int] = []
    for i in range(n):
        p = parent[i]
        if p < 0:
            roots.append(i)
        elif first_child[p] < 0:
            first_child[p] = last_child[p] = i
        else:
            next_sib[last_child[p]] = i
            last_child[p] = i
    order: list[int] = []
    stack = roots[::-1]
    while stack:
        i = stack.pop()
        order.append(i)
        c = first_child[i]
        kids: list[int] = []
        while c >= 0:
            kids.append(c)
            c = next_sib[c]
        stack.extend(reversed(kids))
    return order


# ------------------------------------------------------------------------------------------
# Writing
# ------------------------------------------------------------------------------------------


def _comment_fields(i: int, rng: Random, pools: Pools, authors: Authors, a: int, ts: int) -> str:
    """The comment's JSON members without braces and without replies/parent."""
    cid = f'"id":"c{i + 1}"'
    r = rng.random()
    if r < 0.004:
        return f'{cid},"deleted":true,"body":"[deleted]"'
    lang = authors.lang[a] if rng.random() < 0.85 else rng.choice(LANGS)
    posted = datetime.fromtimestamp(ts, UTC).isoformat()
    score = int(rng.paretovariate(1.3)) - 1 if rng.random() < 0.9 else -rng.randrange(1, 20)
    parts = [
        cid,
        f'"author":{_enc(authors.names[a])}',
        f'"verified":{"true" if authors.verified[a] else "false"}',
        f'"posted":"{posted}"',
        f'"score":{score}',
    ]
    if rng.random() < 0.15:
        parts.append(f'"title":{_enc(rng.choice(pools.titles[lang]))}')
    if rng.random() < 0.005:
        parts.append(f'"more":{rng.randrange(1, 40)}')
    parts.append(f'"body":{_enc(_body(rng, pools, lang))}')
    return ",".join(parts)


def generate(
    out: TextIO,
    n: int,
    *,
    seed: int = 0,
    max_depth: int = 50,
    flat: bool = False,
    chain: int = 0,
    pools: Pools | None = None,
    authors: Authors | None = None,
    title: str | None = None,
) -> None:
    """Write the thread. ``pools`` / ``authors``: reuse text pools and authors built once
    (tools/gen_library.py writes thousands of small threads: building the pools is most
    of the time of a small one); ``title``: instead of the generated one."""
    if n < 0:
        raise ValueError("N must be >= 0")
    if max_depth < 1:
        raise ValueError("--max-depth must be >= 1")
    if chain < 0 or chain > n:
        raise ValueError("--chain D needs 0 <= D <= N")
    rng = Random(seed)
    pools = pools or Pools(Random(f"pools-{seed}"))
    authors = authors or Authors(Random(f"authors-{seed}"), n)
    parent, depth = _shape(rng, n, max_depth, chain)

    # creation times: a few seconds to a few hours apart; replies always after parents
    t = int(datetime(2023, 1, 1, tzinfo=UTC).timestamp()) + rng.randrange(0, 86400 * 300)
    times: list[int] = []
    for _ in range(n):
        t += 1 + int(rng.expovariate(1 / 90))
        times.append(t)
    who = rng.choices(range(len(authors.names)), cum_weights=authors.cum_weights, k=n)

    # content in creation order, so --flat and nested files of one seed hold the same thread
    fields = [_comment_fields(i, rng, pools, authors, who[i], times[i]) for i in range(n)]
    order = list(range(n)) if flat else _dfs_order(parent)

    command = f"tools/gen_thread.py {n} --seed {seed} --max-depth {max_depth}"
    if chain:
        command += f" --chain {chain}"
    if flat:
        command += " --flat"
    published = datetime.fromtimestamp((times[0] if n else 0) - 3600, UTC).isoformat()
    article_body = _body(rng, pools, "en") + "\n\n" + _body(rng, pools, "fa")
    header = (
        '{"format":"threadtui/1",'
        f'"title":{_enc(title or f"Synthetic thread: {n} comments (seed {seed})")},'
        f'"url":"https://forum.example.com/t/{seed}",'
        f'"source":{_enc("Generated by " + command)},'
        '"article":{'
        f'"title":{_enc("A long discussion — بحثی طولانی — نقاش طويل")},'
        '"author":"threadtui generator",'
        f'"published":"{published}",'
        f'"body":{_enc(article_body)}'
        '},"comments":['
    )
    buf: list[str] = [header]
    flush_at = 2000

    def flush() -> None:
        out.write("".join(buf))
        buf.clear()

    if flat:
        for k, i in enumerate(order):
            p = parent[i]
            par = f',"parent":"c{p + 1}"' if p >= 0 else ""
            buf.append(("\n{" if k == 0 else ",\n{") + fields[i] + par + "}")
            if len(buf) >= flush_at:
                flush()
    else:
        # Stream nested JSON: keep only the current path's depth; close objects as we go up.
        open_depth = 0  # depth of the comment whose object is currently open (0: none)
        first_at_level = True
        for i in order:
            d = depth[i]
            if d > open_depth:
                if open_depth:
                    buf.append(',"replies":[')
                first_at_level = True
            else:
                # close the open comment, then each ancestor down to this level
                buf.append("}")
                buf.append("]}" * (open_depth - d))
                first_at_level = False
            buf.append(("\n{" if first_at_level else ",\n{") + fields[i])
            open_depth = d
            if len(buf) >= flush_at:
                flush()
        if open_depth:
            buf.append("}" + "]}" * (open_depth - 1))
    buf.append("\n]}\n")
    flush()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Write a synthetic threadtui/1 thread with N comments.",
        epilog="Depth 1 is the top level. Output is deterministic for a given seed.",
    )
    ap.add_argument("n", type=int, metavar="N", help="number of comments")
    ap.add_argument("-o", "--output", required=True, help="output file ('-' for stdout)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-depth", type=int, default=50, help="deepest level (default 50)")
    ap.add_argument("--flat", action="store_true", help="flat file with `parent` ids")
    ap.add_argument(
        "--chain",
        type=int,
        default=0,
        metavar="DEPTH",
        help="start with one reply chain DEPTH comments deep (DEPTH <= N)",
    )
    ap.add_argument("--gzip", action="store_true", help="gzip the output")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.n < 0 or args.max_depth < 1 or not 0 <= args.chain <= args.n:
        ap.error("need N >= 0, --max-depth >= 1 and 0 <= --chain <= N")

    start = time.perf_counter()
    kw = {"seed": args.seed, "max_depth": args.max_depth, "flat": args.flat, "chain": args.chain}
    if args.output == "-":
        if args.gzip:
            with (
                gzip.GzipFile(fileobj=sys.stdout.buffer, mode="wb", mtime=0) as gz,
                io.TextIOWrapper(gz, encoding="utf-8", newline="\n") as out,
            ):
                generate(out, args.n, **kw)
        else:
            out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
            generate(out, args.n, **kw)
            out.flush()
            out.detach()
        return 0
    path = Path(args.output)
    path.parent.mkdir(parents=True, exist_ok=True)
    if args.gzip:
        # mtime=0 and no file name in the header: identical bytes for identical arguments
        with (
            open(path, "wb") as raw,
            gzip.GzipFile(filename="", fileobj=raw, mode="wb", compresslevel=6, mtime=0) as gz,
            io.TextIOWrapper(gz, encoding="utf-8", newline="\n") as out,
        ):
            generate(out, args.n, **kw)
    else:
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            generate(out, args.n, **kw)
    if not args.quiet:
        took = time.perf_counter() - start
        print(
            f"{path}: {args.n} comments, {path.stat().st_size:,} bytes, {took:.2f}s",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
