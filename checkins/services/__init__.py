"""Every write in checkins, by subject: meetings (logging, confirming, action items,
private notes) and planned meetings (with their calendar invitations). Reads live in
checkins/selectors/."""

from programs.models import FacultyMember, Mentorship
from programs.validators import text_problem


class MeetingError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def check_text(text: str, *, limit: int, what: str, multiline: bool = True) -> None:
    """The forms check every field first; this keeps a caller that skips them (a job, the
    demo, a future API) from storing what a form would refuse."""
    if len(text) > limit:
        raise MeetingError(f"The {what} has {len(text):,} characters: keep it to {limit:,} "
                           "or fewer.", "too_long")
    problem = text_problem(text, multiline=multiline)
    if problem:
        raise MeetingError(f"{what.capitalize()}: {problem}", "bad_text")


def require_member(mentorship: Mentorship, person: FacultyMember) -> None:
    if person.pk not in (mentorship.mentee_id, mentorship.mentor_id):
        raise MeetingError("Only the mentee and the mentor can do this.", "not_member")
