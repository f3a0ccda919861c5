"""Many links to one URL pattern at the cost of one `reverse()`.

A page that links each of its rows (a roster of 100 people, a mentorship's meetings and
action items) would otherwise resolve the same pattern once a row, and `reverse()` is one
of the costlier steps of rendering such a page."""

from collections.abc import Callable

from django.urls import reverse

_SENTINEL = 987654321


def url_maker(url_name: str) -> Callable[[int], str]:
    """`reverse(url_name, args=[pk])` for many pks at the cost of one reverse."""
    head, _, tail = reverse(url_name, args=[_SENTINEL]).rpartition(str(_SENTINEL))
    return lambda pk: f"{head}{int(pk)}{tail}"
