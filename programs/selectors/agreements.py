"""Reads of agreements for leaders: flags, never content."""

from programs.models import (
    MentorshipAgreement,
)


def agreement_flags(mentorship_ids: list[int]) -> dict[int, dict[str, bool]]:
    """For leaders: whether each mentorship has an agreement and whether both members
    acknowledged it. Never its content: only the flags are selected."""
    flags = {pk: {"exists": False, "acknowledged": False} for pk in mentorship_ids}
    rows = MentorshipAgreement.objects.filter(mentorship_id__in=mentorship_ids).values_list(
        "mentorship_id", "mentee_acknowledged_at", "mentor_acknowledged_at")
    for pk, mentee_ack, mentor_ack in rows:
        flags[pk] = {"exists": True, "acknowledged": bool(mentee_ack and mentor_ack)}
    return flags

