"""engine/yamlio.py: safe YAML reading that keeps positions and refuses surprises."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import Diagnostic, InputError
from engine.yamlio import Located, load_yaml_file, load_yaml_text


def _error(text: str, path: str = "s.yaml") -> Diagnostic:
    with pytest.raises(InputError) as info:
        load_yaml_text(text, path)
    assert len(info.value.diagnostics) == 1
    return info.value.diagnostics[0]


# --------------------------------------------------------------------------- duplicate keys


def test_duplicate_key_names_key_position_and_first_line() -> None:
    text = 'title: x\nevents:\n  - date: "2025-06-27"\n    state: LTU\n    state: LVA\n'
    d = _error(text)
    assert d.render() == (
        "s.yaml:5:5: duplicate key 'state': expected each key once in a mapping, found it again (first at line 4)"
    )


def test_duplicate_top_level_key() -> None:
    d = _error("title: a\ntreaties: [apmbc]\ntitle: b\n")
    assert (d.line, d.col) == (3, 1)
    assert d.message == "duplicate key 'title': expected each key once in a mapping, found it again (first at line 1)"


def test_same_key_in_different_mappings_is_fine() -> None:
    doc = load_yaml_text("a: {state: LTU}\nb: {state: LVA}\n", "s.yaml")
    assert doc.data == {"a": {"state": "LTU"}, "b": {"state": "LVA"}}


# --------------------------------------------------------------------------- implicit types


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "On", "OFF"])
def test_yaml11_booleans_stay_strings(word: str) -> None:
    assert load_yaml_text(f"a: {word}\n", "s.yaml").data == {"a": word}


@pytest.mark.parametrize(("word", "value"), [("true", True), ("True", True), ("FALSE", False), ("false", False)])
def test_yaml12_booleans(word: str, value: bool) -> None:
    assert load_yaml_text(f"a: {word}\n", "s.yaml").data == {"a": value}


@pytest.mark.parametrize("text", ["2025-06-27", "2025-06-27T10:00:00", "2025-06-27 10:00:00", "2025-13-01"])
def test_dates_and_timestamps_stay_strings(text: str) -> None:
    assert load_yaml_text(f"a: {text}\n", "s.yaml").data == {"a": text}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("~", None),
        ("null", None),
        ("", None),
        ("0", 0),
        ("-12", -12),
        ("+7", 7),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("0x1F", "0x1F"),  # no hexadecimal
        ("1_000", "1_000"),  # no YAML 1.1 digit separators
        ("12:30", "12:30"),  # no YAML 1.1 sexagesimal numbers
        (".inf", ".inf"),
        ("'true'", "true"),
        ('"42"', "42"),
    ],
)
def test_scalars(text: str, value: object) -> None:
    assert load_yaml_text(f"a: {text}\n", "s.yaml").data == {"a": value}


def test_explicit_standard_tags_are_accepted() -> None:
    assert load_yaml_text("a: !!str 2025\nb: !!int '7'\n", "s.yaml").data == {"a": "2025", "b": 7}


def test_anchors_and_aliases_copy_values() -> None:
    doc = load_yaml_text("a: &src {citation: NL-TB}\nb: *src\n", "s.yaml")
    assert doc.data == {"a": {"citation": "NL-TB"}, "b": {"citation": "NL-TB"}}


# --------------------------------------------------------------------------- refused YAML


@pytest.mark.parametrize(
    ("text", "pos", "message"),
    [
        (
            "a: !!python/object/apply:os.system [ls]\n",
            (1, 4),
            "expected a plain list, found tag 'tag:yaml.org,2002:python/object/apply:os.system'",
        ),
        ("a: !!python/name:os.system ''\n", (1, 4), "expected a plain value, found tag 'tag:yaml.org,2002:python/name:os.system'"),
        ("a: !custom 1\n", (1, 4), "expected a plain value, found tag '!custom'"),
        ("a: !!timestamp 2025-01-01\n", (1, 4), "expected a plain value, found tag 'tag:yaml.org,2002:timestamp'"),
        ("a: !!binary aGVsbG8=\n", (1, 4), "expected a plain value, found tag 'tag:yaml.org,2002:binary'"),
        ("a: !!omap [{x: 1}]\n", (1, 4), "expected a plain list, found tag 'tag:yaml.org,2002:omap'"),
        ("a: !!set {x: null}\n", (1, 4), "expected a plain mapping, found tag 'tag:yaml.org,2002:set'"),
        ("a:\n  b: !thing {x: 1}\n", (2, 6), "expected a plain mapping, found tag '!thing'"),
    ],
)
def test_tags_are_refused(text: str, pos: tuple[int, int], message: str) -> None:
    d = _error(text)
    assert (d.line, d.col, d.message) == (*pos, message)


def test_merge_key_is_refused() -> None:
    d = _error("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n")
    assert d.render() == "s.yaml:3:3: expected a plain key, found a YAML merge key '<<' (not supported)"


@pytest.mark.parametrize(("text", "pos"), [("? [a, b]\n: c\n", (1, 3)), ("~: 1\n", (1, 1)), ("a:\n  ? {x: 1}\n  : 2\n", (2, 5))])
def test_complex_and_null_keys_are_refused(text: str, pos: tuple[int, int]) -> None:
    d = _error(text)
    assert (d.line, d.col) == pos
    assert d.message == "expected a plain text key, found a complex or empty key"


# --------------------------------------------------------------------------- malformed YAML


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        ("a: [1, 2\nb: 3\n", "f.yaml:2:2: malformed YAML: did not find expected ',' or ']'"),
        ("a: b: c\n", "f.yaml:1:5: malformed YAML: mapping values are not allowed in this context"),
        ("a: 'unterminated\n", "f.yaml:2:1: malformed YAML: found unexpected end of stream"),
        ("a:\n\t- b\n", "f.yaml:2:1: malformed YAML: found character that cannot start any token"),
        ("a: 1\n b: 2\n", "f.yaml:2:3: malformed YAML: mapping values are not allowed in this context"),
        ("- a\nb: 1\n", "f.yaml:2:1: malformed YAML: did not find expected '-' indicator"),
        ("a: *nowhere\n", "f.yaml:1:4: malformed YAML: found undefined alias"),
    ],
)
def test_malformed_yaml_is_path_line_col(text: str, rendered: str) -> None:
    assert _error(text, "f.yaml").render() == rendered


@pytest.mark.parametrize(
    ("text", "pos"),
    [("a: 1\n---\nb: 2\n", (2, 1)), ("---\na: 1\n---\nb: 2\n", (3, 1)), ("a: 1\n--- {b: 2}\n", (2, 1))],
)
def test_two_documents_are_refused_at_the_second(text: str, pos: tuple[int, int]) -> None:
    d = _error(text)
    assert (d.line, d.col) == pos
    assert d.message == "expected one YAML document, found a second one (a '---' line starts another)"


def test_two_documents_rendered() -> None:
    assert _error("a: 1\n---\nb: 2\n").render() == (
        "s.yaml:2:1: expected one YAML document, found a second one (a '---' line starts another)"
    )


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_documents(text: str) -> None:
    assert _error(text).render() == "s.yaml:1:1: expected a YAML mapping, found an empty file"


def test_explicit_empty_document_is_null() -> None:
    # "---" alone is a document holding null (the models then refuse it: "found nothing (null)")
    assert load_yaml_text("---\n", "s.yaml").data is None


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        # a float needs a dot or an exponent: digits with a leading zero are neither int nor float
        ("017", "017", str),
        ("00", "00", str),
        ("-017", "-017", str),
        ("17", 17, int),
        ("1.", 1.0, float),
        ("01.5", 1.5, float),
        ("1.e3", 1000.0, float),
        ("1E-2", 0.01, float),
        ("-.5", -0.5, float),
    ],
)
def test_leading_zero_number_stays_text_and_floats_need_a_dot_or_exponent(text: str, value: object, kind: type) -> None:
    got = load_yaml_text(f"a: {text}\n", "s.yaml").data["a"]
    assert (got, type(got)) == (value, kind)


def test_non_mapping_documents_are_loaded_as_they_are() -> None:
    # the reader accepts any plain document; the models say what the top must be
    assert load_yaml_text("- a\n- b\n", "s.yaml").data == ["a", "b"]
    assert load_yaml_text("just text\n", "s.yaml").data == "just text"


# --------------------------------------------------------------------------- positions

SCENARIO = """\
title: Baltic withdrawals
treaties: [apmbc]
interpretations:
  apmbc.art-20.effect-after-conflict: on-end-date
