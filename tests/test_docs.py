"""The Markdown a reader sees: README.md, CONTRIBUTING.md and docs/ render, link and name right.

Every file is parsed with markdown-it-py (the CommonMark parser rich itself uses, plus GFM
tables), not matched with regular expressions, so a link inside a table cell is seen and a
"link" inside a code block is not. A file fails on:

* a code fence that is never closed (it turns the rest of the page into code on GitHub);
* a link or image to a path outside the repository (`../` past the root, an absolute path,
  `shared/...`): a clone has nothing there;
* a relative link to a file that does not exist, or a `#anchor` that matches no heading;
* a path named in prose or code that leads outside the repository, or a document named
  (`see DESIGN.md`) that the repository does not have;
* in the README's command table, a `casus <command>` that the CLI does not have, or a
  command of the CLI that the table leaves out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import typer
from markdown_it import MarkdownIt
from markdown_it.token import Token
from typer.testing import CliRunner

from engine.cli.main import app
from tests.conftest import REPO

PARSER = MarkdownIt("commonmark").enable("table")
DOCS = sorted([REPO / "README.md", REPO / "CONTRIBUTING.md", *(REPO / "docs").rglob("*.md")])
BROKEN = REPO / "tests" / "fixtures" / "docs" / "broken.md"


@dataclass(frozen=True)
class Finding:
    """One problem in a Markdown file, located like every other problem casus reports."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        where = self.path.relative_to(REPO) if self.path.is_relative_to(REPO) else self.path
        return f"{where}:{self.line}:1: {self.message}"


def _walk(tokens: Iterable[Token]) -> Iterator[tuple[Token, Token]]:
    """Each inline child with the block token that holds it (the block knows the line)."""
    for block in tokens:
        for child in block.children or ():
            yield block, child


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 1


# ---- fences -------------------------------------------------------------------------------


def unclosed_fences(text: str, path: Path) -> list[Finding]:
    """Fences whose closing marker never comes. markdown-it ends such a fence where its
    container ends (the document, a list item, a quote), so a closed fence is one whose last
    line is a run of its own marker character at least as long as the opening one."""
    lines = text.splitlines()
    found = []
    for token in PARSER.parse(text):
        if token.type != "fence" or not token.map:
            continue
        start, end = token.map
        last = re.sub(r"^[\s>]*", "", lines[end - 1]).rstrip() if end - 1 > start else ""
        mark = token.markup
        if not (last.startswith(mark) and set(last) == {mark[0]}):
            found.append(Finding(path, start + 1, f"code fence {mark}{token.info} is never closed"))
    return found


# ---- links and anchors --------------------------------------------------------------------


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Every `#anchor` a link into this file may use: heading slugs (numbered from the second
    of a name on, as GitHub does) and explicit HTML ids or names."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    tokens = PARSER.parse(text)
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            words = "".join(c.content for c in tokens[i + 1].children or () if c.type in ("text", "code_inline"))
            slug = github_slug(words)
            found.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
            seen[slug] = seen.get(slug, 0) + 1
        if token.type.startswith("html") or token.type == "inline":
            found |= set(re.findall(r"""<[^>]*\b(?:id|name)=["']([^"']+)["']""", token.content))
    return found


def _targets(text: str) -> Iterator[tuple[int, str, str]]:
    """(line, kind, target) of every link and image, HTML ones included."""
    tokens = PARSER.parse(text)
    for block, child in _walk(tokens):
        if child.type == "link_open":
            yield _line(block), "link", str(child.attrs.get("href", ""))
        elif child.type == "image":
            yield _line(block), "image", str(child.attrs.get("src", ""))
    for token in tokens:
        pieces = [token] if token.type == "html_block" else [c for c in token.children or () if c.type == "html_inline"]
        for piece in pieces:
            for attr, target in re.findall(r"""\b(href|src)=["']([^"']+)["']""", piece.content):
                yield _line(token), "link" if attr == "href" else "image", html.unescape(target)


def bad_links(text: str, path: Path, repo: Path = REPO) -> list[Finding]:
    """Links and images that lead outside the repository or to nothing in it."""
    found = []
    for line, kind, target in _targets(text):
        parts = urlsplit(target)
        if parts.scheme in ("http", "https", "mailto"):
            continue
        if parts.scheme or parts.netloc:
            found.append(Finding(path, line, f"{kind} {target}: not a web address and not a file of the repository"))
            continue
        local = unquote(parts.path)
        if local.startswith("/"):
            found.append(Finding(path, line, f"{kind} {target}: an absolute path; link relative to {path.name}"))
            continue
        if not local:  # "#anchor": a heading of this very file
            if parts.fragment and unquote(parts.fragment) not in anchors(text):
                found.append(Finding(path, line, f"{kind} {target}: no heading here has #{unquote(parts.fragment)}"))
            continue
        resolved = (path.parent / local).resolve()
        if not resolved.is_relative_to(repo):
            found.append(Finding(path, line, f"{kind} {target}: outside the repository; a clone has nothing there"))
            continue
        inside = resolved.relative_to(repo)
        if inside.parts[:1] == ("shared",):
            found.append(Finding(path, line, f"{kind} {target}: shared/ is not part of the repository"))
            continue
        if not resolved.exists():
            found.append(Finding(path, line, f"{kind} {target}: no file {inside.as_posix()} in the repository"))
            continue
        if parts.fragment and resolved.suffix == ".md" and resolved.is_file():
            wanted = unquote(parts.fragment)
            if wanted not in anchors(resolved.read_text(encoding="utf-8")):
                found.append(Finding(path, line, f"{kind} {target}: no heading in {inside.as_posix()} has #{wanted}"))
    return found


