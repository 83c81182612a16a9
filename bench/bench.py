"""Performance benchmark for treaty-rules (``make bench``).

Measures, against the targets in the README:

1. the cost of one founding-size scenario run (``Engine.run_checked``): median and p90 over
   many runs, split into simulate / explain / expectation check;
2. the cost of generated 20-event scenarios (deterministic, fixed seed, synthetic);
3. resident memory growth over many scenario runs in one process;
4. the cold wall time of ``treaty run <founding scenario> --format json`` and the slowest
   imports of ``engine.cli`` (``python -X importtime``).

Prints a table and writes ``bench/results/latest.json`` (git-ignored).

Usage::

    .venv/bin/python bench/bench.py                 # full run (100,000 runs for memory)
    .venv/bin/python bench/bench.py --runs 10000    # quicker memory section
    .venv/bin/python bench/bench.py --profile       # also cProfile the founding scenario

The generated scenarios are synthetic load, not legal claims: every generated act is marked
``hypothetical: true``; they live only in a temporary directory.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as _dt
import gc
import io
import json
import os
import platform
import pstats
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
FOUNDING = ROOT / "scenarios" / "ottawa" / "2025-withdrawals.yaml"
RESULTS = ROOT / "bench" / "results"

TARGET_RUN_US = 300.0
TARGET_RSS_MB = 10.0
TARGET_CLI_S = 0.5

import engine  # noqa: E402  (after ROOT so the message below can name the venv)
from engine.api import check_expectations  # noqa: E402
from engine.explain import explain  # noqa: E402
from engine.simulate import simulate  # noqa: E402

# --------------------------------------------------------------------------- scenarios

# Used only while scenarios/ottawa/2025-withdrawals.yaml does not exist yet. Dates are those
# of /tmp/research/facts.md (A.1, A.2); the real file replaces this as soon as it exists.
_FALLBACK_FOUNDING = """\
title: "Bench fallback: the 2025 withdrawals from the Ottawa Convention"
description: >-
  Founding-size stand-in used by bench/bench.py until scenarios/ottawa/2025-withdrawals.yaml
  exists. Dates from the Landmine Monitor country profiles and press reports of the 2025
  withdrawals (see /tmp/research/facts.md, sections A.1 and A.2).
treaties: [apmbc]
as_of: "2026-03-01"
events:
  - {date: "2003-05-12", state: LTU, act: ratify, source: "Landmine Monitor, Lithuania mine ban policy 2018"}
  - {date: "2004-05-12", state: EST, act: accede, source: "Landmine Monitor, Estonia mine ban policy 2023"}
  - {date: "2005-07-01", state: LVA, act: accede, source: "Landmine Monitor, Latvia mine ban policy 2023"}
  - {date: "2012-01-09", state: FIN, act: accede, source: "Landmine Monitor, Finland mine ban policy 2022"}
  - {date: "2012-12-27", state: POL, act: ratify, source: "ICBL, Poland ratification"}
  - {date: "2025-06-27", state: EST, act: withdraw, reasons: "Security situation in the region.", source: "Trend, Estonia withdrawal"}
  - {date: "2025-06-27", state: LVA, act: withdraw, reasons: "Security situation in the region.", source: "Xinhua via China Daily HK"}
  - {date: "2025-06-27", state: LTU, act: withdraw, reasons: "Security situation in the region.", source: "Trend, Lithuania withdrawal"}
  - {date: "2025-07-10", state: FIN, act: withdraw, reasons: "Security situation in the region.", source: "Finnish MFA via Gamereactor"}
  - {date: "2025-08-20", state: POL, act: withdraw, reasons: "Security situation in the region.", source: "Dziennik Ustaw 2025 poz. 1514"}
