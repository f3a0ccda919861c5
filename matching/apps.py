from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Matching: interest profiles, the mentor directory, introductions"
    default_auto_field = "django.db.models.BigAutoField"
