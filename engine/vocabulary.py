"""The facts the engine puts into working memory, and the names rules may use.

A rule pattern names a fact type. Built-in types are made by the simulation from a scenario;
a rule may define more by asserting or signalling them. Every type except those marked
``treaty_scoped=False`` carries a ``treaty`` field, which the compiler fills in: a treaty's
own rules see only that treaty's facts, general rules (the VCLT) see every treaty's.

Field names ending in ``date``, ``since``, ``received`` or ``effective`` hold dates; they
travel through the rules engine as ordinals and are shown as "27 December 2025".
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FactType", "BUILTIN", "is_date_field", "INSTRUMENT_OF_ACT"]


@dataclass(frozen=True)
class FactType:
    name: str
    fields: tuple[str, ...]
    treaty_scoped: bool
    doc: str


BUILTIN: dict[str, FactType] = {
    f.name: f
    for f in (
        FactType(
            "act", ("act", "instrument", "state", "date", "ref", "reasons_given", "reservation"), True,
            "An instant: a state's act on a treaty on its date. `act` is one of sign, consent, withdraw, "
            "revoke_withdrawal; `instrument` names the instrument (ratification, accession, denunciation, ...).",
        ),
        FactType(
            "threshold_reached", ("date", "count"), True,
            "An instant: the deposit of the last instrument the treaty needs for its entry into force, "
            "taken from the depositary's record in treaty.yaml.",
        ),
        FactType(
            "deadline", ("name", "date"), True,
            "An instant: a date scheduled by a rule's `schedule` action, with the fields it carried.",
        ),
        FactType("status", ("state", "status"), True, "A state's current status under a treaty (set by `conclude`)."),
        FactType(
            "armed_conflict", ("conflict", "state", "since"), False,
            "A state of affairs: the state is a party to the named armed conflict (asserted when it begins, "
            "retracted when it ends).",
        ),
        FactType(
            "conflict_ended", ("conflict", "state", "date"), False,
            "An instant: the named armed conflict ended for this state (the armed_conflict fact is already gone).",
        ),
        FactType(
            "interpretation", ("name", "choice"), False,
            "The reading chosen for a named interpretation (the declared default unless the scenario chooses).",
        ),
    )
}

#: scenario act -> (fact act, instrument name)
INSTRUMENT_OF_ACT: dict[str, tuple[str, str]] = {
    "sign": ("sign", "signature"),
    "ratify": ("consent", "ratification"),
    "accept": ("consent", "acceptance"),
    "approve": ("consent", "approval"),
    "accede": ("consent", "accession"),
    "withdraw": ("withdraw", "withdrawal"),
    "denounce": ("withdraw", "denunciation"),
    "revoke_withdrawal": ("revoke_withdrawal", "revocation"),
}

_DATE_SUFFIXES = ("date", "since", "received", "effective")


def is_date_field(name: str) -> bool:
    """True for fields holding a date (``date``, ``party_since``, ``withdrawal_effective``, ...)."""
    return name.endswith(_DATE_SUFFIXES)
