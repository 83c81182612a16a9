"""The one module that imports durable-rules.

It hides every sharp edge measured in ../shared/notes/durable-rules.md:

* one process-wide host whose background threads never start (``_run`` does nothing); each
  ruleset is registered once per process (it cannot be unregistered), keyed by its name, a
  digest of its definition;
* facts are sent straight to durable-rules' C core (``durable_rules_engine``), and the actions
  it schedules are run here, in the caller's thread, one after the other, deterministically;
  this bypasses the Python ``Host`` dispatch layer, which cost about 40% of a run (JSON round
  trips of the session state, timestamps and callbacks per action). It relies on the C
  interface of durable-rules 2.0.28, which pyproject.toml pins;
* one session per scenario, opened by firing a no-op rule (deleting a session in which no
  action fired segfaults) and always deleted after use (at most 1,024 live sessions);
* facts only, never events (an event is consumed by a single rule);
* retraction by the exact dict that was asserted, which this module keeps; asserting an
  identical fact twice is a no-op here, not an exception; a fact no rule matches is fine;
* an exception raised while handling a fired rule abandons that action and surfaces as
  ``EngineFault`` (durable-rules' own layer would have swallowed it into the session state).

Actions do not run legal logic: each fired rule reports ``(rule name, bindings)`` to the
session's sink, and the simulation applies the rule's declared actions.
"""

from __future__ import annotations

import itertools
import json
import threading
import warnings
from typing import Any, Callable

import durable.engine as _de
import durable_rules_engine as _core

from .errors import EngineFault

__all__ = ["Session", "register"]

Sink = Callable[[str, dict[str, dict[str, Any]]], None]

# durable-rules calls datetime.utcfromtimestamp in its Python layer, deprecated since Python
# 3.12; the warning is about its code, not ours, and says nothing to a user.
warnings.filterwarnings("ignore", message=r"datetime\.datetime\.utcfromtimestamp", category=DeprecationWarning)

_OPEN = "__session_open"
_NOT_HANDLED, _OBSERVED, _NOTHING = 1, 2, 3  # result codes of the C core's assert/retract

_lock = threading.Lock()
_registered: dict[str, int] = {}  # ruleset name -> C handle
_sinks: dict[str, Sink] = {}  # sid -> sink of the session that is running
_counter = itertools.count(1)
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_loads = json.loads


class _Host(_de.Host):
    """A durable-rules host without its dispatch and timer threads (used to register only)."""

    def _run(self) -> None:  # noqa: D401 - overrides the thread starter
        return None

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        # Actions are run by Session._run_actions; durable-rules' own dispatch never runs.
        def unused(c: Any) -> None:  # pragma: no cover
            raise EngineFault(f"durable-rules dispatched {action_name} itself")

        return unused


_host: _Host | None = None


def _get_host() -> _Host:
    global _host
    if _host is None:
        _host = _Host()
    return _host


def register(name: str, definition: dict[str, Any]) -> None:
    """Register ``definition`` under ``name`` once per process (later calls are no-ops)."""
    with _lock:
        if name in _registered:
            return
        host = _get_host()
        host.register_rulesets({name: json.loads(json.dumps(definition))})
        _registered[name] = host.get_ruleset(name)._handle


class Session:
    """One scenario's working memory. Use as a context manager; it is deleted on exit."""

    def __init__(self, ruleset: str, sink: Sink) -> None:
        if ruleset not in _registered:
            raise EngineFault(f"ruleset {ruleset} is not registered")
        self._ruleset = ruleset
        self._handle = _registered[ruleset]
        self.sid = f"s{next(_counter)}"
        self._facts: dict[tuple[tuple[str, Any], ...], dict[str, Any]] = {}
        self._sink = sink

    def __enter__(self) -> "Session":
        _sinks[self.sid] = self._sink
        self._send(_core.assert_fact, {"fact": _OPEN})
        return self

    def __exit__(self, *exc: object) -> None:
        _sinks.pop(self.sid, None)
        _core.delete_state(self._handle, self.sid)

    @staticmethod
    def key(fact: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
        """Identity of a fact by content (values are scalars), for exact-content retraction."""
        return tuple(sorted(fact.items()))

    def _send(self, op: Callable[[int, str], Any], fact: dict[str, Any]) -> None:
        message = dict(fact)
        message["sid"] = self.sid
        result = op(self._handle, _dumps(message))
        code = result[0]
        if code == _NOT_HANDLED:
            return
        if code == _OBSERVED:  # pragma: no cover - prevented by the fact table
            raise EngineFault(f"durable-rules saw the fact twice: {fact}")
        self._run_actions(0 if code == _NOTHING else result[1])

    def _run_actions(self, state_handle: int) -> None:
        """Run, in order, every action the C core queued for this session."""
        started = _core.start_action_for_state(self._handle, state_handle)
        if not started:
            return
        state, pending = started[0], started[1]
        while pending:
            for rule_name, bindings in _loads(pending).items():
                if rule_name != _OPEN:
                    try:
                        self._sink(rule_name, {k: v for k, v in bindings.items()})
                    except Exception as exc:
                        _core.abandon_action(self._handle, state_handle)
                        raise EngineFault(f"a rule action failed: {exc!r}") from exc
                break  # one action per message, as durable-rules' own dispatcher does
            _core.update_state(self._handle, state)
            pending = _core.complete_and_start_action(self._handle, state_handle)

    def assert_fact(self, fact: dict[str, Any]) -> bool:
        """Assert ``fact``; False (and nothing sent) if an identical fact is already there."""
        k = self.key(fact)
        if k in self._facts:
            return False
        self._facts[k] = fact
        self._send(_core.assert_fact, fact)
        return True

    def retract_fact(self, fact: dict[str, Any]) -> bool:
        """Retract the fact equal to ``fact``; False if there is none."""
        k = self.key({x: y for x, y in fact.items() if x != "sid"})
        stored = self._facts.pop(k, None)
        if stored is None:
            return False
        self._send(_core.retract_fact, stored)
        return True

    def has(self, fact: dict[str, Any]) -> bool:
        return self.key(fact) in self._facts
