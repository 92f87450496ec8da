"""Every document the repository cites exists, and so does what a link points into.

* A path under docs/ (or README.md) named anywhere in the repository's text
  files (code, comments, configuration, data, docs, the Makefile) is a file
  of the repository.
* A relative link in README.md or docs/*.md leads to a file, and its
  #anchor, if any, to a heading of that file (GitHub's anchors).
* A "docs/design.md §N" citation names a section of docs/design.md.
"""
from __future__ import annotations

import re
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterator, List, Set, Tuple

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRECTORIES = {".git", ".venv", "node_modules", "build", "models", "results", "artifacts", "var", ".rasa"}
TEXT_SUFFIXES = {
    ".py", ".md", ".yml", ".yaml", ".txt", ".toml", ".cfg", ".ini", ".sh", ".mk", ".js", ".mjs", ".json",
    ".html", ".css", ".conf", ".j2", ".jinja", ".Dockerfile", ".tsv", ".env", ".example",
}
TEXT_NAMES = {"Makefile", "Dockerfile", "Containerfile", "run"}

# A docs/ path or README.md, not inside a URL or a longer path.
CITED_PATH = re.compile(r"(?<![\w/.-])((?:docs/[\w./-]*[\w-]\.(?:md|png|svg|jpg))|README\.md)")
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
# A project file named in text ("clinic_assistant/stores/tracker_cache.py"): files move
# (issue 15 moved the core), and a stale path sends a newcomer nowhere.
CITED_SOURCE = re.compile(
    r"(?<![\w/.-])((?:actions|bench|channels|clinic_assistant|components|console|content|data|deploy|docker|loadtest|mk|scripts"
    r"|testkit|tests|web|widget)/[\w./-]*\w\.(?:py|yml|yaml|sh|mk|json|mjs|js|tsv|conf|html))(?![\w.])"
)
# Written at run time, not kept in the repository.
GENERATED = {"data/nlu/console_reviewed.yml", "widget/node_modules/.package-lock.json"}
DESIGN_CITATION = re.compile(r"docs/design\.md\s*(?:#\s*)?((?:§\d+(?:\.\d+)?(?:\s*,\s*|\s*/\s*)?)+)")


def repository_files() -> List[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, check=True, timeout=60
        ).stdout.decode().split("\0")
        files = [ROOT / name for name in listed if name]
    except (OSError, subprocess.CalledProcessError, subprocess.TimeoutExpired):  # no git: walk the tree
        files = [
            path for path in ROOT.rglob("*")
            if path.is_file() and not SKIPPED_DIRECTORIES.intersection(path.relative_to(ROOT).parts)
        ]
    # (With git: tracked files and new ones not yet added, not the ignored ones.)
    return [path for path in files if path.is_file()]


def text_files() -> Iterator[Tuple[Path, str]]:
    for path in repository_files():
        if path.suffix not in TEXT_SUFFIXES and path.name not in TEXT_NAMES and not path.name.endswith("Dockerfile"):
            continue
        try:
            yield path, path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue


def markdown_files() -> List[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading's text."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


@lru_cache(maxsize=None)
def anchors(path: Path) -> Set[str]:
    seen: Dict[str, int] = {}
    found = set()
    in_code = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        match = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if in_code or not match:
            continue
        base = slug(match.group(1))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def test_every_cited_doc_path_exists():
    missing = set()
    for path, text in text_files():
        for match in CITED_PATH.finditer(text):
            cited = match.group(1)
            if not (ROOT / cited).is_file():
                line = text.count("\n", 0, match.start()) + 1
                missing.add(f"{path.relative_to(ROOT)}:{line}: {cited}")
    assert not missing, "cited but not in the repository:\n" + "\n".join(sorted(missing))


def test_every_cited_source_path_exists():
    missing = set()
    for path, text in text_files():
        for match in CITED_SOURCE.finditer(text):
            cited = match.group(1)
            if cited not in GENERATED and not (ROOT / cited).is_file():
                line = text.count("\n", 0, match.start()) + 1
                missing.add(f"{path.relative_to(ROOT)}:{line}: {cited}")
    assert not missing, "named but not in the repository:\n" + "\n".join(sorted(missing))


def test_the_documents_that_issue_15_asks_for_exist():
    # Cited by the code and the README; docs/production.md and docs/performance.md
    # are written by the containers and performance work.
    for name in ["design.md", "widget.md", "channels.md", "console.md", "measurements.md", "security.md", "production.md", "performance.md"]:
        assert (ROOT / "docs" / name).is_file(), f"docs/{name} is missing"


def test_links_in_the_readme_and_docs_lead_somewhere():
    broken = []
    for document in markdown_files():
        text = document.read_text(encoding="utf-8")
        text = re.sub(r"```.*?```", "", text, flags=re.S)  # links in code blocks are not links
        for match in MARKDOWN_LINK.finditer(text):
            target = match.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:, tel:
                continue
            file_part, _, anchor = target.partition("#")
            linked = (document.parent / file_part).resolve() if file_part else document
            where = f"{document.relative_to(ROOT)}: ({target})"
            if not linked.is_file():
                broken.append(f"{where}: no such file")
            elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                broken.append(f"{where}: no heading with that anchor in {linked.relative_to(ROOT)}")
    assert not broken, "\n".join(broken)


def test_design_citations_name_a_section_of_the_design():
    design = ROOT / "docs" / "design.md"
    sections = set()
    for heading in re.findall(r"^#{2,3}\s+(\d+(?:\.\d+)?)\.?\s", design.read_text(encoding="utf-8"), flags=re.M):
        sections.add(heading)
    unknown = []
    for path, text in text_files():
        for match in DESIGN_CITATION.finditer(text):
            for number in re.findall(r"§(\d+(?:\.\d+)?)", match.group(1)):
                if number not in sections:
                    line = text.count("\n", 0, match.start()) + 1
                    unknown.append(f"{path.relative_to(ROOT)}:{line}: §{number}")
    assert not unknown, f"docs/design.md has no such section (it has {sorted(sections)}):\n" + "\n".join(unknown)


def test_the_checks_see_what_they_check():
    """The patterns above find the citations they are meant to find."""
    assert [m.group(1) for m in CITED_PATH.finditer("see docs/widget.md, README.md and https://x.org/docs/a.md")] == [
        "docs/widget.md", "README.md",
    ]
    assert slug("4.3 Contraindications") == "43-contraindications"
    assert slug("Messaging channels: Telegram, SMS and WhatsApp (Twilio), Messenger") == (
        "messaging-channels-telegram-sms-and-whatsapp-twilio-messenger"
    )
    assert "4.3" in {n for m in DESIGN_CITATION.finditer("(docs/design.md §4.3, §5)") for n in re.findall(r"§([\d.]+)", m.group(1))}
    assert [m.group(1) for m in CITED_SOURCE.finditer("(clinic_assistant/stores/tracker_cache.py, widget/package-lock.json; x/tests/a.py)")] == [
        "clinic_assistant/stores/tracker_cache.py", "widget/package-lock.json",
    ]
    assert len(list(text_files())) > 100