def _markdown_names(repo: Path) -> set[str]:
    return {p.name for p in repo.rglob("*.md") if not {".git", ".venv", "node_modules"} & set(p.parts)}


def _named_paths(child: Token) -> list[str]:
    """Paths a text names without linking them: a code span that is a path, and any `*.md`."""
    found = re.findall(r"[\w./-]*\w\.md\b", child.content)
    word = child.content.strip()
    if child.type == "code_inline" and re.fullmatch(r"[\w.~-]*(/[\w.~*-]+)+/?", word) and word not in found:
        found.append(word)
    return found


def named_paths(text: str, path: Path, repo: Path = REPO) -> list[Finding]:
    """A path named in prose or code is a reference too. One that starts outside the
    repository (`../` past its root, `shared/`, an absolute path of some machine) points at
    nothing in a clone, and a document it names (`see DESIGN.md`) must exist: relative to
    this file, to the repository root, or, for a bare name, somewhere in the repository."""
    found = []
    documents: set[str] | None = None
    for block, child in _walk(PARSER.parse(text)):
        if child.type not in ("text", "code_inline"):
            continue
        for name in _named_paths(child):
            if name.startswith("/") and name.count("/") > 1:
                found.append(Finding(path, _line(block), f"{name}: a path of one machine, not of the repository"))
            elif name.startswith("shared/") or not (path.parent / name).resolve().is_relative_to(repo):
                found.append(Finding(path, _line(block), f"{name}: outside the repository; a clone has nothing there"))
            elif name.endswith(".md") and not ((path.parent / name).exists() or (repo / name).exists()):
                documents = _markdown_names(repo) if documents is None else documents
                if "/" in name or name not in documents:
                    found.append(
                        Finding(path, _line(block), f"{name} is named but the repository has no such document")
                    )
    return found


def problems(path: Path, text: str | None = None) -> list[Finding]:
    source = path.read_text(encoding="utf-8") if text is None else text
    checks = (unclosed_fences, bad_links, named_paths)
    return [finding for check in checks for finding in check(source, path)]


# ---- the README's command table -----------------------------------------------------------


def table_commands(text: str) -> dict[str, int]:
    """`casus <command>` of the first cell of each row of the table headed `command`, with
    its line. Only code spans count: prose in a cell may say "casus" without naming one."""
    tokens = PARSER.parse(text)
    found: dict[str, int] = {}
    in_table = header = False
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            in_table, header, first = True, True, True
        elif token.type == "table_close":
            in_table = False
        elif token.type == "thead_close":
            header = False
        elif token.type == "tr_open":
            first = True
        elif in_table and token.type in ("th_open", "td_open"):
            cell = tokens[i + 1]
            if header and first and cell.content.strip() != "command":
                in_table = False  # some other table
            elif not header and first:
                for child in cell.children or ():
                    match = re.match(r"casus ([a-z][a-z-]*)", child.content) if child.type == "code_inline" else None
                    if match:
                        found.setdefault(match.group(1), _line(cell))
            first = False
    return found


def cli_commands() -> set[str]:
    group = typer.main.get_command(app)
    return set(getattr(group, "commands", {}))


# ---- the repository's own files -----------------------------------------------------------


def test_the_documents_are_there() -> None:
    assert (REPO / "README.md").is_file() and (REPO / "CONTRIBUTING.md").is_file()
    assert len(DOCS) > 3


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_document_renders_and_links_inside_the_repository(path: Path) -> None:
    found = problems(path)
    assert not found, "\n".join(map(str, found))


def test_every_command_in_the_readme_table_is_real() -> None:
    named = table_commands((REPO / "README.md").read_text(encoding="utf-8"))
    assert "run" in named, "README.md has no table headed `command` naming `casus run`"
    runner = CliRunner()
    for name, line in named.items():
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, f"README.md:{line}:1: `casus {name}` is not a command: {result.output}"


def test_every_command_is_in_the_readme_table() -> None:
    named = table_commands((REPO / "README.md").read_text(encoding="utf-8"))
    missing = sorted(cli_commands() - set(named))
    assert not missing, f"README.md's command table leaves out: {', '.join(missing)}"


# ---- the checker itself, on text made to fail ---------------------------------------------

HERE = REPO / "docs" / "example.md"  # where a checked string pretends to live


def messages(text: str) -> list[str]:
    return [f.message for f in problems(HERE, text)]


