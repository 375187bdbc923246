#!/usr/bin/env python3
"""Lighthouse scores of the default theme, one page of each kind of the bundled handbook.

Builds the bundled handbook with an absolute base_url (http://127.0.0.1:PORT/, so canonical
links, sitemap.xml and robots.txt are what a published site has) into a temporary folder, adds a
200 KB page with one Mermaid diagram at its end, serves the folder with gzip compression, and runs
Lighthouse (npm, pinned in bench/lighthouse/package.json; `npm ci --prefix bench/lighthouse`
installs it) on every page kind, mobile (Lighthouse's default: Moto G Power, simulated slow 4G)
and, with --desktop, its desktop preset. Prints a Markdown table of the four category scores.

The handbook binary is not built here: pass --handbook (default target/release/handbook, else
target/debug/handbook). Chromium must be installed (`chromium`, or set CHROME_PATH).
"""

import argparse
import gzip
import http.server
import json
import os
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOLS = os.path.join(ROOT, "bench", "lighthouse")

# The page kinds the accessibility test checks (one list for both), then the Mermaid page.
with open(os.path.join(ROOT, "tests", "browser", "page-kinds.json")) as f:
    PAGES = [tuple(pair) for pair in json.load(f)]
# Lighthouse does not audit a page answered with status 404: the same page, as a file.
PAGES = [(kind, "/404.html" if kind == "404" else path) for kind, path in PAGES]
PAGES.append(("200 KB page, one Mermaid diagram", "/processes/long-page-with-diagram/"))

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def long_page():
    """About 200 KB of Markdown with one diagram near the end."""
    paragraph = (
        "When a thread turns into a support case, we move it to the right place, say so in "
        "public, and come back to close the loop. The person should never have to repeat "
        "themselves, and nobody should wonder whether anyone is still looking. "
    )
    parts = ["---\ntitle: Long page with a diagram\ndescription: A 200 KB page with one Mermaid diagram at its end, for the Lighthouse benchmark.\n---\n"]
    size = 0
    n = 0
    while size < 195_000:
        n += 1
        text = f"## Part {n}\n\n" + (paragraph * 4) + "\n\n"
        parts.append(text)
        size += len(text)
    parts.append("## The flow\n\n```mermaid\nflowchart LR\n  A[Mention] --> B{Support case?}\n  B -- yes --> C[Move to a ticket]\n  B -- no --> D[Answer in public]\n  C --> E[Close the loop]\n  D --> E\n```\n")
    return "".join(parts)


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the built folder, gzip-compressing text, with 404.html for missing files."""

    def log_message(self, *args):
        pass

    def send_body(self, status, body, kind):
        accepts = "gzip" in (self.headers.get("Accept-Encoding") or "")
        compress = accepts and (kind.startswith("text/") or kind in ("application/javascript", "application/json", "image/svg+xml", "application/xml"))
        if compress:
            body = gzip.compress(body, 6)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=600")
        if compress:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        path = self.translate_path(self.path.split("?")[0].split("#")[0])
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?")[0] + "/")
                self.end_headers()
                return
            path = os.path.join(path, "index.html")
        if os.path.isfile(path):
            with open(path, "rb") as f:
                body = f.read()
            kind = self.guess_type(path)
            if kind.startswith("text/") and "charset" not in kind:
                kind += "; charset=utf-8"
            self.send_body(200, body, kind)
        else:
            with open(os.path.join(self.directory, "404.html"), "rb") as f:
                self.send_body(404, f.read(), "text/html; charset=utf-8")

    do_HEAD = do_GET


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = os.path.join(ROOT, "target", "release", "handbook")
    if not os.path.exists(default):
        default = os.path.join(ROOT, "target", "debug", "handbook")
    parser.add_argument("--handbook", default=default)
    parser.add_argument("--port", type=int, default=18952)
    parser.add_argument("--desktop", action="store_true", help="also run Lighthouse's desktop preset")
    parser.add_argument("--only", help="run only the page kinds whose name contains this")
    parser.add_argument("--keep", help="keep each JSON report in this folder")
    args = parser.parse_args()

    lighthouse = os.path.join(TOOLS, "node_modules", ".bin", "lighthouse")
    if not os.path.exists(lighthouse):
        subprocess.run(["npm", "ci", "--silent", "--no-audit", "--no-fund", "--prefix", TOOLS], check=True)
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not chrome:
        sys.exit("needs Chromium: apt-get install -y chromium, or set CHROME_PATH")

    work = tempfile.mkdtemp(prefix="hb-lighthouse-")
    try:
        site = os.path.join(work, "site")
        shutil.copytree(os.path.join(ROOT, "content"), os.path.join(site, "content"))
        shutil.copy(os.path.join(ROOT, "handbook.yml"), site)
        with open(os.path.join(site, "content", "processes", "long-page-with-diagram.md"), "w") as f:
            f.write(long_page())
        out = os.path.join(work, "public")
        base = f"http://127.0.0.1:{args.port}/"
        subprocess.run([args.handbook, "build", "--quiet", "--root", site, "--output", out, "--base-url", base], check=True)

        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True
            allow_reuse_address = True

        server = Server(("127.0.0.1", args.port), lambda *a, **k: Handler(*a, directory=out, **k))
        threading.Thread(target=server.serve_forever, daemon=True).start()

        presets = [("mobile", [])] + ([("desktop", ["--preset=desktop"])] if args.desktop else [])
        rows = []
        for kind, path in PAGES:
            if args.only and args.only not in kind:
                continue
            for preset, flags in presets:
                report = os.path.join(work, "report.json")
                run = subprocess.run(
                    [lighthouse, base.rstrip("/") + path, "--quiet", "--output=json", f"--output-path={report}",
                     "--only-categories=" + ",".join(CATEGORIES),
                     "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"] + flags,
                    env=dict(os.environ, CHROME_PATH=chrome),
                    capture_output=True, text=True,
                )
                if run.returncode != 0 or not os.path.exists(report):
                    rows.append((kind, preset, None, run.stderr.strip().splitlines()[-1:] or ["failed"]))
                    continue
                with open(report) as f:
                    data = json.load(f)
                if args.keep:
                    os.makedirs(args.keep, exist_ok=True)
                    shutil.copy(report, os.path.join(args.keep, f"{kind.split(',')[0].replace(' ', '-')}-{preset}.json"))
                os.remove(report)
                scores = [round((data["categories"][c]["score"] or 0) * 100) for c in CATEGORIES]
                failed = sorted(
                    a["id"] for c in CATEGORIES[1:] for ref in data["categories"][c]["auditRefs"]
                    if ref["weight"] > 0 for a in [data["audits"][ref["id"]]] if a["score"] is not None and a["score"] < 1
                )
                lcp = data["audits"]["largest-contentful-paint"]["displayValue"]
                rows.append((kind, preset, scores, failed, lcp))
                print(f"{kind} ({preset}): {scores} LCP {lcp} {' '.join(failed)}", file=sys.stderr, flush=True)
        server.shutdown()
        print("| page kind | form factor | performance | accessibility | best practices | SEO | LCP | audits below 1 (not performance) |")
        print("|---|---|---:|---:|---:|---:|---:|---|")
        for row in rows:
            if row[2] is None:
                print(f"| {row[0]} | {row[1]} | failed: {row[3][0]} | | | | | |")
            else:
                kind, preset, s, failed, lcp = row
                print(f"| {kind} | {preset} | {s[0]} | {s[1]} | {s[2]} | {s[3]} | {lcp} | {', '.join(failed) or 'none'} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
