"""The command line (engine/cli.py): exit codes, output formats and the JSON contract.

The scenarios are in tests/fixtures/good/ (real, sourced facts; the Ukraine file is a marked
what-if). Runs go through typer's CliRunner in a wide terminal, so that table cells are not
wrapped; one test runs the installed ``treaty`` script itself.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.cli import app
from engine.load import default_rules_dir, load_library
from engine.model import Article, Scenario, Treaty

GOOD = Path(__file__).resolve().parent / "fixtures" / "good"
BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
LTU = GOOD / "lithuania-withdraws-apmbc.yaml"
UKR = GOOD / "ukraine-withdrawal-during-conflict-what-if.yaml"
INTERP = "apmbc.art-20.effect-after-conflict"
WIDE = {"COLUMNS": "1000"}

runner = CliRunner()


def treaty(*args: object, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], env=env or WIDE)


def _json(*args: object) -> object:
    result = treaty("run", *args, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def _no_traceback(result) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


# --------------------------------------------------------------------------- treaty run


def test_run_passing_scenario_exits_0_with_table() -> None:
    result = treaty("run", LTU)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    row = next(line for line in result.stdout.splitlines() if "Lithuania (LTU)" in line)
    cells = [c.strip() for c in row.strip("│ ").split("│")]
    assert cells == ["apmbc", "Lithuania (LTU)", "withdrawn", "1 November 2003", "27 June 2025", "27 December 2025"]
    assert f"{LTU} · as of 27 December 2025" in result.stdout


def test_run_failed_expectation_exits_1(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong-expectation.yaml"
    text = LTU.read_text(encoding="utf-8")
    assert text.count('withdrawal_effective: "2025-12-27"') == 1
    wrong.write_text(text.replace('withdrawal_effective: "2025-12-27"', 'withdrawal_effective: "2025-12-28"'), encoding="utf-8")
    result = treaty("run", wrong)
    assert result.exit_code == 1
    _no_traceback(result)
    assert result.stderr.splitlines() == [
        f"{wrong}: expectation failed: LTU (apmbc) withdrawal_effective: expected 2025-12-28, got 2025-12-27"
    ]
    assert "expectation failed: LTU (apmbc) withdrawal_effective: expected 2025-12-28, got 2025-12-27" in result.stdout


def test_run_one_passing_one_failing_exits_1(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(LTU.read_text(encoding="utf-8").replace("status: withdrawn", "status: party"), encoding="utf-8")
    result = treaty("run", LTU, wrong)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{wrong}: expectation failed: LTU (apmbc) status: expected party, got withdrawn"]


def test_installed_script_exit_codes(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("treaty")
    env = {**os.environ, **WIDE}
    kw = {"stdin": subprocess.DEVNULL, "capture_output": True, "text": True, "env": env, "timeout": 60}
    ok = subprocess.run([str(script), "run", str(LTU), "--format", "json"], **kw)  # type: ignore[call-overload]
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["results"][0]["withdrawal_effective"] == "2025-12-27"
    bad = subprocess.run([str(script), "run", str(BAD / "empty-file.yaml")], **kw)  # type: ignore[call-overload]
    assert bad.returncode == 2
    assert bad.stderr == f"{BAD / 'empty-file.yaml'}:1:1: expected a YAML mapping, found an empty file\n"
    assert bad.stdout == ""


# --------------------------------------------------------------------------- JSON contract


STEP_KEYS = {"date", "rule", "article", "text", "sentence"}


def test_json_one_file_is_one_object() -> None:
    out = _json(LTU)
    assert isinstance(out, dict)
    assert {"scenario", "as_of", "results", "warnings"} <= set(out)
    assert out["scenario"] == str(LTU)
    assert out["title"] == "Lithuania ratifies and withdraws from the Ottawa Convention"
    assert out["as_of"] == "2025-12-27"
    assert out["warnings"] == []
    assert out["interpretations"] == {INTERP: "on-end-date"}
    assert len(out["results"]) == 1
    r = out["results"][0]
    assert {k: r[k] for k in ("treaty", "state", "status", "party_since", "withdrawal_received", "withdrawal_effective")} == {
        "treaty": "apmbc",
        "state": "LTU",
        "status": "withdrawn",
        "party_since": "2003-11-01",
        "withdrawal_received": "2025-06-27",
        "withdrawal_effective": "2025-12-27",
    }
    assert r["state_name"] == "Lithuania"
    for step in r["explanation"]:
        assert STEP_KEYS <= set(step)


def test_json_explanation_quotes_the_articles() -> None:
    r = _json(LTU)["results"][0]  # type: ignore[index]
    applied = [(s["date"], s["rule"], s["article"]) for s in r["explanation"] if s["applied"]]
    assert ("2003-05-12", "apmbc.art-17.later-consent", "Article 17(2)") in applied
    assert ("2003-11-01", "apmbc.art-17.enters-into-force-for-state", "Article 17(2)") in applied
    assert ("2025-06-27", "apmbc.art-20.right-to-withdraw", "Article 20(2), first sentence") in applied
    assert ("2025-12-27", "apmbc.art-20.takes-effect", "Article 20(3), first sentence") in applied
    takes_effect = next(s for s in r["explanation"] if s["rule"] == "apmbc.art-20.takes-effect")
    assert takes_effect["text"] == (
        "Such withdrawal shall only take effect six months after the receipt of the instrument of withdrawal by the Depositary."
    )
    assert takes_effect["sentence"] == (
        "The six-month period expired on 27 December 2025 and Lithuania was not engaged in an armed conflict: "
        "the withdrawal took effect on 27 December 2025."
    )
    dates = [s["date"] for s in r["explanation"]]
    assert dates == sorted(dates)
    not_applied = [s["rule"] for s in r["explanation"] if not s["applied"]]
    assert not_applied == ["apmbc.art-20.suspended-by-conflict"]


def test_json_two_files_is_an_array_in_order() -> None:
    out = _json(LTU, UKR)
    assert isinstance(out, list)
    assert [o["scenario"] for o in out] == [str(LTU), str(UKR)]
    assert [(o["results"][0]["state"], o["results"][0]["withdrawal_effective"]) for o in out] == [
        ("LTU", "2025-12-27"),
        ("UKR", "2026-03-31"),
    ]


def test_json_what_if_suspended_withdrawal() -> None:
    out = _json(UKR)
    assert out["as_of"] == "2026-06-01"  # type: ignore[index]
    r = out["results"][0]  # type: ignore[index]
    assert (r["status"], r["party_since"], r["withdrawal_received"], r["withdrawal_effective"]) == (
        "withdrawn", "2006-06-01", "2025-07-18", "2026-03-31",
    )
    applied = [(s["date"], s["rule"]) for s in r["explanation"] if s["applied"]]
    assert ("2026-01-18", "apmbc.art-20.suspended-by-conflict") in applied
    assert ("2026-03-31", "apmbc.art-20.effect-at-end-of-conflict") in applied
    assert "apmbc.art-20.takes-effect" not in [rule for _, rule in applied]


# --------------------------------------------------------------------------- --as-of


def test_as_of_before_the_effective_date() -> None:
    result = treaty("run", LTU, "--as-of", "2025-10-01", "--format", "json")
    assert result.exit_code == 1  # the file expects "withdrawn"
    assert result.stderr.splitlines() == [
        f"{LTU}: expectation failed: LTU (apmbc) status: expected withdrawn, got withdrawal_pending"
    ]
    out = json.loads(result.stdout)
    assert out["as_of"] == "2025-10-01"
    r = out["results"][0]
    assert r["status"] == "withdrawal_pending"
    assert r["withdrawal_received"] == "2025-06-27"
    assert r["withdrawal_effective"] == "2025-12-27"  # known in advance, also after as_of
    later = {s["rule"] for s in r["explanation"] if s["after_as_of"]}
    assert "apmbc.art-20.takes-effect" in later
    assert "apmbc.art-20.right-to-withdraw" not in later


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        ("2003-05-11", "not_party"),
        ("2003-05-12", "consented"),
        ("2003-11-01", "party"),
        ("2025-06-26", "party"),
        ("2025-06-27", "withdrawal_pending"),
        ("2025-12-26", "withdrawal_pending"),
        ("2025-12-27", "withdrawn"),
    ],
)
def test_as_of_walks_through_the_statuses(as_of: str, status: str) -> None:
    out = _json(LTU, "--as-of", as_of)
    got = out["results"][0]["status"] if out["results"] else "not_party"  # type: ignore[index]
    assert got == status


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("2025-13-01", " (there is no month 13)"),
        ("2025-02-30", " (February 2025 has 28 days)"),
        ("2024-02-30", " (February 2024 has 29 days)"),
        ("2025-04-31", " (April 2025 has 30 days)"),
        ("2025-02-00", " (there is no day 0)"),
        ("yesterday", ""),
        ("27/12/2025", ""),
        # ISO basic and week dates, a time, a one-digit month: refused as in files
        ("20251227", ""),
        ("2025-W52-6", ""),
        ("2025-12-27T00:00", ""),
        ("2025-6-27", ""),
        ("", ""),
    ],
)
def test_bad_as_of_exits_2(value: str, hint: str) -> None:
    result = treaty("run", LTU, "--as-of", value)
    assert result.exit_code == 2
    _no_traceback(result)
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"--as-of:1:1: expected a real calendar date written YYYY-MM-DD, found '{value}'{hint}"
    ]


@pytest.mark.parametrize("value", ["2025-13-01", "2025-02-30", "2025-02-00", "yesterday", "20251227", "2025-W52-6", "2025-6-27"])
def test_as_of_is_read_as_dates_in_files_are(value: str, tmp_path: Path) -> None:
    # the same words and hints as the file's own as_of (given as text)
    f = tmp_path / "s.yaml"
    f.write_text(
        f"title: x\ntreaties: [apmbc]\nas_of: '{value}'\nevents:\n  - {{date: '2025-06-27', act: withdraw, state: LTU}}\n",
        encoding="utf-8",
    )
    in_file = treaty("run", f)
    on_line = treaty("run", LTU, "--as-of", value)
    assert (in_file.exit_code, on_line.exit_code) == (2, 2)
    assert in_file.stderr.startswith(f"{f}:3:8: ")
    assert on_line.stderr.removeprefix("--as-of:1:1: ") == in_file.stderr.removeprefix(f"{f}:3:8: ")


# --------------------------------------------------------------------------- other formats


def test_markdown_has_the_table() -> None:
    result = treaty("run", LTU, "--format", "markdown")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "# Lithuania ratifies and withdraws from the Ottawa Convention"
    assert "| treaty | state | status | party since | withdrawal received | withdrawal effective |" in lines
    assert "| apmbc | Lithuania (LTU) | withdrawn | 1 November 2003 | 27 June 2025 | 27 December 2025 |" in lines
    assert f"Scenario `{LTU}`, as of 27 December 2025." in lines


def test_markdown_explain_quotes_the_text() -> None:
    result = treaty("run", LTU, "--format", "markdown", "--explain")
    assert result.exit_code == 0
    assert "## Lithuania: apmbc" in result.stdout
    assert (
        "  > Such withdrawal shall only take effect six months after the receipt of the instrument of withdrawal by the Depositary."
        in result.stdout.splitlines()
    )


def test_table_explain_quotes_the_text() -> None:
    result = treaty("run", LTU, "--explain")
    assert result.exit_code == 0
    assert "Lithuania — apmbc" in result.stdout
    assert "“Such withdrawal shall only take effect six months after the receipt of the instrument of withdrawal by the Depositary.”" in result.stdout


def test_unknown_format_exits_2() -> None:
    result = treaty("run", LTU, "--format", "xml")
    assert result.exit_code == 2
    _no_traceback(result)
    assert "'xml' is not one of 'table', 'json', 'markdown'" in result.stderr


# --------------------------------------------------------------------------- interpretations


def test_interpretation_option_changes_the_result() -> None:
    default = _json(UKR)
    assert default["results"][0]["withdrawal_effective"] == "2026-03-31"  # type: ignore[index]
    result = treaty("run", UKR, "-i", f"{INTERP}=day-after-end", "--format", "json")
    assert result.exit_code == 1  # the file expects the default reading
    assert result.stderr.splitlines() == [
        f"{UKR}: expectation failed: UKR (apmbc) withdrawal_effective: expected 2026-03-31, got 2026-04-01"
    ]
    out = json.loads(result.stdout)
    assert out["interpretations"] == {INTERP: "day-after-end"}
    r = out["results"][0]
    assert (r["status"], r["withdrawal_effective"]) == ("withdrawn", "2026-04-01")
    applied = [(s["date"], s["rule"]) for s in r["explanation"] if s["applied"]]
    assert ("2026-04-01", "apmbc.art-20.released-withdrawal-takes-effect") in applied


def test_interpretation_long_option_and_explicit_default() -> None:
    result = treaty("run", UKR, "--interpretation", f"{INTERP}=on-end-date", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["results"][0]["withdrawal_effective"] == "2026-03-31"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nonsense", "--interpretation:1:1: expected NAME=CHOICE, found 'nonsense'"),
        (
            f"{INTERP}=day-after",
            f"--interpretation:1:1: expected one of on-end-date, day-after-end for {INTERP}, found 'day-after'; "
            "did you mean 'day-after-end'?",
        ),
        (
            "apmbc.art-20.effect=day-after-end",
            f"--interpretation:1:1: expected a declared interpretation ({INTERP}), found 'apmbc.art-20.effect'; "
            f"did you mean '{INTERP}'?",
        ),
    ],
)
def test_bad_interpretation_option_exits_2(value: str, message: str) -> None:
    result = treaty("run", LTU, "-i", value)
    assert result.exit_code == 2
    _no_traceback(result)
    assert result.stderr.splitlines() == [message]


# --------------------------------------------------------------------------- treaty validate


def test_validate_good_file() -> None:
    result = treaty("validate", LTU)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.splitlines() == ["1 file(s) or librar(ies) checked: no problems."]


def test_validate_good_folder() -> None:
    result = treaty("validate", GOOD)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"{len(list(GOOD.rglob('*.yaml')))} file(s) or librar(ies) checked: no problems."]


def test_validate_bad_file() -> None:
    result = treaty("validate", BAD / "unknown-act.yaml")
    assert result.exit_code == 2
    _no_traceback(result)
    assert result.stderr.splitlines() == [
        f"{BAD / 'unknown-act.yaml'}:7:10: expected one of 'sign', 'ratify', 'accept', 'approve', 'accede', "
        "'withdraw', 'denounce', 'revoke_withdrawal', 'armed_conflict_begins' or 'armed_conflict_ends', "
        "found 'withdrew'; did you mean 'withdraw'?"
    ]


def test_validate_good_and_bad_reports_only_the_bad() -> None:
    result = treaty("validate", LTU, BAD / "month-13.yaml", UKR)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{BAD / 'month-13.yaml'}:5:11: expected a real calendar date written YYYY-MM-DD, found '2025-13-01' (there is no month 13)"
    ]


def test_validate_shipped_rules() -> None:
    result = treaty("validate", default_rules_dir())
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["1 file(s) or librar(ies) checked: no problems."]


def test_validate_broken_rules(tmp_path: Path) -> None:
    root = tmp_path / "rules"
    shutil.copytree(default_rules_dir() / "apmbc", root / "apmbc")
    stray = root / "apmbc" / "notes.yaml"
    stray.write_text("a: 1\n", encoding="utf-8")
    result = treaty("validate", root)
    assert result.exit_code == 2
    _no_traceback(result)
    assert result.stderr.splitlines() == [
        f"{stray}:1:1: expected a rule file named 'art-<number>.yaml' or 'treaty.yaml', found 'notes.yaml'"
    ]


def test_missing_rules_folder_exits_2(tmp_path: Path) -> None:
    result = treaty("run", LTU, "--rules", tmp_path / "none")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{tmp_path / 'none'}:1:1: expected a folder of treaty rule folders, found none"]


def test_missing_scenario_file_exits_2(tmp_path: Path) -> None:
    result = treaty("run", tmp_path / "none.yaml")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{tmp_path / 'none.yaml'}:1:1: expected an existing file, found nothing at this path"]


# --------------------------------------------------------------------------- treaty rules


def test_rules_apmbc_lists_rule_ids() -> None:
    result = treaty("rules", "apmbc")
    assert result.exit_code == 0
    assert "apmbc.art-20.suspended-by-conflict" in result.stdout
    assert "apmbc.art-20.takes-effect" in result.stdout
    assert "vclt.art-56" not in result.stdout


def _catalogue_rows(treaty_id: str | None = None) -> list[tuple[str, str]]:
    """(rule id, "<treaty> <citation>: <summary>") for every rule, in catalogue order."""
    from engine.catalogue import catalogue_data

    return [
        (r["id"], f"{t['id']} {r['cites']}: {r['summary']}")
        for t in catalogue_data(load_library(), treaty_id)
        for a in t["articles"]
        for r in a["rules"]
    ]


def _flat(text: str) -> str:
    """The table's text without box drawing, whitespace collapsed: a wrapped cell reads as one run."""
    return " ".join(text.translate({ord(c): " " for c in "│┃┏┓┗┛┡┩└┘━─┳┻╇╈┼┯┷╍"}).split())


