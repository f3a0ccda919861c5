"""The interest survey's answers become the person's matching profile (`matching/`).

The interest survey is identified and says so on its first page: submitting it replaces
the topics and formats of the person's mentor offer (if they chose to give mentorship)
and of their needs (if they chose to receive it), through matching's own services.
Everything else on the profile (capacity, openness, sites, identity opt-ins) is kept.

surveys may import matching; matching never imports surveys.
"""

from matching.models import MenteeNeeds, MentorProfile
from matching.models.profiles import FORMAT_CODES
from matching.services.profiles import needs_save, offer_save
from programs.models import FacultyMember, Topic

# The template's "Would you like to give or receive mentorship?" choices, by index.
GIVE, RECEIVE, BOTH, NEITHER = 0, 1, 2, 3


def interest_profile_update(*, person: FacultyMember, answers: dict) -> dict[str, bool]:
    """`answers`: question key -> Answer row. Which of offer and needs were written."""
    role = answers.get("interest_role")
    picks = answers.get("interest_topics")
    formats_answer = answers.get("interest_formats")
    if role is None or role.number in (None, NEITHER):
        return {"offer": False, "needs": False}
    topic_ids = list(picks.choices) if picks is not None else []
    by_id = Topic.objects.in_bulk(topic_ids)
    topics = [by_id[pk] for pk in topic_ids if pk in by_id]
    formats = [FORMAT_CODES[i] for i in (formats_answer.choices if formats_answer else [])
               if 0 <= i < len(FORMAT_CODES)] or ["one_to_one"]
    written = {"offer": False, "needs": False}
    if role.number in (GIVE, BOTH):
        offer = MentorProfile.objects.filter(faculty=person).first()
        offer_save(faculty=person, topics=topics, formats=formats,
                   capacity=offer.capacity if offer else 2,
                   is_open=offer.is_open if offer else True,
                   sites=list(offer.sites.all()) if offer else [person.site],
                   how_i_can_help=offer.how_i_can_help if offer else "")
        written["offer"] = True
    if role.number in (RECEIVE, BOTH):
        needs = MenteeNeeds.objects.filter(faculty=person).first()
        needs_save(faculty=person, topics=topics, formats=formats,
                   same_site=needs.same_site if needs else False,
                   wants_gender_concordance=needs.wants_gender_concordance if needs else False,
                   wants_identity_concordance=(needs.wants_identity_concordance
                                               if needs else False))
        written["needs"] = True
    return written