events:
  - date: "2025-06-27"
    state: LTU
    act: withdraw
  - {date: "2025-07-10", state: FIN, act: withdraw}
"""


def test_positions_of_values() -> None:
    doc = load_yaml_text(SCENARIO, "s.yaml")
    assert doc.values[()] == (1, 1)
    assert doc.values[("title",)] == (1, 8)
    assert doc.values[("treaties",)] == (2, 11)
    assert doc.values[("treaties", 0)] == (2, 12)
    assert doc.values[("interpretations", "apmbc.art-20.effect-after-conflict")] == (4, 39)
    assert doc.values[("events",)] == (6, 3)
    assert doc.values[("events", 0)] == (6, 5)
    assert doc.values[("events", 0, "date")] == (6, 11)
    assert doc.values[("events", 0, "state")] == (7, 12)
    assert doc.values[("events", 1)] == (9, 5)
    assert doc.values[("events", 1, "state")] == (9, 33)


def test_positions_of_keys() -> None:
    doc = load_yaml_text(SCENARIO, "s.yaml")
    assert doc.keys[("title",)] == (1, 1)
    assert doc.keys[("events",)] == (5, 1)
    assert doc.keys[("interpretations", "apmbc.art-20.effect-after-conflict")] == (4, 3)
    assert doc.keys[("events", 0, "date")] == (6, 5)
    assert doc.keys[("events", 0, "act")] == (8, 5)
    assert doc.keys[("events", 1, "act")] == (9, 38)
    assert doc.keys[("events", 1, "state")] == (9, 26)
    assert ("events", 0) not in doc.keys  # a list item has no key


def test_pos_falls_back_to_the_nearest_ancestor() -> None:
    doc = load_yaml_text(SCENARIO, "s.yaml")
    assert doc.pos(("events", 0, "state")) == (7, 12)
    assert doc.pos(("events", 0, "reasons")) == (6, 5)  # a missing key: its mapping
    assert doc.pos(("events", 7, "state")) == (6, 3)  # no 8th event: the list
    assert doc.pos(("nowhere", "at", "all")) == (1, 1)
    assert doc.pos(()) == (1, 1)


def test_pos_of_key_prefers_the_key_then_the_value() -> None:
    doc = load_yaml_text(SCENARIO, "s.yaml")
    assert doc.pos(("events", 0, "state"), key=True) == (7, 5)
    assert doc.pos(("events", 0), key=True) == (6, 5)  # a list item: its value
    assert doc.pos(("events", 0, "reasons"), key=True) == (6, 5)


def test_data_is_plain_python() -> None:
    doc = load_yaml_text(SCENARIO, "s.yaml")
    assert isinstance(doc, Located)
    assert doc.path == "s.yaml"
    assert doc.data["events"][1] == {"date": "2025-07-10", "state": "FIN", "act": "withdraw"}
    assert doc.data["interpretations"] == {"apmbc.art-20.effect-after-conflict": "on-end-date"}


# --------------------------------------------------------------------------- files


def test_load_file(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text("title: Ottawa\n", encoding="utf-8")
    doc = load_yaml_file(f)
    assert doc.path == str(f)
    assert doc.data == {"title": "Ottawa"}


def test_missing_file(tmp_path: Path) -> None:
    f = tmp_path / "nothing.yaml"
    with pytest.raises(InputError) as info:
        load_yaml_file(f)
    assert str(info.value) == f"{f}:1:1: expected an existing file, found nothing at this path"


def test_undecodable_file(tmp_path: Path) -> None:
    f = tmp_path / "latin1.yaml"
    f.write_bytes("title: Liètuva\n".encode("latin-1"))
    with pytest.raises(InputError) as info:
        load_yaml_file(f)
    assert str(info.value) == f"{f}:1:1: expected UTF-8 text, found undecodable bytes (invalid continuation byte)"


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_yaml_file(tmp_path)
    assert str(info.value).startswith(f"{tmp_path}:1:1: expected a readable file: ")


def test_utf8_text_is_kept(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text("title: Lietuvos Respublika — Seimas\n", encoding="utf-8")
    assert load_yaml_file(f).data == {"title": "Lietuvos Respublika — Seimas"}