expect:
  - {state: EST, status: withdrawn, party_since: "2004-11-01", withdrawal_received: "2025-06-27", withdrawal_effective: "2025-12-27"}
  - {state: LVA, status: withdrawn, party_since: "2006-01-01", withdrawal_received: "2025-06-27", withdrawal_effective: "2025-12-27"}
  - {state: LTU, status: withdrawn, party_since: "2003-11-01", withdrawal_received: "2025-06-27", withdrawal_effective: "2025-12-27"}
  - {state: FIN, status: withdrawn, party_since: "2012-07-01", withdrawal_received: "2025-07-10", withdrawal_effective: "2026-01-10"}
  - {state: POL, status: withdrawn, party_since: "2013-06-01", withdrawal_received: "2025-08-20", withdrawal_effective: "2026-02-20"}
"""

#: Real-looking ISO 3166-1 alpha-3 codes for the synthetic scenarios.
_CODES = ["AUT", "BEL", "CHL", "DNK", "EST", "FIN", "GHA", "IRL", "LTU", "LVA", "MEX", "NOR", "POL", "PRT", "SWE", "UKR"]


def founding_path(tmp: Path) -> tuple[Path, bool]:
    """The founding scenario, or a stand-in written to ``tmp`` (second item: True if real)."""
    if FOUNDING.is_file():
        return FOUNDING, True
    p = tmp / "founding-fallback.yaml"
    p.write_text(_FALLBACK_FOUNDING, encoding="utf-8")
    return p, False


def _iso(d: _dt.date) -> str:
    return d.isoformat()


def generate_scenario(rng: random.Random, n_events: int = 20, n_states: int = 6) -> dict[str, Any]:
    """A synthetic apmbc scenario of exactly ``n_events`` events, all hypothetical.

    Each state consents (sometimes after signing); most withdraw; some revoke; one or two
    armed conflicts begin and most end. Dates are random but in a sensible order per state.
    """
    states = rng.sample(_CODES, n_states)
    events: list[dict[str, Any]] = []

    def ev(date: _dt.date, **kw: Any) -> None:
        events.append({"date": _iso(date), **kw, "hypothetical": True, "note": "Synthetic benchmark load."})

    base = _dt.date(1997, 12, 3)
    plans: dict[str, dict[str, Any]] = {}
    for s in states:
        consent = base + _dt.timedelta(days=rng.randrange(0, 9000))
        plans[s] = {"consent": consent}
        if rng.random() < 0.5:
            ev(consent - _dt.timedelta(days=rng.randrange(30, 700)), state=s, act="sign")
        ev(consent, state=s, act=rng.choice(["ratify", "accede", "accept", "approve"]))
    # withdrawals and revocations, then conflicts, until n_events
    withdrawers = [s for s in states if rng.random() < 0.8] or states[:1]
    for s in withdrawers:
        if len(events) >= n_events - 2:
            break
        w = plans[s]["consent"] + _dt.timedelta(days=rng.randrange(400, 6000))
        plans[s]["withdraw"] = w
        ev(w, state=s, act=rng.choice(["withdraw", "withdraw", "denounce"]),
           reasons="Synthetic reasons for a synthetic benchmark withdrawal.")
        if rng.random() < 0.35 and len(events) < n_events - 2:
            ev(w + _dt.timedelta(days=rng.randrange(1, 200)), state=s, act="revoke_withdrawal")
    k = 0
    while len(events) < n_events:
        k += 1
        name = f"synthetic-conflict-{k}"
        parties = rng.sample(withdrawers, min(len(withdrawers), rng.randint(1, 2)))
        anchor = plans[parties[0]].get("withdraw", plans[parties[0]]["consent"])
        begin = anchor + _dt.timedelta(days=rng.randrange(-60, 200))
        ev(begin, act="armed_conflict_begins", conflict=name, parties=parties)
        if len(events) < n_events:
            ev(begin + _dt.timedelta(days=rng.randrange(30, 500)), act="armed_conflict_ends", conflict=name)
    events.sort(key=lambda e: e["date"])
    return {
        "title": "Synthetic 20-event benchmark scenario (hypothetical)",
        "description": "Generated by bench/bench.py with a fixed seed; every act is hypothetical.",
        "treaties": ["apmbc"],
        "events": events,
    }


def write_generated(tmp: Path, count: int, seed: int) -> list[Path]:
    import yaml

    rng = random.Random(seed)
    out = []
    for i in range(count):
        p = tmp / f"generated-{i:03d}.yaml"
        p.write_text(yaml.safe_dump(generate_scenario(rng), sort_keys=False), encoding="utf-8")
        out.append(p)
    return out


# --------------------------------------------------------------------------- measuring

def rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # peak, not current


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    i = min(len(s) - 1, max(0, int(round(q * (len(s) - 1)))))
    return s[i]


def time_calls(fn: Callable[[], Any], runs: int, warmup: int, rounds: int = 10) -> dict[str, list[float]]:
    """Per-call wall and CPU times in µs, taken in ``rounds`` equal rounds.

    The median of the quietest round is kept apart: on a shared machine other processes
    inflate whole stretches of a run, and the best round is the closest to the true cost.
    """
    for _ in range(warmup):
        fn()
    wall: list[float] = []
    cpu: list[float] = []
    round_medians: list[float] = []
    clock, cpuclock = time.perf_counter_ns, time.process_time_ns
    per_round = max(1, runs // rounds)
    done = 0
    while done < runs:
        this: list[float] = []
        for _ in range(min(per_round, runs - done)):
            t0, c0 = clock(), cpuclock()
            fn()
            c1, t1 = cpuclock(), clock()
            this.append((t1 - t0) / 1000.0)
            cpu.append((c1 - c0) / 1000.0)
        done += len(this)
        wall.extend(this)
        round_medians.append(statistics.median(this))
    return {"wall": wall, "cpu": cpu, "round_medians": round_medians}


def summary(t: dict[str, list[float]]) -> dict[str, float]:
    us = t["wall"]
    return {
        "median_us": statistics.median(us),
        "p90_us": pct(us, 0.90),
        "min_us": min(us),
        "mean_us": statistics.fmean(us),
        "cpu_median_us": statistics.median(t["cpu"]),
        "best_round_median_us": min(t["round_medians"]),
        "runs": len(us),
    }


def loadavg() -> float | None:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def bench_founding(eng: engine.Engine, path: Path, runs: int, warmup: int) -> dict[str, Any]:
    checked = eng.check(path)
    report = eng.run_checked(checked)
    failures = [f.model_dump(mode="json") if hasattr(f, "model_dump") else str(f) for f in report.expectation_failures]
    total = time_calls(lambda: eng.run_checked(checked), runs, warmup)

    # split: the three parts of run_checked, timed separately on the same checked scenario
    prog = eng.program
    sim = time_calls(lambda: simulate(prog, checked), runs, warmup)
    outcome = simulate(prog, checked)
    exp = time_calls(lambda: explain(outcome, prog, checked.scenario, checked.path), runs, warmup)
    rep = explain(outcome, prog, checked.scenario, checked.path)
    chk = time_calls(lambda: check_expectations(rep, checked), runs, warmup)
    return {
        "path": str(path),
        "events": len(checked.events),
        "results": len(report.results),
        "steps": sum(len(r.explanation) for r in report.results),
        "raw_steps": len(outcome.steps),
        "expectation_failures": failures,
        "run_checked": summary(total),
        "simulate": summary(sim),
        "explain": summary(exp),
        "check_expectations": summary(chk),
    }


def call_counts(eng: engine.Engine, path: Path) -> dict[str, Any]:
    """Per run: calls into durable-rules' C extension (by function) and json.dumps/loads calls.

    Wraps module attributes for one run, then restores them: it measures work done, not time.
    """
    import durable_rules_engine as dre

    checked = eng.check(path)
    eng.run_checked(checked)
    counts: dict[str, int] = {}
    saved: dict[tuple[Any, str], Any] = {}

    def wrap(mod: Any, name: str, label: str) -> None:
        f = getattr(mod, name)
        saved[(mod, name)] = f

        def counted(*a: Any, **k: Any) -> Any:
            counts[label] = counts.get(label, 0) + 1
            return f(*a, **k)

        setattr(mod, name, counted)

    for name in dir(dre):
        if not name.startswith("_") and callable(getattr(dre, name)):
            wrap(dre, name, f"durable_rules_engine.{name}")
    wrap(json, "dumps", "json.dumps")
    wrap(json, "loads", "json.loads")
    try:
        eng.run_checked(checked)
    finally:
        for (mod, name), f in saved.items():
            setattr(mod, name, f)
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def bench_generated(eng: engine.Engine, paths: list[Path], runs_each: int, warmup: int) -> dict[str, Any]:
    timings: dict[str, list[float]] = {"wall": [], "cpu": [], "round_medians": []}
    per: list[float] = []
    events = steps = 0
    warnings = 0
    for p in paths:
        checked = eng.check(p)
        report = eng.run_checked(checked)
        events += len(checked.events)
        steps += sum(len(r.explanation) for r in report.results)
        warnings += len(report.warnings)
        t = time_calls(lambda: eng.run_checked(checked), runs_each, warmup, rounds=1)
        for k in timings:
            timings[k].extend(t[k])
        per.append(statistics.median(t["wall"]))
    s = summary(timings)
    del s["best_round_median_us"]  # one round per scenario: not comparable
    s.update({
        "scenarios": len(paths),
        "events_per_scenario": events / len(paths),
        "explanation_steps_per_scenario": steps / len(paths),
        "warnings_per_scenario": warnings / len(paths),
        "slowest_scenario_median_us": max(per),
        "fastest_scenario_median_us": min(per),
    })
    return s


def bench_memory(eng: engine.Engine, path: Path, runs: int) -> dict[str, Any]:
    checked = eng.check(path)
    for _ in range(200):  # warm caches (registration, lru caches) before the baseline
        eng.run_checked(checked)
    gc.collect()
    marks = sorted({0, runs // 10, runs // 2, runs})
    samples: list[tuple[int, float]] = []
    t0 = time.perf_counter()
    done = 0
    for m in marks:
        while done < m:
            eng.run_checked(checked)
            done += 1
        gc.collect()
        samples.append((m, rss_mb()))
    elapsed = time.perf_counter() - t0
    growth = samples[-1][1] - samples[0][1]
    return {
        "runs": runs,
        "samples": [{"runs": r, "rss_mb": round(v, 2)} for r, v in samples],
        "growth_mb": round(growth, 2),
        "per_run_us_in_loop": elapsed / max(runs, 1) * 1e6,
        "seconds": elapsed,
    }


def _wall(cmd: list[str], env: dict[str, str], repeats: int) -> tuple[list[float], list[int]]:
    times, codes = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
        times.append(time.perf_counter() - t0)
        codes.append(r.returncode)
    return times, codes


def bench_cli(path: Path, repeats: int, tmp: Path) -> dict[str, Any]:
    """Cold ``treaty run`` wall time, in two set-ups.

    ``as_configured``: this process's environment as it is (here PYTHONDONTWRITEBYTECODE may be
    set, so engine/ has no .pyc and is compiled from source at every start).
    ``bytecode_cached``: what a user normally gets (bytecode written once, to a temporary
    PYTHONPYCACHEPREFIX so that the checkout is not touched, then reused).
    """
    treaty = Path(sys.executable).with_name("treaty")
    run = [str(treaty), "run", str(path), "--format", "json"]
    if not treaty.exists():
        run = [sys.executable, "-m", "engine.cli", "run", str(path), "--format", "json"]
    as_is = dict(os.environ)
    cached = dict(os.environ)
    cached.pop("PYTHONDONTWRITEBYTECODE", None)
    cached["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    out: dict[str, Any] = {"command": "treaty " + " ".join(run[1:]) if run[0] == str(treaty) else " ".join(run)}
    for label, env in (("as_configured", as_is), ("bytecode_cached", cached)):
        _wall(run, env, 1)  # warm-up: OS file cache (and, for bytecode_cached, writes the .pyc)
        times, codes = _wall(run, env, repeats)
        base, _ = _wall([sys.executable, "-c", "pass"], env, repeats)
        imp, _ = _wall([sys.executable, "-c", "import engine.cli"], env, repeats)
        out[label] = {
            "median_s": statistics.median(times),
            "all_s": [round(t, 4) for t in times],
            "exit_codes": codes,
            "python_startup_median_s": statistics.median(base),
            "import_engine_cli_median_s": statistics.median(imp),
        }
    out["PYTHONDONTWRITEBYTECODE"] = os.environ.get("PYTHONDONTWRITEBYTECODE")
    return out


def importtime(top: int) -> dict[str, Any]:
    r = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import engine.cli"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT, check=True,
    )
    rows = []
    for line in r.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cum_us, name = line.split(":", 1)[1].split("|", 2)
        depth = (len(name) - len(name.lstrip())) // 2
        rows.append({"module": name.strip(), "self_us": int(self_us), "cumulative_us": int(cum_us), "depth": depth})
    total = sum(x["self_us"] for x in rows)
    # top-level packages (first component) by summed self time
    by_pkg: dict[str, int] = {}
    for x in rows:
        pkg = x["module"].split(".")[0]
        by_pkg[pkg] = by_pkg.get(pkg, 0) + x["self_us"]
    return {
        "total_us": total,
        "by_cumulative": sorted(rows, key=lambda x: -x["cumulative_us"])[:top],
        "by_self": sorted(rows, key=lambda x: -x["self_us"])[:top],
        "by_package": sorted(({"package": k, "self_us": v} for k, v in by_pkg.items()), key=lambda x: -x["self_us"])[:top],
    }


def profile(eng: engine.Engine, path: Path, runs: int, top: int) -> str:
    checked = eng.check(path)
    for _ in range(50):
        eng.run_checked(checked)
    pr = cProfile.Profile()
    pr.enable()
    for _ in range(runs):
        eng.run_checked(checked)
    pr.disable()
    out = io.StringIO()
    st = pstats.Stats(pr, stream=out)
    st.strip_dirs()
    out.write(f"\n=== cProfile of {runs} x run_checked({path.name}), sorted by cumulative ===\n")
    st.sort_stats("cumulative").print_stats(top)
    out.write("\n=== sorted by tottime ===\n")
    st.sort_stats("tottime").print_stats(top)
    # time per area (own time of the functions in each file group)
    areas: dict[str, float] = {}
    raw = pstats.Stats(pr).stats  # type: ignore[attr-defined]
    for (file, _line, fn), (_cc, _nc, tt, _ct, _callers) in raw.items():
        f = file.replace("\\", "/")
        if "/durable/" in f:
            area = "durable-rules python wrapper (durable/engine.py; json counted apart)"
        elif "/engine/" in f:
            area = "engine/" + f.rsplit("/", 1)[-1]
        elif "/json/" in f or fn.startswith("<method 'dumps'") or "json" in fn:
            area = "json (stdlib)"
        elif "pydantic" in f or "pydantic" in fn:
            area = "pydantic"
        elif f == "~":
            area = "builtins: " + fn.split(" of ")[0].strip("<>").replace("built-in method ", "").replace("method ", "")
        else:
            area = f.rsplit("/", 1)[-1]
        areas[area] = areas.get(area, 0.0) + tt
    total = sum(areas.values())
    out.write(f"\n=== own time by area ({total / runs * 1e6:.0f} µs per run under the profiler) ===\n")
    for area, tt in sorted(areas.items(), key=lambda kv: -kv[1])[:top]:
        out.write(f"{tt / runs * 1e6:9.1f} µs/run  {tt / total * 100:5.1f}%  {area}\n")
    return out.getvalue()


# --------------------------------------------------------------------------- output

def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=100_000, help="scenario runs for the memory section (default 100000)")
    ap.add_argument("--timing-runs", type=int, default=2000, help="timed runs of the founding scenario (default 2000)")
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--generated", type=int, default=20, help="number of generated 20-event scenarios (default 20)")
    ap.add_argument("--generated-runs", type=int, default=200, help="timed runs of each generated scenario (default 200)")
    ap.add_argument("--seed", type=int, default=20250627)
    ap.add_argument("--cli-repeats", type=int, default=5)
    ap.add_argument("--profile", action="store_true", help="also cProfile the founding scenario and print the hotspots")
    ap.add_argument("--profile-runs", type=int, default=2000)
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--skip-cli", action="store_true")
    ap.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="treaty-bench-"))
    try:
        path, real = founding_path(tmp)
        t0 = time.perf_counter()
        eng = engine.Engine()
        build_s = time.perf_counter() - t0
        out: dict[str, Any] = {
            "when": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpu": platform.processor() or platform.machine(),
            "founding_scenario": str(path.relative_to(ROOT)) if real else "fallback (scenarios/ottawa/2025-withdrawals.yaml missing)",
            "targets": {"run_us": TARGET_RUN_US, "rss_growth_mb": TARGET_RSS_MB, "cli_s": TARGET_CLI_S},
            "engine_build_s": build_s,
        }
        try:
            out["git_commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        except OSError:
            pass

        out["loadavg_start"] = loadavg()
        print(f"treaty-rules bench · Python {out['python']} · {out['platform']}")
        print(f"founding scenario: {out['founding_scenario']}")
        import timeit

        calib = min(timeit.repeat("sum(range(1000))", number=2000, repeat=5)) / 2000 * 1e6
        out["calibration_sum_range_1000_us"] = calib
        print(f"Engine() build: {build_s * 1000:.0f} ms; machine speed reference: sum(range(1000)) takes {calib:.1f} µs\n")

        f = bench_founding(eng, path, args.timing_runs, args.warmup)
        out["founding"] = f
        out["founding_calls_per_run"] = call_counts(eng, path)
        if f["expectation_failures"]:
            print(f"WARNING: the founding scenario's expectations fail: {f['expectation_failures']}\n")
        gen_paths = write_generated(tmp, args.generated, args.seed)
        g = bench_generated(eng, gen_paths, args.generated_runs, max(10, args.warmup // 10))
        out["generated"] = g
        if not args.skip_memory:
            print(f"memory: {args.runs:,} runs of the founding scenario ...", flush=True)
            m = bench_memory(eng, path, args.runs)
            out["memory"] = m
        if not args.skip_cli:
            c = bench_cli(path, args.cli_repeats, tmp)
            out["cli"] = c
            it = importtime(12)
            out["importtime"] = it

        out["loadavg_end"] = loadavg()
        # the 1-minute load average at the end counts this process itself (about 1.0)
        busy = (out["loadavg_start"] or 0.0) >= 0.5 or (out["loadavg_end"] or 0.0) >= 1.5
        rows: list[tuple[str, str, str, str]] = []
        rr = f["run_checked"]
        rows.append((
            f"founding scenario run ({f['events']} events, {f['results']} results)",
            f"median {rr['median_us']:.0f} µs, p90 {rr['p90_us']:.0f} µs (CPU {rr['cpu_median_us']:.0f}, best round {rr['best_round_median_us']:.0f})",
            f"≤ {TARGET_RUN_US:.0f} µs", verdict(rr["median_us"] <= TARGET_RUN_US),
        ))
        for part in ("simulate", "explain", "check_expectations"):
            rows.append((f"  of which {part}", f"median {f[part]['median_us']:.0f} µs, p90 {f[part]['p90_us']:.0f} µs", "", ""))
        rows.append((
            f"generated scenarios ({g['scenarios']} x {g['events_per_scenario']:.0f} events)",
            f"median {g['median_us']:.0f} µs, p90 {g['p90_us']:.0f} µs (CPU {g['cpu_median_us']:.0f}; scenario medians {g['fastest_scenario_median_us']:.0f}-{g['slowest_scenario_median_us']:.0f})",
            f"≤ {TARGET_RUN_US:.0f} µs", verdict(g["median_us"] <= TARGET_RUN_US),
        ))
        if "memory" in out:
            m = out["memory"]
            marks = ", ".join(f"{s['runs']:,}: {s['rss_mb']:.1f}" for s in m["samples"])
            rows.append((
                f"RSS growth over {m['runs']:,} runs",
                f"{m['growth_mb']:+.2f} MB (RSS MB at {marks})",
                f"< {TARGET_RSS_MB:.0f} MB", verdict(m["growth_mb"] < TARGET_RSS_MB),
            ))
        if "cli" in out:
            c = out["cli"]
            for label, what in (("bytecode_cached", "bytecode cached"), ("as_configured", "as configured here")):
                x = c[label]
                rows.append((
                    f"cold `treaty run --format json`, {what}",
                    f"median {x['median_s']:.3f} s of {len(x['all_s'])} (exit {sorted(set(x['exit_codes']))}; "
                    f"python startup {x['python_startup_median_s']:.3f} s, import engine.cli {x['import_engine_cli_median_s']:.3f} s)",
                    f"≤ {TARGET_CLI_S} s", verdict(x["median_s"] <= TARGET_CLI_S),
                ))
        w0 = max(len(r[0]) for r in rows)
        w1 = max(len(r[1]) for r in rows)
        w2 = max(len(r[2]) for r in rows)
        line = "-" * (w0 + w1 + w2 + 14)
        print(f"{'measure':<{w0}}  {'figure':<{w1}}  {'target':<{w2}}  result")
        print(line)
        for r in rows:
            print(f"{r[0]:<{w0}}  {r[1]:<{w1}}  {r[2]:<{w2}}  {r[3]}")
        print(line)
        cc = out["founding_calls_per_run"]
        c_calls = sum(v for k, v in cc.items() if k.startswith("durable_rules_engine."))
        sends = cc.get("durable_rules_engine.assert_fact", 0) + cc.get("durable_rules_engine.retract_fact", 0)
        print(
            f"work per founding run: {sends} facts sent (assert+retract), {c_calls} calls into durable_rules_engine, "
            f"{cc.get('json.dumps', 0)} json.dumps + {cc.get('json.loads', 0)} json.loads"
        )
        print(f"load average {out['loadavg_start']} at start, {out['loadavg_end']} at end ({os.cpu_count()} CPUs)")
        if busy:
            print("NOTE: other processes were running; wall-clock figures are inflated (see 'CPU' and 'best round').")
        if "importtime" in out:
            it = out["importtime"]
            print(f"\nimport engine.cli: {it['total_us'] / 1000:.0f} ms of import work (python -X importtime)")
            print("  slowest by cumulative time:")
            for x in it["by_cumulative"]:
                print(f"    {x['cumulative_us'] / 1000:7.1f} ms  {x['module']}")
            print("  own time by top-level package:")
            for x in it["by_package"]:
                print(f"    {x['self_us'] / 1000:7.1f} ms  {x['package']}")

        if args.profile:
            text = profile(eng, path, args.profile_runs, 30)
            print(text)
            (args.output.parent).mkdir(parents=True, exist_ok=True)
            (args.output.parent / "profile.txt").write_text(text, encoding="utf-8")

        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(out, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"\nwrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
