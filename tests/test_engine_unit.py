"""Unit tests of the engine's inner stages: rete (durable-rules), compile and explain."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from engine import Engine, EngineFault
from engine import rete
from engine.compile import citation_text, durable_name, parse_ref
from engine.explain import render_template

# Real facts, sourced (see /tmp/research/facts.md, A.1 and A.2): Lithuania deposited its
# instrument of ratification on 12 May 2003 (State Party from 1 November 2003); the
# Secretary-General received its instrument of withdrawal on 27 June 2025; the withdrawal took
# effect on 27 December 2025.
LITHUANIA_OTTAWA = """\
title: Lithuania withdraws from the Ottawa Convention (unit-test copy)
sources:
  - "Landmine Monitor, Lithuania mine ban policy (2018): http://www.the-monitor.org/en-gb/reports/2018/lithuania/mine-ban-policy.aspx"
  - "Trend: https://en.trend.az/baltics/4063907.html ('On June 27, Lithuania officially submitted its withdrawal notice ... to the Secretary-General')"
  - "MAG: https://www.maginternational.org/whats-happening/mag-statement-official-withdrawal-ottawa-treaty ('today, December 27th, we mark the withdrawal of Estonia, Latvia and Lithuania')"
treaties: [apmbc]
as_of: "2026-01-01"
events:
  - date: "2003-05-12"
    state: LTU
    act: ratify
    source: Landmine Monitor, Lithuania mine ban policy 2018 ("ratified it on 12 May 2003")
  - date: "2025-06-27"
    state: LTU
    act: withdraw
    reasons: Changing national security needs.
    source: Trend, en.trend.az/baltics/4063907 (receipt on 27 June 2025); reasons as summarised by Xinhua, 28 December 2025
expect:
  - state: LTU
    status: withdrawn
    party_since: "2003-11-01"
    withdrawal_received: "2025-06-27"
    withdrawal_effective: "2025-12-27"
"""


@pytest.fixture(scope="module")
def lithuania_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("unit") / "lithuania-ottawa.yaml"
    path.write_text(LITHUANIA_OTTAWA, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- rete


def test_two_thousand_scenarios_in_one_process(engine: Engine, lithuania_file: Path) -> None:
    """Each run deletes its session: far more than durable-rules' 1,024 live sessions, no crash."""
    checked = engine.check(lithuania_file)
    effective = set()
    for _ in range(2000):
        report = engine.run_checked(checked)
        ltu = report.result("LTU")
        assert ltu is not None
        effective.add((ltu.status, ltu.withdrawal_effective))
    assert effective == {("withdrawn", _dt.date(2025, 12, 27))}
    assert rete._sinks == {}  # no session left registered


_TINY = {
    "boom": {"all": [{"m": {"fact": "ping"}}], "run": "boom"},
    "__session_open": {"all": [{"m": {"fact": "__session_open"}}], "run": "__session_open"},
}


def test_an_exception_in_a_rule_action_surfaces_as_engine_fault() -> None:
    rete.register("unit_tiny_program", _TINY)

    def sink(rule: str, bindings: dict[str, dict[str, object]]) -> None:
        raise RuntimeError(f"broken action of {rule}")

    with pytest.raises(EngineFault, match=r"a rule action failed: .*broken action of boom"):
        with rete.Session("unit_tiny_program", sink) as session:
            session.assert_fact({"fact": "ping", "n": 1})
    assert rete._sinks == {}  # the failed session was deleted

    # the host keeps working after the fault
    fired: list[tuple[str, dict[str, dict[str, object]]]] = []
    with rete.Session("unit_tiny_program", lambda r, b: fired.append((r, b))) as session:
        assert session.assert_fact({"fact": "ping", "n": 2}) is True
    assert [(r, {k: {f: v for f, v in fact.items() if f != "sid"} for k, fact in b.items()}) for r, b in fired] == [
        ("boom", {"m": {"fact": "ping", "n": 2}})
    ]


def test_session_fact_table() -> None:
    """Identical facts are asserted once; retraction needs the exact fact; unmatched facts are fine."""
    rete.register("unit_tiny_program", _TINY)
    fired: list[str] = []
    with rete.Session("unit_tiny_program", lambda r, b: fired.append(r)) as session:
        assert session.assert_fact({"fact": "ping", "n": 3}) is True
        assert session.assert_fact({"fact": "ping", "n": 3}) is False
        assert session.has({"fact": "ping", "n": 3})
        assert session.retract_fact({"fact": "ping", "n": 4}) is False
        assert session.retract_fact({"fact": "ping", "n": 3}) is True
        assert session.retract_fact({"fact": "ping", "n": 3}) is False
        assert session.assert_fact({"fact": "nobody-listens", "x": 1}) is True
    assert fired == ["boom"]


