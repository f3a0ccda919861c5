"""The mentor directory's filters. Every view of it is a shareable link."""

import django_filters
from django.db.models import F, Q

from matching.models import MentorProfile
from matching.models.profiles import Format
from programs.forms import BoundedForm
from programs.models import AcademicPosition, Site, Topic


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Name", method="filter_name", max_length=100)
    topic = django_filters.ModelChoiceFilter(
        label="Topic", queryset=Topic.objects.filter(is_active=True), method="filter_topic",
        empty_label="Any topic")
    format = django_filters.ChoiceFilter(label="Format", choices=Format.choices,
                                         method="filter_format", empty_label="Any format")
    position = django_filters.ModelChoiceFilter(
        label="Academic position", queryset=AcademicPosition.objects.all(),
        field_name="faculty__position", empty_label="Any position")
    site = django_filters.ModelChoiceFilter(label="Site", queryset=Site.objects.all(),
                                            method="filter_site", empty_label="Any site")
    open = django_filters.ChoiceFilter(
        label="Taking mentees", method="filter_open", empty_label="Everyone",
        choices=[("yes", "Open to new mentees, with room")])

    class Meta:
        model = MentorProfile
        form = BoundedForm
        fields = ["q", "topic", "format", "position", "site", "open"]

    def get_form_class(self):
        """Built once (see programs.filters.RosterFilter)."""
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    # Many-to-many filters go through a subquery, so an offer is never listed twice.
    def filter_topic(self, queryset, name, value):
        return queryset.filter(pk__in=MentorProfile.topics.through.objects
                               .filter(topic=value).values("mentorprofile_id"))

    def filter_site(self, queryset, name, value):
        meets_there = MentorProfile.sites.through.objects.filter(site=value)
        return queryset.filter(Q(pk__in=meets_there.values("mentorprofile_id"))
                               | Q(faculty__site=value))

    def filter_format(self, queryset, name, value):
        return queryset.filter(formats__contains=value)

    def filter_open(self, queryset, name, value):
        # `load` is annotated by matching.selectors.directory.directory_queryset.
        return queryset.filter(is_open=True, load__lt=F("capacity"))

    def filter_name(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(faculty__user__first_name__icontains=word)
                                       | Q(faculty__user__last_name__icontains=word))
        return queryset
