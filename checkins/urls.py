from django.urls import path

from checkins import views

app_name = "checkins"

urlpatterns = [
    path("mentorships/<int:pk>/", views.mentorship_detail, name="mentorship_detail"),
    path("mentorships/<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("mentorships/<int:pk>/planned/new/", views.planned_new, name="planned_new"),
    path("meetings/<int:pk>/confirm/", views.meeting_confirm, name="meeting_confirm"),
    path("meetings/<int:pk>/private-note/", views.private_note, name="private_note"),
    path("action-items/<int:pk>/toggle/", views.action_item_toggle, name="action_item_toggle"),
    path("planned/<int:pk>/change/", views.planned_edit, name="planned_edit"),
    path("planned/<int:pk>/cancel/", views.planned_cancel, name="planned_cancel"),
    path("planned/<int:pk>/invite.ics", views.planned_ics, name="planned_ics"),
]
