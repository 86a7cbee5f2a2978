#!/usr/bin/env python3
"""Generate dense-prose article pages of given sizes, deterministically, for
the size-scaling run of bench/compare.sh.

    gen_pages.py DIR SIZE...      # SIZE: 100K, 1M, 10M, 50M (K = 10^3, M = 10^6 bytes)

Each page is one news-like article inside a simple layout: a header with a
navigation bar, the article (headline, byline, paragraphs of pseudo-words
with a subheading every few paragraphs, an inline link or emphasis now and
then, a small "advertisement" box every 40 paragraphs), a sidebar of related
links and a footer. The article grows with the size; the furniture does not.
Words come from a fixed vocabulary of pronounceable pseudo-words drawn with
a skewed (Zipf-like) frequency, so the text looks like prose to the
extractors' statistics while every paragraph stays unique (trafilatura drops
repeated paragraphs).

Writes DIR/page-SIZE.html and DIR/manifest.json ({name: {"bytes": n,
"article_chars": characters of article text}}). A page already there with the
same generator version is kept. Same arguments, same bytes (Python's
random.Random with a fixed seed; stable across CPython 3.x).
"""
import json
import os
import random
import re
import sys

VERSION = 1
SYLLABLES = (
    "ka lo mi ne ta ri so ven dor al bel tis ma ru pe fa gon sil dra mek "
    "ul tor an es in or vi ha zu bri cal den fro gla hen jor kru lin mos"
).split()
FUNCTION_WORDS = "the of and to in a is that for on with as by at from was it be".split()


def vocabulary(rng, n=3000):
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    words = sorted(words)
    rng.shuffle(words)
    return FUNCTION_WORDS + words


def make_page(target, seed):
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    # Zipf-like weights: the k-th word has weight 1/(k+2).
    weights = [1.0 / (k + 2) for k in range(len(vocab))]
    cum = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)

    def words(n):
        return rng.choices(vocab, cum_weights=cum, k=n)

    def sentence():
        ws = words(rng.randint(6, 22))
        if rng.random() < 0.15:
            i = rng.randrange(len(ws))
            ws[i] = f'<a href="/topic/{ws[i]}">{ws[i]}</a>'
        elif rng.random() < 0.1:
            i = rng.randrange(len(ws))
            ws[i] = f"<em>{ws[i]}</em>"
        s = " ".join(ws)
        return s[0].upper() + s[1:] + ("?" if rng.random() < 0.1 else ".")

    def title(n):
        return " ".join(w.capitalize() for w in words(n))

    head = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title(7)} | The Daily Pseudo</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="description" content="{" ".join(words(20))}">'
        '<link rel="stylesheet" href="/static/site.css"></head>\n<body>\n'
        '<header class="site-header"><a class="logo" href="/">The Daily Pseudo</a>'
        '<nav class="main-nav"><ul>'
        + "".join(f'<li><a href="/section/{w}">{w.capitalize()}</a></li>' for w in words(12))
        + '</ul></nav><form class="search"><input name="q" placeholder="Search"></form>'
        "</header>\n"
        '<div class="layout"><main id="content"><article class="post">'
        f'<h1 class="headline">{title(9)}</h1>'
        f'<p class="byline">By {title(2)} and {title(2)}, <time datetime="2024-05-17">May 17, 2024</time></p>'
        '<div class="article-body">\n'
    )
    tail = (
        "</div>"
        '<div class="tags">Tags: '
        + ", ".join(f'<a href="/tag/{w}" rel="tag">{w}</a>' for w in words(5))
        + "</div></article>\n"
        '<aside class="sidebar"><h3>Related stories</h3><ul>'
        + "".join(f'<li><a href="/story/{i}">{title(8)}</a></li>' for i in range(8))
        + '</ul><div class="newsletter">Sign up for our newsletter</div></aside>'
        "</main></div>\n"
        '<footer class="site-footer"><nav><ul>'
        + "".join(f'<li><a href="/page/{w}">{w.capitalize()}</a></li>' for w in words(10))
        + "</ul></nav><p>&copy; 2024 The Daily Pseudo. All rights reserved.</p>"
        "</footer>\n</body></html>\n"
    )
    budget = target - len(head) - len(tail)
    parts, size, n = [], 0, 0
    while size < budget:
        n += 1
        if n % 8 == 0:
            block = f"<h2>{title(rng.randint(3, 7))}</h2>\n"
        elif n % 40 == 20:
            block = '<div class="ad">Advertisement</div>\n'
        else:
            block = "<p>" + " ".join(sentence() for _ in range(rng.randint(3, 8))) + "</p>\n"
        parts.append(block)
        size += len(block)
    body = "".join(parts)
    page = head + body + tail
    # Article text: paragraphs and subheadings without their tags.
    article_chars = sum(
        len(re.sub(r"<[^>]+>", "", b).strip()) for b in parts if not b.startswith('<div class="ad"')
    )
    return page, article_chars


def parse_size(s):
    units = {"K": 10**3, "M": 10**6}
    s = s.strip().upper()
    if s[-1] in units:
        return int(float(s[:-1]) * units[s[-1]])
    return int(s)


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = argv[0]
    os.makedirs(out, exist_ok=True)
    manifest_path = os.path.join(out, "manifest.json")
    try:
        with open(manifest_path) as f:
            manifest = json.load(f)
    except (OSError, ValueError):
        manifest = {}
    for size in argv[1:]:
        name = f"page-{size.upper()}"
        path = os.path.join(out, name + ".html")
        entry = manifest.get(name)
        if entry and entry.get("version") == VERSION and os.path.exists(path):
            continue
        page, article_chars = make_page(parse_size(size), seed=parse_size(size))
        data = page.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        manifest[name] = {"bytes": len(data), "article_chars": article_chars, "version": VERSION}
        print(f"gen_pages.py: {path} ({len(data)} bytes)", file=sys.stderr)
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
