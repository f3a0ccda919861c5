from django.urls import path

from programs import views

app_name = "programs"

urlpatterns = [
    path("faculty/<int:pk>/", views.faculty_detail, name="faculty_detail"),
    path("divisions/<int:pk>/roster/", views.division_roster, name="division_roster"),
    path("roster/import/", views.roster_import, name="roster_import"),
    path("roster/import/<int:pk>/", views.roster_import_preview, name="roster_import_preview"),
    path("roster/export.csv", views.roster_export, name="roster_export"),
]
