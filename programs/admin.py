"""Django admin, for data fixes, under the same confidentiality rules as every page.

Every admin here is a `PrivacyAdmin` (programs/admin_privacy.py): what a model declares
confidential (programs/confidential.py) is never shown, searched, sorted, filtered or
looked up, and the fields that decide who reads a row cannot be changed on it.
"""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from programs import access
from programs.admin_privacy import PrivacyAdmin, PrivacyTabularInline
from programs.forms import BoundedModelForm
from programs.models import (
    AcademicPlan,
    AcademicPosition,
    AgreementTemplate,
    ChangeRequest,
    Department,
    DevelopmentEvent,
    Division,
    EventRegistration,
    ExitFeedback,
    FacultyMember,
    GuidelinePage,
    JobRun,
    LeadershipRole,
    Mentorship,
    MentorshipAgreement,
    Notification,
    NotificationPreference,
    PlanGoal,
    PlanMilestone,
    PlanProgress,
    PlanSnapshot,
    Portfolio,
    RosterImport,
    Site,
    SupervisorLink,
    Topic,
    User,
    WorkerHeartbeat,
)
from programs.services.people import faculty_departure_apply, faculty_return_apply

# Whoever may add an address, a social login or a sign-on provider to an account signs in
# as its owner (a password reset goes to any of its addresses; single sign-on connects by
# email), and so reads their private notes. Addresses come from the roster and sign-on is
# configured in settings, so these stay out of the admin.
for _model in (EmailAddress, SocialAccount, SocialApp, SocialToken):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class UserAddForm(BoundedModelForm):
    """A new account has no usable password: its owner sets one through "Forgot your
    password?", so no one else ever knows it."""

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name"]

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


