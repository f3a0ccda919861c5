"""What a survey import would change: each row's offer and needs against what is stored
(create, update or unchanged), in a fixed number of queries however long the file."""

from dataclasses import dataclass

from django.db.models import Prefetch

from matching.forms.imports import SurveyFile, SurveyRow
from matching.models import MenteeNeeds, MentorProfile, NeedTopic
from matching.models.profiles import join_formats

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass
class RowPlan:
    row: SurveyRow
    offer_action: str  # create, update, unchanged, or "" when the row has no offer
    needs_action: str


@dataclass
class SurveyPlan:
    rows: list[RowPlan]

    def count(self, part: str, action: str) -> int:
        return sum(1 for plan in self.rows if getattr(plan, f"{part}_action") == action)

    @property
    def changes(self) -> list[RowPlan]:
        return [plan for plan in self.rows
                if {plan.offer_action, plan.needs_action} - {UNCHANGED, ""}]


def _offer_state(offer: MentorProfile) -> tuple:
    return (sorted(t.pk for t in offer.topics.all()), offer.formats, offer.capacity,
            offer.is_open, sorted(s.pk for s in offer.sites.all()), offer.how_i_can_help)


def _new_offer_state(offer: dict) -> tuple:
    return (sorted(t.pk for t in offer["topics"]), join_formats(offer["formats"]),
            offer["capacity"], offer["is_open"], sorted(s.pk for s in offer["sites"]),
            offer["how_i_can_help"])


def _needs_state(needs: MenteeNeeds) -> tuple:
    ordered = sorted(needs.priorities.all(), key=lambda row: row.priority)
    return ([row.topic_id for row in ordered], needs.formats, needs.same_site)


def _new_needs_state(needs: dict) -> tuple:
    return ([t.pk for t in needs["topics"]], join_formats(needs["formats"]), needs["same_site"])


def plan_survey(survey: SurveyFile) -> SurveyPlan:
    people = [row.person.pk for row in survey.rows]
    offers = {offer.faculty_id: offer for offer in
              MentorProfile.objects.filter(faculty_id__in=people)
              .prefetch_related("topics", "sites")}
    needs = {row.faculty_id: row for row in
             MenteeNeeds.objects.filter(faculty_id__in=people)
             .prefetch_related(Prefetch("priorities", queryset=NeedTopic.objects.all()))}
    plans = []
    for row in survey.rows:
        offer_action = needs_action = ""
        if row.offer is not None:
            stored = offers.get(row.person.pk)
            offer_action = (CREATE if stored is None else UNCHANGED
                            if _offer_state(stored) == _new_offer_state(row.offer) else UPDATE)
        if row.needs is not None:
            stored = needs.get(row.person.pk)
            needs_action = (CREATE if stored is None else UNCHANGED
                            if _needs_state(stored) == _new_needs_state(row.needs) else UPDATE)
        plans.append(RowPlan(row=row, offer_action=offer_action, needs_action=needs_action))
    return SurveyPlan(rows=plans)
