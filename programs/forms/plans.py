"""Forms for five-year academic plans: the edit page (goals, milestones and the revision
it was read at), the DDD's review and the yearly progress note."""

from dataclasses import dataclass, field

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.http import QueryDict

from programs.dates import today
from programs.forms import BoundedForm, BoundedModelForm
from programs.models import AcademicPlan, PlanGoal, PlanMilestone

# The window a target year is chosen in; the database allows 1950 to 2200.
YEARS_BACK, YEARS_AHEAD = 5, 15
# What a person may change on a row (the content, and its progress).
ROW_FIELDS = {
    PlanGoal: ("domain", "description", "target_year", "status"),
    PlanMilestone: ("kind", "title", "target_year", "done"),
}
NOUNS = {PlanGoal: ("goal", "goals"), PlanMilestone: ("milestone", "milestones")}
NOT_IN_PLAN = ("This page sent a row that is not part of this plan. Nothing was saved: "
               "open the plan again and make your change there.")
INCOMPLETE = ("This page arrived incomplete. Nothing was saved: open the plan again and make "
              "your change there.")


def _target_year() -> forms.IntegerField:
    return forms.IntegerField(label="Target year", min_value=1950, max_value=2200,
                              widget=forms.NumberInput(attrs={"class": "form-control"}))


class _PlanRowForm(BoundedModelForm):
    """One goal or milestone. Each field also posts the value the page showed
    (`show_hidden_initial`), so a save from a page that went stale can tell what this
    person changed from what someone else changed meanwhile (see `PlanEdit.rebased`)."""

    # What an unchosen select says, instead of Django's "---------", and what it says
    # when left unchosen on a row that has something else filled in.
    EMPTY_LABELS = {"domain": "Choose a domain", "kind": "Choose a kind of milestone"}
    REQUIRED = {"domain": "Choose the goal's domain.", "kind": "Choose the kind of milestone.",
                "description": "Describe the goal.", "target_year": "Give a target year."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ROW_FIELDS[self._meta.model]:
            self.fields[name].show_hidden_initial = True
        for name, label in self.EMPTY_LABELS.items():
            if name in self.fields:
                field = self.fields[name]
                field.choices = [("", label), *(c for c in field.choices if c[0] != "")]
        for name, message in self.REQUIRED.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message

    def full_clean(self) -> None:
        super().full_clean()
        # Each field with an error says so to assistive technology and points at its
        # message, which the card shows under the field (templates/programs/plans/_row.html).
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"

    def clean_target_year(self) -> int:
        year = self.cleaned_data["target_year"]
        if self.instance.pk and year == self.instance.target_year:
            return year  # an old goal keeps its year: only a new or moved one is checked
        this_year = today().year
        if not this_year - YEARS_BACK <= year <= this_year + YEARS_AHEAD:
            raise ValidationError(f"Choose a year between {this_year - YEARS_BACK} and "
                                  f"{this_year + YEARS_AHEAD}.")
        return year


class GoalForm(_PlanRowForm):
    target_year = _target_year()

    class Meta:
        model = PlanGoal
        fields = ["domain", "description", "target_year", "status"]
        widgets = {
            "domain": forms.Select(attrs={"class": "form-select"}),
            "description": forms.TextInput(attrs={"class": "form-control"}),
            "status": forms.Select(attrs={"class": "form-select"}),
        }


class MilestoneForm(_PlanRowForm):
    target_year = _target_year()

    class Meta:
        model = PlanMilestone
        fields = ["kind", "title", "target_year", "done"]
        widgets = {
            "kind": forms.Select(attrs={"class": "form-select"}),
            "title": forms.TextInput(attrs={"class": "form-control"}),
            "done": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }


class _RowId(forms.Field):
    """A row's id, found among the rows of this plan that the formset already loaded.

    Django's own field runs a query per row and accepts the id of any plan's row, which
    the formset then drops without a word: a tampered request with a thousand rows cost
    seconds, and "Plan saved" was said over a change that was not saved."""

    widget = forms.HiddenInput

    def __init__(self, rows: dict, **kwargs):
        self.rows = rows
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return getattr(value, "pk", value)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.rows[int(str(value))]
        except (KeyError, ValueError):
            raise ValidationError(NOT_IN_PLAN, code="not_in_plan") from None

    def has_changed(self, initial, data) -> bool:
        return str(self.prepare_value(initial) or "") != str(data or "")


class PlanRowFormSet(BaseInlineFormSet):
    """Goals or milestones of one plan, bounded: at most `max_num` rows are ever built,
    however many a request claims, and no row costs a query to check."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        noun = NOUNS[self.model][1]
        self.error_messages = {
            **self.error_messages,
            "too_many_forms": f"A plan holds at most {self.max_num} {noun}. Delete some "
                              "before adding more.",
            "missing_management_form": INCOMPLETE,
        }

    def loaded_rows(self) -> dict:
        if not hasattr(self, "_loaded_rows"):
            self._loaded_rows = {row.pk: row for row in self.get_queryset()}
        return self._loaded_rows

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        name = self.model._meta.pk.name
        form.fields[name] = _RowId(self.loaded_rows(), initial=form.fields[name].initial,
                                   required=False)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def clean(self) -> None:
        super().clean()
        if any(form.errors.get("id") for form in self.forms):
            raise ValidationError(NOT_IN_PLAN, code="not_in_plan")


GoalFormSet = inlineformset_factory(
    AcademicPlan, PlanGoal, form=GoalForm, formset=PlanRowFormSet, extra=0, can_delete=True,
    max_num=AcademicPlan.MAX_GOALS, absolute_max=AcademicPlan.MAX_GOALS, validate_max=True,
)
MilestoneFormSet = inlineformset_factory(
    AcademicPlan, PlanMilestone, form=MilestoneForm, formset=PlanRowFormSet, extra=0,
    can_delete=True, max_num=AcademicPlan.MAX_MILESTONES,
    absolute_max=AcademicPlan.MAX_MILESTONES, validate_max=True,
)


class PlanRevisionForm(BoundedForm):
    """The plan's revision when the page was read: a save from an older page is stale."""

    revision = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput,
                                  error_messages={"required": INCOMPLETE})


