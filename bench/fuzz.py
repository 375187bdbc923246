#!/usr/bin/env python3
"""Seeded mutation fuzzer for `handbook build` and `handbook check`.

Each case is a small site made from real files (the bundled `content/` and `handbook.yml`, and
`../shared/corpora/` when it is there), with one or more mutations: byte flips, truncation,
deep nesting, huge lines, invalid UTF-8, YAML aliases, shortcode and include graphs, hostile
front matter, odd file names and symbolic links. Both commands run under a time and memory cap,
and a case fails on:

- a panic (`panicked` on stderr, exit 101) or a signal (a crash, a stack overflow);
- a time-out (more than --timeout seconds) or more than --max-rss MB of memory;
- an exit code other than 0 (built), 1 (content problems) or 2 where the message is one of
  the few fatal errors a site can cause;
- a content problem printed without a location (an `error:` or `warning:` block with no
  `-->` line);
- files outside the output folder changed (the site's own files must be left as they were).

Failing cases are kept under --keep (default target/fuzz-failures/) with a `repro.sh`.

With `--serve`, one `handbook serve` runs on a copy of the bundled handbook while each case's
files are saved into its `content/fuzz/` in turn (and removed again): the case fails when the
server dies, stops answering within --timeout, or goes over --max-rss.

    python3 bench/fuzz.py --seconds 120 --seed 1            # what CI runs
    python3 bench/fuzz.py --cases 10000 --seed 7 --binary target/release/handbook
    python3 bench/fuzz.py --serve --cases 300 --seed 3
"""

import argparse
import hashlib
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPORA = os.path.join(os.path.dirname(ROOT), "shared", "corpora")

# Exit-2 messages that a site's own files may legitimately cause (the build cannot run).
FATAL_OK = (
    "is not a folder",
    "refusing to",
)


def seed_files(limit_bytes=200_000):
    """Real Markdown and YAML files to mutate: (relative path, bytes)."""
    seeds = []
    for base in [os.path.join(ROOT, "content"), CORPORA]:
        if not os.path.isdir(base):
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                if not name.lower().endswith((".md", ".markdown", ".yml", ".yaml", ".toml")):
                    continue
                path = os.path.join(dirpath, name)
                try:
                    if os.path.getsize(path) > limit_bytes:
                        continue
                    with open(path, "rb") as f:
                        seeds.append((os.path.relpath(path, base), f.read()))
                except OSError:
                    pass
    return seeds


# ---------------------------------------------------------------------------------------------
# Mutations: each takes (rng, bytes) and returns bytes.

SHORTCODE_BITS = [
    b"{{<", b"{{%", b">}}", b"%}}", b"/*", b"*/", b"{{</*", b"*/>}}", b"{{% /", b"{{< /",
    b"/>}}", b'"', b"'", b"`", b"=", b" ", b"note", b"include", b"ref", b"relref", b"\n",
    b"{{< note >}}", b"{{< /note >}}", b"{{% include \"x.md\" %}}", b"{{</*/>}}", b"{{%/*/%}}",
]
MARKDOWN_BITS = [
    b"[x](missing.md) ", b"![", b"](", b"[", b"]", b"(", b")", b"<", b">", b"&", b"#", b"*",
    b"_", b"`", b"```", b"~~~", b"|", b"-", b"> ", b"[^1]", b"[^1]: note", b"<!--", b"-->",
    b"<div>", b"</div>", b"\t", b"\r", b"\r\n", b"\x00", b"\xff", b"\xc3", b"\xe2\x80",
    b"> [!NOTE]", b"!!! note", b"{#id}", b"{: .class}", b"$$", b"<script>", b"{{ x }}",
]
YAML_BITS = [
    b"---\n", b"title: ", b"slug: ", b"weight: ", b"date: ", b"aliases: ", b"tags: ", b"[", b"]",
    b"{", b"}", b": ", b"- ", b"&a ", b"*a", b"!!binary ", b"? ", b"|\n", b">\n", b"'", b'"',
    b"\t", b"~", b"null", b"1e999", b"-1", b"2024-13-45", b"..", b"/", b"\\", b"\x00", b"\xff",
    b"<<: *a\n", b"kind: response\n", b"kind: escalation\n", b"channels: [x, forum]\n",
]


def flip(rng, data):
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if data:
            i = rng.randrange(len(data))
            data[i] ^= 1 << rng.randrange(8)
    return bytes(data)