def test_registering_twice_is_a_no_op() -> None:
    rete.register("unit_tiny_program", _TINY)
    rete.register("unit_tiny_program", _TINY)
    assert "unit_tiny_program" in rete._registered


# --------------------------------------------------------------------------- compile


def _first_condition(engine: Engine, rule_id: str) -> dict[str, object]:
    cond = engine.program.definition[durable_name(rule_id)]["all"][0]
    (value,) = cond.values()
    return value  # type: ignore[no-any-return]


def test_general_rule_excludes_each_overriding_treaty(engine: Engine) -> None:
    assert engine.program.definition[durable_name("vclt.art-56.withdrawal-notice")]["all"][0] == {
        "n": {"$and": [{"fact": "notice"}, {"$neq": {"treaty": "apmbc"}}, {"$neq": {"treaty": "ccm"}}, {"kind": "withdraw"}]}
    }
    for rid, overriders in engine.program.overridden_by.items():
        treaties = sorted({engine.program.by_id[o].treaty for o in overriders})
        tests = _first_condition(engine, rid)["$and"]  # type: ignore[index]
        assert [t for t in tests if "$neq" in t] == [{"$neq": {"treaty": t}} for t in treaties], rid


def test_general_rule_not_overridden_has_no_exclusion(engine: Engine) -> None:
    assert _first_condition(engine, "vclt.art-18.signatory") == {"$and": [{"fact": "act"}, {"act": "sign"}]}


def test_fixture_library_excludes_only_its_overriding_treaty(fixture_engine: Engine) -> None:
    tests = _first_condition(fixture_engine, "vclt.art-56.takes-effect")["$and"]  # type: ignore[index]
    assert [t for t in tests if "$neq" in t] == [{"$neq": {"treaty": "apmbc"}}]


def test_general_rule_correlates_later_patterns_to_the_treaty_of_the_first(engine: Engine) -> None:
    second = engine.program.definition[durable_name("vclt.art-56.takes-effect")]["all"][1]
    assert second == {"p": {"$and": [
        {"fact": "withdrawal_pending"}, {"treaty": {"d": "treaty"}}, {"state": {"d": "state"}}, {"notice": {"d": "notice"}},
    ]}}


def test_treaty_rule_is_scoped_to_its_treaty_but_not_on_armed_conflict(engine: Engine) -> None:
    conditions = engine.program.definition[durable_name("apmbc.art-20.takes-effect")]["all"]
    assert conditions == [
        {"d": {"$and": [{"fact": "deadline"}, {"treaty": "apmbc"}, {"name": "withdrawal_period_expires"}]}},
        {"p": {"$and": [{"fact": "withdrawal_pending"}, {"treaty": "apmbc"}, {"state": {"d": "state"}}, {"notice": {"d": "notice"}}]}},
        {"n2$not": {"$and": [{"fact": "armed_conflict"}, {"state": {"d": "state"}}]}},
    ]


def test_interpretation_rules_get_a_gate_pattern(engine: Engine) -> None:
    conditions = engine.program.definition[durable_name("apmbc.art-20.effect-at-end-of-conflict")]["all"]
    assert conditions[-1] == {"gate": {"$and": [
        {"fact": "interpretation"}, {"name": "apmbc.art-20.effect-after-conflict"}, {"choice": "on-end-date"},
    ]}}
    gated = sorted(
        c.id for c in engine.program.by_id.values()
        if any("gate" in cond for cond in engine.program.definition[c.name]["all"])
    )
    declared = sorted(c.id for c in engine.program.by_id.values() if c.rule.interpretation is not None)
    assert gated == declared
    assert "apmbc.art-20.effect-day-after-end-of-conflict" in gated
    assert "apmbc.art-20.takes-effect" not in gated


def test_compiled_rule_knows_its_citation_and_text(engine: Engine) -> None:
    rule = engine.program.by_id["apmbc.art-20.suspended-by-conflict"]
    assert rule.citation == "Article 20(3), second sentence"
    assert rule.text == (
        "If, however, on the expiry of that six-month period, the withdrawing State Party is engaged in an "
        "armed conflict, the withdrawal shall not take effect before the end of the armed conflict."
    )
    assert (rule.treaty, rule.general, rule.trigger_binding, rule.bindings) == ("apmbc", False, "d", ("d", "p", "k"))
    assert Path(rule.path).name == "art-20.yaml" and rule.line > 0


