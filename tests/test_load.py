"""engine/load.py: files into validated models, with schema errors mapped to path:line:col."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from engine.errors import InputError
from engine.load import _article_key, default_rules_dir, load_library, load_scenario, parse_model
from engine.model import Scenario
from engine.yamlio import load_yaml_text

GOOD = Path(__file__).resolve().parent / "fixtures" / "good"
RULES = default_rules_dir()


def _errors(text: str) -> list[str]:
    """Every rendered diagnostic of parsing ``text`` as a scenario (file name ``s.yaml``)."""
    with pytest.raises(InputError) as info:
        parse_model(load_yaml_text(text, "s.yaml"), Scenario)
    return [d.render() for d in info.value.diagnostics]


HEAD = "title: x\ntreaties: [apmbc]\n"
ONE_EVENT = "events:\n  - {date: '2025-06-27', act: withdraw, state: LTU}\n"


# --------------------------------------------------------------------------- scenarios


def test_load_good_scenario() -> None:
    path = GOOD / "lithuania-withdraws-apmbc.yaml"
    loaded = load_scenario(path)
    sc = loaded.model
    assert loaded.path == str(path)
    assert sc.title == "Lithuania ratifies and withdraws from the Ottawa Convention"
    assert sc.treaties == ["apmbc"]
    assert sc.as_of is None
    assert [(e.date, e.state, e.act) for e in sc.events] == [
        (dt.date(2003, 5, 12), "LTU", "ratify"),
        (dt.date(2025, 6, 27), "LTU", "withdraw"),
    ]
    assert sc.events[1].reasons == "Changing national security needs."
    assert sc.events[0].hypothetical is False
    exp = sc.expect[0]
    assert (exp.state, exp.status, exp.party_since, exp.withdrawal_received, exp.withdrawal_effective) == (
        "LTU", "withdrawn", dt.date(2003, 11, 1), dt.date(2025, 6, 27), dt.date(2025, 12, 27),
    )
    assert exp.treaty is None
    assert exp.model_fields_set == {"state", "status", "party_since", "withdrawal_received", "withdrawal_effective"}


def test_load_scenario_keeps_positions() -> None:
    path = GOOD / "lithuania-withdraws-apmbc.yaml"
    loaded = load_scenario(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    line, col = loaded.doc.pos(("events", 1, "state"))
    assert lines[line - 1][col - 1:] == "LTU"
    line, col = loaded.doc.pos(("events", 1, "date"))
    assert lines[line - 1][col - 1:] == '"2025-06-27"'


def test_load_what_if_scenario() -> None:
    sc = load_scenario(GOOD / "ukraine-withdrawal-during-conflict-what-if.yaml").model
    assert sc.as_of == dt.date(2026, 6, 1)
    conflict = sc.events[1]
    assert (conflict.act, conflict.conflict, conflict.parties) == ("armed_conflict_begins", "russia-ukraine", ["UKR", "RUS"])
    assert [e.hypothetical for e in sc.events] == [False, False, True, True]


def test_missing_file() -> None:
    with pytest.raises(InputError) as info:
        load_scenario(GOOD / "no-such-scenario.yaml")
    assert str(info.value) == f"{GOOD / 'no-such-scenario.yaml'}:1:1: expected an existing file, found nothing at this path"


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        ("treaties: [apmbc]\n" + ONE_EVENT, ["s.yaml:1:1: expected key 'title', found none"]),
        (HEAD, ["s.yaml:1:1: expected key 'events', found none"]),
        ("title: x\ntreaties: apmbc\n" + ONE_EVENT, ["s.yaml:2:11: expected a list, found 'apmbc'"]),
        ("title: x\ntreaties: []\n" + ONE_EVENT, ["s.yaml:2:11: expected at least 1 item(s), found 0"]),
        (HEAD + "events: []\n", ["s.yaml:3:9: expected at least 1 item(s), found 0"]),
        (HEAD + "events: {date: '2025-06-27'}\n", ["s.yaml:3:9: expected a list, found a mapping"]),
        (HEAD + "events:\n  - '2025-06-27'\n", ["s.yaml:4:5: expected a mapping, found '2025-06-27'"]),
        (
            "title: 5\ntreaties: [apmbc, 7]\nsources: text\n" + ONE_EVENT,
            ["s.yaml:1:8: expected text, found 5", "s.yaml:2:19: expected text, found 7", "s.yaml:3:10: expected a list, found 'text'"],
        ),
        (
            HEAD + "events:\n  - {date: '2025-06-27', state: LTU}\n  - {act: withdraw, state: LTU}\n",
            ["s.yaml:4:5: expected key 'act', found none", "s.yaml:5:5: expected key 'date', found none"],
        ),
        (
            HEAD + "events:\n  - date: '2025-06-27'\n    act: withdraw\n    stat: LTU\n",
            [
                "s.yaml:6:5: unknown key 'stat': expected one of act, conflict, date, hypothetical, note, parties, "
                "reasons, reservation, source, state, treaty; did you mean 'state'?"
            ],
        ),
        (
            HEAD + ONE_EVENT + "expect:\n  - {state: LTU, statuss: withdrawn}\n",
            [
                "s.yaml:6:18: unknown key 'statuss': expected one of party_since, state, status, treaty, warnings, "
                "withdrawal_effective, withdrawal_received; did you mean 'status'?"
            ],
        ),
        (
            HEAD + ONE_EVENT + "expect:\n  - {state: LTU, status: withdrawnn}\n",
            [
                "s.yaml:6:26: expected one of 'not_party', 'signatory', 'consented', 'party', 'withdrawal_pending', "
                "'withdrawal_suspended' or 'withdrawn', found 'withdrawnn'; did you mean 'withdrawn'?"
            ],
        ),
        (
            HEAD + ONE_EVENT + "expect:\n  - {state: LTU, party_since: soon}\n",
            ["s.yaml:6:31: expected a real calendar date written YYYY-MM-DD, found 'soon'"],
        ),
        (
            HEAD + "as_of: 27 June 2025\n" + ONE_EVENT,
            ["s.yaml:3:8: expected a real calendar date written YYYY-MM-DD, found '27 June 2025'"],
        ),
        (
            HEAD + "events:\n  - {date: '2025-06-27', act: withdraw, state: LTU, hypothetical: maybe}\n",
            ["s.yaml:4:67: expected true or false, found 'maybe'"],
        ),
        (
            HEAD + "events:\n  - {date: '2025-06-27', act: withdraw, state: LTU, parties: LTU}\n",
            ["s.yaml:4:62: expected a list, found 'LTU'"],
        ),
        (
            HEAD + "events:\n  - {date: '2025-06-27', act: armed_conflict_begins, conflict: 'two words'}\n",
            ["s.yaml:4:64: expected text matching ^[A-Za-z0-9][A-Za-z0-9_.-]*$, found 'two words'"],
        ),
        (HEAD + "interpretations: [a]\n" + ONE_EVENT, ["s.yaml:3:18: expected a mapping, found a list"]),
        (HEAD + "interpretations: {a: 1}\n" + ONE_EVENT, ["s.yaml:3:22: expected text, found 1"]),
        (HEAD + "events:\n  - {date: null, act: withdraw, state: LTU}\n", ["s.yaml:4:12: expected a real calendar date written YYYY-MM-DD, found nothing (null)"]),
        (HEAD + "events:\n  - {date: 20250627, act: withdraw, state: LTU}\n", ["s.yaml:4:12: expected a real calendar date written YYYY-MM-DD, found 20250627"]),
        (HEAD + "events:\n  - {date: '2025-6-27', act: withdraw, state: LTU}\n", ["s.yaml:4:12: expected a real calendar date written YYYY-MM-DD, found '2025-6-27'"]),
        (HEAD + "events:\n  - {date: 1.5, act: withdraw, state: LTU}\n", ["s.yaml:4:12: expected a real calendar date written YYYY-MM-DD, found 1.5"]),
        (
            HEAD + "events:\n  - {date: '2025-06-27T10:00:00', act: withdraw, state: LTU}\n",
            ["s.yaml:4:12: expected a real calendar date written YYYY-MM-DD, found '2025-06-27T10:00:00'"],
        ),
        (
            HEAD + "events:\n  - {date: '2025-06-27 10:00:00', act: withdraw, state: LTU}\n",
            ["s.yaml:4:12: expected a real calendar date written YYYY-MM-DD, found '2025-06-27 10:00:00'"],
        ),
        (HEAD + "events:\n  - {date: '20250627', act: withdraw, state: LTU}\n", ["s.yaml:4:12: expected a real calendar date written YYYY-MM-DD, found '20250627'"]),
        (HEAD + "events:\n  - {date: '', act: withdraw, state: LTU}\n", ["s.yaml:4:12: expected a real calendar date written YYYY-MM-DD, found ''"]),
    ],
)
def test_schema_errors(text: str, errors: list[str]) -> None:
    assert _errors(text) == errors


@pytest.mark.parametrize(
    ("day", "hint"),
    [
        ("2025-02-29", "February 2025 has 28 days"),
        ("2024-02-30", "February 2024 has 29 days"),
        ("2025-06-31", "June 2025 has 30 days"),
        ("2025-13-01", "there is no month 13"),
        ("2025-00-10", "there is no month 0"),
    ],
)
def test_impossible_dates_say_why(day: str, hint: str) -> None:
    assert _errors(HEAD + f"events:\n  - {{date: '{day}', act: withdraw, state: LTU}}\n") == [
        f"s.yaml:4:12: expected a real calendar date written YYYY-MM-DD, found '{day}' ({hint})"
    ]


def test_leap_day_is_a_real_date() -> None:
    model = parse_model(load_yaml_text(HEAD + "events:\n  - {date: '2024-02-29', act: withdraw, state: LTU}\n", "s.yaml"), Scenario)
    assert model.events[0].date == dt.date(2024, 2, 29)


@pytest.mark.parametrize("day", ["2025-06-00", "2024-02-00"])
def test_day_zero_hint(day: str) -> None:
    assert _errors(HEAD + f"events:\n  - {{date: '{day}', act: withdraw, state: LTU}}\n") == [
        f"s.yaml:4:12: expected a real calendar date written YYYY-MM-DD, found '{day}' (there is no day 0)"
    ]


# every date field is strict (Event.date, as_of, the expectation dates): a number is never a Unix timestamp
DATE_FIELDS = [
    ("events:\n  - {date: VALUE, act: withdraw, state: LTU}\n", "4:12"),
    ("as_of: VALUE\n" + ONE_EVENT, "3:8"),
    (ONE_EVENT + "expect:\n  - {state: LTU, party_since: VALUE}\n", "6:31"),
    (ONE_EVENT + "expect:\n  - {state: LTU, withdrawal_received: VALUE}\n", "6:39"),
    (ONE_EVENT + "expect:\n  - {state: LTU, withdrawal_effective: VALUE}\n", "6:40"),
]


@pytest.mark.parametrize("number", ["0", "86400", "20250627", "-1"])
@pytest.mark.parametrize(("template", "pos"), DATE_FIELDS, ids=["date", "as_of", "party_since", "withdrawal_received", "withdrawal_effective"])
def test_numbers_are_not_dates(number: str, template: str, pos: str) -> None:
    assert _errors(HEAD + template.replace("VALUE", number)) == [
        f"s.yaml:{pos}: expected a real calendar date written YYYY-MM-DD, found {number}"
    ]


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("true", "the boolean true"),
        ("false", "the boolean false"),
        ("[2025-06-27]", "a list"),
        ("{day: 27}", "a mapping"),
    ],
)
@pytest.mark.parametrize(("template", "pos"), DATE_FIELDS, ids=["date", "as_of", "party_since", "withdrawal_received", "withdrawal_effective"])
def test_non_text_dates_are_described_as_the_file_writes_them(value: str, found: str, template: str, pos: str) -> None:
    assert _errors(HEAD + template.replace("VALUE", value)) == [
        f"s.yaml:{pos}: expected a real calendar date written YYYY-MM-DD, found {found}"
    ]


def test_missing_date_is_refused_but_missing_optional_dates_are_not() -> None:
    assert _errors(HEAD + "events:\n  - {date: null, act: withdraw, state: LTU}\n") == [
        "s.yaml:4:12: expected a real calendar date written YYYY-MM-DD, found nothing (null)"
    ]
    sc = parse_model(load_yaml_text(HEAD + "as_of: null\n" + ONE_EVENT + "expect:\n  - {state: LTU, party_since: null}\n", "s.yaml"), Scenario)
    assert (sc.as_of, sc.expect[0].party_since) == (None, None)


# --------------------------------------------------------------------------- misspelt required keys


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        (
            # only the unknown key, with its hint: not also "expected key 'events', found none"
            HEAD + "evnts:\n  - {date: '2025-06-27', act: withdraw, state: LTU}\n",
            [
                "s.yaml:3:1: unknown key 'evnts': expected one of as_of, description, events, expect, interpretations, "
                "sources, title, treaties; did you mean 'events'?"
            ],
        ),
        (
            "tittle: x\ntreaty: [apmbc]\n" + ONE_EVENT,
            [
                "s.yaml:1:1: unknown key 'tittle': expected one of as_of, description, events, expect, interpretations, "
                "sources, title, treaties; did you mean 'title'?",
                "s.yaml:2:1: unknown key 'treaty': expected one of as_of, description, events, expect, interpretations, "
                "sources, title, treaties; did you mean 'treaties'?",
            ],
        ),
        (
            HEAD + "events:\n  - {dat: '2025-06-27', act: withdraw, state: LTU}\n",
            [
                "s.yaml:4:6: unknown key 'dat': expected one of act, conflict, date, hypothetical, note, parties, "
                "reasons, reservation, source, state, treaty; did you mean 'date'?"
            ],
        ),
        (
            # an unknown key that is no close match leaves the missing key's own message
            HEAD + "foo: 1\n",
            [
                "s.yaml:1:1: expected key 'events', found none",
                "s.yaml:3:1: unknown key 'foo': expected one of as_of, description, events, expect, interpretations, "
                "sources, title, treaties",
            ],
        ),
        (
            # a misspelt key hides only the key it is a misspelling of: 'date' is still missing here
            HEAD + "events:\n  - {acts: withdraw, state: LTU}\n",
            [
                "s.yaml:4:5: expected key 'date', found none",
                "s.yaml:4:6: unknown key 'acts': expected one of act, conflict, date, hypothetical, note, parties, "
                "reasons, reservation, source, state, treaty; did you mean 'act'?",
            ],
        ),
        (
            # 'dat' is a misspelling of 'date', not of 'act': "expected key 'act'" stays
            HEAD + "events:\n  - {dat: '2025-06-27', state: LTU}\n",
            [
                "s.yaml:4:5: expected key 'act', found none",
                "s.yaml:4:6: unknown key 'dat': expected one of act, conflict, date, hypothetical, note, parties, "
                "reasons, reservation, source, state, treaty; did you mean 'date'?",
            ],
        ),
    ],
)
def test_misspelt_required_key_reports_only_the_unknown_key(text: str, errors: list[str]) -> None:
    assert _errors(text) == errors


def test_top_of_file_must_be_a_mapping() -> None:
    assert _errors("- a\n- b\n") == ["s.yaml:1:1: expected a mapping at the top of the file, found a list"]
    assert _errors("just text\n") == ["s.yaml:1:1: expected a mapping at the top of the file, found 'just text'"]
    assert _errors("---\n") == ["s.yaml:2:1: expected a mapping at the top of the file, found nothing (null)"]


def test_errors_are_sorted_by_position() -> None:
    errors = _errors("events:\n  - {date: '2025-02-30', act: withdrew, state: LTU}\ntitle: 5\ntreaties: []\n")
    positions = [tuple(int(x) for x in re.match(r"s\.yaml:(\d+):(\d+):", e).groups()) for e in errors]
    assert positions == sorted(positions)
    assert len(errors) == 4


# --------------------------------------------------------------------------- rule libraries


def test_shipped_library_loads() -> None:
    lib = load_library()
    assert lib.root == RULES
    assert {"apmbc", "vclt"} <= set(lib.treaties)
    assert lib.treaties["vclt"].model.scope == "general"
    assert lib.treaties["apmbc"].model.scope == "treaty"
    assert lib.treaties["apmbc"].model.entry_into_force.date == dt.date(1999, 3, 1)
    assert lib.treaties["apmbc"].folder == RULES / "apmbc"
    ids = [r.id for _, _, r in lib.rules()]
    assert "apmbc.art-20.suspended-by-conflict" in ids
    assert len(ids) == len(set(ids))
    treaty_order = [t.model.id for t, _, _ in lib.rules()]
    assert treaty_order == sorted(treaty_order)


def test_articles_in_number_order() -> None:
    lib = load_library()
    for t in lib.treaties.values():
        numbers = [int(re.match(r"\d+", a.model.article).group(0)) for a in t.articles]
        assert numbers == sorted(numbers)


def test_rule_positions_point_at_the_id() -> None:
    lib = load_library()
    art20 = next(a for a in lib.treaties["apmbc"].articles if a.model.article == "20")
    lines = (RULES / "apmbc" / "art-20.yaml").read_text(encoding="utf-8").splitlines()
    assert set(art20.rule_pos) == {r.id for r in art20.model.rules}
    for rule_id, (line, col) in art20.rule_pos.items():
        assert lines[line - 1][col - 1:] == rule_id


def test_article_key_orders_numerically() -> None:
    names = ["art-10.yaml", "treaty.yaml", "art-2.yaml", "art-9.yaml", "art-2a.yaml"]
    assert sorted(names, key=_article_key) == ["treaty.yaml", "art-2.yaml", "art-2a.yaml", "art-9.yaml", "art-10.yaml"]


@pytest.fixture
def apmbc_copy(tmp_path: Path) -> Path:
    """A rules folder holding a copy of the shipped Ottawa folder only."""
    root = tmp_path / "rules"
    root.mkdir()
    shutil.copytree(RULES / "apmbc", root / "apmbc")
    return root


def _pos_of(path: Path, text: str) -> tuple[int, int]:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return i, line.index(text) + 1
    raise AssertionError(f"{text!r} not in {path}")


def _lib_errors(root: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_library(root)
    return [d.render() for d in info.value.diagnostics]


def test_copy_loads(apmbc_copy: Path) -> None:
    lib = load_library(apmbc_copy)
    assert list(lib.treaties) == ["apmbc"]


def test_ignored_entries(apmbc_copy: Path) -> None:
    (apmbc_copy / "_drafts").mkdir()
    (apmbc_copy / ".git").mkdir()
    (apmbc_copy / "README.md").write_text("notes\n", encoding="utf-8")
    (apmbc_copy / "apmbc" / "notes.txt").write_text("notes\n", encoding="utf-8")
    lib = load_library(apmbc_copy)
    assert list(lib.treaties) == ["apmbc"]


def test_folder_name_must_be_the_treaty_id(apmbc_copy: Path) -> None:
    (apmbc_copy / "apmbc").rename(apmbc_copy / "ottawa")
    f = apmbc_copy / "ottawa" / "treaty.yaml"
    line, col = _pos_of(f, "apmbc")
    assert _lib_errors(apmbc_copy) == [f"{f}:{line}:{col}: expected id 'ottawa' (the folder's name), found 'apmbc'"]


def test_article_must_match_the_file_name(apmbc_copy: Path) -> None:
    (apmbc_copy / "apmbc" / "art-19.yaml").rename(apmbc_copy / "apmbc" / "art-18.yaml")
    f = apmbc_copy / "apmbc" / "art-18.yaml"
    line, col = _pos_of(f, '"19"')
    assert _lib_errors(apmbc_copy) == [f"{f}:{line}:{col}: expected article '18' (from the file name), found '19'"]


def test_stray_yaml_file(apmbc_copy: Path) -> None:
    f = apmbc_copy / "apmbc" / "notes.yaml"
    f.write_text("a: 1\n", encoding="utf-8")
    assert _lib_errors(apmbc_copy) == [
        f"{f}:1:1: expected a rule file named 'art-<number>.yaml' or 'treaty.yaml', found 'notes.yaml'"
    ]


def test_folder_without_treaty_file(apmbc_copy: Path) -> None:
    (apmbc_copy / "empty").mkdir()
    f = apmbc_copy / "empty" / "treaty.yaml"
    assert _lib_errors(apmbc_copy) == [f"{f}:1:1: expected an existing file, found nothing at this path"]


def test_not_a_folder(tmp_path: Path) -> None:
    assert _lib_errors(tmp_path / "nothing") == [
        f"{tmp_path / 'nothing'}:1:1: expected a folder of treaty rule folders, found none"
    ]


def test_rule_schema_errors_have_positions(apmbc_copy: Path) -> None:
    f = apmbc_copy / "apmbc" / "art-19.yaml"
    text = f.read_text(encoding="utf-8")
    assert "    summary: " in text
    f.write_text(text.replace("    summary: ", "    summry: ", 1), encoding="utf-8")
    line, col = _pos_of(f, "summry:")
    errors = _lib_errors(apmbc_copy)
    # only the misspelt key, with its hint: not also "expected key 'summary', found none"
    assert errors == [
        f"{f}:{line}:{col}: unknown key 'summry': expected one of cites, explain, id, interpretation, "
        "overrides, summary, then, when, why_not; did you mean 'summary'?",
    ]


def test_rule_id_form(apmbc_copy: Path) -> None:
    f = apmbc_copy / "apmbc" / "art-19.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("id: apmbc.art-19.no-reservations", "id: no-reservations"), encoding="utf-8")
    line, col = _pos_of(f, "no-reservations")
    assert _lib_errors(apmbc_copy) == [
        f"{f}:{line}:{col}: expected a rule id like 'apmbc.art-20.takes-effect', found 'no-reservations'"
    ]


def test_problems_in_several_folders_are_all_reported(apmbc_copy: Path) -> None:
    shutil.copytree(RULES / "vclt", apmbc_copy / "vclt")
    (apmbc_copy / "apmbc" / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    (apmbc_copy / "vclt" / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    errors = _lib_errors(apmbc_copy)
    assert [e.split(":", 1)[0] for e in errors] == [
        str(apmbc_copy / "apmbc" / "notes.yaml"),
        str(apmbc_copy / "vclt" / "notes.yaml"),
    ]
