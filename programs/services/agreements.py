"""Services for mentorship agreements. Their content is for the two members only."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from programs.models import AgreementTemplate, FacultyMember, Mentorship, MentorshipAgreement, User
from programs.notifications import absolute_url, notify


class AgreementError(Exception):
    """The agreement cannot make this move. `code` says why, for tests and messages."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def _refuse_if_ended(mentorship: Mentorship) -> None:
    if mentorship.end_date is not None:
        raise AgreementError("This mentorship has ended; its agreement can no longer be "
                             "changed or acknowledged.", "ended")


def agreement_template(*, mentorship: Mentorship) -> AgreementTemplate:
    return (AgreementTemplate.objects.filter(department_id=mentorship.mentee.department_id)
            .first() or AgreementTemplate())


def agreement_initial(*, mentorship: Mentorship) -> dict:
    """The department's template, or the built-in defaults, with a review date.

    The goals start empty: they are the mentee's own words, and the template's text for
    them is guidance (shown as the field's placeholder), which a pair could otherwise
    acknowledge without writing anything."""
    template = agreement_template(mentorship=mentorship)
    months = template.review_after_months
    start = max(mentorship.start_date, timezone.localdate())
    review = start + datetime.timedelta(days=round(months * 30.44))
    return {**template.initial(), "goals": "", "review_date": review}


@transaction.atomic
def agreement_save(
    *, mentorship: Mentorship, data: dict, by: User, based_on: str | None = None
) -> MentorshipAgreement:
    """Create or update the agreement. A change to its content clears both
    acknowledgements: each member acknowledges what the agreement says now.

    `based_on` is the `content_version` the edit page was read at ("" before there was
    an agreement). If the other member saved a change since, nothing is saved and
    AgreementError("changed") is raised, so neither overwrites the other unseen. Sending
    the same text twice (a double click) is not a change."""
    locked = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    _refuse_if_ended(locked)
    agreement = MentorshipAgreement.objects.select_for_update().filter(
        mentorship=mentorship).first()
    if agreement is None:
        agreement = MentorshipAgreement.objects.create(mentorship=mentorship, updated_by=by,
                                                       **data)
        _tell_the_other_member(agreement, by=by, created=True)
        return agreement
    changed = [name for name, value in data.items() if getattr(agreement, name) != value]
    if not changed:
        return agreement
    if based_on is not None and based_on != agreement.content_version:
        editor = agreement.updated_by
        who = ("You saved it in another tab or window" if editor == by else
               f"{editor.get_full_name() or editor.email} changed it" if editor else
               "It was changed")
        raise AgreementError(f"{who} while you were editing, so your text was not saved. The "
                             "agreement as it is now is shown above the form, which keeps "
                             "what you typed: check both, then save again.", "changed")
    for name in changed:
        setattr(agreement, name, data[name])
    agreement.mentee_acknowledged_at = None
    agreement.mentor_acknowledged_at = None
    agreement.updated_by = by
    agreement.save()
    _tell_the_other_member(agreement, by=by, created=False)
    return agreement


def _tell_the_other_member(agreement: MentorshipAgreement, *, by: User, created: bool) -> None:
    """Email the member who did not make the change: it waits for their acknowledgement.
    The email names no content (it may be read on a shared screen); the key includes the
    text's fingerprint, so each version is announced once."""
    mentorship = Mentorship.objects.select_related("mentee__user", "mentor__user").get(
        pk=agreement.mentorship_id)
    editor_is_mentee = mentorship.mentee.user_id == by.pk
    other = mentorship.mentor if editor_is_mentee else mentorship.mentee
    editor = mentorship.mentee if editor_is_mentee else mentorship.mentor
    what = "wrote your mentorship agreement" if created else "changed your mentorship agreement"
    notify(
        key=f"agreement-changed:{agreement.pk}:{agreement.content_version}:user-{other.user_id}",
        to=other.user.email,
        subject="Your mentorship agreement needs your acknowledgement",
        body=(f"{editor.full_name} {what}. Please read it and acknowledge it:\n\n"
              f"{absolute_url(reverse('programs:agreement', args=[mentorship.pk]))}\n"),
    )


@transaction.atomic
def agreement_acknowledge(
    *, agreement: MentorshipAgreement, member: FacultyMember, version: str
) -> MentorshipAgreement:
    """The member acknowledges the text they read, identified by its `content_version`.

    The other member may have edited the agreement while this page was open; the lock
    makes an edit and an acknowledgement take turns, and a version that no longer
    matches is refused rather than acknowledging text the member never saw.
    """
    locked = MentorshipAgreement.objects.select_for_update().select_related(
        "mentorship").get(pk=agreement.pk)
    _refuse_if_ended(locked.mentorship)
    if version != locked.content_version:
        raise AgreementError("The agreement was changed since you opened it. Read the "
                             "current text below, then acknowledge it.", "changed")
    field = ("mentee_acknowledged_at" if member.pk == locked.mentorship.mentee_id
             else "mentor_acknowledged_at")
    if getattr(locked, field) is None:
        setattr(locked, field, timezone.now())
        locked.save(update_fields=[field])
    return locked
