from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Surveys: interest, program evaluation, relationship pulse, exit questions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # programs sends mentorship_ended without knowing who listens (it imports no app).
        from surveys import receivers  # noqa: F401
