#!/usr/bin/env python3
"""Soak test of `handbook serve`: many clients, live-reload streams and edits at once.

Starts `target/release/handbook serve` on a copy of a site (by default the bundled handbook of
this repository: its content/, handbook.yml, static/ and themes/; `--root DIR` copies another
site, `--pages N` the generated corpus target/bench/corpus-N of `bench/bench.py`), then for
`--seconds` (60) runs:

- `--clients` (200) clients fetching the site's files: pages (folder URLs, some without their
  slash, answered with a redirect), assets, the search index (index.json, then a term and a page
  shard it names, as search.js does), a missing page (a 404 is expected), some with the ETag
  they were given (a 304 is fine). Three in four keep their connection alive, the others close
  it after each request;
- `--streams` (10) live-reload event streams kept open, and `--tabs` (10) that behave like a
  browser tab: on each reload they close the stream, fetch the page and open a new stream;
- one editor that cycles through: an edit of a page, broken YAML front matter then the fix, a
  shortcode including a missing file (an error) then the fix, a malformed shortcode (a warning),
  and the swaps of the whole content/ folder: deleted and copied back (`rm -rf content; cp -r
  backup content`, at once, and after the server noticed it was gone), renamed away and back,
  and swapped for another copy by renames (`mv content old && mv next content`). After each change it waits until the served page shows
  it (or the overlay, for a broken edit); a change never seen counts as an error.

Reports the request count, errors (an unexpected status, a connection error or timeout, a
stream that ended), p50/p99 latency, events per stream, and the server's threads, open files and
memory (from /proc/PID/status) before the load, at their peak, and after it (clients gone, after
`--settle` seconds). Exits non-zero if the server died or there was any error.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from serve_bench import start_serve

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SITE_PARTS = ["content", "handbook.yml", "static", "themes"]
# How long a change may take to show before it counts as never seen.
SEEN_TIMEOUT = 30.0


class Stats:
    """Counters shared by every thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.latencies = []
        self.errors = {}
        self.statuses = {}
        self.raced_refresh = 0
        # The editor's current change, to tell which one the errors came with.
        self.step = "start"

    def record(self, status, latency):
        with self.lock:
            self.requests += 1
            self.latencies.append(latency)
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def error(self, what):
        with self.lock:
            key = (what, self.step)
            self.errors[key] = self.errors.get(key, 0) + 1

    def error_count(self):
        with self.lock:
            return sum(self.errors.values())


def proc_status(pid):
    """Threads, RSS and peak RSS (MB) and open files of process `pid`."""
    fields = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                fields[key] = value.split()
        files = len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None
    return {
        "threads": int(fields["Threads"][0]),
        "rss_mb": int(fields["VmRSS"][0]) / 1024,
        "hwm_mb": int(fields["VmHWM"][0]) / 1024,
        "files": files,
    }


def copy_site(source, target):
    for part in SITE_PARTS:
        path = os.path.join(source, part)
        if os.path.isdir(path):
            shutil.copytree(path, os.path.join(target, part), symlinks=True)
        elif os.path.isfile(path):
            shutil.copy2(path, os.path.join(target, part))
    if not os.path.isdir(os.path.join(target, "content")):
        raise SystemExit(f"{source} has no content/ folder")


def site_urls(binary, site, workdir):
    """The URLs of every file a build writes: pages as folder URLs, the rest as they are."""
    out = os.path.join(workdir, "built")
    subprocess.run([binary, "build", "--root", site, "-o", out, "-q"], check=True)
    pages, assets, search = [], [], []
    for dirpath, _, files in os.walk(out):
        for name in files:
            rel = os.path.relpath(os.path.join(dirpath, name), out).replace(os.sep, "/")
            if rel.startswith("."):
                continue
            if rel == "index.html":
                pages.append("")
            elif rel.endswith("/index.html") and not rel.startswith("search/"):
                pages.append(rel[: -len("index.html")])
            elif rel.startswith("search/"):
                search.append(rel)
            elif not rel.endswith(".html"):
                assets.append(rel)
    shutil.rmtree(out)
    return sorted(pages), sorted(assets), sorted(search)


