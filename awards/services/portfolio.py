"""Who appears by name in a mentor's portfolio: the mentor asks, the mentee decides."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from awards.models import PortfolioNaming
from awards.services import AwardError
from programs.models import FacultyMember, Mentorship
from programs.notifications import absolute_url, notify


@transaction.atomic
def portfolio_naming_choose(*, mentorship: Mentorship, mentor: FacultyMember,
                            wants_name: bool) -> PortfolioNaming | None:
    """The mentor asks to name this mentee (the mentee is asked by email, once per ask) or
    goes back to counts only. Nobody is named until the mentee consents."""
    if mentorship.mentor_id != mentor.pk:
        raise AwardError("Only the mentor chooses who is named in their portfolio.",
                         "not_mentor")
    naming = PortfolioNaming.objects.select_for_update().filter(mentorship=mentorship).first()
    if naming is None and not wants_name:
        return None  # counts only, as it was: nothing to record
    if naming is None:
        naming = PortfolioNaming.objects.create(mentorship=mentorship)
    if naming.mentor_wants_name == wants_name:
        return naming
    naming.mentor_wants_name = wants_name
    fields = ["mentor_wants_name"]
    mentee = mentorship.mentee
    if wants_name and naming.mentee_consented_at is None and naming.mentee_declined_at is None:
        naming.requested_at = timezone.now()
        fields.append("requested_at")
        if mentee.status != FacultyMember.Status.DEPARTED and mentee.user.is_active:
            notify(key=f"awards:naming-{naming.pk}:asked-{naming.requested_at:%Y%m%d%H%M%S}:"
                       f"user-{mentee.user_id}",
                   to=mentee.email,
                   subject=f"{mentor.full_name} asks to name you in their mentoring portfolio",
                   body="\n".join([
                       f"{mentor.full_name} is preparing a mentoring portfolio (for a "
                       "promotion or continuing-appointment dossier) and would like to name "
                       "you among their mentees, with the dates and kind of your mentorship.",
                       "Nothing else about you is shown. Until you agree, you are counted, "
                       "not named. You may withdraw at any time.",
                       "", "Answer: " + absolute_url(
                           reverse("awards:naming", args=[mentorship.pk]))]))
    naming.save(update_fields=fields)
    return naming


@transaction.atomic
def portfolio_naming_answer(*, mentorship: Mentorship, mentee: FacultyMember,
                            consent: bool) -> PortfolioNaming:
    """The mentee allows their name in the mentor's portfolio, or declines or withdraws."""
    if mentorship.mentee_id != mentee.pk:
        raise AwardError("Only the mentee decides whether they are named.", "not_mentee")
    naming, _ = PortfolioNaming.objects.select_for_update().get_or_create(mentorship=mentorship)
    now = timezone.now()
    if consent:
        naming.mentee_consented_at = naming.mentee_consented_at or now
        naming.mentee_declined_at = None
    else:
        naming.mentee_declined_at = now
        naming.mentee_consented_at = None
    naming.save(update_fields=["mentee_consented_at", "mentee_declined_at"])
    return naming