def test_a_fence_left_open_is_found() -> None:
    text = "# t\n\n```console\n$ casus run x\n```\n```\n\nprose that GitHub shows as code\n"
    found = unclosed_fences(text, HERE)
    assert [(f.line, f.message) for f in found] == [(6, "code fence ``` is never closed")]


def test_closed_fences_pass_even_nested_and_quoted() -> None:
    text = "````markdown\n```yaml\na: 1\n```\n````\n\n> ```sh\n> ls\n> ```\n\n- item\n\n  ~~~\n  x\n  ~~~\n"
    assert unclosed_fences(text, HERE) == []


def test_a_fence_left_open_in_a_list_item_is_found() -> None:
    text = "- item\n\n  ```sh\n  ls\n\nafter the list\n"
    assert [f.line for f in unclosed_fences(text, HERE)] == [3]


@pytest.mark.parametrize(
    ("link", "words"),
    [
        ("[ref](../../shared/reference/durable_rules.md)", "outside the repository"),
        ("[ref](../shared/reference/durable_rules.md)", "shared/ is not part of the repository"),
        ("[abs](/home/analyst/casus/README.md)", "an absolute path"),
        ("![img](/tmp/picture.png)", "image /tmp/picture.png: an absolute path"),
        ("[gone](DESIGN.md)", "no file docs/DESIGN.md in the repository"),
        ("[ssh](ssh://example.org/repo)", "not a web address"),
        ("[anchor](#no-such-heading)", "no heading here has #no-such-heading"),
        ("[anchor](../README.md#no-such-heading)", "no heading in README.md has #no-such-heading"),
        ("| a |\n|---|\n| [in a cell](missing.md) |", "no file docs/missing.md"),
        ('<a href="../../outside.md">html</a>', "outside the repository"),
        ("[ref]\n\n[ref]: ../nowhere.md", "no file nowhere.md"),
    ],
)
def test_a_bad_link_is_found(link: str, words: str) -> None:
    found = messages(f"# Example\n\n{link}\n")
    assert len(found) == 1 and words in found[0], found


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("`../../shared/reference/durable_rules.md`", "outside the repository"),
        ("`shared/reference/treaties.md`", "outside the repository"),
        ("`/home/analyst/notes/treaties.md`", "a path of one machine"),
    ],
)
def test_a_path_outside_in_a_code_span_is_found(code: str, words: str) -> None:
    found = messages(f"# Example\n\nsee {code}\n")
    assert len(found) == 1 and words in found[0], found


@pytest.mark.parametrize(
    "prose",
    [
        "The core keys are fixed (see DESIGN.md).",
        "Read `docs/nowhere.md` first.",
        "In [the notes](../README.md) and NOTES.md.",
    ],
)
def test_a_document_named_but_missing_is_found(prose: str) -> None:
    found = messages(f"# Example\n\n{prose}\n")
    assert len(found) == 1 and "no such document" in found[0], found


@pytest.mark.parametrize("prose", ["See README.md, CONTRIBUTING.md and docs/treaties.md.", "`rulebook-format.md`"])
def test_a_document_named_and_present_passes(prose: str) -> None:
    assert messages(f"# Example\n\n{prose}\n") == []


@pytest.mark.parametrize("code", ["`engine/law/facts.py`", "`../README.md`", "`casus run FILE`", "`--reading T.r=yes`"])
def test_a_path_inside_or_no_path_in_a_code_span_passes(code: str) -> None:
    assert messages(f"# Example\n\nsee {code}\n") == []


@pytest.mark.parametrize(
    "link",
    [
        "[web](https://example.org/x)",
        "[mail](mailto:someone@example.org)",
        "[here](#example)",
        "[up](../README.md)",
        "[dir](../rules/)",
        "[doc](rulebook-format.md#conditions)",
        "`[not a link](/etc/passwd)` in code",
        "```\n[in a fence](/etc/passwd)\n```",
    ],
)
def test_a_good_link_passes(link: str) -> None:
    assert messages(f"# Example\n\n{link}\n") == []


def test_anchors_follow_githubs_slugs() -> None:
    text = "# The `durable_rules` adapter\n\n## Two commands\n\n## Two commands\n\n## What's next?\n"
    assert anchors(text) >= {"the-durable_rules-adapter", "two-commands", "two-commands-1", "whats-next"}


def test_the_broken_fixture_fails_on_every_count() -> None:
    found = problems(BROKEN)
    text = "\n".join(map(str, found))
    words_expected = ("outside the repository", "an absolute path", "no file", "has #", "never closed", "one machine")
    for words in (*words_expected, "no such document"):
        assert words in text, f"the checker missed '{words}' in {BROKEN.name}:\n{text}"


def test_the_command_table_is_read_from_the_table_only() -> None:
    text = (
        "Run `casus nosuch` in prose.\n\n"
        "| command | what it does |\n|---|---|\n"
        "| `casus run FILE` | judges |\n| `casus nosuch [X]` | nothing |\n\n"
        "| other | x |\n|---|---|\n| `casus other` | y |\n"
    )
    named = table_commands(text)
    assert set(named) == {"run", "nosuch"}
    assert set(named) - cli_commands() == {"nosuch"}
