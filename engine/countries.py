"""ISO 3166-1 alpha-3 state codes and the names reports show."""

from __future__ import annotations

from functools import lru_cache

import pycountry

__all__ = ["is_state_code", "state_name", "all_codes", "alpha3_of"]


@lru_cache(maxsize=None)
def _table() -> dict[str, str]:
    out = {}
    for c in pycountry.countries:
        out[c.alpha_3] = getattr(c, "common_name", None) or c.name
    out.update(_TREATY_NAMES)
    return out


#: Alpha-2 codes ISO 3166 keeps "exceptionally reserved" for a state whose code is another.
_RESERVED_ALPHA_2 = {"UK": "GBR"}

#: Where ISO's short "common name" is not the name used in treaty practice.
_TREATY_NAMES = {
    "PRK": "Democratic People's Republic of Korea",
    "KOR": "Republic of Korea",
}


def is_state_code(code: str) -> bool:
    """True for an assigned ISO 3166-1 alpha-3 code (upper case)."""
    return code in _table()


def state_name(code: str) -> str:
    """``LTU`` -> ``Lithuania``; an unknown code is returned as it is."""
    return _table().get(code, code)


def all_codes() -> list[str]:
    return sorted(_table())


def alpha3_of(code: str) -> str | None:
    """The alpha-3 code for an alpha-2 code or a lower-case alpha-3 (``UA`` -> ``UKR``), if any."""
    if code.upper() in _RESERVED_ALPHA_2:
        return _RESERVED_ALPHA_2[code.upper()]
    if len(code) == 2:
        found = pycountry.countries.get(alpha_2=code.upper())
        return found.alpha_3 if found is not None else None
    if len(code) == 3 and code.upper() != code and is_state_code(code.upper()):
        return code.upper()
    return None
