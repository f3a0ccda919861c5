from django.urls import path

from checkins.views import health, meetings, mentorships, planned, reviews, vice_chair

app_name = "checkins"

urlpatterns = [
    path("mentorships/<int:pk>/", mentorships.mentorship_detail, name="mentorship_detail"),
    path("mentorships/<int:pk>/meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("mentorships/<int:pk>/planned/new/", planned.planned_new, name="planned_new"),
    path("meetings/<int:pk>/confirm/", meetings.meeting_confirm, name="meeting_confirm"),
    path("meetings/<int:pk>/private-note/", meetings.private_note, name="private_note"),
    path("action-items/<int:pk>/toggle/", meetings.action_item_toggle, name="action_item_toggle"),
    path("planned/<int:pk>/change/", planned.planned_edit, name="planned_edit"),
    path("planned/<int:pk>/cancel/", planned.planned_cancel, name="planned_cancel"),
    path("planned/<int:pk>/invite.ics", planned.planned_ics, name="planned_ics"),
    # The program's rhythm (issue 10).
    path("reviews/divisions/<int:pk>/", reviews.review_screen, name="review_screen"),
    path("reviews/divisions/<int:pk>/export.csv", reviews.review_export, name="review_export"),
    path("reviews/faculty/<int:pk>/new/", reviews.review_new, name="review_new"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review_detail"),
    path("reviews/mine/", reviews.my_reviews, name="my_reviews"),
    path("follow-ups/<slug:kind>/<int:pk>/done/", reviews.follow_up_done,
         name="follow_up_done"),
    path("vice-chair-checkins/", vice_chair.checkins_due, name="checkins_due"),
    path("vice-chair-checkins/faculty/<int:pk>/new/", vice_chair.checkin_new,
         name="checkin_new"),
    path("vice-chair-checkins/<int:pk>/", vice_chair.checkin_detail, name="checkin_detail"),
    path("relationship-health/divisions/<int:pk>/", health.relationship_health,
         name="relationship_health"),
]
