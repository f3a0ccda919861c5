"""The mentor directory: offers with their topics, sites, current load and training.

A page costs a fixed number of queries however many cards it shows: the page of offers
(with the person, division, site and position joined and the load annotated), their
topics, their sites, and who among them attended a mentor workshop.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects

from matching.models import MentorProfile
from programs.dates import today
from programs.models import Site, Topic
from programs.selectors.development import trained_mentor_ids


def load_filter(on: datetime.date) -> Q:
    """Active formal mentorships where the offer's person is the mentor."""
    prefix = "faculty__mentorships_as_mentor__"
    return (Q(**{f"{prefix}kind": "formal", f"{prefix}start_date__lte": on})
            & (Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gt": on})))


def directory_queryset(offers: QuerySet[MentorProfile],
                       on: datetime.date | None = None) -> QuerySet[MentorProfile]:
    on = on or today()
    return (offers
            .select_related("faculty__user", "faculty__division", "faculty__site",
                            "faculty__position")
            .annotate(load=Count("faculty__mentorships_as_mentor",
                                 filter=load_filter(on), distinct=True))
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
