"""Seed the catalogues every deployment starts with. Admins can extend them later."""

from django.db import migrations
from django.utils.text import slugify

POSITIONS = [
    "Clinician teacher",
    "Clinician educator",
    "Clinician scientist",
    "Clinician investigator",
    "Clinician in quality & innovation",
    "Clinician administrator",
]
PORTFOLIOS = ["Research", "Quality & Innovation", "Education", "Culture & Inclusion"]
# From the two reference programs (shared/PRODUCT.md): the interest survey's areas, the
# topics respondents added, and the needs the department study names.
TOPICS = [
    ("Clinical work", ""),
    ("Research & scholarship", "Research network, grants, publications."),
    ("Teaching & curriculum development", ""),
    ("Quality improvement", "Including building a network in a young field."),
    ("Leadership & administration", ""),
    ("Work-life balance", ""),
    ("Career planning & promotion", "Milestones, continuing-appointment review, promotion."),
    ("Transition to practice", ""),
    ("Life-long learning", ""),
    ("Community advocacy", ""),
    ("Psychopharmacology", ""),
    ("Law & public policy", ""),
    ("Sponsorship & visibility", "Nominations, introductions, recognition."),
    ("Family planning & parenting", ""),
    ("Equity, diversity & inclusion", ""),
    ("Newcomer support", "Licensing, credentialing, work permits, settling in."),
]


def seed(apps, schema_editor):
    for model_name, names in (
        ("AcademicPosition", [(n, "") for n in POSITIONS]),
        ("Portfolio", [(n, "") for n in PORTFOLIOS]),
        ("Topic", TOPICS),
    ):
        model = apps.get_model("programs", model_name)
        for ordering, (name, description) in enumerate(names, start=1):
            defaults = {"name": name, "ordering": ordering * 10}
            if model_name == "Topic":
                defaults["description"] = description
            model.objects.get_or_create(slug=slugify(name), defaults=defaults)


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