class Client(threading.Thread):
    """Fetches random files of the site until told to stop."""

    def __init__(self, n, host, port, base, urls, stats, stop, keep_alive):
        super().__init__(daemon=True)
        self.rng = random.Random(n)
        self.host, self.port, self.base = host, port, base
        self.pages, self.assets = urls
        self.stats, self.stop, self.keep_alive = stats, stop, keep_alive
        self.conn = None
        self.etags = {}
        self.folders = [p for p in self.pages if p]

    def request(self, path, expect, etag=None):
        """GETs `path`; returns the status and body, or None on a failure (counted)."""
        headers = {}
        if not self.keep_alive:
            headers["Connection"] = "close"
        if etag:
            headers["If-None-Match"] = etag
        started = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.conn.request("GET", path, headers=headers)
            response = self.conn.getresponse()
            body = response.read()
            status = response.status
            if not self.keep_alive or response.will_close:
                self.conn.close()
                self.conn = None
        except (OSError, http.client.HTTPException) as err:
            self.stats.error(f"connection: {type(err).__name__}")
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            return None
        self.stats.record(status, time.perf_counter() - started)
        if status not in expect:
            self.stats.error(f"status {status} (expected {'/'.join(map(str, expect))})")
            return None
        if status == 200 and response.getheader("ETag"):
            self.etags[path] = response.getheader("ETag")
        return status, body

    def search(self):
        """What search.js does for a query: the index, then a term shard and a page shard."""
        reply = self.request(self.base + "search/index.json", (200,))
        if reply is None:
            return
        meta = json.loads(reply[1])
        term = self.rng.randrange(len(meta["keys"]))
        page = self.rng.randrange((meta["pages"] + meta["pages_per_file"] - 1) // meta["pages_per_file"])
        for shard in (f"search/t/{term}.json", f"search/p/{page}.json"):
            reply = self.request(self.base + shard, (200, 404))
            if reply is None:
                return
            if reply[0] == 404:
                # A refresh of the index may have changed its shards since index.json was read.
                again = self.request(self.base + "search/index.json", (200,))
                if again is not None and json.loads(again[1]) != meta:
                    with self.stats.lock:
                        self.stats.raced_refresh += 1
                else:
                    self.stats.error(f"search shard {shard} missing")

    def run(self):
        while not self.stop.is_set():
            roll = self.rng.random()
            if roll < 0.55:
                page = self.rng.choice(self.pages)
                path = self.base + page
                self.request(path, (200, 304), self.etags.get(path) if self.rng.random() < 0.3 else None)
            elif roll < 0.60 and self.folders:
                self.request(self.base + self.rng.choice(self.folders).rstrip("/"), (302,))
            elif roll < 0.85:
                path = self.base + self.rng.choice(self.assets)
                self.request(path, (200, 304), self.etags.get(path) if self.rng.random() < 0.5 else None)
            elif roll < 0.97:
                self.search()
            else:
                self.request(self.base + "no-such-page-for-the-soak/", (404,))
        if self.conn is not None:
            self.conn.close()


class Stream(threading.Thread):
    """A live-reload event stream; a `tab` reconnects after each reload, as a page does."""

    def __init__(self, host, port, base, page, stats, stop, tab):
        super().__init__(daemon=True)
        self.host, self.port, self.base, self.page = host, port, base, page
        self.stats, self.stop, self.tab = stats, stop, tab
        self.events = 0
        self.sock = None

    def open(self):
        self.sock = socket.create_connection((self.host, self.port), timeout=30)
        self.sock.sendall(
            f"GET /__handbook/events HTTP/1.1\r\nHost: {self.host}\r\nAccept: text/event-stream\r\n\r\n".encode()
        )

    def run(self):
        try:
            self.open()
        except OSError as err:
            self.stats.error(f"stream connect: {type(err).__name__}")
            return
        buf = b""
        while not self.stop.is_set():
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                # The server writes a comment line every 5 s to an idle stream.
                self.stats.error("stream silent for 30 s")
                continue
            except OSError as err:
                if not self.stop.is_set():
                    self.stats.error(f"stream: {type(err).__name__}")
                return
            if not data:
                if not self.stop.is_set():
                    self.stats.error("stream closed by the server")
                return
            buf += data
            while b"\n\n" in buf:
                block, buf = buf.split(b"\n\n", 1)
                if b"event: reload" in block or b"event: css" in block:
                    self.events += 1
                    if self.tab:
                        self.reconnect()
                        buf = b""

    def reconnect(self):
        self.sock.close()
        try:
            with socket.create_connection((self.host, self.port), timeout=30) as s:
                s.sendall(f"GET {self.base}{self.page} HTTP/1.1\r\nHost: {self.host}\r\nConnection: close\r\n\r\n".encode())
                while s.recv(65536):
                    pass
            self.open()
        except OSError as err:
            self.stats.error(f"tab reconnect: {type(err).__name__}")

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass


class Editor(threading.Thread):
    """Edits the site the way people and tools do, and checks that each change is served."""

    def __init__(self, site, workdir, page_file, page_url, fetch, stats, stop):
        super().__init__(daemon=True)
        self.site, self.workdir = site, workdir
        self.content = os.path.join(site, "content")
        self.page_file, self.page_url, self.fetch = page_file, page_url, fetch
        self.stats, self.stop = stats, stop
        with open(os.path.join(self.content, page_file), encoding="utf-8") as f:
            self.original = f.read()
        self.n = 0
        self.done = {}
        self.unseen = []
        self.seen_ms = {}

    def text(self, marker, extra=""):
        return f"{self.original}\n\nSoak marker {marker}.\n{extra}"

    def write(self, text, folder=None):
        path = os.path.join(folder or self.content, self.page_file)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def wait_for(self, what, check):
        started = time.perf_counter()
        while time.perf_counter() - started < SEEN_TIMEOUT:
            body = self.fetch(self.page_url)
            if body is not None and check(body):
                self.seen_ms.setdefault(what, []).append((time.perf_counter() - started) * 1000)
                return True
            time.sleep(0.05)
        self.unseen.append(what)
        self.stats.error(f"change never served: {what}")
        return False

    def good(self, folder=None, extra=""):
        """Writes the next good version (into `folder`, a copy, when given); returns its marker."""
        self.n += 1
        marker = f"soak{self.n}x"
        self.write(self.text(marker, extra), folder)
        return marker

    def seen(self, what, marker):
        return self.wait_for(what, lambda b: marker.encode() in b and b"hb-overlay" not in b)

    def copy_of_content(self, name):
        path = os.path.join(self.workdir, name)
        shutil.rmtree(path, ignore_errors=True)
        shutil.copytree(self.content, path)
        return path

    @staticmethod
    def shell(*command):
        """`rm -rf` and `cp -r` as people run them (and at their speed, whatever Python's is)."""
        subprocess.run(command, check=True)

    def step(self, kind):
        with self.stats.lock:
            self.stats.step = kind
        if kind == "edit":
            self.seen(kind, self.good())
        elif kind in ("broken-yaml", "missing-include"):
            if kind == "broken-yaml":
                broken = self.original.replace("title:", "title: [broken", 1)
            else:
                broken = self.text("broken", '{{< include "soak-missing-file.md" >}}\n')
            self.write(broken)
            self.wait_for(kind, lambda b: b"hb-overlay" in b)
            self.seen(kind + " fixed", self.good())
        elif kind == "malformed-shortcode":
            self.seen(kind, self.good(extra='{{< alert type="x"\n'))
        elif kind == "delete-and-copy-back":
            backup = self.copy_of_content("backup")
            marker = self.good(backup)
            self.shell("rm", "-rf", self.content)
            self.shell("cp", "-r", backup, self.content)
            self.seen(kind, marker)
            self.seen(kind + " then edit", self.good())
        elif kind == "delete-wait-copy-back":
            backup = self.copy_of_content("backup")
            marker = self.good(backup)
            self.shell("rm", "-rf", self.content)
            self.wait_for(kind + " (overlay while gone)", lambda b: b"content folder is gone" in b)
            self.shell("cp", "-r", backup, self.content)
            self.seen(kind, marker)
            self.seen(kind + " then edit", self.good())
        elif kind == "rename-away-and-back":
            away = os.path.join(self.site, "away")
            os.rename(self.content, away)
            os.rename(away, self.content)
            self.seen(kind + " then edit", self.good())
        elif kind == "swap-by-rename":
            following = self.copy_of_content("next")
            marker = self.good(following)
            old = os.path.join(self.site, "old")
            os.rename(self.content, old)
            os.rename(following, self.content)
            self.seen(kind, marker)
            self.seen(kind + " then edit", self.good())
            shutil.rmtree(old)
        self.done[kind] = self.done.get(kind, 0) + 1

    def run(self):
        cycle = [
            "edit",
            "broken-yaml",
            "edit",
            "missing-include",
            "malformed-shortcode",
            "delete-and-copy-back",
            "edit",
            "rename-away-and-back",
            "swap-by-rename",
            "delete-wait-copy-back",
        ]
        i = 0
        while not self.stop.is_set():
            try:
                self.step(cycle[i % len(cycle)])
            except (OSError, subprocess.CalledProcessError) as err:
                self.stats.error(f"editor: {err}")
            i += 1
            self.stop.wait(0.3)
        # Leave the site as it was found, for a last check that it is still served.
        with self.stats.lock:
            self.stats.step = "end"
        if os.path.isdir(self.content):
            self.write(self.original)


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p / 100))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--streams", type=int, default=10)
    parser.add_argument("--tabs", type=int, default=10)
    parser.add_argument("--root", default=ROOT, help="the site to copy (default: this repository's bundled handbook)")
    parser.add_argument("--pages", type=int, help="copy the generated corpus target/bench/corpus-N instead")
    parser.add_argument("--settle", type=float, default=15, help="seconds to wait after the load before the last measure (a stream's thread notices its client is gone at its next keepalive, within 10 s)")
    parser.add_argument("--binary", default=os.path.join(ROOT, "target/release/handbook"))
    parser.add_argument("--seed", type=int, default=19, help="seeds the clients' choices")
    args = parser.parse_args()
    source = os.path.join(ROOT, f"target/bench/corpus-{args.pages}") if args.pages else os.path.abspath(args.root)
    if not os.path.isdir(source):
        raise SystemExit(f"{source} is missing (generate a corpus with python3 bench/bench.py --generate-only --pages N)")

    workdir = tempfile.mkdtemp(prefix="handbook-soak-")
    site = os.path.join(workdir, "site")
    os.mkdir(site)
    server = None
    try:
        copy_site(source, site)
        pages, assets, search = site_urls(args.binary, site, workdir)
        content = os.path.join(site, "content")
        # A plain page (not a section) served at the URL of its file's path.
        page_file = next(
            rel
            for d, _, files in sorted(os.walk(content))
            for n in sorted(files)
            if n.endswith(".md") and not n.startswith(("_index", "index", "README"))
            for rel in [os.path.relpath(os.path.join(d, n), content)]
            if os.path.splitext(rel)[0].replace(os.sep, "/") + "/" in pages
        )
        page_url = os.path.splitext(page_file)[0].replace(os.sep, "/") + "/"

        server, url = start_serve(args.binary, site, subprocess.PIPE)
        output = {"stdout": [], "stderr": []}
        for name, pipe in (("stdout", server.stdout), ("stderr", server.stderr)):
            threading.Thread(target=lambda n=name, p=pipe: [output[n].append(l) for l in p], daemon=True).start()
        address, _, rest = url[len("http://"):].partition("/")
        host, port = address.rsplit(":", 1)
        port = int(port)
        base = "/" + rest

        stats = Stats()
        stop = threading.Event()
        time.sleep(1.0)
        before = proc_status(server.pid)

        def fetch(path):
            try:
                conn = http.client.HTTPConnection(host, port, timeout=30)
                conn.request("GET", base + path, headers={"Connection": "close"})
                body = conn.getresponse().read()
                conn.close()
                return body
            except (OSError, http.client.HTTPException):
                return None

        streams = [Stream(host, port, base, page_url, stats, stop, tab=n >= args.streams) for n in range(args.streams + args.tabs)]
        clients = [
            Client(args.seed * 1000 + n, host, port, base, (pages, assets), stats, stop, keep_alive=n % 4 != 3)
            for n in range(args.clients)
        ]
        editor = Editor(site, workdir, page_file, page_url, fetch, stats, stop)
        for thread in streams + clients:
            thread.start()
        time.sleep(0.5)
        editor.start()
        peak = dict(before)
        started = time.perf_counter()
        while time.perf_counter() - started < args.seconds and server.poll() is None:
            time.sleep(0.5)
            now = proc_status(server.pid)
            if now:
                peak = {k: max(peak[k], now[k]) for k in peak}
        elapsed = time.perf_counter() - started
        stop.set()
        editor.join(SEEN_TIMEOUT * 3)
        for thread in clients:
            thread.join(40)
        for stream in streams:
            stream.close()
        for stream in streams:
            stream.join(5)
        alive = server.poll() is None
        if alive:
            # The editor put the page back as it was: served so, without the overlay.
            editor.wait_for("the page restored after the soak", lambda b: b"Soak marker" not in b and b"hb-overlay" not in b)
        time.sleep(args.settle)
        after = proc_status(server.pid) if server.poll() is None else None
        alive = alive and server.poll() is None
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            server.wait()
        shutil.rmtree(workdir, ignore_errors=True)

    panics = [l for l in output["stderr"] if "panicked" in l]
    rebuilds = sum(1 for l in output["stdout"] if l.startswith("Rebuilt"))
    failed = sum(1 for l in output["stdout"] if "failed" in l)
    latencies = sorted(stats.latencies)
    print(f"site: {os.path.relpath(source, ROOT) if source.startswith(ROOT) else source} "
          f"({len(pages)} pages, {len(assets)} assets, {len(search)} search files); page edited: content/{page_file}")
    print(f"load: {args.clients} clients ({sum(1 for c in clients if c.keep_alive)} keep-alive), "
          f"{args.streams} streams, {args.tabs} reconnecting tabs, {elapsed:.0f} s")
    print(f"requests: {stats.requests} ({stats.requests / elapsed:.0f}/s); statuses: "
          + ", ".join(f"{s}: {c}" for s, c in sorted(stats.statuses.items())))
    print(f"latency: p50 {percentile(latencies, 50) * 1000:.1f} ms, p99 {percentile(latencies, 99) * 1000:.1f} ms, "
          f"max {latencies[-1] * 1000 if latencies else float('nan'):.1f} ms")
    steps = ", ".join(f"{k} {v}" for k, v in editor.done.items())
    print(f"editor: {sum(editor.done.values())} changes ({steps}); server printed {rebuilds} rebuilds, {failed} failed builds")
    sizes = {}
    for line in output["stdout"]:
        words = line.split()
        if line.startswith("Rebuilt") and words[2] == "pages":
            sizes[int(words[1])] = sizes.get(int(words[1]), 0) + 1
    print("full rebuilds by pages built: " + ", ".join(f"{n} pages x {c}" for n, c in sorted(sizes.items())))
    shown = {k: statistics.median(v) for k, v in editor.seen_ms.items()}
    print("change to served page, median ms: " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(shown.items())))
    kept = [s.events for s in streams if not s.tab]
    tabs = [s.events for s in streams if s.tab]
    print(f"reload events per open stream: {min(kept, default=0)}-{max(kept, default=0)}; per tab: {min(tabs, default=0)}-{max(tabs, default=0)}")
    if stats.raced_refresh:
        print(f"search shards gone with an index refresh between index.json and the shard: {stats.raced_refresh} (not errors)")
    for label, figures in (("before", before), ("peak", peak), ("after", after)):
        if figures:
            print(f"server {label:6}: {figures['threads']} threads, {figures['files']} open files, "
                  f"RSS {figures['rss_mb']:.1f} MB (VmHWM {figures['hwm_mb']:.1f} MB)")
    errors = stats.error_count() + len(panics)
    print(f"errors: {errors}" + "".join(f"\n  {c} x {what} (during {step})" for (what, step), c in sorted(stats.errors.items())))
    for line in panics[:5]:
        print(f"  panic: {line.strip()}")
    if not alive:
        print("the server died")
    return 0 if alive and errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
