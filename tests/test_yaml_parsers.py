"""libyaml (the fast parser) and ruamel.yaml's pure-Python parser (the fallback) must give the
same data and the same positions, and resolve plain scalars by the same YAML 1.2 rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.formats.errors import InputError
from engine.formats.paths import rules_dir, scenarios_dir
from engine.formats.yamlevents import has_libyaml, parser_name
from engine.formats.yamlsafe import Located, load_yaml, resolve_plain

SHIPPED = sorted(rules_dir().glob("*.yaml")) + sorted(scenarios_dir().rglob("*.yaml"))

needs_libyaml = pytest.mark.skipif(not has_libyaml(), reason="PyYAML was built without libyaml")


def both(text: str, name: str = "doc.yaml") -> tuple[Located, Located]:
    return load_yaml(text, name), load_yaml(text, name, pure=True)


def same(a: Located, b: Located) -> None:
    assert a.data == b.data
    assert a.positions == b.positions
    assert a.key_positions == b.key_positions


@needs_libyaml
def test_the_fast_parser_is_the_default() -> None:
    assert parser_name() == "libyaml"
    assert parser_name(pure=True) == "ruamel"


@needs_libyaml
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_file_reads_the_same_with_both_parsers(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast, pure = both(text, str(path))
    same(fast, pure)
    assert isinstance(fast.data, dict) and fast.data
    lines = text.splitlines()
    for key_path, (line, column) in fast.key_positions.items():
        assert lines[line - 1][column - 1 :].startswith(str(key_path[-1])), (key_path, line, column)


TRICKY = [
    # YAML 1.2: yes/no/on/off are text, only true/false are booleans; dates stay text.
    "a: yes\nb: No\nc: on\nd: OFF\ne: true\nf: False\ng: 2021-02-30\nh: 2021-01-01 10:00:00\n",
    # numbers as the 1.2 core schema writes them, and their near misses
    "a: 0o17\nb: 017\nc: 0x1F\nd: 1_000\ne: 1e3\nf: .inf\ng: -.5\nh: 1.\ni: +12\nj: 0b101\nk: 12:30\n",
    # null spellings, quoted look-alikes, explicit standard tags
    "a: ~\nb: null\nc: \"\"\nd: 'null'\ne: \"true\"\nf: !!str 12\ng: !!int '7'\nh: ! 12\ni: !!float 1\n",
    # block scalars: literal and folded, with keep/strip chomping and indentation
    "a: |\n  one\n   two\n\n  three\nb: >\n  one\n  two\n\n  three\nc: |-\n  x\nd: >+\n  y\n\n",
    # flow collections, nested, spread over lines, with comments
    "a: [1, [2, 3], {b: c, d: [e]}]  # c\nf: {g: h,\n    i: [j,\n        k]}\n",
    # anchors and aliases: scalars, sequences, mappings, and an alias used as a key
    "a: &x [1, 2]\nb: *x\nc: &k key\nd: {*k : 3}\ne: &m {p: 1, q: [2]}\nf: [*m, *m]\n",
    # an anchor redefined: each alias means the latest anchor before it
    "a: &x 1\nb: *x\nc: &x 2\nd: *x\ne: &y [&x 3, *x]\nf: *y\ng: *x\n",
    # unicode before values (columns count characters), CRLF line ends, a BOM-less doc marker
    '---\nnote: "Ελλάδα — ok"\n\u00e9t\u00e9: 😀 x\nlist:\r\n  - \u00fc\r\n  - 2\r\n',
    # quoting styles and escapes
    "a: 'it''s'\nb: \"tab\\there \\u00e9\"\nc: plain text, with a comma\nd: \"multi\n  line\"\n",
    # empty collections and a top-level sequence
    "- []\n- {}\n- - a\n  - b\n- ? complex key is a string\n  : v\n",
]


@needs_libyaml
@pytest.mark.parametrize("text", TRICKY)
def test_tricky_documents_read_the_same_with_both_parsers(text: str) -> None:
    same(*both(text))


@needs_libyaml
def test_values_are_built_by_yaml_1_2_rules() -> None:
    fast, _ = both(TRICKY[0])
    assert fast.data == {
        "a": "yes",
        "b": "No",
        "c": "on",
        "d": "OFF",
        "e": True,
        "f": False,
        "g": "2021-02-30",
        "h": "2021-01-01 10:00:00",
    }
    numbers = load_yaml(TRICKY[1], "n.yaml").data
    assert numbers["a"] == 15 and numbers["c"] == 31 and numbers["d"] == 1000 and numbers["e"] == 1000.0
    assert numbers["b"] == "017" and numbers["k"] == "12:30"
    redefined = load_yaml(TRICKY[6], "r.yaml").data
    assert redefined == {"a": 1, "b": 1, "c": 2, "d": 2, "e": [3, 3], "f": [3, 3], "g": 3}


@needs_libyaml
def test_an_empty_value_is_located_on_its_keys_line() -> None:
    # The one place the parsers differ: ruamel.yaml puts an empty value at the next token
    # (here 3:1), libyaml right after the key's colon, which is where the user looks.
    fast, pure = both("a: 1\nc:\nd: 2\n")
    assert fast.data == pure.data == {"a": 1, "c": None, "d": 2}
    assert fast.positions[("c",)] == (2, 3)
    assert pure.positions[("c",)] == (3, 1)


@needs_libyaml
def test_an_aliased_value_is_located_where_its_anchor_is() -> None:
    fast, pure = both("a: &x\n  p: 1\nb: *x\n")
    same(fast, pure)
    assert fast.positions[("b", "p")] == fast.positions[("a", "p")] == (2, 6)


PLAIN_SCALARS = [
    "yes", "no", "y", "n", "on", "off", "true", "TRUE", "True", "tRue", "false", "null", "Null", "NULL", "nULL",
    "~", "", "0", "-0", "+1", "007", "0o7", "0o8", "0x", "0xG", "0x1f", "0b2", "0b1", "1_0", "_1", "1__",
    "1.0", "1.", ".5", "-.5", "+.5e+3", ".5e3", "1e", "1e3", "1E-3", "1.5e+10", ".inf", "-.Inf", "+.INF",
    ".nan", ".NaN", "-.nan", "2021-01-01", "2021-1-1", "2021-01-01T10:00:00Z", "2021-01-01 10:00:00.5 +01:00",
    "2021-01-01t1:00:00", "12:30", "1:2:3", "<<", "=", "==", "a", "1a", "a1",
]  # fmt: skip


def ruamel_tag(value: str) -> str:
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    return str(VersionedResolver(version=(1, 2)).resolve(ScalarNode, value, (True, False)))


@pytest.mark.parametrize("value", PLAIN_SCALARS)
def test_plain_scalars_resolve_as_ruamel_resolves_yaml_1_2(value: str) -> None:
    assert resolve_plain(value) == ruamel_tag(value)


@given(st.text(alphabet="0123456789+-._:eExXoObB aTtfnNul~<=", max_size=12))
def test_plain_scalar_resolution_agrees_with_ruamel_on_generated_text(value: str) -> None:
    assert resolve_plain(value) == ruamel_tag(value)


@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "ruamel"])
@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a: &a [*a]\n", 1, "inside the value it names"),
        ("a: &a {b: [*a]}\n", 1, "inside the value it names"),
        ("a: *nowhere\n", 1, "undefined alias *nowhere"),
        ("a: 1\nb: \x01\n", 2, "U+0001 is not allowed"),
        ("a: [" * 1 + "[" * 1500 + "\n", 1, "nesting deeper than 40 levels"),
    ],
)
def test_both_parsers_locate_what_they_refuse(pure: bool, text: str, line: int, words: str) -> None:
    if not pure and not has_libyaml():
        pytest.skip("PyYAML was built without libyaml")
    with pytest.raises(InputError) as info:
        load_yaml(text, "bad.yaml", pure=pure)
    (problem,) = info.value.problems
    assert problem.line == line and words in problem.message, str(problem)


@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "ruamel"])
def test_nesting_built_up_through_aliases_is_refused(pure: bool) -> None:
    if not pure and not has_libyaml():
        pytest.skip("PyYAML was built without libyaml")
    # Each line nests 30 levels around the previous anchor: 40 are allowed in the text,
    # and the value aliases build would be 30 * 60 deep (a RecursionError before).
    lines = ["a0: &a0 x"] + [f"a{i}: &a{i} " + "[" * 30 + f"*a{i - 1}" + "]" * 30 for i in range(1, 60)]
    with pytest.raises(InputError) as info:
        load_yaml("\n".join(lines) + "\n", "deep.yaml", pure=pure)
    (problem,) = info.value.problems
    assert problem.line == 3 and "nesting deeper than 40 levels (counting aliases)" in problem.message


def test_without_libyaml_the_pure_parser_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    import engine.formats.yamlevents as yamlevents

    path = rules_dir() / "csto.yaml"
    text = path.read_text(encoding="utf-8")
    before = load_yaml(text, str(path))
    monkeypatch.setattr(yamlevents, "has_libyaml", lambda: False)
    assert parser_name() == "ruamel"
    same(before, load_yaml(text, str(path)))
