from dataclasses import dataclass

import django_filters
from django.db.models import Q
from django.http import QueryDict
from django_filters.constants import EMPTY_VALUES

from programs.forms import BoundedForm
from programs.models import FacultyMember, Site
from programs.selectors.mentorships import has_formal_mentor
from programs.selectors.people import rank_order, stage_filter


class MultiFieldOrderingFilter(django_filters.OrderingFilter):
    """An OrderingFilter where one sort key may order by several fields, to break ties.

    django-filter's own OrderingFilter passes a tuple of fields to order_by() as one
    argument, which raises FieldError (a 500 on every "sort by name" link).
    """

    def __init__(self, *args, computed: dict | None = None, **kwargs):
        # Sort fields computed by the query (name: a function returning the expression),
        # added to the query only when the roster is sorted by them.
        self.computed = computed or {}
        super().__init__(*args, **kwargs)

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
        ordering = [name for param in value if param not in EMPTY_VALUES
                    for name in self.get_ordering_value(param)]
        needed = {name.removeprefix("-") for name in ordering} & self.computed.keys()
        if needed:
            qs = qs.annotate(**{name: self.computed[name]() for name in needed})
        return qs.order_by(*ordering, *self.TIEBREAK)


@dataclass(frozen=True)
class Sort:
    """One way to sort the roster, said in words for each direction."""

    key: str
    fields: tuple[str, ...]
    label: str
    ascending: str
    descending: str


# The roster's sorts. With no sort asked for, the roster is by name, A to Z (the tiebreak).
ROSTER_SORTS = (
    Sort("name", ("user__last_name", "user__first_name"), "Name", "A to Z", "Z to A"),
    Sort("appointed", ("appointment_date",), "Appointed", "earliest first", "latest first"),
    # Seniority, not the alphabet ("full" before "lecturer"): computed, see `computed` below.
    Sort("rank", ("rank_order", "user__last_name"), "Rank", "junior first", "senior first"),
    Sort("position", ("position__name", "user__last_name"), "Position", "A to Z", "Z to A"),
    Sort("site", ("site__name", "user__last_name"), "Site", "A to Z", "Z to A"),
)
DEFAULT_SORT = "name"


@dataclass(frozen=True)
class Column:
    """A roster column's header: a link that sorts by it, when it sorts."""

    label: str
    sort: Sort | None = None
    href: str = ""
    aria_sort: str = ""  # "ascending" or "descending" on the column the roster is sorted by
    next_direction: str = ""  # what following the link does, for screen readers


class RosterFilter(django_filters.FilterSet):
    """Filters and sorting for a division roster. Every view of it is a shareable link."""

    # Bounded like every form (programs.forms): a NUL, a control character or a
    # 100,000-character search is shown as an error beside the box and ignored.
    q = django_filters.CharFilter(label="Name or email", method="filter_name", max_length=100)
    stage = django_filters.ChoiceFilter(
        label="Career stage", method="filter_stage", empty_label="Any stage",
        choices=[("early", "Early career"), ("mid", "Mid career"), ("late", "Late career")],
    )
    site = django_filters.ModelChoiceFilter(label="Site", queryset=Site.objects.all(),
                                            empty_label="Any site")
    rank = django_filters.ChoiceFilter(label="Rank", choices=FacultyMember.Rank.choices,
                                       empty_label="Any rank")
    status = django_filters.ChoiceFilter(
        label="Status", method="filter_status", empty_label="Everyone",
        choices=[("current", "Active and on leave"), *FacultyMember.Status.choices],
    )
    mentor = django_filters.ChoiceFilter(
        label="Formal mentor", method="filter_mentor", empty_label="With or without",
        choices=[("none", "None"), ("yes", "Has one")],
    )
    sort = MultiFieldOrderingFilter(
        label="Sort by",
        fields=[(sort.fields, sort.key) for sort in ROSTER_SORTS],
        choices=[choice for sort in ROSTER_SORTS for choice in (
            (sort.key, f"{sort.label}, {sort.ascending}"),
            (f"-{sort.key}", f"{sort.label}, {sort.descending}"))],
        empty_label=None,  # no "---------": unsorted is by name, the first choice
        computed={"rank_order": rank_order},
    )

    class Meta:
        model = FacultyMember
        form = BoundedForm
        fields = ["q", "stage", "site", "rank", "status", "mentor"]

    def get_form_class(self):
        """django-filter builds the form class anew for every request (and BoundedForm
        checks its bounds each time); the fields never change, so build it once."""
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

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
        mentored = has_formal_mentor()
        return queryset.filter(mentored if value == "yes" else ~mentored)

    def sort_columns(self, query: QueryDict) -> list[Column]:
        """The roster's column headers. A sortable one links to this same view (filters
        kept, back to page 1) sorted by that column, A to Z first, or the other way when
        it is already sorted so; the sorted column says so in `aria_sort`."""
        current = self.current_sort()
        by_key = {sort.key: sort for sort in ROSTER_SORTS}
        columns = []
        for label, key in ROSTER_COLUMNS:
            sort = by_key.get(key)
            if sort is None:
                columns.append(Column(label))
                continue
            descending_now = current == f"-{key}"
            sorted_here = current in (key, f"-{key}")
            link = query.copy()
            link.pop("page", None)
            link["sort"] = key if descending_now else f"-{key}" if sorted_here else key
            columns.append(Column(
                label, sort, href=f"?{link.urlencode()}",
                aria_sort=("descending" if descending_now else "ascending") if sorted_here
                else "",
                next_direction=sort.ascending if descending_now or not sorted_here
                else sort.descending,
            ))
        return columns

    def current_sort(self) -> str:
        """The sort in force: the one asked for if it is one of ours, else by name."""
        if self.form.is_valid():
            asked = [value for value in self.form.cleaned_data.get("sort") or [] if value]
            if asked:
                return asked[0]
        return DEFAULT_SORT


# (header, sort key or None): the roster table's columns, in order.
ROSTER_COLUMNS = (
    ("Name", "name"),
    ("Career stage", "appointed"),  # the stage follows from the appointment date
    ("Rank", "rank"),
    ("Position", "position"),
    ("Site", "site"),
    ("Formal mentor", None),
    ("Status", None),
)
