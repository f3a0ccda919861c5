"""Factories for awards, and small builders: a cycle in any phase, a real PDF letter."""

import datetime
import io
import uuid

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from fpdf import FPDF

from awards.models import (
    Award,
    AwardCycle,
    CommitteeMember,
    Nomination,
    Recognition,
    RubricCriterion,
)
from tests.programs.factories import DepartmentFactory

DAY = datetime.timedelta(days=1)


def pdf_bytes(text: str = "I support this nomination.", pages: int = 1) -> bytes:
    document = FPDF()
    for page in range(pages):
        document.add_page()
        document.set_font("helvetica", size=12)
        document.cell(0, 10, f"{text} (page {page + 1})")
    return bytes(document.output())


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(content: bytes, name: str = "letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class AwardCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardCycle

    department = factory.SubFactory(DepartmentFactory)
    title = factory.Sequence(lambda n: f"Mentorship Awards {2000 + n}")
    nominations_open = factory.LazyFunction(lambda: timezone.localdate() - 10 * DAY)
    nominations_close = factory.LazyFunction(lambda: timezone.localdate() + 20 * DAY)
    submission_token = factory.LazyFunction(uuid.uuid4)


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    cycle = factory.SubFactory(AwardCycleFactory)
    name = factory.Sequence(lambda n: f"Award {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RubricCriterion

    cycle = factory.SubFactory(AwardCycleFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    max_points = 5


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    award = factory.SubFactory(AwardFactory)
    statement = "She changed how I see my career."
    submission_token = factory.LazyFunction(uuid.uuid4)


def cycle_for(world, phase: str = "nominating", committee=("facilitator",),
              divisional: bool = True) -> AwardCycle:
    """A cycle in the world's department, in the given phase, with a departmental award
    (and a divisional one for the mentee's division), two criteria and a committee."""
    today = timezone.localdate()
    windows = {"upcoming": (5, 30), "nominating": (-10, 20), "scoring": (-40, -5),
               "results": (-40, -5), "published": (-40, -5)}
    opens, closes = windows[phase]
    cycle = AwardCycleFactory(department=world.department, nominations_open=today + opens * DAY,
                              nominations_close=today + closes * DAY)
    if phase in ("results", "published"):
        cycle.scoring_closed_at = timezone.now() - DAY
    if phase == "published":
        cycle.published_at = timezone.now()
    cycle.save()
    AwardFactory(cycle=cycle, name="Departmental Mentorship Award")
    if divisional:
        AwardFactory(cycle=cycle, name=f"{world.division.name} Mentorship Award",
                     division=world.division)
    for position, name in enumerate(["Impact", "Commitment"]):
        CriterionFactory(cycle=cycle, name=name, position=position)
    for persona in committee:
        CommitteeMember.objects.create(cycle=cycle, person=world.person(persona))
    return cycle


def departmental(cycle: AwardCycle) -> Award:
    return cycle.awards.get(division__isnull=True)


def nominate(cycle: AwardCycle, nominee, nominator, **kwargs) -> Nomination:
    return NominationFactory(award=kwargs.pop("award", departmental(cycle)), nominee=nominee,
                             nominator=nominator, **kwargs)


def recognise(award: Award, person) -> Recognition:
    return Recognition.objects.create(award=award, person=person, published_at=timezone.now())