def test_rules_table_wide_has_whole_ids_and_summaries() -> None:
    result = treaty("rules", "apmbc")
    assert result.exit_code == 0
    assert "…" not in result.stdout
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "Rules"
    assert [c.strip() for c in lines[2].strip("┃ ").split("┃")] == ["rule", "cites · what it decides"]
    rows = [tuple(c.strip() for c in line.strip("│ ").split("│")) for line in lines if line.startswith("│")]
    assert rows == _catalogue_rows("apmbc")
    assert rows[0] == ("apmbc.art-17.entry-into-force", "apmbc Article 17(1): The 40th instrument fixes the Convention's entry into force.")


@pytest.mark.parametrize("args", [("apmbc",), ()], ids=["apmbc", "all"])
def test_rules_table_keeps_whole_ids_at_80_columns(args: tuple[str, ...]) -> None:
    # at 80 columns (any pipe or CI log) the id, the one cell a user copies, is whole; the rest wraps beneath
    result = treaty("rules", *args, env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert "…" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) == 80
    rows = _catalogue_rows(*args)
    longest = max(len(i) for i, _ in rows)
    ids = [line.split("│")[1].strip() for line in result.stdout.splitlines() if line.startswith("│")]
    assert [i for i in ids if i] == [i for i, _ in rows]
    assert max(len(i) for i in ids) == longest
    flat = _flat(result.stdout)
    assert [f"{i} {text}" for i, text in rows if f"{i} {text}" not in flat] == []