def truncate(rng, data):
    return data[: rng.randint(0, len(data))] if data else data


def splice(bits):
    def mutate(rng, data):
        data = bytearray(data)
        for _ in range(rng.randint(1, 12)):
            at = rng.randint(0, len(data))
            data[at:at] = rng.choice(bits)
        return bytes(data)

    return mutate


def delete_run(rng, data):
    if len(data) < 2:
        return data
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 64))
    return data[:a] + data[b:]


def huge_line(rng, data):
    unit = rng.choice([b"[x](missing.md) ", b"{{<", b"![", b"[", b"*a", b"a", b"<a ", b"`", b"|"])
    count = rng.choice([1000, 10000, 40000]) if len(unit) > 1 else rng.choice([100000, 500000])
    line = unit * min(count, 1_000_000 // len(unit))
    at = rng.randint(0, len(data))
    return data[:at] + line + data[at:]


def deep_nesting(rng, data):
    depth = rng.choice([100, 1000, 10000, 100000])
    kind = rng.randrange(5)
    if kind == 0:
        fm = b"---\na: " + b"[" * depth + b"\n---\n"
    elif kind == 1:
        fm = b"---\na:\n" + b"".join(b" " * i + b"- \n" for i in range(min(depth, 3000))) + b"---\n"
    elif kind == 2:
        fm = b"---\na: " + b"{a: " * depth + b"\n---\n"
    elif kind == 3:
        return data + b"\n" + b"> " * depth + b"x\n"
    else:
        return data + b"\n" + b"* " * min(depth, 10000) + b"x\n"
    return fm + data


def yaml_aliases(rng, data):
    levels = rng.randint(3, 9)
    lines = [b"---", b'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        refs = b",".join([b"*a%d" % (i - 1)] * 9)
        lines.append(b"a%d: &a%d [%s]" % (i, i, refs))
    lines.append(b"title: *a%d" % (levels - 1) if rng.random() < 0.5 else b"title: Laughs")
    lines.append(b"---")
    return b"\n".join(lines) + b"\n" + data


def invalid_utf8(rng, data):
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        at = rng.randint(0, len(data))
        data[at:at] = rng.choice([b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\x00"])
    return bytes(data)


def hostile_front_matter(rng, data):
    value = rng.choice([
        b"slug: '..'", b"slug: '.'", b"slug: 'a/../b'", b"slug: '/etc/passwd'", b"slug: 'a\\\\b'",
        b"slug: \"\\r\\n\"", b"slug: ''", b"url: '../../x'", b"url: '//x'", b"aliases: ['../../x']",
        b"aliases: ['/a/../../b']", b"title: !!binary aGVsbG8=", b"weight: 99999999999999999999999",
        b"date: 99999-01-01", b"date: 0000-00-00", b"title: [1, 2]", b"title: {a: 1}",
        b"draft: maybe", b"kind: nonsense", b"kind: response\nchannels: 7", b"kind: response\nvariants: [{]",
        b"title: \"\\u0000\"", b"canonical_path: '/../'", b"type: '../x'", b"layout: '../../../etc/passwd'",
    ])
    return b"---\n" + value + b"\n---\n" + data


def shortcode_graph(rng, data):
    return splice(SHORTCODE_BITS)(rng, data)


MUTATIONS = [
    (flip, 3), (truncate, 2), (splice(MARKDOWN_BITS), 4), (splice(YAML_BITS), 3), (delete_run, 2),
    (huge_line, 1), (deep_nesting, 1), (yaml_aliases, 1), (invalid_utf8, 2),
    (hostile_front_matter, 2), (shortcode_graph, 3),
]


def mutate(rng, data):
    total = sum(w for _, w in MUTATIONS)
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        pick = rng.uniform(0, total)
        for fn, weight in MUTATIONS:
            pick -= weight
            if pick <= 0:
                data = fn(rng, data)
                break
    return data[:1_000_000]


# ---------------------------------------------------------------------------------------------
# Whole-site shapes: include graphs, odd names, links.

ODD_NAMES = [
    "back\\slash.md", "sp ace.md", "ünïcödé.md", "日本語.md", "a%2Fb.md", "q?.md", "hash#.md",
    "quote'.md", 'dq".md', "amp&.md", "lt<gt>.md", "...md", ".hidden.md", "-dash.md", "UPPER.MD",
    "index.md", "_index.md", "a.md.md", "tab\t.md", "new\nline.md", "CON.md",
]


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def include_graph(rng, content):
    """Files that include each other: a chain, a doubling chain, or a cycle."""
    shape = rng.choice(["chain", "double", "cycle", "self", "missing"])
    n = {"chain": rng.choice([10, 200, 2000]), "double": rng.choice([10, 24]), "cycle": 3,
         "self": 1, "missing": 1}[shape]
    for i in range(n):
        nxt = f"inc/f{i + 1}.md" if shape != "cycle" else f"inc/f{(i + 1) % n}.md"
        if shape == "self":
            nxt = "inc/f0.md"
        if shape == "missing":
            nxt = "inc/nowhere.md"
        call = f'{{{{% include "{nxt}" %}}}}\n'.encode()
        body = call * (2 if shape == "double" else 1) if (i + 1 < n or shape in ("cycle", "self", "missing")) else b"end\n"
        write(os.path.join(content, "inc", f"f{i}.md"), b"---\nheadless: true\n---\n" + body)
    write(os.path.join(content, "uses-include.md"), b'# Include\n\n{{% include "inc/f0.md" %}}\n')


def odd_names(rng, content, seed_bytes):
    for name in rng.sample(ODD_NAMES, rng.randint(1, 4)):
        try:
            write(os.path.join(content, "odd", name), seed_bytes)
        except OSError:
            pass
    if rng.random() < 0.5:
        try:
            write(os.fsencode(os.path.join(content, "odd")) + b"/bad\xff\xfe.md", seed_bytes)
        except OSError:
            pass


def links(rng, site, content):
    choices = [
        ("passwd.md", "/etc/passwd"), ("loop.md", "loop.md"), ("dangling.md", "/nowhere/x.md"),
        ("up", ".."), ("root", "/"), ("self-dir", "."),
    ]
    for name, target in rng.sample(choices, rng.randint(1, 3)):
        try:
            os.symlink(target, os.path.join(content, name))
        except OSError:
            pass


def make_site(rng, seeds, config):
    site = tempfile.mkdtemp(prefix="hbfuzz-")
    content = os.path.join(site, "content")
    os.makedirs(content)
    markdown = [s for s in seeds if s[0].lower().endswith((".md", ".markdown"))]
    picks = rng.sample(markdown, min(len(markdown), rng.randint(1, 6)))
    for i, (rel, data) in enumerate(picks):
        data = mutate(rng, data) if i == 0 or rng.random() < 0.3 else data
        # Flatten corpus paths a little so that sections and links still meet.
        parts = rel.replace("\\", "/").split("/")[-2:]
        write(os.path.join(content, *parts), data)
    cfg = config
    if rng.random() < 0.15:
        cfg = mutate(rng, cfg)
    if rng.random() < 0.1:
        cfg = cfg + rng.choice([b"\nunknown_key: 1\n", b"\nbroken_links: sometimes\n", b"\ntitle: [\n",
                                b"\nfollow_symlinks: true\n", b"\nchannels: 5\n"])
    write(os.path.join(site, "handbook.yml"), cfg)
    shape = rng.random()
    if shape < 0.12:
        include_graph(rng, content)
    elif shape < 0.2:
        odd_names(rng, content, picks[0][1][:2000])
    elif shape < 0.26:
        links(rng, site, content)
    return site


# ---------------------------------------------------------------------------------------------
# Running one command under the caps.


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(cmd, timeout, max_rss_mb):
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=out, stderr=err, start_new_session=True)
    peak, verdict = 0, None
    while True:
        code = proc.poll()
        if code is not None:
            break
        peak = max(peak, rss_kb(proc.pid))
        if peak > max_rss_mb * 1024:
            verdict = f"memory over {max_rss_mb} MB"
        elif time.monotonic() - started > timeout:
            verdict = f"time-out after {timeout} s"
        if verdict:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            break
        time.sleep(0.01)
    elapsed = time.monotonic() - started
    out.seek(0)
    err.seek(0)
    return proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"), elapsed, peak, verdict


# The summary lines that end a failed run; not diagnostics themselves.
SUMMARIES = ("error: the build failed", "error: the site has errors", "error: check found")


def unlocated(stderr):
    """Diagnostic blocks (`error:`/`warning:` at the start of a line) with no `-->` line."""
    lines = stderr.splitlines()
    bad = []
    for i, line in enumerate(lines):
        if line.startswith(("error:", "warning:")) and not line.startswith(SUMMARIES):
            if not (i + 1 < len(lines) and lines[i + 1].lstrip().startswith("-->")):
                bad.append(line)
    return bad


def snapshot(site):
    """Hashes of every file in the site except the output, to see that nothing else changed."""
    digest = {}
    for dirpath, dirnames, filenames in os.walk(site, followlinks=False):
        dirnames[:] = [d for d in dirnames if d != "out" and not d.startswith(".out.")]
        for name in filenames:
            path = os.path.join(dirpath, name)
            try:
                if os.path.islink(path):
                    digest[path] = "link:" + os.readlink(path)
                else:
                    with open(path, "rb") as f:
                        digest[path] = hashlib.sha1(f.read()).hexdigest()
            except OSError:
                digest[path] = "unreadable"
    return digest


def judge(name, result, fatal_ok=FATAL_OK):
    code, _stdout, stderr, _elapsed, _peak, verdict = result
    if verdict:
        return verdict
    if code < 0:
        return f"killed by signal {-code}"
    if "panicked" in stderr or code == 101:
        return "panic: " + next((l for l in stderr.splitlines() if "panicked" in l), stderr[:200])
    if code not in (0, 1, 2):
        return f"exit code {code}"
    if code == 2 and not any(m in stderr for m in fatal_ok):
        return "fatal error on content: " + stderr.strip().splitlines()[0][:200] if stderr.strip() else "exit 2 with no message"
    if code == 1:
        bad = unlocated(stderr)
        if bad:
            return f"{name}: problem without a location: {bad[0][:200]}"
    return None


# ---------------------------------------------------------------------------------------------
# `--serve`: one preview server, every case saved into it.


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_ok(port, timeout):
    """True when the server answers GET / with any HTTP status within `timeout` seconds."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            return sock.recv(12).startswith(b"HTTP/1.")
    except OSError:
        return False


def case_seeds(args, rng, started):
    """Each case's seed and its own random source, until --cases or --seconds is reached."""
    cases = 0
    while not (args.cases and cases >= args.cases) and not (
            args.seconds and time.monotonic() - started > args.seconds):
        cases += 1
        seed = rng.getrandbits(32)
        yield seed, random.Random(seed)


def fuzz_serve(args, binary, seeds, rng, started):
    site = tempfile.mkdtemp(prefix="hbfuzz-serve-")
    shutil.copytree(os.path.join(ROOT, "content"), os.path.join(site, "content"))
    shutil.copy(os.path.join(ROOT, "handbook.yml"), os.path.join(site, "handbook.yml"))
    port = free_port()
    log = open(os.path.join(site, "serve.log"), "wb")
    proc = subprocess.Popen([binary, "serve", "--root", site, "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while not http_ok(port, 1) and time.monotonic() < deadline:
        time.sleep(0.1)
    failures, cases, peak = [], 0, 0
    target = os.path.join(site, "content", "fuzz")
    try:
        for case_seed, case_rng in case_seeds(args, rng, started):
            case = make_site(case_rng, seeds, b"")
            shutil.rmtree(target, ignore_errors=True)
            try:
                shutil.copytree(os.path.join(case, "content"), target, symlinks=True)
            except (OSError, shutil.Error):
                pass
            # Let the watcher see the save and the rebuild run, then ask for a page.
            time.sleep(0.3)
            problem = None
            waited = time.monotonic()
            while not http_ok(port, args.timeout):
                if proc.poll() is not None or time.monotonic() - waited > args.timeout:
                    break
            if proc.poll() is not None:
                problem = f"serve died (exit {proc.returncode})"
            elif time.monotonic() - waited > args.timeout:
                problem = f"serve did not answer within {args.timeout} s"
            rss = rss_kb(proc.pid)
            peak = max(peak, rss)
            if rss > args.max_rss * 1024:
                problem = f"serve holds {rss // 1024} MB"
            cases += 1
            if problem:
                keep = os.path.join(args.keep, f"serve-case-{case_seed}")
                shutil.rmtree(keep, ignore_errors=True)
                shutil.copytree(case, keep, symlinks=True)
                failures.append((case_seed, [problem]))
                print(f"FAIL serve case {case_seed}: {problem}", flush=True)
                shutil.rmtree(case, ignore_errors=True)
                break
            shutil.rmtree(case, ignore_errors=True)
            if cases % 50 == 0:
                print(f"{cases} saves, serve at {rss // 1024} MB, {time.monotonic() - started:.0f} s", flush=True)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
        if failures:
            shutil.copy(os.path.join(site, "serve.log"), os.path.join(args.keep, "serve.log"))
        shutil.rmtree(site, ignore_errors=True)
    print(f"fuzz serve: seed {args.seed}, {cases} saves in {time.monotonic() - started:.0f} s, "
          f"{len(failures)} failing; serve's peak memory {peak / 1024:.0f} MB")
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cases", type=int, default=0, help="stop after this many cases (0: no limit)")
    ap.add_argument("--seconds", type=float, default=0, help="stop after this long (0: no limit)")
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "debug", "handbook"))
    ap.add_argument("--timeout", type=float, default=5.0, help="seconds a command may take")
    ap.add_argument("--max-rss", type=int, default=1024, help="MB a command may use")
    ap.add_argument("--keep", default=os.path.join(ROOT, "target", "fuzz-failures"))
    ap.add_argument("--serve", action="store_true", help="save the cases into one running serve")
    args = ap.parse_args()
    if not args.cases and not args.seconds:
        args.cases = 200
    binary = os.path.abspath(args.binary)
    if not os.path.exists(binary):
        sys.exit(f"no binary at {binary}: run `cargo build` first")
    seeds = seed_files()
    with open(os.path.join(ROOT, "handbook.yml"), "rb") as f:
        config = f.read()
    rng = random.Random(args.seed)
    started = time.monotonic()
    if args.serve:
        os.makedirs(args.keep, exist_ok=True)
        sys.exit(1 if fuzz_serve(args, binary, seeds, rng, started) else 0)
    failures, cases, slowest, heaviest = [], 0, (0.0, ""), (0, "")
    for case_seed, case_rng in case_seeds(args, rng, started):
        site = make_site(case_rng, seeds, config)
        before = snapshot(site)
        out = os.path.join(site, "out")
        problems = []
        killed = False
        for name, cmd in [
            ("build", [binary, "build", "--root", site, "--output", out, "--quiet"]),
            ("check", [binary, "check", "--root", site]),
        ]:
            result = run(cmd, args.timeout, args.max_rss)
            if result[3] > slowest[0]:
                slowest = (result[3], f"{name} of case {case_seed}")
            if result[4] > heaviest[0]:
                heaviest = (result[4], f"{name} of case {case_seed}")
            killed = killed or result[5] is not None
            verdict = judge(name, result)
            if verdict:
                problems.append(f"{name}: {verdict}")
        if snapshot(site) != before:
            problems.append("files outside the output folder changed")
        # A process killed for its time or memory leaves its staging folder; the next build
        # removes it (tested in tests/testsuite/build_output.rs), so only a clean exit counts.
        leftovers = [n for n in os.listdir(site) if ".handbook-staging-" in n]
        if leftovers and not killed:
            problems.append(f"staging folders left: {leftovers}")
        cases += 1
        if problems:
            keep = os.path.join(args.keep, f"case-{case_seed}")
            shutil.rmtree(keep, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            try:
                shutil.copytree(site, keep, symlinks=True)
                with open(os.path.join(keep, "repro.sh"), "w") as f:
                    f.write(f"#!/bin/sh\n# {'; '.join(problems)}\n{binary} build --root \"$(dirname \"$0\")\" --output /tmp/hbfuzz-out\n")
            except OSError:
                pass
            failures.append((case_seed, problems))
            print(f"FAIL case {case_seed}: {'; '.join(problems)}", flush=True)
        shutil.rmtree(site, ignore_errors=True)
        if cases % 100 == 0:
            print(f"{cases} cases, {len(failures)} failing, {time.monotonic() - started:.0f} s", flush=True)
    elapsed = time.monotonic() - started
    print(f"fuzz: seed {args.seed}, {cases} cases in {elapsed:.0f} s, {len(failures)} failing; "
          f"slowest {slowest[0]:.2f} s ({slowest[1]}), most memory {heaviest[0] / 1024:.0f} MB ({heaviest[1]})")
    if failures:
        print(f"failing cases kept in {args.keep}")
        sys.exit(1)


if __name__ == "__main__":
    main()
