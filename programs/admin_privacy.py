"""The Django admin under the same confidentiality rules as every page.

Every ModelAdmin and inline of every app inherits `PrivacyGuard` (`PrivacyAdmin`,
`PrivacyTabularInline`, `PrivacyStackedInline`). It reads each model's declarations
(`programs/confidential.py`) and, for superusers too:

- never shows a confidential field: not in lists, forms, read-only views or filters;
- refuses every query-string lookup that reads one, from the model's own list or across
  any relation from any other list (`?body__startswith=...`,
  `?meeting__private_notes__body__startswith=...`), or that crosses into a model whose
  rows are confidential: a refused lookup answers 400 whatever its value, so the row
  count can no longer spell out the text;
- never searches, sorts (`?o=`) or filters by one, so neither `?q=` nor the autocomplete
  endpoint nor the order of rows says anything about it;
- keeps the fields that decide who reads a row (`AUDIENCE_FIELDS`) read-only on existing
  rows, and answers a form that tries to change one anyway with an error, saving nothing
  (in an inline they are simply read-only; the key to the parent is fixed by Django);
- offers no delete whose confirmation page would list rows whose existence is
  confidential.

A static configuration that asks for any of this (a search field or filter on a
confidential field, an app's admin without the guard) is also a system check error, so it
shows at `runserver` and in the test suite, not only in a refused request.
"""

from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.core import checks
from django.core.exceptions import ValidationError
from django.db.models import F, OrderBy
from django.utils.text import get_text_list

from programs.confidential import (
    audience_fields,
    confidential_fields,
    declares_privacy,
    deletion_reaches_confidential_rows,
    has_confidential_rows,
    path_reaches_confidential,
)

SEARCH_PREFIXES = "^=@"


def _order_path(value) -> str | None:
    """The field path an ordering entry sorts by, or None for an expression we cannot read."""
    if isinstance(value, str):
        return value.lstrip("-")
    if isinstance(value, F):
        return value.name
    if isinstance(value, OrderBy) and isinstance(value.expression, F):
        return value.expression.name
    return None


