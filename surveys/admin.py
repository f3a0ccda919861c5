"""Django admin for surveys, under the same rules as the pages (programs/admin_privacy.py).

Surveys, sections, questions and runs can be fixed here; they are built in the app
(/surveys/). Answers, sealed ballots, tallies and who wrote an identified response are
never listed: the reports, with their thresholds, are the only way to read them.
Invitations and completions are listed (who was asked, who answered), never a token.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from programs.admin_privacy import PrivacyAdmin
from surveys.models import (
    Answer,
    Attribution,
    Ballot,
    Completion,
    Invitation,
    PulseFollowUp,
    Question,
    Response,
    Run,
    Section,
    Survey,
    SurveyVersion,
    Tally,
)


class ReadOnly:
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class NeverListed(ReadOnly):
    """Rows only the reports read, through their thresholds: the list is empty and a row's
    own page answers 403, whoever asks."""

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        raise PermissionDenied

    def history_view(self, request, object_id, extra_context=None):
        raise PermissionDenied

    def delete_view(self, request, object_id, extra_context=None):
        raise PermissionDenied


@admin.register(Survey)
class SurveyAdmin(PrivacyAdmin):
    list_display = ["title", "department", "kind", "identified", "is_template"]
    list_filter = ["kind", "is_template", "department"]
    search_fields = ["title"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(SurveyVersion)
class SurveyVersionAdmin(ReadOnly, PrivacyAdmin):
    list_display = ["survey", "number", "created_at"]
    list_filter = ["survey"]
    search_fields = ["survey__title"]


@admin.register(Section)
class SectionAdmin(PrivacyAdmin):
    list_display = ["title", "version", "position"]
    list_filter = ["version__survey"]
    search_fields = ["title"]


@admin.register(Question)
class QuestionAdmin(PrivacyAdmin):
    list_display = ["text", "key", "kind", "required", "section"]
    list_filter = ["kind", "required", "section__version__survey"]
    search_fields = ["text", "key"]


@admin.register(Run)
class RunAdmin(PrivacyAdmin):
    list_display = ["title", "survey", "audience", "opens_on", "closes_on", "anonymous"]
    list_filter = ["anonymous", "audience", "opens_on"]
    search_fields = ["title", "survey__title"]
    readonly_fields = ["anonymous", "version", "launched_at", "launched_by"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnly, PrivacyAdmin):
    list_display = ["__str__", "run", "person", "invited_on", "reminded_on"]
    list_filter = ["invited_on", "run"]
    search_fields = ["person__user__last_name", "person__user__email"]
    list_select_related = ["run", "person__user"]


@admin.register(Completion)
class CompletionAdmin(ReadOnly, PrivacyAdmin):
    list_display = ["run", "person"]
    list_filter = ["run"]
    search_fields = ["person__user__last_name"]
    list_select_related = ["run", "person__user"]


@admin.register(Response)
class ResponseAdmin(NeverListed, PrivacyAdmin):
    list_display = ["__str__", "run"]
    list_filter = ["run"]
    search_fields = ["run__title"]


@admin.register(Answer)
class AnswerAdmin(NeverListed, PrivacyAdmin):
    list_display = ["__str__", "question"]
    list_filter = ["question__kind"]
    search_fields = ["question__text"]


@admin.register(Ballot)
class BallotAdmin(NeverListed, PrivacyAdmin):
    list_display = ["__str__", "run"]
    list_filter = ["run"]
    search_fields = ["run__title"]


@admin.register(Tally)
class TallyAdmin(NeverListed, PrivacyAdmin):
    list_display = ["__str__", "run", "dimension"]
    list_filter = ["dimension"]
    search_fields = ["run__title"]


@admin.register(Attribution)
class AttributionAdmin(NeverListed, PrivacyAdmin):
    list_display = ["__str__", "consented"]
    list_filter = ["consented"]
    search_fields = ["person__user__last_name"]


@admin.register(PulseFollowUp)
class PulseFollowUpAdmin(ReadOnly, PrivacyAdmin):
    list_display = ["__str__", "run", "raised_on"]
    list_filter = ["raised_on"]
    search_fields = ["person__user__last_name"]
