"""Every input is bounded: the one mechanism (programs.validators, programs.forms) and a
walk over every form of every app, so that a new form cannot forget a bound."""

import datetime
import importlib
import inspect
import pkgutil
from pathlib import Path

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from programs.forms import (
    EARLIEST_DATE,
    BoundedDateField,
    BoundedForm,
    BoundedModelForm,
    is_bounded,
)
from programs.models import FacultyMember
from programs.validators import TextValidator, text_problem


def project_apps() -> list:
    """The apps that live in this repository (programs, checkins, and any added later)."""
    base = Path(settings.BASE_DIR).resolve()
    return [config for config in apps.get_app_configs()
            if base in Path(config.path).resolve().parents
            and ".venv" not in Path(config.path).parts]


# The project package holds settings and start-up modules; only its other modules are
# walked (a form could well live there, e.g. for accounts).
SKIPPED = (".migrations", ".management", ".settings", ".test_settings", ".wsgi", ".asgi")


def project_modules() -> list:
    packages = [config.name for config in project_apps()]
    packages.append(settings.ROOT_URLCONF.split(".")[0])
    modules = []
    for name in packages:
        package = importlib.import_module(name)
        modules.append(package)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{name}."):
            if not any(part in info.name for part in SKIPPED):
                modules.append(importlib.import_module(info.name))
    return modules


def classes_defined(base: type) -> list[type]:
    found = {}
    for module in project_modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, base) and cls.__module__ == module.__name__:
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[name] for name in sorted(found)]


def filterset_form(filterset: type) -> type:
    instance = filterset(None, queryset=FacultyMember.objects.none(),
                         **({"division": None} if "division" in inspect.signature(
                             filterset.__init__).parameters else {}))
    return instance.get_form_class()


def every_form_class() -> list[type]:
    forms_ = [cls for cls in classes_defined(forms.BaseForm)
              if cls not in (BoundedForm, BoundedModelForm)]
    return forms_ + [filterset_form(f) for f in classes_defined(django_filters.FilterSet)]


def test_the_walk_finds_the_forms_of_every_app():
    names = {f"{cls.__module__}.{cls.__name__}" for cls in every_form_class()}
    assert {"checkins.forms.meetings.MeetingForm", "checkins.forms.planned.PlannedMeetingForm",
            "programs.forms.plans.GoalForm", "programs.forms.agreements.AgreementForm",
            "programs.forms.requests.ChangeRequestForm"} <= names
    assert any(name.endswith("RosterFilterForm") for name in names)
    assert {config.name for config in project_apps()} >= {"programs", "checkins"}


@pytest.mark.parametrize("form_class", every_form_class(), ids=lambda cls: cls.__name__)
def test_every_field_of_every_form_is_bounded(form_class):
    """Text: a max_length and the character checks; dates: a range; numbers: min and max."""
    unbounded = [name for name, field in form_class.base_fields.items() if not is_bounded(field)]
    assert not unbounded, f"{form_class.__name__}: unbounded fields {unbounded}"


def test_a_form_with_an_unbounded_field_fails_when_it_is_defined():
    with pytest.raises(ImproperlyConfigured, match="max_length"):
        type("Careless", (BoundedForm,), {"note": forms.CharField()})
    with pytest.raises(ImproperlyConfigured, match="BoundedDateField"):
        type("Careless", (BoundedForm,), {"day": forms.DateField()})
    with pytest.raises(ImproperlyConfigured, match="min_value and max_value"):
        type("Careless", (BoundedForm,), {"count": forms.IntegerField(min_value=0)})


def test_a_bounded_form_adds_the_text_checks_and_drops_the_browser_limit():
    form_class = type("Careful", (BoundedForm,), {
        "title": forms.CharField(max_length=10),
        "body": forms.CharField(max_length=50, widget=forms.Textarea),
    })
    form = form_class({"title": "a\nb", "body": "one\ttwo\nthree\u202e"})
    assert not form.is_valid()
    assert "Keep this to one line" in form.errors["title"][0]
    assert "turns the direction of the text" in form.errors["body"][0]
    assert "maxlength" not in str(form["title"])
    assert TextValidator(multiline=True) in form.fields["body"].validators


# --- What text may contain ---------------------------------------------------------


@pytest.mark.parametrize(("text", "multiline", "expected"), [
    ("Grant\x00", False, "an invisible control character (U+0000) after “Grant”"),
    ("\x1b[31mred", True, "at the start"),
    ("line one\nline two\x07", True, "on line 2, after “line two”"),
    ("abc\ud800", False, "a broken character"),
    ("admin\u202egnp.exe", False, "turns the direction of the text"),
    ("tabbed\tcell", False, "Keep this to one line: there is a tab after “tabbed”"),
    ("\u200b\u200b", False, "only invisible characters"),
    ("\ufffe", False, "not a character"),
])
def test_refused_text_is_named_with_where_it_is(text, multiline, expected):
    assert expected in text_problem(text, multiline=multiline)


@pytest.mark.parametrize("text", [
    "مرحبا بالعالم",  # Arabic, right to left
    "שלום \u200fעולם",  # Hebrew with a right-to-left mark
    "می\u200cخواهم",  # Persian with a zero-width non-joiner
    "👩\u200d🔬 research",  # an emoji sequence with a zero-width joiner
    "Résumé: naïve café",
    "two\r\nlines\twith a tab",
])
def test_ordinary_text_in_any_script_is_accepted(text):
    assert text_problem(text, multiline=True) == ""


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.text(), st.booleans())
def test_any_text_is_either_accepted_as_storable_or_refused_with_a_message(text, multiline):
    problem = text_problem(text, multiline=multiline)
    if problem:
        assert problem.endswith(".") and "%(" not in problem
    else:
        text.encode("utf-8")  # no lone surrogate: PostgreSQL can store it
        assert "\x00" not in text
        assert multiline or "\n" not in text


def test_a_bounded_date_names_its_limits():
    field = BoundedDateField(min_value=EARLIEST_DATE, max_value=datetime.date(2030, 6, 30))
    with pytest.raises(forms.ValidationError, match="on or after 1 January 1950"):
        field.clean("1949-12-31")
    with pytest.raises(forms.ValidationError, match="on or before 30 June 2030"):
        field.clean("9999-12-31")
    assert field.clean("2030-06-30") == datetime.date(2030, 6, 30)
