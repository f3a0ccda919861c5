"""Guideline pages: seeded with default text, readable by all, edited by program admins."""

import pytest
from django.urls import reverse

from programs.models import GuidelinePage

SEEDED = ["definitions", "expectations-mentees", "expectations-mentors",
          "expectations-division-directors", "expectations-facilitators", "changing-mentor"]


@pytest.mark.django_db
def test_the_migration_seeds_the_default_pages():
    assert set(GuidelinePage.objects.values_list("slug", flat=True)) >= set(SEEDED)
    definitions = GuidelinePage.objects.get(slug="definitions").body
    for word in ("Mentorship", "Sponsorship", "Supervision", "Role modelling"):
        assert word in definitions


@pytest.mark.parametrize("persona", ["mentee", "outsider", "director", "admin"])
def test_every_signed_in_user_reads_the_guidelines(client, world, login, persona):
    login(world.person(persona))
    assert client.get(reverse("programs:guidelines")).status_code == 200
    page = client.get(reverse("programs:guideline_detail", kwargs={"slug": "changing-mentor"}))
    assert page.status_code == 200 and "How to change mentor" in page.content.decode()


def test_the_program_admin_edits_a_page(client, world, login):
    login(world.admin)
    edit = reverse("programs:guideline_edit", kwargs={"slug": "definitions"})
    response = client.post(edit, {"title": "Definitions", "summary": "", "body": "New text"})
    assert response.status_code == 302
    assert GuidelinePage.objects.get(slug="definitions").body == "New text"


def test_others_cannot_edit(client, world, login):
    login(world.director)
    edit = reverse("programs:guideline_edit", kwargs={"slug": "definitions"})
    assert client.post(edit, {"title": "x", "body": "y"}).status_code == 404
    assert "Sponsorship" in GuidelinePage.objects.get(slug="definitions").body


def test_an_unknown_page_is_404(client, world, login):
    login(world.mentee)
    assert client.get(reverse("programs:guideline_detail",
                              kwargs={"slug": "nope"})).status_code == 404
