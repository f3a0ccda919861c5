from django.urls import path

from programs import views, views_agreements, views_plans, views_requests

app_name = "programs"

urlpatterns = [
    path("faculty/<int:pk>/", views.faculty_detail, name="faculty_detail"),
    path("divisions/<int:pk>/roster/", views.division_roster, name="division_roster"),
    path("roster/import/", views.roster_import, name="roster_import"),
    path("roster/import/<int:pk>/", views.roster_import_preview, name="roster_import_preview"),
    path("roster/export.csv", views.roster_export, name="roster_export"),
    # Five-year academic plans (pk: the faculty member).
    path("plans/<int:pk>/", views_plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views_plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/submit/", views_plans.plan_submit_view, name="plan_submit"),
    path("plans/<int:pk>/review/", views_plans.plan_review_view, name="plan_review"),
    path("plans/<int:pk>/progress/", views_plans.plan_progress, name="plan_progress"),
    path("plans/<int:pk>/versions/", views_plans.plan_versions, name="plan_versions"),
    path("divisions/<int:pk>/plans/", views_plans.division_plans, name="division_plans"),
    # Agreements and ending (pk: the mentorship).
    path("mentorships/<int:pk>/agreement/", views_agreements.agreement, name="agreement"),
    path("mentorships/<int:pk>/agreement/acknowledge/",
         views_agreements.agreement_acknowledge_view, name="agreement_acknowledge"),
    path("mentorships/<int:pk>/end/", views_requests.mentorship_end_view, name="mentorship_end"),
    path("mentorships/<int:pk>/exit-feedback/", views_requests.exit_feedback,
         name="exit_feedback"),
    # Confidential requests for a different or additional mentor.
    path("requests/", views_requests.change_requests, name="change_requests"),
    path("requests/new/", views_requests.change_request_new, name="change_request_new"),
    path("requests/<int:pk>/", views_requests.change_request_detail,
         name="change_request_detail"),
    path("requests/<int:pk>/resolve/", views_requests.change_request_resolve_view,
         name="change_request_resolve"),
    path("guidelines/", views_agreements.guidelines, name="guidelines"),
    path("guidelines/<slug:slug>/", views_agreements.guideline_detail, name="guideline_detail"),
    path("guidelines/<slug:slug>/edit/", views_agreements.guideline_edit,
         name="guideline_edit"),
]
