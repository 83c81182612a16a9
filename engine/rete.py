"""The one module that imports durable-rules.

It hides every sharp edge measured in ../shared/notes/durable-rules.md:

* one process-wide host whose background threads never start (``_run`` does nothing), so
  actions run synchronously, in the caller's thread, deterministically;
* each ruleset registered once per process (it cannot be unregistered), keyed by its name,
  which is a digest of its definition;
* one session per scenario, opened by firing a no-op rule (deleting a session in which no
  action fired segfaults) and always deleted after use (at most 1,024 live sessions);
* facts only, never events (an event is consumed by a single rule);
* retraction by the exact dict that was asserted, which this module keeps;
* asserting an identical fact twice is a no-op here, not an exception;
* a fact no rule matches is fine here (``MessageNotHandledException`` is swallowed);
* an exception in an action is kept aside (durable-rules would swallow it into the session
  state) and raised as ``EngineFault`` once the send returns.

Actions do not run legal logic: each fired rule reports ``(rule name, bindings)`` to the
session's sink, and the simulation applies the rule's declared actions.
"""

from __future__ import annotations

import itertools
import json
import threading
from typing import Any, Callable

import warnings

import durable.engine as _de

from .errors import EngineFault

__all__ = ["Session", "register"]

Sink = Callable[[str, dict[str, dict[str, Any]]], None]

# durable-rules calls datetime.utcfromtimestamp for every action, deprecated since Python 3.12;
# the warning is about its code, not ours, and says nothing to a user.
warnings.filterwarnings("ignore", message=r"datetime\.datetime\.utcfromtimestamp", category=DeprecationWarning)

_lock = threading.Lock()
_sinks: dict[str, Sink] = {}  # sid -> sink of the session that is running
_registered: set[str] = set()
_faults: dict[str, BaseException] = {}  # sid -> first exception raised inside an action
_counter = itertools.count(1)


class _Host(_de.Host):
    """A durable-rules host without its dispatch and timer threads."""

    def _run(self) -> None:  # noqa: D401 - overrides the thread starter
        return None

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        rule_name = action_name

        def action(c: Any) -> None:
            sid = c.s.sid
            sink = _sinks.get(sid)
            if sink is None or rule_name == "__session_open":
                return
            message = c._m if isinstance(c._m, dict) else {}
            try:
                sink(rule_name, {k: dict(v) for k, v in message.items()})
            except BaseException as exc:  # durable-rules would swallow it: keep it for the caller
                _faults.setdefault(sid, exc)

        return action


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
        _get_host().register_rulesets({name: json.loads(json.dumps(definition))})
        _registered.add(name)


class Session:
    """One scenario's working memory. Use as a context manager; it is deleted on exit."""

    def __init__(self, ruleset: str, sink: Sink) -> None:
        self._ruleset = ruleset
        self._host = _get_host()
        self.sid = f"s{next(_counter)}"
        self._facts: dict[tuple[tuple[str, Any], ...], dict[str, Any]] = {}
        self._sink = sink

    def __enter__(self) -> "Session":
        _sinks[self.sid] = self._sink
        self._send(self._host.assert_fact, {"fact": "__session_open"})
        return self

    def __exit__(self, *exc: object) -> None:
        _sinks.pop(self.sid, None)
        _faults.pop(self.sid, None)
        self._host.delete_state(self._ruleset, self.sid)

    @staticmethod
    def key(fact: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
        """Identity of a fact by content (values are scalars), for exact-content retraction."""
        return tuple(sorted(fact.items()))

    def _send(self, op: Callable[..., Any], fact: dict[str, Any]) -> None:
        message = dict(fact)
        message["sid"] = self.sid
        try:
            op(self._ruleset, message)
        except _de.MessageNotHandledException:
            pass
        except _de.MessageObservedException:  # pragma: no cover - prevented by the fact table
            raise EngineFault(f"durable-rules saw the fact twice: {fact}") from None
        # Our actions never let an exception reach durable-rules (which would swallow it into
        # the session state); they park it here and it is raised now, after the send.
        fault = _faults.pop(self.sid, None)
        if fault is not None:
            raise EngineFault(f"a rule action failed: {fault!r}") from fault

    def assert_fact(self, fact: dict[str, Any]) -> bool:
        """Assert ``fact``; False (and nothing sent) if an identical fact is already there."""
        k = self.key(fact)
        if k in self._facts:
            return False
        self._facts[k] = fact
        self._send(self._host.assert_fact, fact)
        return True

    def retract_fact(self, fact: dict[str, Any]) -> bool:
        """Retract the fact equal to ``fact``; False if there is none."""
        k = self.key({x: y for x, y in fact.items() if x != "sid"})
        stored = self._facts.pop(k, None)
        if stored is None:
            return False
        self._send(self._host.retract_fact, stored)
        return True

    def has(self, fact: dict[str, Any]) -> bool:
        return self.key(fact) in self._facts
