"""Forms, by subject. What every app's forms share lives here: bounded forms.

Every form in every app subclasses `BoundedForm` or `BoundedModelForm`. When the class is
created they check that each of its fields is bounded, and fail at import time
(ImproperlyConfigured) when one is not:
- a text field has a `max_length` and refuses what `programs.validators` refuses (control
  characters, lone surrogates, direction overrides, all-invisible text). A ModelForm
  gives the fields it takes from TextFields a limit in `text_limits`;
- a date or datetime field is a `BoundedDateField` / `BoundedDateTimeField` with the
  range that makes sense for it;
- a number field has a `min_value` and a `max_value`.
`tests/programs/test_bounds.py` walks every form class of every app and checks the same,
so a new form cannot forget. Query strings are read through a bounded form too
(`read_query`).
"""

import datetime
from collections.abc import Callable

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.forms import DeclarativeFieldsMetaclass
from django.forms.models import ModelFormMetaclass
from django.http import QueryDict
from django.utils import timezone

from programs.dates import long_date
from programs.validators import TextValidator

# Before anyone in a program today could have met, or been appointed.
EARLIEST_DATE = datetime.date(1950, 1, 1)

MAX_LENGTH_MESSAGE = "Keep this to %(limit_value)s characters or fewer (it has %(show_value)s)."

DateBound = datetime.date | Callable[[], datetime.date]
DateTimeBound = datetime.datetime | Callable[[], datetime.datetime]


def submit_helper(label: str, name: str = "submit") -> FormHelper:
    """A crispy helper that renders the form with one submit button."""
    helper = FormHelper()
    helper.add_input(Submit(name, label))
    return helper


class _Bounded:
    """A range for a date or datetime field; each end a value or a callable (`today`)."""

    min_message = "Choose a date on or after %(limit)s."
    max_message = "Choose a date on or before %(limit)s."

    def _setup_bounds(self, min_value, max_value, min_message, max_message) -> None:
        if min_value is None or max_value is None:
            raise ImproperlyConfigured("A date field needs both a min_value and a max_value.")
        self.min_value, self.max_value = min_value, max_value
        self.min_message = min_message or self.min_message
        self.max_message = max_message or self.max_message

    def bounds(self):
        low, high = self.min_value, self.max_value
        return (low() if callable(low) else low), (high() if callable(high) else high)

    def narrow(self, *, min_value=None, max_value=None, min_message: str | None = None,
               max_message: str | None = None) -> None:
        """Tighten the range for one form (a meeting within its mentorship)."""
        low, high = self.bounds()
        if min_value is not None and min_value > low:
            self.min_value, self.min_message = min_value, min_message or self.min_message
        if max_value is not None and max_value < high:
            self.max_value, self.max_message = max_value, max_message or self.max_message

    def _check_bounds(self, value) -> None:
        if value in self.empty_values:
            return
        low, high = self.bounds()
        if value < low:
            raise ValidationError(self.min_message, code="min_value",
                                  params={"limit": self.show(low)})
        if value > high:
            raise ValidationError(self.max_message, code="max_value",
                                  params={"limit": self.show(high)})

    def show(self, value) -> str:
        return long_date(value)

    def html_bounds(self) -> dict[str, str]:
        low, high = self.bounds()
        return {"min": self.html(low), "max": self.html(high)}


class BoundedDateField(_Bounded, forms.DateField):
    def __init__(self, *, min_value: DateBound, max_value: DateBound,
                 min_message: str | None = None, max_message: str | None = None, **kwargs):
        self._setup_bounds(min_value, max_value, min_message, max_message)
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)

    def validate(self, value) -> None:
        super().validate(value)
        self._check_bounds(value)

    def html(self, value: datetime.date) -> str:
        return value.isoformat()


class BoundedDateTimeField(_Bounded, forms.DateTimeField):
    min_message = "Choose a time after %(limit)s."
    max_message = "Choose a time before %(limit)s."

    def __init__(self, *, min_value: DateTimeBound, max_value: DateTimeBound,
                 min_message: str | None = None, max_message: str | None = None, **kwargs):
        self._setup_bounds(min_value, max_value, min_message, max_message)
        kwargs.setdefault("widget", forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                        format="%Y-%m-%dT%H:%M"))
        super().__init__(**kwargs)

    def validate(self, value) -> None:
        # Compared while still in local time: converting 31 December 9999, 23:30 to UTC
        # would overflow (year 10000) and fail every page that reads it.
        super().validate(value)
        self._check_bounds(value)

    def show(self, value: datetime.datetime) -> str:
        local = timezone.localtime(value)
        return f"{long_date(local.date())}, {local:%H:%M}"

    def html(self, value: datetime.datetime) -> str:
        return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


