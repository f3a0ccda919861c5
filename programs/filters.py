import django_filters
from django.db.models import Q
from django_filters.constants import EMPTY_VALUES

from programs.forms import BoundedForm
from programs.models import FacultyMember, Site
from programs.selectors.people import stage_filter


class MultiFieldOrderingFilter(django_filters.OrderingFilter):
    """An OrderingFilter where one sort key may order by several fields, to break ties.

    django-filter's own OrderingFilter passes a tuple of fields to order_by() as one
    argument, which raises FieldError (a 500 on every "sort by name" link).
    """

    def build_choices(self, fields, labels):
        """Labels here are keyed by sort key ("name"), not by the fields behind it."""
        by_field = {field: labels[param] for field, param in fields.items() if param in labels}
        return super().build_choices(fields, by_field)

    def get_ordering_value(self, param: str) -> list[str]:
        descending = param.startswith("-")
        fields = self.param_map.get(param.removeprefix("-"), param.removeprefix("-"))
        fields = (fields,) if isinstance(fields, str) else fields
        return [f"-{name}" if descending else name for name in fields]

    # A unique last key keeps LIMIT/OFFSET pages stable: without it people who share a
    # sort value (a rank, an appointment date) can repeat or vanish between pages.
    TIEBREAK = ("user__last_name", "user__first_name", "pk")

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.order_by(*(name for param in value if param not in EMPTY_VALUES
                             for name in self.get_ordering_value(param)), *self.TIEBREAK)


class RosterFilter(django_filters.FilterSet):
    """Filters and sorting for a division roster. Every view of it is a shareable link."""

    # Bounded like every form (programs.forms): a NUL, a control character or a
    # 100,000-character search is shown as an error beside the box and ignored.
    q = django_filters.CharFilter(label="Name or email", method="filter_name", max_length=100)
    stage = django_filters.ChoiceFilter(
        label="Career stage", method="filter_stage", empty_label="Any stage",
        choices=[("early", "Early career"), ("mid", "Mid career"), ("late", "Late career")],
    )
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.all(), empty_label="Any site")
    rank = django_filters.ChoiceFilter(choices=FacultyMember.Rank.choices,
                                       empty_label="Any rank")
    status = django_filters.ChoiceFilter(
        method="filter_status", empty_label="Everyone",
        choices=[("current", "Active and on leave"), *FacultyMember.Status.choices],
    )
    mentor = django_filters.ChoiceFilter(
        label="Formal mentor", method="filter_mentor", empty_label="Any",
        choices=[("none", "None"), ("yes", "Has one")],
    )
    sort = MultiFieldOrderingFilter(
        label="Sort by",
        fields=(
            (("user__last_name", "user__first_name"), "name"),
            ("appointment_date", "appointed"),
            (("site__name", "user__last_name"), "site"),
            (("position__name", "user__last_name"), "position"),
            (("rank_order", "user__last_name"), "rank"),
        ),
        field_labels={"name": "Name", "appointed": "Appointment date", "site": "Site",
                      "position": "Position", "rank": "Rank"},
    )

    class Meta:
        model = FacultyMember
        form = BoundedForm
        fields = ["q", "stage", "site", "rank", "status", "mentor"]

    def __init__(self, data=None, *args, division, **kwargs):
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = "current"  # departed people are kept, but not shown by default
        super().__init__(data, *args, **kwargs)
        self.division = division

    def filter_name(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word)
                | Q(user__email__icontains=word)
            )
        return queryset

    def filter_stage(self, queryset, name, value):
        return queryset.filter(stage_filter(self.division.department, value))

    def filter_status(self, queryset, name, value):
        if value == "current":
            return queryset.current()
        return queryset.filter(status=value)

    def filter_mentor(self, queryset, name, value):
        return queryset.filter(has_formal_mentor=(value == "yes"))
