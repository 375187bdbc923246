"""Mixes Hugo shortcode calls into a copy of a bench corpus, for the `## shortcodes` figures in
BENCHMARKS.md. Every third page gets, with --light, one paired `note` (3,333 calls on the
10,000-page corpus); by default a note, a details block, tabs with two panes, a youtube call and
an emoji shortcode (19,998 calls).

    cp -r target/bench/corpus-10000 /tmp/corpus-sc && python3 bench/add_shortcodes.py /tmp/corpus-sc
"""
import os
import sys

LIGHT = "\n\n{{< note >}}\nRemember to **check the queue** first.\n{{< /note >}}\n"
HEAVY = (
    "\n\n{{< note >}}\nRemember to **check the queue** first :white_check_mark:\n{{< /note >}}\n\n"
    "{{% details \"Escalation contacts\" %}}\n- On-call lead\n- Duty manager\n{{% /details %}}\n\n"
    "{{< tabs >}}\n{{% tab \"Email\" %}}\nReply within a day.\n{{% /tab %}}\n"
    "{{% tab \"Chat\" %}}\nReply within an hour.\n{{% /tab %}}\n{{< /tabs >}}\n\n"
    "{{< youtube w7Ft2ymGmfc >}}\n"
)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    light = "--light" in sys.argv
    root = args[0]
    pages = changed = 0
    for dirpath, _, files in os.walk(os.path.join(root, "content")):
        for name in sorted(files):
            if not name.endswith(".md") or name == "_index.md":
                continue
            pages += 1
            if pages % 3:
                continue
            with open(os.path.join(dirpath, name), "a", encoding="utf-8") as f:
                f.write(LIGHT if light else HEAVY)
            changed += 1
    calls = changed * (1 if light else 6)
    print(f"{calls} shortcode calls added to {changed} of {pages} pages")


if __name__ == "__main__":
    main()
