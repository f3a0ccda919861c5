"""Reading interest profiles: one person's offer and needs, and who has none yet."""

from django.db.models import Prefetch

from matching.models import MenteeNeeds, MentorProfile, NeedTopic
from programs.models import FacultyMember


def offer_of(person: FacultyMember) -> MentorProfile | None:
    return (MentorProfile.objects.filter(faculty=person)
            .prefetch_related("topics", "sites").first())


def needs_of(person: FacultyMember) -> MenteeNeeds | None:
    return (MenteeNeeds.objects.filter(faculty=person)
            .prefetch_related(Prefetch("priorities",
                                       queryset=NeedTopic.objects.select_related("topic")))
            .first())
