"""Django admin for matching, for data fixes, under programs/admin_privacy.py: a mentee's
identity opt-ins, an introduction's message and a decline reason are never shown,
searched or filtered; nobody moves a profile or an introduction to someone else.

Profiles are filled in by each person (/matching/me/) or bulk-loaded by a program admin
(/matching/import/); introductions are asked and answered in the app.
"""

from django.contrib import admin

from matching.models import (
    CohortPair,
    CohortRun,
    Introduction,
    MenteeNeeds,
    MentorProfile,
    NeedTopic,
    Proposal,
    ScoreWeights,
)
from matching.models.proposals import WEIGHT_FIELDS
from programs.admin_privacy import PrivacyAdmin, PrivacyTabularInline


@admin.register(MentorProfile)
class MentorProfileAdmin(PrivacyAdmin):
    list_display = ["faculty", "capacity", "is_open", "formats", "updated_at"]
    list_filter = ["is_open", "capacity", "faculty__division"]
    search_fields = ["faculty__user__last_name", "faculty__user__email"]
    raw_id_fields = ["faculty"]
    filter_horizontal = ["topics", "sites"]
    list_select_related = ["faculty__user"]


class NeedTopicInline(PrivacyTabularInline):
    model = NeedTopic
    extra = 0


@admin.register(MenteeNeeds)
class MenteeNeedsAdmin(PrivacyAdmin):
    list_display = ["faculty", "formats", "same_site", "updated_at"]
    list_filter = ["same_site", "faculty__division"]
    search_fields = ["faculty__user__last_name", "faculty__user__email"]
    raw_id_fields = ["faculty"]
    inlines = [NeedTopicInline]
    list_select_related = ["faculty__user"]


@admin.register(NeedTopic)
class NeedTopicAdmin(PrivacyAdmin):
    list_display = ["needs", "priority", "topic"]
    list_filter = ["topic", "priority"]
    search_fields = ["needs__faculty__user__last_name", "topic__name"]
    list_select_related = ["needs__faculty__user", "topic"]


@admin.register(Introduction)
class IntroductionAdmin(PrivacyAdmin):
    list_display = ["__str__", "mentee", "mentor", "status", "created_at", "decided_at"]
    list_filter = ["status", "mentee__division"]
    search_fields = ["mentee__user__last_name", "mentor__user__last_name"]
    raw_id_fields = ["mentee", "mentor", "mentorship"]
    readonly_fields = ["created_at", "decided_at", "mentorship"]
    list_select_related = ["mentee__user", "mentor__user"]


@admin.register(ScoreWeights)
class ScoreWeightsAdmin(PrivacyAdmin):
    """Program admins tune how candidates are ranked; every page reads the new weights
    at once."""

    list_display = ["department", *WEIGHT_FIELDS, "updated_at"]
    list_filter = ["department"]
    search_fields = ["department__name"]


@admin.register(Proposal)
class ProposalAdmin(PrivacyAdmin):
    """Proposals are made and answered in the app; the answers' reasons are never shown."""

    list_display = ["__str__", "mentor", "kind", "state", "mentee_answer", "mentor_answer",
                    "created_at"]
    list_filter = ["state", "kind", "division"]
    search_fields = ["mentee__user__last_name", "mentor__user__last_name"]
    raw_id_fields = ["mentee", "mentor", "division", "mentorship", "cohort_run", "proposed_by"]
    readonly_fields = ["created_at", "closed_at", "mentorship", "cohort_run"]
    list_select_related = ["mentee__user", "mentor__user"]


class CohortPairInline(PrivacyTabularInline):
    model = CohortPair
    extra = 0
    raw_id_fields = ["mentee", "mentor"]


@admin.register(CohortRun)
class CohortRunAdmin(PrivacyAdmin):
    list_display = ["__str__", "department", "division", "kind", "appointed_since",
                    "optimal_matched", "greedy_matched", "created_at"]
    list_filter = ["state", "kind", "division"]
    search_fields = ["division__name", "department__name"]
    readonly_fields = ["greedy_pairs"]
    inlines = [CohortPairInline]


@admin.register(CohortPair)
class CohortPairAdmin(PrivacyAdmin):
    list_display = ["__str__", "run", "score", "edited"]
    list_filter = ["edited", "run__state"]
    search_fields = ["mentee__user__last_name", "mentor__user__last_name"]
    raw_id_fields = ["run", "mentee", "mentor"]
    list_select_related = ["mentee__user", "mentor__user", "run"]