@pytest.mark.parametrize("columns", ["60", "40"])
@pytest.mark.xfail(
    strict=True,
    reason="bug: below about 72 columns the table no longer fits (rule column = longest id, 45, plus the "
    "second column's min_width=20 and borders), and rich crops every line at the terminal's width: at 60 "
    "columns 'cites · what it decides' is cut to 'apmbc Arti', at 40 the ids themselves are cut "
    "('apmbc.art-17.early-consent-enters-into'), with no ellipsis (engine/catalogue.py catalogue_table)",
)
def test_rules_table_loses_no_text_in_a_narrow_terminal(columns: str) -> None:
    result = treaty("rules", "apmbc", env={"COLUMNS": columns})
    assert result.exit_code == 0
    flat = _flat(result.stdout)
    assert [f"{i} {text}" for i, text in _catalogue_rows("apmbc") if f"{i} {text}" not in flat] == []


def test_rules_json_matches_the_library() -> None:
    result = treaty("rules", "apmbc", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [t["id"] for t in data] == ["apmbc"]
    lib = load_library()
    ids = [r["id"] for a in data[0]["articles"] for r in a["rules"]]
    assert ids == [r.id for t, _, r in lib.rules() if t.model.id == "apmbc"]
    art20 = next(a for a in data[0]["articles"] if a["article"] == "20")
    rule = next(r for r in art20["rules"] if r["id"] == "apmbc.art-20.suspended-by-conflict")
    assert rule["cites"] == "Article 20(3), second sentence"
    assert [i["name"] for i in art20["interpretations"]] == [INTERP]


def test_rules_without_treaty_lists_all() -> None:
    result = treaty("rules", "--format", "json")
    assert result.exit_code == 0
    assert [t["id"] for t in json.loads(result.stdout)] == sorted(load_library().treaties)


def test_rules_markdown() -> None:
    result = treaty("rules", "apmbc", "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Rule catalogue\n")
    assert "## Ottawa Convention (`apmbc`)" in result.stdout
    assert "| `apmbc.art-20.suspended-by-conflict` | Article 20(3), second sentence |" in result.stdout


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("nope", ""),
        ("apmbx", "; did you mean 'apmbc'?"),
        ("ccn", "; did you mean 'ccm'?"),
        # treaty ids get a case-insensitive hint, as in a scenario's treaties list
        ("VCLT", "; did you mean 'vclt'?"),
        ("APMBC", "; did you mean 'apmbc'?"),
        ("Ccm", "; did you mean 'ccm'?"),
    ],
)
def test_rules_unknown_treaty_exits_2(name: str, hint: str) -> None:
    known = ", ".join(sorted(load_library().treaties))
    result = treaty("rules", name)
    assert result.exit_code == 2
    _no_traceback(result)
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"TREATY:1:1: expected a treaty id ({known}), found '{name}'{hint}"]


