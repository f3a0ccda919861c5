from django.urls import path

from matching.views import (
    cohorts,
    directory,
    imports,
    introductions,
    profiles,
    proposals,
    workspace,
)

app_name = "matching"

urlpatterns = [
    # The signed-in person's own interest survey (no id: nobody edits another's).
    path("matching/me/", profiles.me, name="me"),
    path("matching/me/offer/", profiles.offer_edit, name="offer"),
    path("matching/me/needs/", profiles.needs_edit, name="needs"),
    path("matching/needs/<int:pk>/", profiles.person_needs, name="person_needs"),
    path("mentors/", directory.directory, name="directory"),
    path("mentors/<int:pk>/introduce/", directory.introduce, name="introduce"),
    path("matching/introductions/", introductions.introductions, name="introductions"),
    path("matching/introductions/<int:pk>/", introductions.introduction_detail,
         name="introduction_detail"),
    path("matching/introductions/<int:pk>/accept/", introductions.introduction_accept_view,
         name="introduction_accept"),
    path("matching/introductions/<int:pk>/decline/",
         introductions.introduction_decline_view, name="introduction_decline"),
    path("matching/introductions/<int:pk>/withdraw/",
         introductions.introduction_withdraw_view, name="introduction_withdraw"),
    # Bulk-loading the interest survey (program admins).
    path("matching/import/", imports.survey_import, name="survey_import"),
    path("matching/import/confirm/", imports.survey_import_confirm,
         name="survey_import_confirm"),
    path("matching/import/sample.csv", imports.survey_import_sample,
         name="survey_import_sample"),
    # Recommendations and proposals (facilitators, program admins; each side answers).
    path("matching/divisions/<int:pk>/", workspace.workspace, name="workspace"),
    path("matching/divisions/<int:pk>/people/<int:person_pk>/", workspace.candidates,
         name="candidates"),
    path("matching/proposals/<int:pk>/", proposals.proposal, name="proposal"),
    path("matching/proposals/<int:pk>/offline/", proposals.proposal_offline,
         name="proposal_offline"),
    path("matching/proposals/<int:pk>/withdraw/", proposals.proposal_withdraw_view,
         name="proposal_withdraw"),
    # Cohort assignment.
    path("matching/cohorts/", cohorts.cohorts, name="cohorts"),
    path("matching/cohorts/<int:pk>/", cohorts.cohort, name="cohort"),
    path("matching/cohorts/<int:pk>/progress/", cohorts.cohort_progress,
         name="cohort_progress"),
    path("matching/cohorts/<int:pk>/pairs/<int:pair_pk>/", cohorts.cohort_pair,
         name="cohort_pair"),
    path("matching/cohorts/<int:pk>/publish/", cohorts.cohort_publish_view,
         name="cohort_publish"),
]
