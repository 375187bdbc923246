#!/usr/bin/env python3
"""Benchmark of `handbook serve` on the generated corpus.

Starts `target/release/handbook serve` on target/bench/corpus-N (generate it first with
`python3 bench/bench.py --generate-only --pages N`), keeps 5 live-reload streams open, edits one
page's body EDITS times, and measures the time from the file save to the `reload` event arriving
on a stream (`--change body`, the default; `--change title` edits the page's title instead,
which re-renders its section's listing and navigation; `--change top-title` edits the title of a
top-level section, which is in the navigation of every page; `--change rename` renames the page
file back and forth, which moves it to a new URL). Then 50 clients fetch pages at once. Prints the median and spread of the reload
latency, the startup time, the peak memory (VmHWM) of the server, and any request errors.

The page file is restored at the end.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))



def start_serve(binary, site, stderr):
    """Starts `handbook serve` on a free port; returns the process and the URL it printed."""
    server = subprocess.Popen([binary, "serve", "--root", site, "--port", "0"],
                              stdout=subprocess.PIPE, stderr=stderr, text=True)
    for line in server.stdout:
        if "http://" in line:
            return server, next(w for w in line.split() if w.startswith("http://"))
    raise SystemExit("the server printed no URL" + (":\n" + server.stderr.read() if server.stderr else ""))


class Stream:
    """A raw event-stream reader that timestamps every `reload` event."""

    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port))
        self.sock.sendall(f"GET /__handbook/events HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        self.events = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        buf = b""
        while True:
            try:
                data = self.sock.recv(65536)
            except OSError:
                return
            if not data:
                return
            now = time.perf_counter()
            buf += data
            while b"\n\n" in buf:
                block, buf = buf.split(b"\n\n", 1)
                if b"event: reload" in block or b"event: css" in block:
                    with self.cond:
                        self.events.append(now)
                        self.cond.notify_all()

    def wait(self, count, timeout):
        deadline = time.perf_counter() + timeout
        with self.cond:
            while len(self.events) < count:
                left = deadline - time.perf_counter()
                if left <= 0:
                    return None
                self.cond.wait(left)
            return self.events[count - 1]


def get(host, port, path):
    with socket.create_connection((host, port), timeout=30) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return int(data.split(b" ", 2)[1])


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def pick_page(content):
    """A plain page deep in the tree (not a section index)."""
    for dirpath, _, files in sorted(os.walk(content)):
        for name in sorted(files):
            if name.endswith(".md") and not name.startswith(("_index", "index")) and dirpath.count(os.sep) - content.count(os.sep) >= 2:
                return os.path.join(dirpath, name)
    raise SystemExit("no page found")


def pick_top_section(content):
    """The index file of a top-level section: its title is in every page's navigation."""
    for name in sorted(os.listdir(content)):
        index = os.path.join(content, name, "_index.md")
        if os.path.isfile(index):
            return index
    raise SystemExit("no top-level section found")


def edited(original, change, n):
    """The page's text for edit number n."""
    if change == "body":
        return original + f"\n\nServe benchmark edit {n} at {time.time()}.\n"
    lines = original.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("title:"):
            lines[i] = f"title: Benchmark title {n}"
            return "\n".join(lines)
    raise SystemExit("the page has no title in its front matter")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--change", choices=["body", "title", "top-title", "rename"], default="body")
    parser.add_argument("--binary", default=os.path.join(ROOT, "target/release/handbook"))
    args = parser.parse_args()
    site = os.path.join(ROOT, f"target/bench/corpus-{args.pages}")
    if not os.path.isdir(site):
        raise SystemExit(f"{site} is missing: run python3 bench/bench.py --generate-only --pages {args.pages}")

    started = time.perf_counter()
    server, url = start_serve(args.binary, site, subprocess.DEVNULL)
    startup = time.perf_counter() - started
    threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
    host, port = url[len("http://"):].split("/")[0].rsplit(":", 1)
    port = int(port)

    streams = [Stream(host, port) for _ in range(5)]
    time.sleep(1.0)  # let the watcher settle
    content = os.path.join(site, "content")
    page = pick_top_section(content) if args.change == "top-title" else pick_page(content)
    with open(page, encoding="utf-8") as f:
        original = f.read()
    latencies = []
    try:
        for n in range(1, args.edits + 1):
            if args.change == "rename":
                moved = page[: -len(".md")] + "-moved.md"
                source, target = (page, moved) if n % 2 else (moved, page)
                os.rename(source, target)
            else:
                with open(page, "w", encoding="utf-8") as f:
                    f.write(edited(original, args.change, n))
            saved = time.perf_counter()
            arrived = streams[0].wait(n, 30)
            if arrived is None:
                raise SystemExit(f"edit {n}: no reload event within 30 s")
            latencies.append((arrived - saved) * 1000)
            time.sleep(0.3)
        for stream in streams[1:]:
            if stream.wait(args.edits, 10) is None:
                print(f"warning: a stream got only {len(stream.events)} events")
        rel = os.path.relpath(page, content)
        path = "/" + os.path.splitext(rel)[0].replace(os.sep, "/") + "/"
        if path.endswith("/_index/"):
            path = path[: -len("_index/")]
        with ThreadPoolExecutor(max_workers=50) as pool:
            statuses = list(pool.map(lambda _: get(host, port, path), range(50)))
        errors = sum(1 for s in statuses if s != 200)
        rss = peak_rss_mb(server.pid)
    finally:
        moved = page[: -len(".md")] + "-moved.md"
        if os.path.exists(moved):
            os.rename(moved, page)
        with open(page, "w", encoding="utf-8") as f:
            f.write(original)
        time.sleep(0.5)
        server.terminate()
        server.wait()

    latencies.sort()
    print(f"corpus: {args.pages} pages; startup to URL printed: {startup:.2f} s")
    print(f"change: {args.change} of {os.path.relpath(page, content)}")
    print(f"save -> reload event, {len(latencies)} edits: median {statistics.median(latencies):.1f} ms, min {latencies[0]:.1f} ms, max {latencies[-1]:.1f} ms")
    print(f"50 concurrent requests with 5 reload streams open: {errors} errors")
    print(f"peak RSS (VmHWM): {rss:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
