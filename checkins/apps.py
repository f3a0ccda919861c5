from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "checkins"
    verbose_name = "Meetings and check-ins"
    default_auto_field = "django.db.models.BigAutoField"
