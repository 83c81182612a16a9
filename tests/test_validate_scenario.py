"""Bad input never shows a traceback: the corpus in tests/fixtures/bad/ and engine/validate.py.

Each ``tests/fixtures/bad/<failure>.yaml`` is one minimal broken scenario. Its first comment
lines say what the engine must print (``# expect: line:col: message``, one per diagnostic, the
path is prepended by the test). ``# xfail: why`` marks a message that is wrong today (a bug
reported to the lead, not an expectation to copy); ``# xfail-exit: why`` marks a file that is
wrongly accepted. A file that cannot hold a comment (the empty file) has its expectations in
``<name>.expect`` next to it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.api import Engine
from engine.cli import app
from engine.errors import InputError

BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
#: a wide terminal, so that the messages are compared without line wrapping (see
#: test_error_lines_are_not_wrapped for the narrow case)
WIDE = {"COLUMNS": "1000"}


@dataclass(frozen=True)
class Case:
    path: Path
    expected: tuple[str, ...]
    xfail: str | None
    xfail_exit: str | None


def _read_case(path: Path) -> Case:
    expected: list[str] = []
    xfail = xfail_exit = None
    sidecar = path.with_suffix(".expect")
    if sidecar.exists():
        expected = [line for line in sidecar.read_text(encoding="utf-8").splitlines() if line.strip()]
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line[1:].strip().partition(": ")
        if key == "expect":
            expected.append(value)
        elif key == "xfail":
            xfail = value
        elif key == "xfail-exit":
            xfail_exit = value
    return Case(path, tuple(expected), xfail, xfail_exit)


CASES = [_read_case(p) for p in sorted(BAD.glob("*.yaml"))]


def _params(*, message: bool) -> list[object]:
    out = []
    for c in CASES:
        reason = c.xfail_exit or (c.xfail if message else None)
        marks = [pytest.mark.xfail(strict=True, reason=f"bug: {reason}")] if reason else []
        out.append(pytest.param(c, id=c.path.stem, marks=marks))
    return out


runner = CliRunner()


def _invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env=WIDE)


def _assert_clean_failure(result) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""


def test_corpus_is_self_describing() -> None:
    assert len(CASES) >= 30
    for c in CASES:
        assert c.expected, f"{c.path.name}: no '# expect:' line"
        for line in c.expected:
            assert line.split(":")[0].isdigit() and line.split(":")[1].isdigit(), f"{c.path.name}: {line!r}"


def test_bad_files_are_not_collected_as_scenarios() -> None:
    # the pytest plugin collects YAML files with title, treaties and expect keys; none of these is one
    from engine.pytest_plugin import _is_scenario

    assert [c.path.name for c in CASES if _is_scenario(c.path)] == []


@pytest.mark.parametrize("case", _params(message=False))
def test_run_exits_2_without_traceback(case: Case) -> None:
    _assert_clean_failure(_invoke("run", str(case.path)))


@pytest.mark.parametrize("case", _params(message=True))
def test_run_prints_path_line_col_message(case: Case) -> None:
    result = _invoke("run", str(case.path))
    assert result.stderr.splitlines() == [f"{case.path}:{e}" for e in case.expected]
    assert result.exit_code == 2


@pytest.mark.parametrize("case", _params(message=True))
def test_validate_prints_the_same(case: Case) -> None:
    result = _invoke("validate", str(case.path))
    _assert_clean_failure(result)
    assert result.stderr.splitlines() == [f"{case.path}:{e}" for e in case.expected]


def test_validate_the_whole_folder() -> None:
    result = _invoke("validate", str(BAD))
    _assert_clean_failure(result)
    lines = result.stderr.splitlines()
    for c in CASES:
        if c.xfail_exit:
            assert not any(line.startswith(f"{c.path}:") for line in lines)
        elif not c.xfail:
            for e in c.expected:
                assert f"{c.path}:{e}" in lines


def test_run_stops_at_the_first_bad_file_and_prints_nothing_else() -> None:
    good = BAD.parent / "good" / "lithuania-withdraws-apmbc.yaml"
    result = _invoke("run", str(good), str(BAD / "impossible-date.yaml"))
    _assert_clean_failure(result)
    assert result.stderr.splitlines() == [
        f"{BAD / 'impossible-date.yaml'}:5:11: expected a real calendar date written YYYY-MM-DD, "
        "found '2025-02-30' (February 2025 has 28 days)"
    ]


def test_error_lines_are_not_wrapped() -> None:
    path = BAD / "unknown-event-key.yaml"
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    treaty = Path(sys.executable).with_name("treaty")
    # no terminal on any standard stream (rich asks fds 0, 1 and 2 for a size): as in CI or a pipe
    proc = subprocess.run(
        [str(treaty), "run", str(path)], stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == f"{path}:{_read_case(path).expected[0]}\n"
    assert len(proc.stderr) > 200  # longer than any terminal: one line all the same


def test_error_lines_are_plain_text(tmp_path: Path) -> None:
    # a forced colour terminal changes nothing: no markup is read ("[bold]" stays), no escape codes
    f = tmp_path / "t.yaml"
    f.write_text(
        "title: x\ntreaties: [apmbc]\nevents:\n  - {date: '2025-06-27', act: withdraw, state: LTU, '[bold]x': 1}\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env.update({"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    treaty = Path(sys.executable).with_name("treaty")
    proc = subprocess.run(
        [str(treaty), "validate", str(f)], stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.returncode == 2
    assert proc.stderr == (
        f"{f}:4:53: unknown key '[bold]x': expected one of act, conflict, date, hypothetical, note, parties, "
        "reasons, reservation, source, state, treaty\n"
    )


# --------------------------------------------------------------------------- check_scenario


@pytest.fixture(scope="module")
def shipped_engine() -> Engine:
    """The shipped rules, built once for this module."""
    return Engine()


def _check_errors(engine: Engine, tmp_path: Path, text: str, **kw: object) -> list[str]:
    f = tmp_path / "t.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        engine.check(f, **kw)  # type: ignore[arg-type]
    return [d.render().replace(str(f), "t.yaml") for d in info.value.diagnostics]


H = "title: x\ntreaties: [apmbc]\n"
EV = "events:\n  - {date: '2025-06-27', act: withdraw, state: LTU}\n"


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        (
            H + EV + "expect:\n  - {state: LTUA, status: withdrawn}\n",
            ["t.yaml:6:13: expected an ISO 3166-1 alpha-3 state code, found 'LTUA'; did you mean 'LTU'?"],
        ),
        (H + EV + "expect:\n  - {state: LTU, treaty: ccm}\n", ["t.yaml:6:26: expected one of the scenario's treaties (apmbc), found 'ccm'"]),
        (
            "title: x\ntreaties: [apmbc, ccm]\nevents:\n  - {date: '2025-06-27', act: withdraw, state: LTU, treaty: apmbc}\n"
            "expect:\n  - {state: LTU}\n",
            ["t.yaml:6:5: expected key 'treaty' (one of apmbc, ccm): the scenario names more than one treaty, found none"],
        ),
        (
            H + "events:\n  - {date: '2025-06-27', act: withdraw, state: LTU, conflict: c1}\n",
            ["t.yaml:4:53: unexpected key 'conflict' for act 'withdraw': it belongs to armed_conflict_begins/ends"],
        ),
        (
            H + "events:\n  - {date: '2025-06-27', act: withdraw, state: LTU, reservation: none}\n",
            ["t.yaml:4:53: unexpected key 'reservation' for act 'withdraw': reservations go with signature or consent"],
        ),
        (
            H + "events:\n  - {date: '2025-06-27', act: armed_conflict_begins, conflict: c1, parties: [LTU, FINN]}\n"
            "  - {date: '2025-07-27', act: armed_conflict_ends, conflict: c1, parties: [LTU]}\n",
            [
                "t.yaml:4:83: expected an ISO 3166-1 alpha-3 state code, found 'FINN'; did you mean 'FIN'?",
                "t.yaml:5:66: unexpected key 'parties' for act 'armed_conflict_ends': expected only the conflict's name",
            ],
        ),
        (
            H + "events:\n  - {date: '2025-06-27', act: armed_conflict_begins, conflict: c1, parties: [LTU]}\n"
            "  - {date: '2025-07-27', act: armed_conflict_ends, conflict: c1}\n"
            "  - {date: '2025-08-27', act: armed_conflict_ends, conflict: c1}\n",
            ["t.yaml:6:62: expected a conflict still going on, found 'c1', which already ended on 2025-07-27"],
        ),
        (
            H + "events:\n  - {date: '2025-06-27', act: armed_conflict_begins, conflict: conflict-a, parties: [LTU]}\n"
            "  - {date: '2025-07-27', act: armed_conflict_ends, conflict: conflict-b}\n",
            [
                "t.yaml:5:62: expected a conflict that began on or before 2025-07-27, found 'conflict-b', "
                "which never began; did you mean 'conflict-a'?"
            ],
        ),
        (
            # the hint also names a conflict that begins only later in the file
            H + "events:\n  - {date: '2025-07-27', act: armed_conflict_ends, conflict: conflict-b}\n"
            "  - {date: '2025-08-27', act: armed_conflict_begins, conflict: conflict-a, parties: [LTU]}\n",
            [
                "t.yaml:4:62: expected a conflict that began on or before 2025-07-27, found 'conflict-b', "
                "which never began; did you mean 'conflict-a'?"
            ],
        ),
        (
            # an end before the conflict's beginning names the day it begins
            H + "events:\n  - {date: '2025-06-27', act: armed_conflict_ends, conflict: c1}\n"
            "  - {date: '2025-06-28', act: armed_conflict_begins, conflict: c1, parties: [LTU]}\n",
            ["t.yaml:4:62: expected a conflict that began on or before 2025-06-27, found 'c1', which begins only on 2025-06-28"],
        ),
        (
            # a same-day beginning comes first whatever the file order; a second end that day is still refused
            H + "events:\n  - {date: '2025-06-27', act: armed_conflict_ends, conflict: c1}\n"
            "  - {date: '2025-06-27', act: armed_conflict_ends, conflict: c1}\n"
            "  - {date: '2025-06-27', act: armed_conflict_begins, conflict: c1, parties: [LTU]}\n",
            ["t.yaml:5:62: expected a conflict still going on, found 'c1', which already ended on 2025-06-27"],
        ),
        (
            # a conflict cannot begin again on the day it ends (beginnings come first in a day)
            H + "events:\n  - {date: '2025-06-01', act: armed_conflict_begins, conflict: c1, parties: [LTU]}\n"
            "  - {date: '2025-06-27', act: armed_conflict_ends, conflict: c1}\n"
            "  - {date: '2025-06-27', act: armed_conflict_begins, conflict: c1, parties: [LTU]}\n",
            ["t.yaml:6:64: expected a new conflict name, found 'c1', which already began on 2025-06-01"],
        ),
        (
            # treaty ids get a case-insensitive hint
            "title: x\ntreaties: [Apmbc]\n" + EV,
            ["t.yaml:2:12: expected a treaty id (apmbc, ccm), found 'Apmbc'; did you mean 'apmbc'?"],
        ),
        (
            # the VCLT is never listed, in any case
            "title: x\ntreaties: [VCLT]\n" + EV,
            [
                "t.yaml:2:12: expected a treaty id (apmbc, ccm), found 'VCLT' "
                "(the VCLT is general law, applied to every treaty: do not list it)"
            ],
        ),
        (
            # ISO alpha-2 codes (any case) and lower-case alpha-3 codes get the state's alpha-3 code
            H + "events:\n  - {date: '2025-06-27', act: armed_conflict_begins, conflict: c1, parties: [ua, RU, Ltu, GB]}\n",
            [
                "t.yaml:4:78: expected an ISO 3166-1 alpha-3 state code, found 'ua'; did you mean 'UKR'?",
                "t.yaml:4:82: expected an ISO 3166-1 alpha-3 state code, found 'RU'; did you mean 'RUS'?",
                "t.yaml:4:86: expected an ISO 3166-1 alpha-3 state code, found 'Ltu'; did you mean 'LTU'?",
                "t.yaml:4:91: expected an ISO 3166-1 alpha-3 state code, found 'GB'; did you mean 'GBR'?",
            ],
        ),
        (H + EV + "expect:\n  - {state: LT}\n", ["t.yaml:6:13: expected an ISO 3166-1 alpha-3 state code, found 'LT'; did you mean 'LTU'?"]),
        (H + "events:\n  - {date: '2025-06-27', act: withdraw, state: XX}\n", ["t.yaml:4:48: expected an ISO 3166-1 alpha-3 state code, found 'XX'"]),
        (
            # 'UK' (ISO's exceptionally reserved code for the United Kingdom), any case, anywhere a state is named
            H + "events:\n  - {date: '2025-06-27', act: armed_conflict_begins, conflict: c1, parties: [UK, uk]}\n"
            "expect:\n  - {state: Uk}\n",
            [
                "t.yaml:4:78: expected an ISO 3166-1 alpha-3 state code, found 'UK'; did you mean 'GBR'?",
                "t.yaml:4:82: expected an ISO 3166-1 alpha-3 state code, found 'uk'; did you mean 'GBR'?",
                "t.yaml:6:13: expected an ISO 3166-1 alpha-3 state code, found 'Uk'; did you mean 'GBR'?",
            ],
        ),
        (H + "events:\n  - {date: '2025-06-27', act: withdraw, state: UK}\n", ["t.yaml:4:48: expected an ISO 3166-1 alpha-3 state code, found 'UK'; did you mean 'GBR'?"]),
        (
            # 'begins only on' names the earliest beginning, whatever the file order; the later one is a second beginning
            H + "events:\n  - {date: '2025-08-01', act: armed_conflict_ends, conflict: c1}\n"
            "  - {date: '2025-10-01', act: armed_conflict_begins, conflict: c1, parties: [LTU]}\n"
            "  - {date: '2025-09-01', act: armed_conflict_begins, conflict: c1, parties: [LTU]}\n",
            [
                "t.yaml:4:62: expected a conflict that began on or before 2025-08-01, found 'c1', which begins only on 2025-09-01",
                "t.yaml:5:64: expected a new conflict name, found 'c1', which already began on 2025-09-01",
            ],
        ),
        (
            H + "events:\n  - {date: '2025-08-01', act: armed_conflict_ends, conflict: c1}\n"
            "  - {date: '2025-09-01', act: armed_conflict_begins, conflict: c1, parties: [LTU]}\n"
            "  - {date: '2025-10-01', act: armed_conflict_begins, conflict: c1, parties: [LTU]}\n",
            [
                "t.yaml:4:62: expected a conflict that began on or before 2025-08-01, found 'c1', which begins only on 2025-09-01",
                "t.yaml:6:64: expected a new conflict name, found 'c1', which already began on 2025-09-01",
            ],
        ),
        (
            # a refused treaty id is not one of the scenario's treaties: no "expected key 'treaty' (one of apmbc, vclt)"
            # for the event or the expectation
            "title: x\ntreaties: [apmbc, vclt]\n" + EV + "expect:\n  - {state: LTU}\n",
            ["t.yaml:2:19: expected a treaty id (apmbc, ccm), found 'vclt' (the VCLT is general law, applied to every treaty: do not list it)"],
        ),
        (
            # ... nor offered as a choice for an event's or an expectation's treaty
            "title: x\ntreaties: [apmbc, vclt, ccm]\nevents:\n  - {date: '2025-06-27', act: withdraw, state: LTU, treaty: vclt}\n"
            "expect:\n  - {state: LTU, treaty: vclt}\n",
            [
                "t.yaml:2:19: expected a treaty id (apmbc, ccm), found 'vclt' (the VCLT is general law, applied to every treaty: do not list it)",
                "t.yaml:4:61: expected one of the scenario's treaties (apmbc, ccm), found 'vclt'",
                "t.yaml:6:26: expected one of the scenario's treaties (apmbc, ccm), found 'vclt'",
            ],
        ),
        (
            # event and expectation treaties get a case-insensitive hint, among the scenario's treaties only
            "title: x\ntreaties: [apmbc, ccm]\nevents:\n  - {date: '2025-06-27', act: withdraw, state: LTU, treaty: CCM}\n"
            "  - {date: '2025-06-28', act: withdraw, state: LVA, treaty: Apmbc}\nexpect:\n  - {state: LTU, treaty: APMBC}\n"
            "  - {state: LVA, treaty: apmbx}\n",
            [
                "t.yaml:4:61: expected one of the scenario's treaties (apmbc, ccm), found 'CCM'; did you mean 'ccm'?",
                "t.yaml:5:61: expected one of the scenario's treaties (apmbc, ccm), found 'Apmbc'; did you mean 'apmbc'?",
                "t.yaml:7:26: expected one of the scenario's treaties (apmbc, ccm), found 'APMBC'; did you mean 'apmbc'?",
                "t.yaml:8:26: expected one of the scenario's treaties (apmbc, ccm), found 'apmbx'; did you mean 'apmbc'?",
            ],
        ),
        (
            # a known treaty the scenario does not list gets no hint
            H + "events:\n  - {date: '2025-06-27', act: withdraw, state: LTU, treaty: CCM}\n",
            ["t.yaml:4:61: expected one of the scenario's treaties (apmbc), found 'CCM'"],
        ),
        (
            H + "events:\n  - {date: '2025-06-27', act: armed_conflict_begins}\n",
            ["t.yaml:4:5: expected key 'conflict' (the conflict's name) for act 'armed_conflict_begins', found none"],
        ),
        (
            # every problem of a file is reported, in position order
            H + "events:\n  - {date: '2025-06-27', act: withdraw, state: ltu}\n  - {date: '2025-06-28', act: ratify}\n",
            [
                "t.yaml:4:48: expected an ISO 3166-1 alpha-3 state code, found 'ltu'; did you mean 'LTU'?",
                "t.yaml:5:5: expected key 'state' (an ISO 3166-1 alpha-3 code) for act 'ratify', found none",
            ],
        ),
    ],
)
def test_check_scenario_errors(shipped_engine: Engine, tmp_path: Path, text: str, errors: list[str]) -> None:
    assert _check_errors(shipped_engine, tmp_path, text) == errors


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        (
            {"apmbc.art-20.effect-after-conflict": "day-after"},
            "--interpretation:1:1: expected one of on-end-date, day-after-end for apmbc.art-20.effect-after-conflict, "
            "found 'day-after'; did you mean 'day-after-end'?",
        ),
        (
            {"apmbc.art-20.effect": "day-after-end"},
            "--interpretation:1:1: expected a declared interpretation (apmbc.art-20.effect-after-conflict), "
            "found 'apmbc.art-20.effect'; did you mean 'apmbc.art-20.effect-after-conflict'?",
        ),
    ],
)
def test_interpretation_overrides_are_checked(shipped_engine: Engine, tmp_path: Path, overrides: dict[str, str], error: str) -> None:
    assert _check_errors(shipped_engine, tmp_path, H + EV, interpretations=overrides) == [error]


def _checked(engine: Engine, tmp_path: Path, text: str, **kw: object):  # type: ignore[no-untyped-def]
    f = tmp_path / "t.yaml"
    f.write_text(text, encoding="utf-8")
    return engine.check(f, **kw)  # type: ignore[arg-type]


def test_interpretations_default_scenario_and_override(shipped_engine: Engine, tmp_path: Path) -> None:
    name = "apmbc.art-20.effect-after-conflict"
    assert _checked(shipped_engine, tmp_path, H + EV).interpretations[name] == "on-end-date"
    chosen = H + f"interpretations: {{{name}: day-after-end}}\n" + EV
    assert _checked(shipped_engine, tmp_path, chosen).interpretations[name] == "day-after-end"
    assert _checked(shipped_engine, tmp_path, chosen, interpretations={name: "on-end-date"}).interpretations[name] == "on-end-date"


def test_checked_scenario_resolves_treaties_and_conflicts(shipped_engine: Engine, tmp_path: Path) -> None:
    checked = _checked(
        shipped_engine, tmp_path,
        H + "events:\n  - {date: '2025-06-27', act: armed_conflict_begins, conflict: c1, parties: [LTU, LVA]}\n"
        "  - {date: '2025-06-27', act: withdraw, state: LTU}\n"
        "  - {date: '2025-06-27', act: armed_conflict_ends, conflict: c1}\n",
    )
    assert checked.treaty_of == {0: "", 1: "apmbc", 2: ""}
    assert checked.conflict_parties == {"c1": ["LTU", "LVA"]}


def test_same_day_end_listed_before_beginning(shipped_engine: Engine, tmp_path: Path) -> None:
    # validation follows the simulation's same-day order: a conflict begins first in the day, ends last
    checked = _checked(
        shipped_engine, tmp_path,
        H + "events:\n  - {date: '2025-06-27', act: armed_conflict_ends, conflict: c1}\n"
        "  - {date: '2025-06-27', act: armed_conflict_begins, conflict: c1, parties: [LTU]}\n",
    )
    assert checked.conflict_parties == {"c1": ["LTU"]}


# --------------------------------------------------------------------------- no known treaty


def test_no_known_treaty_gives_no_empty_choice(shipped_engine: Engine, tmp_path: Path) -> None:
    text = (
        "title: x\ntreaties: [foo]\nevents:\n  - {date: '2025-06-27', act: withdraw, state: LTU, treaty: apmbc}\n"
        "expect:\n  - {state: LTU, treaty: apmbc}\n"
    )
    assert _check_errors(shipped_engine, tmp_path, text) == ["t.yaml:2:12: expected a treaty id (apmbc, ccm), found 'foo'"]