@admin.register(User)
class UserAdmin(PrivacyAdmin, BaseUserAdmin):
    """Accounts. Nobody sets or changes another person's password or email here: either
    would let them sign in as that person (User.AUDIENCE_FIELDS)."""

    form = forms.ModelForm  # not Django's UserChangeForm, which links to a password form
    add_form = UserAddForm
    add_form_template = None  # Django's is for its password fields
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email"]}),
        ("Name", {"fields": ["first_name", "last_name"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups",
                                    "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": [
        "email", "first_name", "last_name"]})]
    readonly_fields = ["last_login", "date_joined"]
    # Otherwise anyone allowed to change accounts could make themselves a superuser.
    SUPERUSER_ONLY = ["is_staff", "is_superuser", "groups", "user_permissions"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += [name for name in self.SUPERUSER_ONLY if name not in readonly]
        return readonly

    def user_change_password(self, request, id, form_url=""):
        raise PermissionDenied(
            "Passwords are set only by their owner, with \"Forgot your password?\".")


@admin.register(Department)
class DepartmentAdmin(PrivacyAdmin):
    list_display = ["name", "slug", "early_career_max_years", "mid_career_max_years"]
    list_filter = ["early_career_max_years", "program_year_start_month"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug"]}),
        ("Program rules", {"fields": ["early_career_max_years", "mid_career_max_years",
                                      "program_year_start_month", "program_year_start_day"]}),
    ]


@admin.register(Division)
class DivisionAdmin(PrivacyAdmin):
    list_display = ["name", "department", "slug"]
    list_filter = ["department"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Site)
class SiteAdmin(PrivacyAdmin):
    list_display = ["name", "short_name"]
    list_filter = [("short_name", admin.EmptyFieldListFilter)]
    search_fields = ["name", "short_name"]


@admin.register(AcademicPosition, Portfolio)
class CatalogueAdmin(PrivacyAdmin):
    list_display = ["name", "ordering", "is_active"]
    list_editable = ["ordering", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(CatalogueAdmin):
    list_display = ["name", "ordering", "is_active", "description"]


class RoleInline(PrivacyTabularInline):
    model = LeadershipRole
    extra = 0
    autocomplete_fields = ["division", "portfolio"]


@admin.register(FacultyMember)
class FacultyMemberAdmin(PrivacyAdmin):
    list_display = ["__str__", "employee_id", "division", "site", "rank", "position",
                    "appointment_date", "status"]
    list_filter = ["status", "rank", "position", "site", "department", "division",
                   "trained_here", "new_to_country"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "employee_id"]
    list_select_related = ["user", "division", "site", "position"]
    autocomplete_fields = ["user", "division", "site"]
    date_hierarchy = "appointment_date"
    inlines = [RoleInline]
    fieldsets = [
        (None, {"fields": ["user", "employee_id", "department", "division", "site"]}),
        ("Appointment", {"fields": ["rank", "position", "appointment_date", "trained_here",
                                    "new_to_country"]}),
        ("Status", {"fields": ["status", "departure_date", "departure_reason"]}),
        # Self-described identity and the consent to record it are the person's own, given
        # and withdrawn by them: never shown, filtered or edited here.
    ]

    def save_model(self, request, obj, form, change):
        was_departed = change and FacultyMember.objects.filter(
            pk=obj.pk, status=FacultyMember.Status.DEPARTED).exists()
        super().save_model(request, obj, form, change)
        is_departed = obj.status == FacultyMember.Status.DEPARTED
        # The same consequences as a departure in the roster import.
        if is_departed and not was_departed:
            faculty_departure_apply(person=obj)
        elif was_departed and not is_departed:
            faculty_return_apply(person=obj)


@admin.register(LeadershipRole)
class LeadershipRoleAdmin(PrivacyAdmin):
    list_display = ["person", "kind", "division", "portfolio", "department", "start_date",
                    "end_date"]
    list_filter = ["kind", "department", "division", "portfolio"]
    search_fields = ["person__user__email", "person__user__last_name"]
    list_select_related = ["person__user", "division", "portfolio", "department"]
    autocomplete_fields = ["person", "division"]


@admin.register(SupervisorLink)
class SupervisorLinkAdmin(PrivacyAdmin):
    list_display = ["supervisor", "supervisee", "start_date", "end_date"]
    list_filter = [("end_date", admin.EmptyFieldListFilter), "supervisee__division"]
    search_fields = ["supervisor__user__last_name", "supervisee__user__last_name"]
    list_select_related = ["supervisor__user", "supervisee__user"]
    autocomplete_fields = ["supervisor", "supervisee"]


@admin.register(Mentorship)
class MentorshipAdmin(PrivacyAdmin):
    """Saving here runs Mentorship.clean(), so the mentorship rules apply in the admin too."""

    list_display = ["mentee", "mentor", "kind", "format", "start_date", "end_date"]
    list_filter = [("end_date", admin.EmptyFieldListFilter), "kind", "format",
                   "mentee__division"]
    search_fields = ["mentee__user__last_name", "mentee__user__email",
                     "mentor__user__last_name", "mentor__user__email"]
    list_select_related = ["mentee__user", "mentor__user"]
    autocomplete_fields = ["mentee", "mentor"]
    filter_horizontal = ["topics"]
    date_hierarchy = "start_date"
    readonly_fields = ["created_at", "created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a mentorship ends and moves to history; it is never deleted


@admin.register(RosterImport)
class RosterImportAdmin(PrivacyAdmin):
    list_display = ["filename", "department", "uploaded_by", "status", "created_at",
                    "created_count", "updated_count"]
    list_filter = ["status", "department"]
    search_fields = ["filename", "uploaded_by__email"]
    readonly_fields = ["created_at", "applied_at"]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(PrivacyAdmin):
    list_display = ["name", "beat_at", "count"]
    list_filter = ["beat_at"]
    search_fields = ["name"]


# --- Plans, agreements, guidelines, change requests, exit feedback -------------------


class PlanGoalInline(PrivacyTabularInline):
    model = PlanGoal
    extra = 0


class PlanMilestoneInline(PrivacyTabularInline):
    model = PlanMilestone
    extra = 0


@admin.register(AcademicPlan)
class AcademicPlanAdmin(PrivacyAdmin):
    list_display = ["faculty", "status", "version", "submitted_at", "approved_at", "updated_at"]
    list_filter = ["status", "faculty__division"]
    search_fields = ["faculty__user__last_name", "faculty__user__email"]
    list_select_related = ["faculty__user"]
    autocomplete_fields = ["faculty"]
    readonly_fields = ["created_at", "updated_at", "reviewed_by"]
    inlines = [PlanGoalInline, PlanMilestoneInline]
    ordering = ["faculty__user__last_name", "faculty__user__first_name", "pk"]


@admin.register(PlanGoal)
class PlanGoalAdmin(PrivacyAdmin):
    list_display = ["description", "plan", "domain", "target_year", "status"]
    list_filter = ["domain", "status", "target_year"]
    search_fields = ["description", "plan__faculty__user__last_name"]
    list_select_related = ["plan__faculty__user"]
    raw_id_fields = ["plan"]


@admin.register(PlanMilestone)
class PlanMilestoneAdmin(PrivacyAdmin):
    list_display = ["__str__", "plan", "kind", "target_year", "done"]
    list_filter = ["kind", "done"]
    search_fields = ["title", "plan__faculty__user__last_name"]
    list_select_related = ["plan__faculty__user"]
    raw_id_fields = ["plan"]


@admin.register(PlanSnapshot)
class PlanSnapshotAdmin(PrivacyAdmin):
    list_display = ["plan", "version", "submitted_at", "submitted_by"]
    list_filter = ["submitted_at"]
    search_fields = ["plan__faculty__user__last_name", "plan__faculty__user__email"]
    list_select_related = ["plan__faculty__user", "submitted_by"]
    readonly_fields = ["plan", "version", "submitted_at", "submitted_by", "goals", "milestones"]


@admin.register(PlanProgress)
class PlanProgressAdmin(PrivacyAdmin):
    list_display = ["plan", "program_year_start", "recorded_at"]
    list_filter = ["program_year_start"]
    search_fields = ["plan__faculty__user__last_name", "plan__faculty__user__email"]
    list_select_related = ["plan__faculty__user"]
    raw_id_fields = ["plan"]


@admin.register(AgreementTemplate)
class AgreementTemplateAdmin(PrivacyAdmin):
    list_display = ["department", "review_after_months", "updated_at"]
    list_filter = ["department"]
    search_fields = ["department__name"]


@admin.register(MentorshipAgreement)
class MentorshipAgreementAdmin(PrivacyAdmin):
    """Only whether an agreement exists and is acknowledged: its content (review date
    included) stays with the pair, so it is neither listed, searched nor shown here."""

    list_display = ["mentorship", "mentee_acknowledged_at", "mentor_acknowledged_at",
                    "updated_at"]
    list_filter = ["mentorship__mentee__division"]
    search_fields = ["mentorship__mentee__user__last_name", "mentorship__mentor__user__last_name"]
    list_select_related = ["mentorship__mentee__user", "mentorship__mentor__user"]
    fields = ["mentorship", "mentee_acknowledged_at", "mentor_acknowledged_at",
              "created_at", "updated_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(GuidelinePage)
class GuidelinePageAdmin(PrivacyAdmin):
    list_display = ["title", "slug", "ordering", "updated_at"]
    list_editable = ["ordering"]
    list_filter = ["updated_at"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["updated_by"]


@admin.register(ChangeRequest)
class ChangeRequestAdmin(PrivacyAdmin):
    """Requests are read and resolved in the app (/requests/), where the mentee's words
    and the outcome are shown to those who may read them. Here: only the requests the app
    would show the viewer (never one from a mentee they have mentored), without the text,
    read-only."""

    list_display = ["mentee", "kind", "division", "status", "created_at", "resolved_at"]
    list_filter = ["status", "kind", "division"]
    search_fields = ["mentee__user__last_name", "mentee__user__email"]
    list_select_related = ["mentee__user", "division"]

    def get_queryset(self, request):
        return access.change_requests_visible_to(access.viewer_for(request.user))

    def has_add_permission(self, request) -> bool:
        return False  # a request is the mentee's, made in the app

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # resolving tells the mentee; only the app does that


@admin.register(ExitFeedback)
class ExitFeedbackAdmin(PrivacyAdmin):
    """Exit feedback from before the exit questions moved to the surveys app (issue 11):
    kept, read-only. The program office reads it here (the app told each member "only you
    and the program office see this"): on the change page, never in lists, search or
    filters, and never the feedback on a mentorship the viewer was part of. New exit
    answers are anonymous survey responses, read in aggregate on the exit run's results."""

    shown_confidential_fields = ("helpful", "comments")
    list_display = ["mentorship", "side", "author", "created_at"]
    list_filter = ["side"]
    search_fields = ["author__user__last_name", "author__user__email"]
    list_select_related = ["mentorship__mentee__user", "mentorship__mentor__user", "author__user"]
    raw_id_fields = ["mentorship", "author"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        faculty = access.viewer_for(request.user).faculty
        if faculty is None:
            return queryset
        return queryset.exclude(Q(mentorship__mentee=faculty) | Q(mentorship__mentor=faculty))

    def has_add_permission(self, request) -> bool:
        return False  # the old form is retired: exit questions are a survey now

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # what a member wrote stays as they wrote it


class SentFilter(admin.SimpleListFilter):
    title = "sent"
    parameter_name = "sent"

    def lookups(self, request, model_admin):
        return [("yes", "Sent"), ("no", "Pending")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(sent_at__isnull=self.value() == "no")
        return queryset


@admin.register(Notification)
class NotificationAdmin(PrivacyAdmin):
    """The email outbox, for support: who was emailed, when, whether it went and why not.
    Never what it said: a subject or key can name a confidential request and a body can
    quote its outcome (Notification.CONFIDENTIAL_FIELDS)."""

    list_display = ["__str__", "recipient", "kind", "delivery", "created_at", "sent_at",
                    "read_at", "attempts"]
    list_filter = [SentFilter, "kind", "delivery", "created_at"]
    search_fields = ["recipient"]
    readonly_fields = ["recipient", "user", "kind", "delivery", "created_at", "sent_at",
                       "read_at", "attempts", "last_error"]
    actions = ["retry"]

    def has_add_permission(self, request) -> bool:
        return False  # rows come from notify(), with a key that means something

    @admin.action(description="Retry the selected pending notifications on the next sweep")
    def retry(self, request, queryset) -> None:
        count = queryset.filter(sent_at__isnull=True).update(attempts=0)
        self.message_user(request, f"{count} notification(s) will be retried.")


@admin.register(DevelopmentEvent)
class DevelopmentEventAdmin(PrivacyAdmin):
    """Scheduled in the app (/events/new/); here to fix a date, a room or a capacity."""

    list_display = ["title", "kind", "starts_at", "department", "organiser", "capacity"]
    list_filter = ["kind", "department", "starts_at"]
    search_fields = ["title", "location"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["organiser", "created_by"]
    readonly_fields = ["uid", "sequence"]
    list_select_related = ["department", "organiser__user"]

    def save_model(self, request, obj, form, change) -> None:
        # A changed time or place is a new version of the calendar event (RFC 5545), so
        # calendars update it and registered people are reminded of the new one.
        if change and {"starts_at", "duration_minutes", "location"} & set(form.changed_data):
            obj.sequence += 1
        super().save_model(request, obj, form, change)


@admin.register(EventRegistration)
class EventRegistrationAdmin(PrivacyAdmin):
    """Who registered and who attended. Attendance is the organiser's to record in the app;
    a registration is never moved to another person or event (AUDIENCE_FIELDS)."""

    list_display = ["event", "person", "registered_at", "attended", "attendance_recorded_at"]
    list_filter = ["attended", "event__kind"]
    search_fields = ["person__user__last_name", "person__user__email", "event__title"]
    raw_id_fields = ["event", "person", "attendance_recorded_by"]
    list_select_related = ["event", "person__user"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(PrivacyAdmin):
    """Each person's choice per kind; people change their own at /notifications/preferences/."""

    list_display = ["user", "kind", "channel", "timing", "updated_at"]
    list_filter = ["kind", "channel", "timing"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]


@admin.register(JobRun)
class JobRunAdmin(PrivacyAdmin):
    """Written by the jobs themselves; program admins read them at /jobs/."""

    list_display = ["name", "status", "started_at", "finished_at", "done", "total"]
    list_filter = ["name", "status", "started_at"]
    search_fields = ["name"]
    readonly_fields = ["name", "status", "started_at", "finished_at", "done", "total",
                       "summary", "error"]

    def has_add_permission(self, request) -> bool:
        return False