class PrivacyGuard:
    """Mixed into every ModelAdmin and inline (see the module docstring)."""

    #: Confidential fields this admin shows, read-only, on the change page of the rows its
    #: `get_queryset` lets the viewer see, because the admin is the page where the people
    #: allowed to read them read them (exit feedback: the program office). Never listed,
    #: searched, sorted or filtered even so. Empty for every other admin.
    shown_confidential_fields: tuple[str, ...] = ()

    # --- what a path may reach ----------------------------------------------------------

    def _reaches(self, path: str | None) -> bool:
        """Whether an ordering, filter or search path touches a confidential field (or
        crosses into confidential rows). A path we cannot read (an expression) counts."""
        return path is None or path_reaches_confidential(self.model, path)

    def _hidden_fields(self) -> frozenset[str]:
        return confidential_fields(self.model) - set(self.shown_confidential_fields)

    def _locked_fields(self) -> tuple[str, ...]:
        """Fields that decide who reads the row: read-only once the row exists. An inline's
        key to its parent is fixed by Django already."""
        parent = getattr(self, "parent_model", None)
        return tuple(
            name for name in audience_fields(self.model)
            if parent is None or self.model._meta.get_field(name).related_model is not parent)

    # --- the change form and the read-only view -----------------------------------------

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or [])
        # Shown ones are read-only, never editable: they are someone else's words.
        return excluded + sorted(confidential_fields(self.model) - set(excluded))

    def get_fields(self, request, obj=None):
        hidden = self._hidden_fields()
        return [name for name in super().get_fields(request, obj) if name not in hidden]

    def get_fieldsets(self, request, obj=None):
        hidden = self._hidden_fields()
        fieldsets = []
        for title, options in super().get_fieldsets(request, obj):
            kept = []
            for entry in options.get("fields", ()):
                if isinstance(entry, (list, tuple)):
                    entry = [name for name in entry if name not in hidden]
                    if entry:
                        kept.append(entry)
                elif entry not in hidden:
                    kept.append(entry)
            if kept:
                fieldsets.append((title, {**options, "fields": kept}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        hidden = self._hidden_fields()
        readonly = [name for name in super().get_readonly_fields(request, obj)
                    if name not in hidden]
        extra = list(self.shown_confidential_fields)
        is_inline = getattr(self, "parent_model", None) is not None
        if obj is not None or is_inline:
            extra += self._locked_fields()
        return readonly + [name for name in extra if name not in readonly]

    # --- the change list, search, ordering, lookups, autocomplete ------------------------

    def get_list_display(self, request):
        return [entry for entry in super().get_list_display(request)
                if not self._column_reaches(entry)]

    def _column_reaches(self, entry) -> bool:
        """A column reaches a confidential field if it is one (or a path to one), or if
        `?o=` would sort by one: Django sorts by a method's admin_order_field whether or
        not the column is in sortable_by."""
        if isinstance(entry, str) and self._reaches(entry):
            return True
        if callable(entry):
            attr = entry
        else:
            attr = getattr(self, entry, None) or getattr(self.model, entry, None)
        if isinstance(attr, property):
            attr = attr.fget
        order_field = getattr(attr, "admin_order_field", None)
        return order_field is not None and self._reaches(_order_path(order_field))

    def get_list_filter(self, request):
        kept = []
        for entry in super().get_list_filter(request):
            path = entry[0] if isinstance(entry, (list, tuple)) else entry
            if isinstance(path, str) and self._reaches(path):
                continue
            kept.append(entry)
        return kept

    def get_search_fields(self, request):
        return [name for name in super().get_search_fields(request)
                if not self._reaches(name.lstrip(SEARCH_PREFIXES))]

    def get_ordering(self, request):
        return [entry for entry in (super().get_ordering(request) or [])
                if not self._reaches(_order_path(entry))]

    def lookup_allowed(self, lookup, value, request=None):
        if path_reaches_confidential(self.model, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def to_field_allowed(self, request, to_field):
        if path_reaches_confidential(self.model, to_field):
            return False
        return super().to_field_allowed(request, to_field)

    def has_delete_permission(self, request, obj=None):
        if deletion_reaches_confidential_rows(self.model):
            return False
        return super().has_delete_permission(request, obj)


class PrivacyAdmin(PrivacyGuard, admin.ModelAdmin):
    """The base of every ModelAdmin in the project."""

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        # Read as attributes by the change list; a bad one is also a system check error.
        if self.date_hierarchy and self._reaches(self.date_hierarchy):
            self.date_hierarchy = None
        locked = set(audience_fields(model)) | confidential_fields(model)
        self.list_editable = [name for name in self.list_editable if name not in locked]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        locked = self._locked_fields()
        if obj is None or not locked:
            return form
        return refusing_changes(form, obj, locked)


def refusing_changes(form_class, obj, names: tuple[str, ...]):
    """The admin form, refusing a submission that changes any of `names`.

    They are read-only, so the admin never renders them as inputs; a request that posts
    one anyway (a forged or replayed form) gets an error instead of a silent save.
    """
    fields = [obj._meta.get_field(name) for name in names]

    def as_posted(field) -> str:
        value = field.value_from_object(obj)
        return "" if value is None else str(value)

    current = {field.name: as_posted(field) for field in fields}
    labels = {field.name: str(field.verbose_name) for field in fields}

    class AudienceLockedForm(form_class):
        def clean(self):
            cleaned = super().clean()
            changed = [name for name, value in current.items()
                       if name in self.data and self.data.get(name) != value]
            if changed:
                self.add_error(None, ValidationError(
                    "%(fields)s cannot be changed here: it decides who may read this "
                    "record, so changing it would hand what was written to someone else. "
                    "Nothing was saved.",
                    code="audience_locked",
                    params={"fields": get_text_list([labels[n] for n in changed], "and")
                            .capitalize()},
                ))
            return cleaned

    AudienceLockedForm.__name__ = form_class.__name__
    return AudienceLockedForm


class PrivacyTabularInline(PrivacyGuard, admin.TabularInline):
    pass


class PrivacyStackedInline(PrivacyGuard, admin.StackedInline):
    pass


# --- system checks ------------------------------------------------------------------------


def is_project_model(model) -> bool:
    """One of this repository's apps (a folder at its top), not an installed package."""
    return Path(model._meta.app_config.path).resolve().parent == Path(
        settings.BASE_DIR).resolve()


def _static_entries(model_admin) -> list[tuple[str, object]]:
    """(option, field path) for every option that lists, searches, sorts or filters, as
    the class declares it (PrivacyAdmin.__init__ already drops some from the instance)."""
    model_admin = type(model_admin)
    entries = [("search_fields", name.lstrip(SEARCH_PREFIXES))
               for name in getattr(model_admin, "search_fields", ())]
    for entry in getattr(model_admin, "list_filter", ()):
        path = entry[0] if isinstance(entry, (list, tuple)) else entry
        if isinstance(path, str):
            entries.append(("list_filter", path))
    for entry in getattr(model_admin, "list_display", ()):
        if isinstance(entry, str):
            entries.append(("list_display", entry))
    entries += [("ordering", _order_path(entry)) for entry in model_admin.ordering or ()]
    if getattr(model_admin, "date_hierarchy", None):
        entries.append(("date_hierarchy", model_admin.date_hierarchy))
    entries += [("list_editable", name) for name in getattr(model_admin, "list_editable", ())]
    return entries


def _check_one(model_admin, label: str) -> list[checks.CheckMessage]:
    model = model_admin.model
    errors = []
    if (is_project_model(model) or declares_privacy(model)) and not isinstance(
            model_admin, PrivacyGuard):
        errors.append(checks.Error(
            f"{label} does not inherit programs.admin_privacy.PrivacyGuard.",
            hint="Base it on PrivacyAdmin or PrivacyTabularInline/PrivacyStackedInline.",
            obj=type(model_admin), id="privacy.E001"))
    for option, path in _static_entries(model_admin):
        if path is None or path_reaches_confidential(model, path):
            errors.append(checks.Error(
                f"{label}.{option} reaches a confidential field or row: {path!r}.",
                hint="The admin ignores it; remove it.", obj=type(model_admin),
                id="privacy.E002"))
    locked = set(audience_fields(model))
    for name in getattr(type(model_admin), "list_editable", ()):
        if name in locked:
            errors.append(checks.Error(
                f"{label}.list_editable contains {name!r}, which decides who reads the row.",
                obj=type(model_admin), id="privacy.E003"))
    shown = set(getattr(model_admin, "shown_confidential_fields", ()))
    if shown - confidential_fields(model):
        errors.append(checks.Error(
            f"{label}.shown_confidential_fields names fields that are not confidential: "
            f"{sorted(shown - confidential_fields(model))}.",
            obj=type(model_admin), id="privacy.E004"))
    restricts_rows = type(model_admin).get_queryset is not admin.ModelAdmin.get_queryset
    if (shown or has_confidential_rows(model)) and isinstance(
            model_admin, admin.ModelAdmin) and not restricts_rows:
        errors.append(checks.Error(
            f"{label} shows confidential fields or rows but does not restrict get_queryset "
            "to the rows the viewer may read.", obj=type(model_admin), id="privacy.E005"))
    return errors


def _check_declarations(model) -> list[checks.CheckMessage]:
    errors = []
    names = [*confidential_fields(model), *audience_fields(model)]
    for name in names:
        try:
            model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - any lookup failure means a wrong declaration
            errors.append(checks.Error(
                f"{model._meta.label} declares {name!r}, which is not one of its fields: "
                "nothing would be protected.", obj=model, id="privacy.E006"))
    for entry in model._meta.ordering or ():
        path = _order_path(entry)
        if path is None or path_reaches_confidential(model, path):
            errors.append(checks.Error(
                f"{model._meta.label}.Meta.ordering sorts by a confidential field: "
                f"{entry!r}; the order of rows in any list would reveal it.",
                obj=model, id="privacy.E007"))
    return errors


def check_admin_privacy(site=None) -> list[checks.CheckMessage]:
    """Every registered admin and inline, and every project model's declarations."""
    from django.apps import apps

    site = site or admin.site
    errors = []
    for model, model_admin in site._registry.items():
        label = type(model_admin).__name__
        errors += _check_one(model_admin, label)
        for inline_class in model_admin.inlines:
            inline = inline_class(model, site)
            errors += _check_one(inline, inline_class.__name__)
    for model in apps.get_models():
        if is_project_model(model):
            errors += _check_declarations(model)
    return errors


@checks.register(checks.Tags.admin)
def admin_privacy_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return check_admin_privacy()
