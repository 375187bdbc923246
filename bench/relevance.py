#!/usr/bin/env python3
"""Relevance benchmark: does the search put the page a person named first, and what does a query cost?

Why this file exists: ranking is judged on real handbooks (issue 12), where a reader types a page's
title, a title with a typo, or a few words they remember from the page, and expects that page at
the top. This script, for one corpus:

1. builds it with ``target/release/handbook`` (``--broken-links warning``: imported handbooks have
   broken links) and indexes the same output with Pagefind (``pip install pagefind-bin``) unless
   ``--no-pagefind``;
2. makes a known-item query set with ``../shared/search-eval/make_queries.py`` (or reads one given
   with ``--queries``, in its format ``[{kind, q, url}]``);
3. runs every query on a cold cache through the theme's ``search.js`` Engine under Node, through
   ``handbook search --json`` (the Rust port) and through Pagefind's own ``pagefind.js`` under
   Node (``bench/relevance.js``), 10 results reduced to pages, first occurrence kept;
4. prints rank-1, top-3 and MRR (over the 10 results) per query kind, bytes per query (raw and
   gzip: the ``.gz`` copies the build writes; Pagefind's files are compressed already), query time,
   and whether search.js and ``handbook search`` returned the same pages; ``--misses N`` lists
   the first N title and passage misses of search.js with what came first.

Usage: ``python3 bench/relevance.py CORPUS [--pages 200] [--seed 7]`` where CORPUS is a site
folder or a bare folder of Markdown; ``--generated 10000`` uses bench.py's generated corpus.
Only the Python standard library is used (and PyYAML through make_queries.py).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HANDBOOK = REPO / "target" / "release" / "handbook"
MAKE_QUERIES = REPO.parent / "shared" / "search-eval" / "make_queries.py"
WORK = REPO / "target" / "relevance"
KINDS = ("title", "typo", "passage")


def run(cmd: list, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], check=True, capture_output=True, text=True, **kw)


def page_of(url: str) -> str:
    u = url.split("#")[0].lower()
    return u if u.startswith("/") else "/" + u


def build(corpus: Path, out: Path, pagefind: bool) -> None:
    if not HANDBOOK.exists():
        run(["cargo", "build", "--release"], cwd=REPO)
    run([HANDBOOK, "build", "--root", corpus, "-o", out, "--quiet", "--broken-links", "warning"])
    if pagefind:
        run([sys.executable, "-m", "pagefind_bin", "--site", out, "--root-selector", "main"])


def node(engine: str, out: Path, queries: Path) -> list:
    text = run(["node", REPO / "bench" / "relevance.js", engine, out, queries]).stdout
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def cli(corpus: Path, out: Path, queries: list) -> list:
    rows = []
    for i, q in enumerate(queries):
        started = time.perf_counter()
        done = subprocess.run(
            [str(HANDBOOK), "search", "--root", str(corpus), "-o", str(out), "--json", "-n", "10", "--", q["q"]],
            capture_output=True, text=True,
        )
        ms = (time.perf_counter() - started) * 1000
        urls = []
        for line in done.stdout.splitlines():
            u = page_of(json.loads(line)["url"])
            if u not in urls:
                urls.append(u)
        rows.append({"i": i, "urls": urls[:10], "ms": ms})
    return rows


def position(want: str, urls: list) -> int:
    want = want.lower()
    return urls.index(want) + 1 if want in urls else 0


def scores(queries: list, rows: list) -> dict:
    by_kind: dict = {}
    for q, r in zip(queries, rows):
        by_kind.setdefault(q["kind"], []).append(position(q["url"], r["urls"]))
    out = {}
    for kind, found in by_kind.items():
        n = len(found)
        out[kind] = {
            "n": n,
            "rank1": 100 * sum(p == 1 for p in found) / n,
            "top3": 100 * sum(1 <= p <= 3 for p in found) / n,
            "mrr": sum(1 / p for p in found if p) / n,
        }
    return out


def cost(rows: list) -> str:
    if "bytes" not in rows[0]:
        ms = sorted(r["ms"] for r in rows)
        return f"process {statistics.median(ms):.0f} ms median"
    kb = lambda key, f: f(sorted(r[key] for r in rows)) / 1024  # noqa: E731
    p90 = lambda xs: xs[int(len(xs) * 0.9)]  # noqa: E731
    ms = sorted(r["ms"] for r in rows)
    return (
        f"{kb('bytes', statistics.median):.0f} KB raw / {kb('gzip', statistics.median):.0f} KB gzip median, "
        f"p90 {kb('bytes', p90):.0f} / {kb('gzip', p90):.0f}, max {kb('bytes', max):.0f} / {kb('gzip', max):.0f}; "
        f"{statistics.median(ms):.1f} ms median, p90 {p90(ms):.1f}, max {ms[-1]:.1f}"
    )


def table(name: str, queries: list, results: dict) -> None:
    print(f"\n### {name}: {len(queries)} queries\n")
    print("| engine | " + " | ".join(f"{k} rank-1 (top-3, MRR)" for k in KINDS) + " | cost per query |")
    print("|---|" + "---|" * (len(KINDS) + 1))
    for engine, rows in results.items():
        s = scores(queries, rows)
        cells = [
            f"{s[k]['rank1']:.1f}% ({s[k]['top3']:.1f}%, {s[k]['mrr']:.3f})" if k in s else "-" for k in KINDS
        ]
        print(f"| {engine} | " + " | ".join(cells) + f" | {cost(rows)} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, help="site folder or bare folder of Markdown")
    ap.add_argument("--generated", type=int, help="use bench.py's generated corpus of this many pages")
    ap.add_argument("--queries", type=Path, help="a query set [{kind, q, url}] instead of making one")
    ap.add_argument("--pages", type=int, default=200, help="pages to sample for the query set")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-pagefind", action="store_true")
    ap.add_argument("--no-cli", action="store_true", help="skip `handbook search` (one process a query)")
    ap.add_argument("--no-build", action="store_true", help="reuse the last output of this corpus")
    ap.add_argument("--misses", type=int, default=0, help="print this many misses of search.js per kind")
    args = ap.parse_args()

    if args.generated:
        run([sys.executable, REPO / "bench" / "bench.py", "--generate-only", "--pages", args.generated])
        corpus = REPO / "target" / "bench" / f"corpus-{args.generated}"
    elif args.corpus:
        corpus = args.corpus.resolve()
    else:
        ap.error("give a corpus or --generated N")
    content = corpus / "content" if (corpus / "content").is_dir() else corpus
    name = corpus.name
    work = WORK / name
    work.mkdir(parents=True, exist_ok=True)
    out = work / "public"
    queries_path = args.queries
    if queries_path is None:
        queries_path = work / f"queries-{args.pages}-{args.seed}.json"
        made = run([sys.executable, MAKE_QUERIES, content, queries_path, args.pages, args.seed])
        print(made.stdout.strip())
    queries = json.loads(queries_path.read_text())
    if not args.no_build:
        build(corpus, out, not args.no_pagefind)

    results = {"search.js": node("handbook", out, queries_path)}
    if not args.no_cli:
        results["handbook search"] = cli(corpus, out, queries)
    if not args.no_pagefind:
        results["Pagefind"] = node("pagefind", out, queries_path)
    table(f"{name}, seed {args.seed}", queries, results)
    if "handbook search" in results:
        differ = [
            q["q"] for q, a, b in zip(queries, results["search.js"], results["handbook search"]) if a["urls"] != b["urls"]
        ]
        print(f"\nsearch.js and handbook search differ on {len(differ)} of {len(queries)} queries" +
              (f", e.g. {differ[:3]}" if differ else ""))
    if args.misses:
        for kind in KINDS:
            shown = 0
            for q, r in zip(queries, results["search.js"]):
                if q["kind"] == kind and position(q["url"], r["urls"]) != 1 and shown < args.misses:
                    shown += 1
                    at = position(q["url"], r["urls"])
                    print(f"miss [{kind}] {q['q']!r} want {q['url']} at {at or '-'}; got {r['urls'][:3]}")


if __name__ == "__main__":
    main()
