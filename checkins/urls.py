from django.urls import path

from checkins.views import meetings, mentorships, planned

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
]
