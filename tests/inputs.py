"""Hostile and careless input, as hypothesis strategies, for every app's bounded-input tests:
text with NUL and other control characters, lone surrogates, zero-width and right-to-left
characters, huge strings; extreme and malformed dates and numbers; garbage choices.

`value_for(field)` picks what to send for a form field; `check_cleaned(form)` says what
a form that accepted it must have cleaned it to; `check_errors(form)` that a refusal
has messages a person can act on.
"""

import datetime
import re

from django import forms
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from programs.forms import _Bounded
from programs.validators import text_problem

# Function-scoped fixtures (the world) are shared by the examples of one test; each
# example checks what it wrote itself.
FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])

NASTY = [
    "\x00", "Grant\x00aims", "\x1b[2J", "a\x07b", "\x7f", "\x85", "\u202egnp.exe",
    "\u2066isolated\u2069", "\u200b", "\u200b\u200c\u200d\ufeff", "\u200f\u200e", "\ufffe",
    "\ud800", "x\udfffy", "مرحبا", "שלום\u200f", "👩\u200d🔬", " ", "\t", "\r\n", "\u2028",
    "'; DROP TABLE programs_plangoal; --", "<script>alert(1)</script>", "{{ 7|add:1 }}",
    "%(limit_value)s", "%s%s%s", "=HYPERLINK(\"x\")", "NaN", "-0", "１２３",
]

texts = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=60),
    st.text(st.characters(categories=["Cc", "Cf", "Cs", "Zs", "Zl", "Zp", "Mn", "Lo"]),
            max_size=30),
    st.builds(lambda word, times: word * times, st.sampled_from(["x", "é", "\u200b", "ab "]),
              st.sampled_from([499, 500, 501, 2_001, 4_001, 20_001, 60_001])),
    st.builds(lambda a, b: a + b, st.sampled_from(NASTY), st.text(max_size=20)),
)
numbers = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.integers(-5, 3000).map(str),
    st.sampled_from(["", "1e5", "1.5", "0x10", "2⁰²⁶", "٢٠٢٧", "9" * 5000, "-", "\x00"]),
    texts,
)


def _day(day: datetime.date) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


dates = st.one_of(
    st.dates().map(_day),
    st.dates(datetime.date.today() - datetime.timedelta(days=900),
             datetime.date.today() + datetime.timedelta(days=900)).map(_day),
    st.sampled_from(["0001-01-01", "9999-12-31", "10000-01-01", "2024-02-30", "31/12/2024",
                     "", "today", "2026-13-01", "\x00"]),
    texts,
)
datetimes = st.one_of(
    st.datetimes().map(lambda d: f"{_day(d.date())}T{d:%H:%M}"),
    st.datetimes(datetime.datetime.now() - datetime.timedelta(days=30),
                 datetime.datetime.now() + datetime.timedelta(days=1000)).map(
        lambda d: f"{_day(d.date())}T{d:%H:%M}"),
    st.sampled_from(["9999-12-31T23:30", "9999-12-31T23:59", "0001-01-01T00:00",
                     "2026-03-08T02:30", "", "\x00"]),
    texts,
)


def mostly(sensible: str, hostile: st.SearchStrategy) -> st.SearchStrategy:
    """`sensible` about three times in four: so that the other fields' hostile values
    often meet a form that would otherwise accept them."""
    return st.one_of(st.just(sensible), st.just(sensible), st.just(sensible), hostile)


def value_for(field: forms.Field, valid_choices: list[str] | None = None) -> st.SearchStrategy:
    """What to send for one field: often hostile, sometimes reasonable."""
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "", "false", "\x00"])
    if isinstance(field, forms.UUIDField):
        return st.one_of(st.uuids().map(str), texts)
    if isinstance(field, forms.DateTimeField):
        return datetimes
    if isinstance(field, forms.DateField):
        return dates
    if isinstance(field, forms.IntegerField):
        return numbers
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        choices = valid_choices if valid_choices is not None else [
            str(value) for value, _ in getattr(field, "choices", []) if value != ""]
        return st.one_of(st.sampled_from(choices or [""]), numbers)
    return texts


def data_for(form_class_fields: dict, overrides: dict | None = None) -> st.SearchStrategy:
    """A dict of posted values, one per field (a multiple choice gets a list)."""
    overrides = overrides or {}
    parts = {}
    for name, field in form_class_fields.items():
        strategy = overrides[name] if name in overrides else value_for(field)
        if name not in overrides and isinstance(
                field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            strategy = st.lists(strategy, max_size=5)
        parts[name] = strategy
    return st.fixed_dictionaries(parts)


def check_errors(form: forms.BaseForm) -> None:
    """A refusal names each problem in words: no empty or half-formatted message (a
    value the person typed may be quoted back, whatever it holds)."""
    messages = [message for errors in form.errors.values() for message in errors]
    assert messages, "invalid, yet no message"
    typed = [str(item) for value in form.data.values()
             for item in (value if isinstance(value, list) else [value]) if item]
    for message in messages:
        unquoted = re.sub(r"“[^”]*”", "", message)  # where a message quotes the text
        for value in sorted(typed, key=len, reverse=True):
            unquoted = unquoted.replace(value, "")
        assert message.strip() and "%(" not in unquoted, message


def check_cleaned(form: forms.BaseForm) -> None:
    """What a bounded form accepted fits its bounds, so storing it cannot fail or store
    something wrong."""
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", []):
            continue
        if isinstance(field, forms.CharField) and isinstance(value, str):
            assert len(value) <= field.max_length, name
            multiline = isinstance(field.widget, forms.Textarea)
            assert text_problem(value, multiline=multiline) == "", (name, value)
        if isinstance(field, _Bounded):
            low, high = field.bounds()
            assert low <= value <= high, (name, value)
        if isinstance(field, forms.IntegerField) and isinstance(value, int):
            assert field.min_value <= value <= field.max_value, (name, value)
        if isinstance(value, list) and value and isinstance(value[0], str):
            for item in value:
                assert text_problem(item, multiline=True) == "", (name, item)


def form_body(data: dict) -> str:
    """`data` urlencoded as a hostile client could send it: a lone surrogate becomes the
    bytes a broken encoder writes (which no browser sends, but anyone can)."""
    from urllib.parse import quote_from_bytes

    pairs = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            raw = str(item).encode("utf-8", "surrogatepass")
            pairs.append(f"{quote_from_bytes(name.encode())}={quote_from_bytes(raw)}")
    return "&".join(pairs)


def post_raw(client, url: str, data: dict):
    return client.post(url, form_body(data), content_type="application/x-www-form-urlencoded")


def row_counts(*models) -> dict:
    return {model.__name__: model.objects.count() for model in models}


def refused(response, form_name: str | None = "form") -> bool:
    """True when the page refused the input (and says so), False when it accepted it.

    200: the form again, with messages (checked); 400: more than any form here takes
    (a request over Django's 2.5 MB), refused whole with a page that says nothing was
    saved; 302: accepted. Anything else (a 5xx above all) fails."""
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code == 400:
        assert "Nothing was saved" in response.content.decode()
    if response.status_code == 200 and form_name:
        check_errors(response.context[form_name])
    return response.status_code != 302
