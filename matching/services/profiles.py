"""Saving interest profiles: a mentor's offer and a mentee's needs."""

from collections.abc import Iterable, Sequence

from django.db import transaction

from matching.models import MenteeNeeds, MentorProfile, NeedTopic
from matching.models.profiles import join_formats
from programs.models import FacultyMember, Site, Topic


@transaction.atomic
def offer_save(*, faculty: FacultyMember, topics: Iterable[Topic], formats: Iterable[str],
               capacity: int, is_open: bool, sites: Iterable[Site],
               how_i_can_help: str) -> MentorProfile:
    """Create or replace the person's offer. Saving twice leaves one offer."""
    offer, _ = MentorProfile.objects.select_for_update().get_or_create(faculty=faculty)
    offer.formats = join_formats(formats)
    offer.capacity = capacity
    offer.is_open = is_open
    offer.how_i_can_help = how_i_can_help
    offer.save()
    offer.topics.set(list(topics))
    offer.sites.set(list(sites))
    return offer


@transaction.atomic
def needs_save(*, faculty: FacultyMember, topics: Sequence[Topic], formats: Iterable[str],
               same_site: bool, wants_gender_concordance: bool,
               wants_identity_concordance: bool) -> MenteeNeeds:
    """Create or replace the person's needs; `topics` in priority order, first first
    (a topic named twice keeps its first place)."""
    needs, _ = MenteeNeeds.objects.select_for_update().get_or_create(faculty=faculty)
    needs.formats = join_formats(formats)
    needs.same_site = same_site
    needs.wants_gender_concordance = wants_gender_concordance
    needs.wants_identity_concordance = wants_identity_concordance
    needs.save()
    needs.priorities.all().delete()
    seen: set[int] = set()
    rows = []
    for topic in topics:
        if topic.pk in seen:
            continue
        seen.add(topic.pk)
        rows.append(NeedTopic(needs=needs, topic=topic, priority=len(rows) + 1))
    NeedTopic.objects.bulk_create(rows)
    return needs