def test_program_name_is_a_digest_of_the_definition(engine: Engine) -> None:
    again = Engine()
    assert again.program.name == engine.program.name
    assert engine.program.name.startswith("treaty_rules_") and len(engine.program.name) == len("treaty_rules_") + 16
    assert Engine(Path(__file__).parent / "fixtures" / "rules").program.name != engine.program.name


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("20", "3", 2, None), "Article 20(3), second sentence"),
        (("20", "3", 1, None), "Article 20(3), first sentence"),
        (("19", "", None, None), "Article 19"),
        (("18", "", None, "(a)"), "Article 18(a)"),
        (("56", "1", None, "(b)"), "Article 56(1)(b)"),
        (("9", "1", 9, None), "Article 9(1), 9th sentence"),
    ],
)
def test_citation_text(args: tuple[str, str, int | None, str | None], expected: str) -> None:
    assert citation_text(*args) == expected


def test_parse_ref_and_durable_name() -> None:
    assert parse_ref("$n.date") == ("n", "date")
    assert parse_ref("$today") is None
    assert parse_ref("n.date") is None
    assert parse_ref(3) is None
    assert durable_name("apmbc.art-20.takes-effect") == "apmbc_art_20_takes_effect"


# --------------------------------------------------------------------------- explain


def test_why_not_sentence_for_lithuania(engine: Engine, lithuania_file: Path) -> None:
    report = engine.run_file(lithuania_file)
    assert report.expectation_failures == []
    ltu = report.result("LTU", "apmbc")
    assert ltu is not None
    not_applied = [s for s in ltu.explanation if not s.applied]
    assert [(s.date, s.rule, s.article, s.sentence) for s in not_applied] == [(
        _dt.date(2025, 12, 27),
        "apmbc.art-20.suspended-by-conflict",
        "Article 20(3), second sentence",
        "Article 20(3), second sentence, did not apply: Lithuania was not engaged in an armed conflict on 27 December 2025.",
    )]


def test_applied_steps_for_lithuania(engine: Engine, lithuania_file: Path) -> None:
    ltu = engine.run_file(lithuania_file).result("LTU", "apmbc")
    assert ltu is not None
    applied = [(s.date.isoformat(), s.rule, s.article) for s in ltu.explanation if s.applied]
    assert applied == [
        ("2003-05-12", "apmbc.art-17.later-consent", "Article 17(2)"),
        ("2003-11-01", "apmbc.art-17.enters-into-force-for-state", "Article 17(2)"),
        ("2025-06-27", "apmbc.art-21.instrument-received", "Article 21"),
        ("2025-06-27", "vclt.art-78.notice-on-receipt", "VCLT Article 78(b)"),
        ("2025-06-27", "apmbc.art-20.right-to-withdraw", "Article 20(2), first sentence"),
        ("2025-06-27", "apmbc.art-20.six-month-period", "Article 20(3), first sentence"),
        ("2025-12-27", "apmbc.art-20.takes-effect", "Article 20(3), first sentence"),
        ("2025-12-27", "apmbc.art-20.obligations-under-other-law", "Article 20(4)"),
    ]
    takes_effect = next(s for s in ltu.explanation if s.rule == "apmbc.art-20.takes-effect")
    assert takes_effect.sentence == (
        "The six-month period expired on 27 December 2025 and Lithuania was not engaged in an armed conflict: "
        "the withdrawal took effect on 27 December 2025."
    )
    assert takes_effect.text == (
        "Such withdrawal shall only take effect six months after the receipt of the instrument of withdrawal by "
        "the Depositary."
    )
    assert not takes_effect.after_as_of


def test_steps_after_as_of_are_marked(engine: Engine, lithuania_file: Path) -> None:
    report = engine.run_file(lithuania_file, as_of=_dt.date(2025, 9, 1))
    ltu = report.result("LTU")
    assert ltu is not None
    assert (ltu.status, ltu.withdrawal_effective) == ("withdrawal_pending", _dt.date(2025, 12, 27))
    later = [s.rule for s in ltu.explanation if s.after_as_of]
    assert later == [
        "apmbc.art-20.takes-effect", "apmbc.art-20.obligations-under-other-law", "apmbc.art-20.suspended-by-conflict",
    ]


def test_render_template_fills_dates_states_and_treaty(engine: Engine) -> None:
    text = render_template(
        "{n.state} gave notice on {n.date} to {depositary} under the {treaty}; it expires on {deadline} ({period}); {n.missing}",
        {"n": {"state": "LTU", "date": _dt.date(2025, 6, 27).toordinal()}},
        {"treaty": "apmbc", "deadline": _dt.date(2025, 12, 27).toordinal(), "period": "6 months"},
        engine.program,
    )
    assert text == (
        "Lithuania gave notice on 27 June 2025 to Secretary-General of the United Nations under the Ottawa "
        "Convention; it expires on 27 December 2025 (6 months); (none)"
    )
