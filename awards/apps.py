from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = "Recognition: awards and the mentor portfolio"
    default_auto_field = "django.db.models.BigAutoField"
