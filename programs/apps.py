from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Mentorship program"
    default_auto_field = "django.db.models.BigAutoField"
