"""Refusals are pages in the app's layout that say why and what to do, never a bare
"403 Forbidden" or "Bad Request (400)" (issue 7, section 7)."""

from html import unescape

from django.test import Client
from django.urls import reverse

from programs.models import AcademicPlan
from tests.programs.factories import PASSWORD


def in_layout(html: str) -> bool:
    return 'id="main"' in html and "Faculty Mentorship Program" in html


def test_a_refusal_names_who_may_do_it(client, world, login):
    AcademicPlan.objects.create(faculty=world.mentee, status="submitted")
    login(world.mentor)
    response = client.post(reverse("programs:plan_review", kwargs={"pk": world.mentee.pk}),
                           {"decision": "approve"})
    assert response.status_code == 403
    html = unescape(response.content.decode())
    assert "Only the Division Director of General Internal Medicine reviews this plan." in html
    assert "Nothing was changed" in html and in_layout(html)


def test_a_request_with_more_fields_than_any_form_sends_is_refused_whole_in_words(
        client, world, login):
    login(world.mentee)
    fields = {f"goals-{n}-description": "x" for n in range(1200)}
    response = client.post(reverse("programs:plan_edit", kwargs={"pk": world.mentee.pk}),
                           fields)
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "Nothing was saved" in html and in_layout(html)
    assert not AcademicPlan.objects.exists()


def test_an_expired_form_says_nothing_was_saved_and_what_to_do(world):
    browser = Client(enforce_csrf_checks=True)
    assert browser.login(email=world.mentee.user.email, password=PASSWORD)
    response = browser.post(reverse("programs:plan_progress", kwargs={"pk": world.mentee.pk}),
                            {"note": "Funded"})
    assert response.status_code == 403
    html = unescape(response.content.decode())
    assert "This form had expired, so nothing was saved" in html and in_layout(html)
