"""ISO 3166-1 alpha-3 state codes and the names reports show."""

from __future__ import annotations

from functools import lru_cache

import pycountry

__all__ = ["is_state_code", "state_name", "all_codes"]


@lru_cache(maxsize=None)
def _table() -> dict[str, str]:
    out = {}
    for c in pycountry.countries:
        out[c.alpha_3] = getattr(c, "common_name", None) or c.name
    out.update(_TREATY_NAMES)
    return out


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