@dataclass
class Rebase:
    """A stale save, laid over the plan as it is now (see `PlanEdit.rebased`)."""

    edit: "PlanEdit"
    notes: list[str] = field(default_factory=list)
    differs: bool = False  # False: the plan already says what this page wanted


class PlanEdit:
    """The edit page: goals, milestones and the revision the page was read at."""

    def __init__(self, data: QueryDict | None, *, plan: AcademicPlan, quiet: bool = False):
        self.plan = plan
        self.data = data
        # Shown without error messages: the page came back only to add a row.
        self.quiet = quiet
        self.revision = PlanRevisionForm(data, initial={"revision": plan.revision},
                                         prefix="plan")
        self.goals = GoalFormSet(data, instance=plan, prefix="goals")
        self.milestones = MilestoneFormSet(data, instance=plan, prefix="milestones")
        self.error = ""  # a refusal from the service, shown above the form

    @property
    def formsets(self) -> tuple[PlanRowFormSet, PlanRowFormSet]:
        return self.goals, self.milestones

    def with_row_added(self, prefix: str) -> tuple["PlanEdit", bool]:
        """This page as posted, with one more empty goal or milestone (`prefix`) unless the
        plan is full, and whether it was added: "Add a goal" without JavaScript. Nothing
        is checked or saved."""
        formset = {f.prefix: f for f in self.formsets}[prefix]
        data = self.data.copy()
        try:
            total = int(data.get(f"{prefix}-TOTAL_FORMS", ""))
        except ValueError:
            # No management form: the page says it arrived incomplete.
            return PlanEdit(data, plan=self.plan), False
        data[f"{prefix}-TOTAL_FORMS"] = str(max(0, min(total + 1, formset.max_num)))
        return PlanEdit(data, plan=self.plan, quiet=True), total < formset.max_num

    def posted_revision(self) -> int | None:
        return self.revision.cleaned_data["revision"] if self.revision.is_valid() else None

    def is_stale(self) -> bool:
        posted = self.posted_revision()
        return posted is not None and posted != self.plan.revision

    def is_valid(self) -> bool:
        return all([self.revision.is_valid(), *(f.is_valid() for f in self.formsets)])

    def rebased(self, plan: AcademicPlan, *, by: str) -> Rebase:
        """This page's rows laid over the plan as it is now, so the person loses none of
        what they typed and none of what `by` saved meanwhile:
        - a field this person did not change takes its value from the plan now;
        - a field both changed keeps this person's value, and a note shows the other;
        - a row `by` removed goes, unless this person edited it: then it comes back as
          a new row, with a note;
        - a row `by` added joins the form;
        - a new row identical to one `by` added is that row (a double submit).
        """
        data = QueryDict(mutable=True)
        data["plan-revision"] = str(plan.revision)
        notes: list[str] = []
        differs = False
        for formset in self.formsets:
            rows, row_notes, row_differs = _rebase_rows(formset, plan, by)
            _write_rows(data, formset, plan, rows)
            notes += row_notes
            differs |= row_differs
        return Rebase(edit=PlanEdit(data, plan=plan), notes=notes, differs=differs)