# --------------------------------------------------------------------------- treaty schema


@pytest.mark.parametrize(("kind", "model"), [("scenario", Scenario), ("rules", Article), ("treaty", Treaty)])
def test_schema(kind: str, model: type) -> None:
    result = treaty("schema", kind)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema == model.model_json_schema(by_alias=True)


def test_scenario_schema_describes_events() -> None:
    schema = json.loads(treaty("schema", "scenario").stdout)
    assert {"title", "treaties", "events"} <= set(schema["required"])
    assert schema["properties"]["events"]["items"] == {"$ref": "#/$defs/Event"}
    event = schema["$defs"]["Event"]
    assert event["additionalProperties"] is False
    assert event["properties"]["act"]["enum"] == [
        "sign", "ratify", "accept", "approve", "accede", "withdraw", "denounce",
        "revoke_withdrawal", "armed_conflict_begins", "armed_conflict_ends",
    ]
    assert {"date", "state", "act", "treaty", "reasons", "conflict", "parties", "source", "hypothetical", "note"} <= set(event["properties"])


def test_schema_unknown_kind_exits_2() -> None:
    result = treaty("schema", "nope")
    assert result.exit_code == 2
    _no_traceback(result)
    assert "'nope' is not one of 'scenario', 'rules', 'treaty'" in result.stderr


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["run", str(LTU), "--bogus"], "No such option: --bogus"),
        (["--bogus"], "No such option: --bogus"),
        (["frobnicate"], "No such command 'frobnicate'"),
        (["run"], "Missing argument"),
    ],
)
def test_usage_errors_exit_2(args: list[str], fragment: str) -> None:
    result = treaty(*args)
    assert result.exit_code == 2
    _no_traceback(result)
    assert result.stdout == ""
    assert fragment in result.stderr


def test_no_arguments_shows_help() -> None:
    result = treaty()
    assert result.exit_code == 2
    assert "Usage: treaty [OPTIONS] COMMAND [ARGS]..." in result.stdout + result.stderr
    for command in ("run", "validate", "rules", "schema"):
        assert command in result.stdout + result.stderr
