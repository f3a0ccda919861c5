"""Django admin for awards, for data fixes, under the same rules as the pages
(programs/admin_privacy.py): nominations are listed only to those the app would show them
(never to their nominee), without their statement; letters, scores and comments are never
shown, searched or filtered; nobody moves a nomination, a letter, a scorecard or a win to
someone else, or decides for a winner whether they are on the wall.

Cycles are opened, scored, closed and published in the app (/awards/); here one can fix a
date, a title, a criterion or the committee.
"""

from django.contrib import admin

from awards import access
from awards.models import (
    Award,
    AwardCycle,
    CommitteeMember,
    CriterionScore,
    Nomination,
    NominationLetter,
    PortfolioNaming,
    Recognition,
    RubricCriterion,
    Scorecard,
)
from programs.access import viewer_for
from programs.admin_privacy import PrivacyAdmin


class ReadOnly:
    """Rows that people make in the app, with what the app tells others when they do."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


def _visible_nominations(request):
    return access.nominations_visible_to(viewer_for(request.user))


@admin.register(AwardCycle)
class AwardCycleAdmin(PrivacyAdmin):
    list_display = ["title", "department", "nominations_open", "nominations_close",
                    "scoring_closed_at", "published_at"]
    list_filter = ["department", "nominations_open"]
    search_fields = ["title"]
    readonly_fields = ["scoring_closed_at", "published_at", "created_by", "created_at"]


@admin.register(Award)
class AwardAdmin(PrivacyAdmin):
    list_display = ["name", "cycle", "division"]
    list_filter = ["cycle", "division"]
    search_fields = ["name", "cycle__title"]
    list_select_related = ["cycle", "division"]


@admin.register(RubricCriterion)
class RubricCriterionAdmin(PrivacyAdmin):
    list_display = ["name", "cycle", "max_points", "position"]
    list_filter = ["cycle"]
    search_fields = ["name"]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(PrivacyAdmin):
    list_display = ["person", "cycle"]
    list_filter = ["cycle"]
    search_fields = ["person__user__last_name", "person__user__email"]
    raw_id_fields = ["person"]
    list_select_related = ["person__user", "cycle"]


@admin.register(Nomination)
class NominationAdmin(ReadOnly, PrivacyAdmin):
    """That a nomination exists is for the committee, the program admins and its nominator;
    its statement is read in the app, on the nomination's page."""

    list_display = ["__str__", "award", "nominee", "nominator", "created_at", "winner"]
    list_filter = ["winner", "award__cycle"]
    search_fields = ["nominee__user__last_name", "nominator__user__last_name"]
    list_select_related = ["award", "nominee__user", "nominator__user"]

    def get_queryset(self, request):
        return _visible_nominations(request)


@admin.register(NominationLetter)
class NominationLetterAdmin(ReadOnly, PrivacyAdmin):
    """That a letter exists, its size and pages: never its file or its name. Letters are
    read in the app, through the view that checks who asks."""

    list_display = ["__str__", "size", "pages", "uploaded_at"]
    list_filter = ["uploaded_at"]
    search_fields = ["=pages"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(nomination__in=_visible_nominations(request))


@admin.register(Scorecard)
class ScorecardAdmin(ReadOnly, PrivacyAdmin):
    list_display = ["__str__", "scorer", "updated_at"]
    list_filter = ["updated_at"]
    search_fields = ["scorer__user__last_name"]
    list_select_related = ["scorer__user"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(nomination__in=_visible_nominations(request))


@admin.register(CriterionScore)
class CriterionScoreAdmin(ReadOnly, PrivacyAdmin):
    list_display = ["__str__", "criterion"]
    list_filter = ["criterion__cycle"]
    search_fields = ["criterion__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(
            scorecard__nomination__in=_visible_nominations(request))


@admin.register(Recognition)
class RecognitionAdmin(PrivacyAdmin):
    list_display = ["award", "person", "published_at", "on_wall"]
    list_filter = ["on_wall", "award__cycle"]
    search_fields = ["person__user__last_name", "award__name"]
    raw_id_fields = ["award", "person"]
    list_select_related = ["award", "person__user"]


@admin.register(PortfolioNaming)
class PortfolioNamingAdmin(ReadOnly, PrivacyAdmin):
    """The mentor's ask and the mentee's answer: theirs alone to change, in the app."""

    list_display = ["__str__", "mentorship", "mentor_wants_name", "mentee_consented_at",
                    "mentee_declined_at"]
    list_filter = ["mentor_wants_name"]
    search_fields = ["mentorship__mentor__user__last_name", "mentorship__mentee__user__last_name"]
    list_select_related = ["mentorship__mentee__user", "mentorship__mentor__user"]
