"""The mentor directory: offers with their topics, sites, current load and training.

A page costs a fixed number of queries however many cards it shows: the page of offers
(with the person, division, site and position joined and the load annotated), their
topics, their sites, and who among them attended a mentor workshop.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from matching.models import MentorProfile
from programs.dates import today
from programs.models import Mentorship, Site, Topic
from programs.selectors.development import trained_mentor_ids


def load_of_offer(on: datetime.date) -> Coalesce:
    """Active formal mentorships where the offer's person is the mentor: a correlated
    subquery, so the page query needs no GROUP BY and "open, with room" is a plain WHERE."""
    active = (Mentorship.objects.active(on).formal().filter(mentor_id=OuterRef("faculty_id"))
              .order_by().values("mentor_id").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(active, output_field=IntegerField()), 0)


def directory_queryset(offers: QuerySet[MentorProfile],
                       on: datetime.date | None = None) -> QuerySet[MentorProfile]:
    on = on or today()
    return (offers
            .select_related("faculty__user", "faculty__division", "faculty__site",
                            "faculty__position")
            .annotate(load=load_of_offer(on))
            .order_by("faculty__user__last_name", "faculty__user__first_name", "pk"))


@dataclass(frozen=True)
class Card:
    offer: MentorProfile
    topics: list[Topic]
    sites: list[Site]
    load: int
    trained: bool

    @property
    def faculty(self):
        return self.offer.faculty

    @property
    def has_room(self) -> bool:
        return self.offer.is_open and self.load < self.offer.capacity


def directory_cards(page_offers: list[MentorProfile]) -> list[Card]:
    """Cards for one page of `directory_queryset` rows: three more queries."""
    offers = list(page_offers)

    prefetch_related_objects(
        offers,
        Prefetch("topics", queryset=Topic.objects.only("id", "name").order_by("ordering",
                                                                             "name")),
        Prefetch("sites", queryset=Site.objects.only("id", "name", "short_name")),
    )
    trained = trained_mentor_ids([offer.faculty_id for offer in offers]) if offers else set()
    return [Card(offer=offer, topics=list(offer.topics.all()), sites=list(offer.sites.all()),
                 load=offer.load, trained=offer.faculty_id in trained) for offer in offers]
