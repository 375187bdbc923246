#!/usr/bin/env python3
"""What reading dates and authors from git adds to a build (issue 17's target: under 0.5 s).

Why this file exists: a handbook's pages take their last change and author from one
``git log`` over the whole history, and that has to stay cheap on a large repository. This
script:

1. takes ``bench/bench.py``'s corpus of N pages (10,000 by default; generated and cached
   under ``target/bench/`` by that script's generator);
2. writes a git repository of it with ``git fast-import`` (seconds, not the minutes 20,000
   ``git commit`` runs would take) under ``target/bench/git-N-C/``: one commit adding every
   page, then C - 1 commits (20,000 in all by default) that each edit one page, by one of a
   dozen authors, an hour apart; ``git reset --hard`` checks the last commit out;
3. times ``handbook build`` of it (release binary) with ``git: true`` and ``git: false``,
   taking turns, and prints the medians, their difference and ``git log``'s time alone.

Run it from the repository root: ``python3 bench/git_history.py`` (``--help`` for options).
Only the Python standard library is used; ``git`` must be installed.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO / "target" / "bench"
HANDBOOK_BIN = REPO / "target" / "release" / "handbook"
AUTHORS = [f"Author {name}" for name in
           ["Ana", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kim", "Lee"]]
START = 1_600_000_000  # 2020-09-13: the first commit's time; each next commit is an hour later.


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load_bench():
    spec = importlib.util.spec_from_file_location("bench", REPO / "bench" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module
    spec.loader.exec_module(module)
    return module


def fast_import_stream(files: dict[str, bytes], commits: int, rng: random.Random):
    """Yields the ``git fast-import`` stream: all files, then one edit per commit."""
    def commit_header(n: int, message: str) -> bytes:
        author = AUTHORS[rng.randrange(len(AUTHORS))]
        when = START + n * 3600
        ident = f"{author} <{author.split()[-1].lower()}@example.org> {when} +0000"
        msg = message.encode()
        head = (f"commit refs/heads/main\nmark :{n + 1}\nauthor {ident}\ncommitter {ident}\n"
                f"data {len(msg)}\n").encode() + msg + b"\n"
        if n > 0:
            head += f"from :{n}\n".encode()
        return head

    def modify(path: str, data: bytes) -> bytes:
        return f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n"

    yield commit_header(0, "Add the handbook")
    for path, data in files.items():
        yield modify(path, data)
    paths = [p for p in files if p.endswith(".md")]
    for n in range(1, commits):
        path = paths[rng.randrange(len(paths))]
        files[path] += f"\nEdit {n}.\n".encode()
        yield commit_header(n, f"Edit {path}") + modify(path, files[path])


def make_repository(corpus: Path, commits: int) -> Path:
    dest = BENCH_DIR / f"git-{corpus.name.removeprefix('corpus-')}-{commits}"
    stamp = dest / ".bench-git.json"
    if stamp.is_file():
        return dest
    log(f"writing a repository of {commits} commits in {dest.relative_to(REPO)} ...")
    started = time.perf_counter()
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    files: dict[str, bytes] = {}
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            files[path.relative_to(corpus).as_posix()] = path.read_bytes()
    files[".gitignore"] = b"/public*/\n"
    subprocess.run(["git", "init", "-q", str(dest)], check=True)
    proc = subprocess.Popen(["git", "-C", str(dest), "fast-import", "--quiet"],
                            stdin=subprocess.PIPE)
    for chunk in fast_import_stream(files, commits, random.Random(17)):
        proc.stdin.write(chunk)
    proc.stdin.close()
    if proc.wait() != 0:
        raise RuntimeError("git fast-import failed")
    subprocess.run(["git", "-C", str(dest), "symbolic-ref", "HEAD", "refs/heads/main"], check=True)
    subprocess.run(["git", "-C", str(dest), "reset", "-q", "--hard"], check=True)
    stamp.write_text("{}\n")
    log(f"  done in {time.perf_counter() - started:.1f} s")
    return dest


def timed(cmd: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--commits", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not HANDBOOK_BIN.is_file():
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    corpus = load_bench().generate_corpus(args.pages)
    repo = make_repository(corpus, args.commits)
    config = (repo / "handbook.yml").read_text().replace("\ngit: false\n", "\n")
    configs = {"git": config, "no git": config + "git: false\n"}
    out = BENCH_DIR / "git-out"
    times: dict[str, list[float]] = {name: [] for name in configs}
    build = [str(HANDBOOK_BIN), "build", "--quiet", "--output", str(out)]
    for name, text in configs.items():  # warm the file cache; both must build
        (repo / "handbook.yml").write_text(text)
        timed(build, repo)
    for _ in range(args.runs):
        for name, text in configs.items():
            (repo / "handbook.yml").write_text(text)
            times[name].append(timed(build, repo))
    (repo / "handbook.yml").write_text(config)
    git_log = [timed(["git", "log", "--name-only", "-z", "--no-merges", "--relative",
                      "--format=%x1e%H%x1f%aI%x1f%aN", "--", "."], repo)
               for _ in range(args.runs)]
    with_git, without = statistics.median(times["git"]), statistics.median(times["no git"])
    pairs = statistics.median([a - b for a, b in zip(times["git"], times["no git"])])
    print(f"{args.pages} pages, {args.commits} commits, {args.runs} runs (medians):")
    print(f"  build with git dates:    {with_git:.2f} s")
    print(f"  build without (git: false): {without:.2f} s")
    print(f"  difference: {with_git - without:+.2f} s (median of pairs {pairs:+.2f} s)")
    print(f"  git log alone: {statistics.median(git_log):.2f} s")
    for name, runs in times.items():
        print(f"  {name} runs: " + " ".join(f"{t:.2f}" for t in runs))


if __name__ == "__main__":
    main()
