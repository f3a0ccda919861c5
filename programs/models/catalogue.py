"""Admin-editable lists: academic positions, Vice-Chair portfolios, mentorship topics."""

from django.db import models


class CatalogueEntry(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    ordering = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(
        default=True, help_text="Inactive entries are kept for history but not offered."
    )

    class Meta:
        abstract = True
        ordering = ["ordering", "name"]

    def __str__(self) -> str:
        return self.name


class AcademicPosition(CatalogueEntry):
    """Clinician teacher, clinician scientist, ... Admins can add more."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = "academic position"


class Portfolio(CatalogueEntry):
    """A Vice-Chair's portfolio: Research, Education, ..."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = "Vice-Chair portfolio"


class Topic(CatalogueEntry):
    """A mentorship topic, used by mentorships, matching, meetings and surveys."""

    description = models.TextField(blank=True)

    class Meta(CatalogueEntry.Meta):
        verbose_name = "mentorship topic"
