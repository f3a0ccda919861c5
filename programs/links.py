"""URLs for links that every page, or every row of a page, writes.

`reverse()` is one of the costlier steps of rendering: the main navigation alone links
twenty places on every page, and a roster or a mentorship's meetings link each row."""

import functools
from collections.abc import Callable

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_SENTINEL = 987654321


@functools.lru_cache(maxsize=2048)
def _reverse(urlconf: str, prefix: str, url_name: str, args: tuple) -> str:
    return reverse(url_name, urlconf=urlconf, args=args)


def cached_reverse(url_name: str, *args) -> str:
    """`reverse(url_name, args=args)`, remembered: a URL depends only on the URL
    configuration and the script prefix, both part of the key."""
    return _reverse(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), url_name,
                    args)


def url_maker(url_name: str) -> Callable[[int], str]:
    """`reverse(url_name, args=[pk])` for many pks at the cost of one reverse."""
    head, _, tail = cached_reverse(url_name, _SENTINEL).rpartition(str(_SENTINEL))
    return lambda pk: f"{head}{int(pk)}{tail}"
