"""Corpus-wide checks: they scale with the rule library and the scenario collection for free.

* Identity: every rule id is unique and names its file's place (``rules/<t>/art-<n>.yaml``
  holds ``<t>.art-<n>.*``).
* The law travels with the rule: every cited paragraph, sentence and subparagraph exists and
  its quoted text is not empty; every treaty and article file says where its text was read.
* Precedence is declared: every ``overrides`` target exists and is a VCLT (general) rule.
* Scenarios: every file in scenarios/ validates, has ``sources`` and expectations, and every
  act is either sourced (``source:``) or marked ``hypothetical: true`` with a ``note``.
* Every rule has a scenario where it applies and one where it does not.
* The fixture library (tests/fixture_library.py: the shipped VCLT and Ottawa rules plus the
  fictional treaty) meets the expectations of its scenarios (tests/fixtures/vclt-scenarios).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine import Engine, ScenarioReport
from engine.cli import app
from engine.load import Library, load_library
from engine.model import Scenario, Source
from engine.yamlio import load_yaml_file
from fixture_library import fixture_library_dir

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
SCENARIOS = ROOT / "scenarios"
FIXTURE_RULES = fixture_library_dir()
FIXTURE_SCENARIOS = ROOT / "tests" / "fixtures" / "vclt-scenarios"

SCENARIO_FILES = sorted(SCENARIOS.rglob("*.yaml"))
FIXTURE_SCENARIO_FILES = sorted(FIXTURE_SCENARIOS.glob("*.yaml"))

_ART_FILE = re.compile(r"^art-([0-9a-z]+)\.yaml$")


def _rel(path: Path | str) -> str:
    resolved = Path(path).resolve()
    for base, label in ((ROOT, ""), (FIXTURE_RULES.resolve(), "fixture-rules/")):
        if resolved.is_relative_to(base):
            return label + str(resolved.relative_to(base))
    return str(resolved)


def _libraries() -> list[Library]:
    return [load_library(RULES), load_library(FIXTURE_RULES)]


def _scenario(path: Path) -> Scenario:
    return Scenario.model_validate(load_yaml_file(path).data)


# --------------------------------------------------------------------------- rule identity


@pytest.mark.parametrize("root", [RULES, FIXTURE_RULES], ids=["rules", "fixture-rules"])
def test_rule_ids_are_unique_and_match_their_file(root: Path) -> None:
    lib = load_library(root)
    seen: dict[str, str] = {}
    problems = []
    for t in lib.treaties.values():
        for a in t.articles:
            path = Path(a.doc.path)
            m = _ART_FILE.match(path.name)
            assert m is not None, f"{path}: expected a file named art-<n>.yaml"
            assert path.parent.name == t.model.id, f"{path}: expected to sit in rules/{t.model.id}/"
            prefix = f"{t.model.id}.art-{m.group(1)}."
            for r in a.model.rules:
                if not r.id.startswith(prefix):
                    problems.append(f"{_rel(path)}: rule '{r.id}' does not start with '{prefix}'")
                if r.id in seen:
                    problems.append(f"{_rel(path)}: rule '{r.id}' also in {seen[r.id]}")
                seen[r.id] = _rel(path)
    assert problems == []
    assert len(seen) >= 10  # the library was actually read


def test_fixture_library_has_only_the_copies_and_the_fictional_treaty() -> None:
    lib = load_library(FIXTURE_RULES)
    assert sorted(lib.treaties) == ["apmbc", "silent-test", "vclt"]
    silent = lib.treaties["silent-test"]
    assert silent.model.title == "Fictional test treaty without a withdrawal clause"
    for src in (silent.model.adopted.source, silent.model.depositary.source, silent.model.entry_into_force.source,
                silent.model.date_convention.source, *silent.model.sources, *(a.model.source for a in silent.articles)):
        assert "test fixture, not law" in src.citation.lower(), src.citation
    # no withdrawal clause: nothing in the fictional treaty displaces a VCLT rule
    assert [r.overrides for a in silent.articles for r in a.model.rules] == [[], [], []]


# --------------------------------------------------------------------------- the text of the law


def test_every_citation_points_at_existing_non_empty_text() -> None:
    problems = []
    for lib in _libraries():
        for t, a, r in lib.rules():
            where = f"{_rel(a.doc.path)}: {r.id}"
            para = next((p for p in a.model.paragraphs if p.number == r.cites.paragraph), None)
            if para is None:
                problems.append(f"{where}: no paragraph '{r.cites.paragraph}'")
                continue
            if r.cites.sentence is not None:
                if not 1 <= r.cites.sentence <= len(para.sentences):
                    problems.append(f"{where}: no sentence {r.cites.sentence} in paragraph '{para.number}'")
                    continue
                quoted = para.sentences[r.cites.sentence - 1]
            elif r.cites.subparagraph is not None:
                if r.cites.subparagraph not in para.subparagraphs:
                    problems.append(f"{where}: no subparagraph '{r.cites.subparagraph}'")
                    continue
                quoted = para.subparagraphs[r.cites.subparagraph]
            else:
                quoted = " ".join(para.sentences)
            if not quoted.strip():
                problems.append(f"{where}: the quoted text is empty")
        for t in lib.treaties.values():
            for a in t.articles:
                for p in a.model.paragraphs:
                    for s in [*p.sentences, *p.subparagraphs.values()]:
                        if not s.strip():
                            problems.append(f"{_rel(a.doc.path)}: an empty sentence in paragraph '{p.number}'")
    assert problems == []


def test_every_compiled_rule_quotes_its_text(engine: Engine) -> None:
    empty = [c.id for c in engine.program.by_id.values() if not c.text.strip() or not c.citation.startswith("Article ")]
    assert empty == []


def test_every_override_target_exists_and_is_a_vclt_rule() -> None:
    problems = []
    for lib in _libraries():
        rules = {r.id: t for t, _a, r in lib.rules()}
        for t, a, r in lib.rules():
            for target in r.overrides:
                if target not in rules:
                    problems.append(f"{_rel(a.doc.path)}: {r.id} overrides '{target}', which does not exist")
                elif not target.startswith("vclt.") or rules[target].model.scope != "general":
                    problems.append(f"{_rel(a.doc.path)}: {r.id} overrides '{target}', which is not a VCLT rule")
                elif t.model.scope == "general":
                    problems.append(f"{_rel(a.doc.path)}: the general rule {r.id} overrides '{target}'")
    assert problems == []


def test_every_override_is_used_somewhere() -> None:
    """The shipped treaties displace exactly the VCLT defaults they have a clause for."""
    lib = load_library(RULES)
    displaced = sorted({target for _t, _a, r in lib.rules() for target in r.overrides})
    assert displaced == [
        "vclt.art-24.consent",
        "vclt.art-24.later-consent",
        "vclt.art-56.takes-effect",
        "vclt.art-56.withdrawal-notice",
    ]


def _sources_of_library(lib: Library) -> list[tuple[str, Source]]:
    out: list[tuple[str, Source]] = []
    for t in lib.treaties.values():
        m = t.model
        where = _rel(t.doc.path)
        out += [(f"{where}: adopted", m.adopted.source), (f"{where}: depositary", m.depositary.source),
                (f"{where}: entry_into_force", m.entry_into_force.source),
                (f"{where}: date_convention", m.date_convention.source)]
        out += [(f"{where}: sources[{i}]", s) for i, s in enumerate(m.sources)]
        for a in t.articles:
            out.append((f"{_rel(a.doc.path)}: source", a.model.source))
            for interp in a.model.interpretations:
                out += [(f"{_rel(a.doc.path)}: {interp.name} / {c.name}", c.source) for c in interp.choices]
    return out


def test_every_treaty_and_article_has_a_citation() -> None:
    missing = []
    for lib in _libraries():
        for t in lib.treaties.values():
            if not t.model.sources:
                missing.append(f"{_rel(t.doc.path)}: no sources")
        for where, src in _sources_of_library(lib):
            if not src.citation.strip():
                missing.append(f"{where}: empty citation")
    assert missing == []


# --------------------------------------------------------------------------- scenarios


def test_scenarios_folder_has_scenarios() -> None:
    assert {p.parent.name for p in SCENARIO_FILES} >= {"ottawa", "ccm"}


def test_every_scenario_file_validates() -> None:
    result = CliRunner().invoke(app, ["validate", str(SCENARIOS)])
    assert result.exit_code == 0, result.output
    assert re.search(rf"\b{len(SCENARIO_FILES)} file\(s\)", result.output), result.output  # every file was read


@pytest.mark.parametrize("path", SCENARIO_FILES + FIXTURE_SCENARIO_FILES, ids=_rel)
def test_every_scenario_has_sources_and_expectations(path: Path) -> None:
    sc = _scenario(path)
    assert sc.sources and all(s.strip() for s in sc.sources), f"{_rel(path)}: expected a non-empty 'sources' list"
    assert sc.expect, f"{_rel(path)}: expected an 'expect' block (a scenario without one tests nothing)"


@pytest.mark.parametrize("path", SCENARIO_FILES + FIXTURE_SCENARIO_FILES, ids=_rel)
def test_every_event_is_sourced_or_hypothetical(path: Path) -> None:
    sc = _scenario(path)
    problems = []
    for i, ev in enumerate(sc.events):
        label = f"{_rel(path)}: events[{i}] ({ev.date.isoformat()} {ev.state or ev.conflict} {ev.act})"
        if ev.hypothetical:
            if not (ev.note and ev.note.strip()):
                problems.append(f"{label}: hypothetical, but no note saying so")
        elif not (ev.source and ev.source.strip()):
            problems.append(f"{label}: expected 'source:' or 'hypothetical: true'")
    assert problems == []


def test_fixture_scenarios_are_all_hypothetical_where_the_treaty_is_fictional() -> None:
    for path in FIXTURE_SCENARIO_FILES:
        sc = _scenario(path)
        for ev in sc.events:
            if (ev.treaty or sc.treaties[0]) == "silent-test":
                assert ev.hypothetical, f"{_rel(path)}: an act under the fictional treaty must be hypothetical"


@pytest.mark.parametrize("path", FIXTURE_SCENARIO_FILES, ids=_rel)
def test_fixture_scenario_meets_its_expectations(fixture_engine: Engine, path: Path) -> None:
    report = fixture_engine.run_file(path)
    assert report.expectation_failures == []


def test_fixture_scenarios_exist() -> None:
    assert len(FIXTURE_SCENARIO_FILES) >= 5


# --------------------------------------------------------------------------- coverage


@pytest.fixture(scope="module")
def all_reports(engine: Engine, fixture_engine: Engine) -> list[tuple[Scenario, ScenarioReport]]:
    """Every scenario of scenarios/ (shipped rules) and of the fixture library, run once."""
    out = []
    for path in SCENARIO_FILES:
        out.append((_scenario(path), engine.run_file(path)))
    for path in FIXTURE_SCENARIO_FILES:
        out.append((_scenario(path), fixture_engine.run_file(path)))
    return out


def _applied(report: ScenarioReport) -> set[str]:
    return {s.rule for r in report.results for s in r.explanation if s.applied}


def test_every_rule_applies_somewhere_and_fails_to_apply_somewhere(
    engine: Engine, fixture_engine: Engine, all_reports: list[tuple[Scenario, ScenarioReport]]
) -> None:
    """Coverage is read from the reports (what a reader sees): a rule "applies" in a scenario
    when one of its results shows an applied step of that rule; it "does not apply" when the
    scenario names the rule's treaty (any treaty, for a VCLT rule) and no result shows it.

    The rules are those of rules/ plus the fictional Silent Test Treaty of the fixture library.
    """
    treaty_of = {rid: c.treaty for rid, c in engine.program.by_id.items()}
    treaty_of.update({rid: c.treaty for rid, c in fixture_engine.program.by_id.items() if c.treaty == "silent-test"})
    applies: dict[str, list[str]] = {rid: [] for rid in treaty_of}
    misses: dict[str, list[str]] = {rid: [] for rid in treaty_of}
    for sc, report in all_reports:
        fired = _applied(report)
        for rid, treaty in treaty_of.items():
            if rid in fired:
                applies[rid].append(report.scenario)
            elif treaty == "vclt" or treaty in sc.treaties:
                misses[rid].append(report.scenario)
    never_applies = sorted(rid for rid, where in applies.items() if not where)
    always_applies = sorted(rid for rid, where in misses.items() if not where)
    assert (never_applies, always_applies) == ([], []), (
        f"rules with no scenario where they apply: {never_applies}; "
        f"rules with no scenario where they do not apply: {always_applies}"
    )


def test_fixture_scenarios_reach_the_vclt_defaults_no_real_treaty_uses(
    all_reports: list[tuple[Scenario, ScenarioReport]]
) -> None:
    fired: set[str] = set()
    for sc, report in all_reports:
        if "silent-test" in sc.treaties:
            fired |= _applied(report)
    assert {
        "vclt.art-24.consent",
        "vclt.art-24.later-consent",
        "vclt.art-56.withdrawal-notice",
        "vclt.art-56.takes-effect",
    } <= fired
