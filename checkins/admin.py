"""Django admin, for data fixes. What the members wrote (private notes, shared summaries,
action items, agendas: each model's CONFIDENTIAL_FIELDS) is never shown, searched, sorted,
filtered or looked up here, and a meeting, note or planned meeting cannot be moved to
another mentorship or author (AUDIENCE_FIELDS): see programs/admin_privacy.py.
"""

from django.contrib import admin

from checkins.models import (
    ActionItem,
    AnnualReview,
    CadenceRule,
    CheckinFollowUp,
    InvitationSent,
    LeavePeriod,
    Meeting,
    PlannedMeeting,
    PrivateNote,
    ReviewFollowUp,
    ScheduleRules,
    ViceChairCheckin,
)
from programs.admin_privacy import PrivacyAdmin

MEMBER_SEARCH = ["mentorship__mentee__user__email", "mentorship__mentor__user__email",
                 "mentorship__mentee__user__last_name", "mentorship__mentor__user__last_name"]


@admin.register(Meeting)
class MeetingAdmin(PrivacyAdmin):
    list_display = ["held_on", "mentorship", "duration_minutes", "mode", "protected_time",
                    "confirmed_at"]
    list_filter = ["mode", "protected_time", "held_on"]
    search_fields = MEMBER_SEARCH
    date_hierarchy = "held_on"
    raw_id_fields = ["mentorship", "logged_by", "confirmed_by"]
    filter_horizontal = ["topics"]
    list_select_related = ["mentorship__mentee__user", "mentorship__mentor__user"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # meetings are the relationship's history


@admin.register(ActionItem)
class ActionItemAdmin(PrivacyAdmin):
    list_display = ["pk", "meeting", "done", "done_at"]
    list_filter = ["done"]
    search_fields = ["meeting__" + field for field in MEMBER_SEARCH]
    raw_id_fields = ["meeting"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(PrivateNote)
class PrivateNoteAdmin(PrivacyAdmin):
    """Lets an admin see that a note exists (or delete one on request), never read it."""

    list_display = ["pk", "meeting", "author", "created_at", "updated_at"]
    list_filter = ["created_at"]
    search_fields = ["author__user__email", "author__user__last_name"]
    fields = ["meeting", "author", "created_at", "updated_at"]
    readonly_fields = ["meeting", "author", "created_at", "updated_at"]
    list_select_related = ["author__user", "meeting"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(PlannedMeeting)
class PlannedMeetingAdmin(PrivacyAdmin):
    list_display = ["starts_at", "mentorship", "duration_minutes", "mode", "sequence"]
    list_filter = ["mode", "starts_at"]
    search_fields = MEMBER_SEARCH + ["uid"]
    raw_id_fields = ["mentorship", "created_by"]
    readonly_fields = ["uid"]
    list_select_related = ["mentorship__mentee__user", "mentorship__mentor__user"]


@admin.register(InvitationSent)
class InvitationSentAdmin(PrivacyAdmin):
    list_display = ["planned_meeting", "recipient", "sequence", "sent_at"]
    list_filter = ["sent_at"]
    search_fields = ["recipient"]
    raw_id_fields = ["planned_meeting"]


@admin.register(CadenceRule)
class CadenceRuleAdmin(PrivacyAdmin):
    list_display = ["department", "kind", "career_stage", "min_per_year", "max_per_year"]
    list_filter = ["department", "kind", "career_stage"]
    search_fields = ["department__name"]


# --- The program's rhythm -----------------------------------------------------------------
# Program admins set the schedule here. What a review, a check-in or a follow-up says
# (CONFIDENTIAL_FIELDS) is never shown: support sees who, when and the ratings' existence.

PERSON_SEARCH = ["person__user__email", "person__user__last_name"]


@admin.register(ScheduleRules)
class ScheduleRulesAdmin(PrivacyAdmin):
    list_display = ["department", "checkin_after_months", "checkin_window_before_days",
                    "checkin_window_after_days", "review_due_month", "review_due_day",
                    "plan_due_months", "plan_approved_months", "quiet_months"]
    list_filter = ["department"]
    search_fields = ["department__name"]


@admin.register(LeavePeriod)
class LeavePeriodAdmin(PrivacyAdmin):
    list_display = ["person", "start_date", "end_date"]
    list_filter = ["start_date"]
    search_fields = PERSON_SEARCH
    raw_id_fields = ["person"]
    list_select_related = ["person__user"]


@admin.register(AnnualReview)
class AnnualReviewAdmin(PrivacyAdmin):
    list_display = ["pk", "person", "program_year_start", "division", "held_on"]
    list_filter = ["program_year_start", "division"]
    search_fields = PERSON_SEARCH
    raw_id_fields = ["person", "reviewer"]
    list_select_related = ["person__user", "division"]

    def has_add_permission(self, request) -> bool:
        return False  # recorded by the Division Director in the app


@admin.register(ViceChairCheckin)
class ViceChairCheckinAdmin(PrivacyAdmin):
    list_display = ["pk", "person", "held_on"]
    list_filter = ["held_on"]
    search_fields = PERSON_SEARCH
    raw_id_fields = ["person", "vice_chair"]
    list_select_related = ["person__user"]

    def has_add_permission(self, request) -> bool:
        return False  # recorded by a Vice-Chair in the app


class FollowUpAdmin(PrivacyAdmin):
    list_display = ["pk", "owner", "due_on", "done_at"]
    list_filter = ["due_on", "done_at"]
    search_fields = ["owner__user__email", "owner__user__last_name"]
    list_select_related = ["owner__user"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ReviewFollowUp)
class ReviewFollowUpAdmin(FollowUpAdmin):
    raw_id_fields = ["review", "owner"]


@admin.register(CheckinFollowUp)
class CheckinFollowUpAdmin(FollowUpAdmin):
    raw_id_fields = ["checkin", "owner"]
