from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Surveys: interest, program evaluation, relationship pulse"
    default_auto_field = "django.db.models.BigAutoField"
