"""Meetings between the two members of a mentorship, and what the program expects.

Three privacy tiers (shared/PRODUCT.md, "trust and confidentiality"):
- `PrivateNote.body`: its author only. Read only through `checkins.selectors.meetings`, filtered
  by author; never in Django admin lists, search or forms, never in `__str__`.
- `Meeting.shared_summary` and `ActionItem`: the two members only.
- dates, durations, modes, counts and cadence: also the mentee's leaders.
"""

from .cadence import CadenceRule
from .meetings import ActionItem, Meeting, Mode, PrivateNote
from .planned import InvitationSent, PlannedMeeting, new_uid
from .reviews import AnnualReview, CheckinFollowUp, Effective, ReviewFollowUp
from .schedules import LeavePeriod, ScheduleRules
from .vice_chair import ViceChairCheckin

__all__ = [
    "ActionItem",
    "AnnualReview",
    "CadenceRule",
    "CheckinFollowUp",
    "Effective",
    "InvitationSent",
    "LeavePeriod",
    "Meeting",
    "Mode",
    "PlannedMeeting",
    "PrivateNote",
    "ReviewFollowUp",
    "ScheduleRules",
    "ViceChairCheckin",
    "new_uid",  # the default of PlannedMeeting.uid, named by migration 0001
]
