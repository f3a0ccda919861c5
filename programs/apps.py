from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Mentorship program"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Home-page attention items: programs' own, then every app's `attention` module.
        from django.utils.module_loading import autodiscover_modules

        from programs.selectors import attention  # noqa: F401

        autodiscover_modules("attention")