# Fields that parse their input strictly, so no length or character check is needed.
_SELF_BOUNDED = (forms.UUIDField,)
_NUMBERS = (forms.IntegerField, forms.FloatField, forms.DecimalField)


def bound_fields(form_class: type) -> None:
    """Apply `text_limits`, add the text checks, and refuse any field without bounds."""
    limits: dict[str, int] = getattr(form_class, "text_limits", {})
    for name, field in form_class.base_fields.items():
        where = f"{form_class.__module__}.{form_class.__qualname__}.{name}"
        if name in limits and field.max_length != limits[name]:
            field.max_length = limits[name]
            field.validators.append(MaxLengthValidator(limits[name]))
        if isinstance(field, forms.CharField) and not isinstance(field, _SELF_BOUNDED):
            if field.max_length is None:
                raise ImproperlyConfigured(f"{where}: a text field needs a max_length.")
            _check_text(field)
        elif isinstance(field, (forms.DateField, forms.DateTimeField)) and not isinstance(
                field, _Bounded):
            raise ImproperlyConfigured(
                f"{where}: use BoundedDateField or BoundedDateTimeField, with a range.")
        elif isinstance(field, _NUMBERS) and (field.min_value is None
                                              or field.max_value is None):
            raise ImproperlyConfigured(f"{where}: a number field needs min_value and max_value.")


def _check_text(field: forms.CharField) -> None:
    multiline = isinstance(field.widget, forms.Textarea)
    if TextValidator(multiline) not in field.validators:
        field.validators.append(TextValidator(multiline))
    for validator in field.validators:
        if isinstance(validator, MaxLengthValidator):
            validator.message = MAX_LENGTH_MESSAGE
    # The limit is checked on the server, which says how much is too much and keeps all
    # of the text; a browser's maxlength would cut pasted text short without a word.
    field.widget.attrs.pop("maxlength", None)


def is_bounded(field: forms.Field) -> bool:
    """What `bound_fields` guarantees, for tests that walk every form."""
    if isinstance(field, forms.CharField) and not isinstance(field, _SELF_BOUNDED):
        multiline = isinstance(field.widget, forms.Textarea)
        return field.max_length is not None and TextValidator(multiline) in field.validators
    if isinstance(field, (forms.DateField, forms.DateTimeField)):
        return isinstance(field, _Bounded)
    if isinstance(field, _NUMBERS):
        return field.min_value is not None and field.max_value is not None
    return True


class _BoundedMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.refresh_bounds()

    def refresh_bounds(self) -> None:
        """Show each date field's range to the browser (after any `narrow`)."""
        for field in self.fields.values():
            if isinstance(field, _Bounded):
                field.widget.attrs.update(field.html_bounds())


class BoundedFormMetaclass(DeclarativeFieldsMetaclass):
    def __new__(mcs, name, bases, attrs):
        new_class = super().__new__(mcs, name, bases, attrs)
        bound_fields(new_class)
        return new_class


class BoundedModelFormMetaclass(ModelFormMetaclass):
    def __new__(mcs, name, bases, attrs):
        new_class = super().__new__(mcs, name, bases, attrs)
        bound_fields(new_class)
        return new_class


class BoundedForm(_BoundedMixin, forms.Form, metaclass=BoundedFormMetaclass):
    pass


class BoundedModelForm(_BoundedMixin, forms.ModelForm, metaclass=BoundedModelFormMetaclass):
    text_limits: dict[str, int] = {}


def read_query(form_class: type[BoundedForm], query: QueryDict) -> dict:
    """The query string's values, read through a bounded form. A value that is garbage
    (`%00`, `abc`, a number with 30 digits) is dropped, as if it had not been given:
    a link is not a form, and there is nobody to show an error to."""
    form = form_class(query)
    form.is_valid()
    return {name: form.cleaned_data.get(name) for name in form.fields}