@dataclass
class _Row:
    values: dict  # field name -> what to post (a string, or None for an unticked box)
    initial: dict  # field name -> the value the page shows as read from the plan
    pk: int | None = None
    delete: bool = False


def _posted(form, name: str, *, initial: bool = False):
    key = form.add_initial_prefix(name) if initial else form.add_prefix(name)
    return form.data.get(key)


def _label(model, values: dict) -> str:
    """“the goal “Grant””, or for an untitled milestone its kind: “the milestone “Promotion””."""
    text = values.get("description") or values.get("title")
    if not text and values.get("kind"):
        text = dict(PlanMilestone.Kind.choices).get(values["kind"], values["kind"])
    noun = NOUNS[model][0]
    return f"{noun} “{text}”" if text else noun


def _as_post(field: forms.Field, value):
    if isinstance(field, forms.BooleanField):
        return "on" if value else None
    return "" if value is None else str(value)


def _rebase_rows(formset: PlanRowFormSet, plan: AcademicPlan, by: str):
    model, names = formset.model, ROW_FIELDS[formset.model]
    current = {row.pk: row for row in model.objects.filter(plan=plan)}
    template = formset.empty_form
    blank = {name: _as_post(template.fields[name], template[name].value()) for name in names}
    kept: list[_Row] = []
    new: list[_Row] = []
    notes: list[str] = []
    seen: set[int] = set()
    differs = False
    for form in formset.forms:
        fields = {name: form.fields[name] for name in names}
        typed = {name: _posted(form, name) for name in names}
        shown = {name: _posted(form, name, initial=True) for name in names}
        changed = {name for name, f in fields.items()
                   if f.has_changed(_initial_python(f, shown[name]), typed[name])}
        delete = bool(_posted(form, "DELETE"))
        try:
            pk = int(_posted(form, "id") or "")
        except ValueError:
            pk = None
        row = current.get(pk)
        if pk in seen:
            continue  # the same row twice: only a tampered page sends that
        if row is not None:
            seen.add(pk)
            now = {name: getattr(row, name) for name in names}
            merged = {}
            for name, f in fields.items():
                theirs = f.has_changed(now[name], shown[name])
                if name in changed:
                    merged[name] = typed[name]
                    if theirs and f.has_changed(now[name], typed[name]):
                        notes.append(f"{by} also changed the {_label(model, now)} "
                                     f"({_show(f, now[name])}). Your change is kept in the "
                                     "form: check which is right.")
                else:
                    merged[name] = _as_post(f, now[name])
            if delete and any(f.has_changed(now[n], shown[n]) for n, f in fields.items()):
                notes.append(f"You deleted the {_label(model, now)}, which {by} changed "
                             "meanwhile. It is still ticked for deletion.")
            differs |= delete or bool(changed & {n for n, f in fields.items()
                                                 if f.has_changed(now[n], typed[n])})
            kept.append(_Row(values=merged, initial={n: now[n] for n in names}, pk=pk,
                             delete=delete))
        elif pk is not None:
            # Removed meanwhile (or never on this plan: its content was never read).
            if changed and not delete:
                notes.append(f"{by} removed the {_label(model, typed)}, which you had "
                             "changed. Your version is kept below as a new row: delete it if "
                             "it should go.")
                new.append(_Row(values=typed, initial=blank))
                differs = True
            else:
                notes.append(f"{by} removed the {_label(model, typed)}.")
        elif changed and not delete:
            new.append(_Row(values=typed, initial=blank))
    added = [row for pk, row in current.items() if pk not in seen]
    for row in added:
        now = {name: getattr(row, name) for name in names}
        twin = next((r for r in new if all(
            not formset.form.base_fields[n].has_changed(now[n], r.values[n])
            for n in names)), None)
        if twin is not None:
            new.remove(twin)  # the same row, sent twice
        else:
            notes.append(f"{by} added the {_label(model, now)}.")
            differs = True
        kept.append(_Row(values={n: _as_post(formset.form.base_fields[n], now[n])
                                 for n in names},
                         initial=now, pk=row.pk))
    differs |= bool(new)
    return kept + new, notes, differs


