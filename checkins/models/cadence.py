"""How many meetings a year the program expects."""


from django.db import models
from django.db.models import Q

from programs.models import Department, Mentorship
from programs.models.people import CareerStage


class CadenceRule(models.Model):
    """How many meetings a year the program expects, by mentorship kind and career stage.

    A blank career stage applies to every stage. Without a rule, `checkins.cadence`
    uses its defaults.
    """

    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="cadence_rules")
    kind = models.CharField("mentorship kind", max_length=20, choices=Mentorship.Kind.choices)
    career_stage = models.CharField(
        "mentee's career stage", max_length=10, choices=CareerStage.choices, blank=True,
        help_text="Leave blank for every stage.")
    min_per_year = models.PositiveSmallIntegerField()
    max_per_year = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["department", "kind", "career_stage"]
        constraints = [
            models.UniqueConstraint(fields=["department", "kind", "career_stage"],
                                    name="cadence_rule_unique"),
            models.CheckConstraint(condition=Q(max_per_year__gte=models.F("min_per_year")),
                                   name="cadence_rule_range_ordered"),
        ]

    def __str__(self) -> str:
        stage = self.get_career_stage_display() or "any stage"
        return (f"{self.get_kind_display()}, {stage}: "
                f"{self.min_per_year}–{self.max_per_year} a year")
