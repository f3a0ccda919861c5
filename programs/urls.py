from django.urls import path

from programs.views import (
    agreements,
    development,
    notifications,
    people,
    plans,
    requests,
    roster,
)

app_name = "programs"

urlpatterns = [
    path("faculty/<int:pk>/", people.faculty_detail, name="faculty_detail"),
    # The signed-in person's own privacy choices: no id, so nobody can ask for another's.
    path("me/privacy/", people.my_privacy, name="my_privacy"),
    path("divisions/<int:pk>/roster/", roster.division_roster, name="division_roster"),
    path("roster/import/", roster.roster_import, name="roster_import"),
    path("roster/import/<int:pk>/", roster.roster_import_preview, name="roster_import_preview"),
    path("roster/export.csv", roster.roster_export, name="roster_export"),
    path("roster/import/sample.csv", roster.roster_sample, name="roster_sample"),
    # Five-year academic plans (pk: the faculty member).
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/submit/", plans.plan_submit_view, name="plan_submit"),
    path("plans/<int:pk>/review/", plans.plan_review_view, name="plan_review"),
    path("plans/<int:pk>/progress/", plans.plan_progress, name="plan_progress"),
    path("plans/<int:pk>/versions/", plans.plan_versions, name="plan_versions"),
    path("divisions/<int:pk>/plans/", plans.division_plans, name="division_plans"),
    # Agreements and ending (pk: the mentorship).
    path("mentorships/<int:pk>/agreement/", agreements.agreement, name="agreement"),
    path("mentorships/<int:pk>/agreement/acknowledge/",
         agreements.agreement_acknowledge_view, name="agreement_acknowledge"),
    path("mentorships/<int:pk>/end/", requests.mentorship_end_view, name="mentorship_end"),
    # Confidential requests for a different or additional mentor.
    path("requests/", requests.change_requests, name="change_requests"),
    path("requests/new/", requests.change_request_new, name="change_request_new"),
    path("requests/mine/", requests.my_change_requests, name="my_change_requests"),
    path("requests/<int:pk>/", requests.change_request_detail,
         name="change_request_detail"),
    path("requests/<int:pk>/resolve/", requests.change_request_resolve_view,
         name="change_request_resolve"),
    path("guidelines/", agreements.guidelines, name="guidelines"),
    path("guidelines/<slug:slug>/", agreements.guideline_detail, name="guideline_detail"),
    path("guidelines/<slug:slug>/edit/", agreements.guideline_edit,
         name="guideline_edit"),
    # Faculty development: orientation, mentor workshops, community of practice.
    path("events/", development.events, name="events"),
    path("events/new/", development.event_new, name="event_new"),
    path("events/<int:pk>/", development.event_detail, name="event_detail"),
    path("events/<int:pk>/register/", development.event_register_view, name="event_register"),
    path("events/<int:pk>/cancel/", development.event_cancel_view, name="event_cancel"),
    path("events/<int:pk>/invite.ics", development.event_ics, name="event_ics"),
    path("events/<int:pk>/attendance/", development.event_attendance,
         name="event_attendance"),
    # The notification centre: the signed-in person's own messages and choices (no ids
    # but the row to mark read, looked up among their own).
    path("notifications/", notifications.notification_centre, name="notification_centre"),
    path("notifications/<int:pk>/read/", notifications.notification_read,
         name="notification_read"),
    path("notifications/read-all/", notifications.notifications_read_all,
         name="notifications_read_all"),
    path("notifications/preferences/", notifications.notification_preferences,
         name="notification_preferences"),
    # From an email, signed in or not: the signed token names the person and the kind.
    path("unsubscribe/<str:token>/", notifications.unsubscribe, name="unsubscribe"),
    path("jobs/", notifications.job_runs, name="job_runs"),
]