def _initial_python(field: forms.Field, raw):
    try:
        return field.to_python(raw)
    except ValidationError:
        return raw


def _show(field: forms.Field, value) -> str:
    """How another person's value reads in a note: “target year 2028”, “marked done”."""
    if isinstance(field, forms.BooleanField):
        return f"marked {field.label.lower()}" if value else f"not marked {field.label.lower()}"
    choices = dict(getattr(field, "choices", []) or [])
    return f"{field.label.lower()} “{choices.get(value, value)}”"


def _write_rows(data: QueryDict, formset: PlanRowFormSet, plan: AcademicPlan,
                rows: list[_Row]) -> None:
    prefix, fields = formset.prefix, formset.form.base_fields
    initial_count = sum(1 for row in rows if row.pk is not None)
    total = min(len(rows) + formset.extra, max(formset.max_num, len(rows)))
    data[f"{prefix}-TOTAL_FORMS"] = str(total)
    data[f"{prefix}-INITIAL_FORMS"] = str(initial_count)
    data[f"{prefix}-MIN_NUM_FORMS"] = "0"
    data[f"{prefix}-MAX_NUM_FORMS"] = str(formset.max_num)
    empty = formset.empty_form
    blank_initial = {name: empty[name].value() for name in ROW_FIELDS[formset.model]}
    padding = [_Row(values={n: _as_post(fields[n], v) for n, v in blank_initial.items()},
                    initial=blank_initial)] * (total - len(rows))
    for index, row in enumerate(rows + padding):
        key = f"{prefix}-{index}"
        if row.pk is not None:
            data[f"{key}-id"] = str(row.pk)
            data[f"{key}-plan"] = str(plan.pk)
        if row.delete:
            data[f"{key}-DELETE"] = "on"
        for name, value in row.values.items():
            if value is not None:
                data[f"{key}-{name}"] = value
            shown = row.initial.get(name)
            data[f"initial-{key}-{name}"] = (str(bool(shown)) if isinstance(
                fields[name], forms.BooleanField) else "" if shown is None else str(shown))


class PlanVersionsQuery(BoundedForm):
    """?old=&new= on the versions page: anything but a version number is ignored."""

    old = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    new = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class DivisionPlansQuery(BoundedForm):
    """?state=&page= on the division's plan-status list: an unknown state shows everyone."""

    state = forms.CharField(required=False, max_length=20)
    page = forms.IntegerField(required=False, min_value=1, max_value=10**6)


class PlanReviewForm(BoundedForm):
    """The DDD's decision. Nothing is chosen in advance, so a plan is never approved by a
    click on the button alone; a form with an error comes back with the choice made."""

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve the plan"), ("return", "Return it with comments")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve the plan or return it."},
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=2000,
        help_text="Required when returning the plan: what should change? The faculty member "
        "and their formal mentors read it on the plan page; the email they get says only "
        "that the plan was returned. Up to 2,000 characters.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not cleaned.get("comment", "").strip():
            self.add_error("comment", "Say what should change when returning a plan.")
        return cleaned


class PlanProgressForm(BoundedForm):
    note = forms.CharField(
        label="Progress this year", max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What moved forward, what changed, and what you need next. Up to 4,000 "
        "characters.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save_progress", "Save progress"))
