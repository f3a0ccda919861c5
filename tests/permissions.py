"""The permission matrix's shape, shared by every app: every URL, crossed with anonymous,
each persona and an outsider.

Each app keeps its rows in `tests/<app>/test_permissions.py` as a list named MATRIX (of
`Row`), parametrized with `cells(MATRIX)` and checked with `check_cell`. The completeness
tests in `tests/mentorship/test_permissions.py` read every such MATRIX and fail when a
URL has no row, so a new page cannot ship without someone deciding who may open it.

`only(...)` says who gets 200 (or the given status); named personas may get their own
status; everyone else gets 404 (the object is not confirmed to exist) and the anonymous
visitor is sent to log in.
"""

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import World

ANONYMOUS = "anonymous"
PERSONAS = World.PERSONAS
COLUMNS = (ANONYMOUS, *PERSONAS)
LOGIN_REDIRECT = 302
TESTS = Path(__file__).resolve().parent


def only(*allowed: str, status: int = 200, anonymous: int = LOGIN_REDIRECT,
         **others: int) -> dict[str, int]:
    """`allowed` get `status`; personas named in `others` get their own status; every
    other persona gets 404; the anonymous visitor gets `anonymous`."""
    unknown = (set(allowed) | set(others)) - set(PERSONAS)
    assert not unknown, f"not a persona: {unknown}"
    expected = {persona: (status if persona in allowed else others.get(persona, 404))
                for persona in PERSONAS}
    return {ANONYMOUS: anonymous, **expected}


def everyone(status: int = 200, *, anonymous: int = LOGIN_REDIRECT) -> dict[str, int]:
    return only(*PERSONAS, status=status, anonymous=anonymous)


def no_kwargs(world: World) -> dict:
    return {}


@dataclass(frozen=True)
class Row:
    """One URL as one object, requested one way, and what each persona gets back."""

    name: str  # the URL name, as for reverse()
    kwargs: Callable[[World], dict]  # builds reverse() kwargs (and any objects) from the world
    expected: dict[str, int]  # persona (or "anonymous") -> status code
    method: str = "get"
    label: str = ""  # tells rows for the same URL name apart
    data: Callable[[World], dict] = field(default=lambda world: {})

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.name}" + (f" [{self.label}]" if self.label else "")


def cells(matrix: list[Row]) -> list:
    return [pytest.param(row, persona, id=f"{row.id}-{persona}")
            for row in matrix for persona in COLUMNS]


def check_cell(client, world: World, login, row: Row, persona: str) -> None:
    if persona != ANONYMOUS:
        login(world.person(persona))
    url = reverse(row.name, kwargs=row.kwargs(world))
    response = getattr(client, row.method)(url, row.data(world))
    expected = row.expected[persona]
    assert response.status_code == expected, (
        f"{row.id} as {persona}: expected {expected}, got {response.status_code}")
    if persona == ANONYMOUS and expected == LOGIN_REDIRECT:
        assert response["Location"].startswith(reverse("account_login"))


def all_rows() -> list[Row]:
    """Every app's MATRIX, from tests/<app>/test_permissions.py."""
    rows: list[Row] = []
    for path in sorted(TESTS.glob("*/test_permissions.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.test_permissions")
        rows.extend(module.MATRIX)
    return rows


def url_names(resolver: URLResolver | None = None, prefix: str = "",
              namespace: str = "") -> Iterable[tuple[str, str]]:
    """(route, name) for every URL pattern below `resolver`, however deeply included."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from url_names(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {route!r}>"
            yield route, name
