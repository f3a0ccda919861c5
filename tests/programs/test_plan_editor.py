"""The plan editor rebuilt (issue 8, section 4): one labelled card per goal and milestone,
"Add a goal" instead of blank rows (in the page with static/js/plan_edit.js, by a round
trip without it), real empty labels on selects, errors by their field."""

import datetime
import re
from html import unescape

from django.urls import reverse

from programs.models import AcademicPlan, PlanGoal, PlanMilestone
from tests.programs.plan_helpers import page_form

YEAR = datetime.date.today().year


def edit_url(world) -> str:
    return reverse("programs:plan_edit", kwargs={"pk": world.mentee.pk})


def plan_with_rows(world, goals: int = 2, milestones: int = 1) -> AcademicPlan:
    plan = AcademicPlan.objects.create(faculty=world.mentee)
    PlanGoal.objects.bulk_create([PlanGoal(plan=plan, domain="research", description=f"Goal {n}",
                                           target_year=YEAR + 1) for n in range(goals)])
    PlanMilestone.objects.bulk_create([PlanMilestone(plan=plan, kind="promotion",
                                                     target_year=YEAR + 3)
                                       for _ in range(milestones)])
    return plan


def the_form(html: str) -> str:
    return html[html.index('<form method="post" id="plan-edit-form"'):html.index("</form>",
                                                                                html.index(
                                                                                    "plan-edit-form"))]


def test_a_new_plan_offers_a_button_for_each_kind_of_row_and_no_blank_rows(
        client, world, login):
    login(world.mentee)
    html = client.get(edit_url(world)).content.decode()
    form = page_form(html)
    assert (form["goals-TOTAL_FORMS"], form["milestones-TOTAL_FORMS"]) == ("0", "0")
    assert "No goals yet." in html and "No milestones yet." in html
    for prefix, label in (("goals", "Add a goal"), ("milestones", "Add a milestone")):
        assert re.search(rf'<button type="submit" [^>]*name="add" value="{prefix}" '
                         rf'data-add-row="{prefix}"\s*>{label}</button>', html)
        assert f'<template id="{prefix}-empty-row">' in html
    assert 'src="/static/js/plan_edit.js"' in html or "js/plan_edit" in html


def test_no_select_says_dashes_and_each_has_a_real_empty_label(client, world, login):
    plan_with_rows(world)
    login(world.mentee)
    html = client.get(edit_url(world)).content.decode()
    assert "---------" not in html
    assert '<option value="">Choose a domain</option>' in html
    assert '<option value="">Choose a kind of milestone</option>' in html


def test_every_row_is_a_card_whose_fields_have_visible_labels(client, world, login):
    plan_with_rows(world, goals=2, milestones=1)
    login(world.mentee)
    form = the_form(client.get(edit_url(world)).content.decode())
    assert re.findall(r'<legend class="h6 card-title">([^<]+)</legend>', form) == [
        "Goal 1", "Goal 2", "Milestone 1"]
    controls = re.findall(r'<(?:select|input)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', form)
    assert len(controls) == 2 * 5 + 5  # domain, description, year, status, delete; 4 + delete
    labels = set(re.findall(r'<label class="(?!visually-hidden)[^"]*" for="([^"]+)"', form))
    assert set(controls) <= labels


def test_add_a_goal_without_javascript_brings_the_page_back_with_a_new_card_and_saves_nothing(
        client, world, login):
    plan_with_rows(world, goals=1, milestones=0)
    login(world.mentee)
    page = page_form(client.get(edit_url(world)).content.decode())
    page["goals-0-description"] = "Goal 0, reworded but not saved"
    page["goals-0-target_year"] = "1999"  # an error, not shown until the plan is saved
    response = client.post(edit_url(world), {**page, "add": "goals"})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "A new goal is at the end of the goals. Nothing is saved until you press" in html
    assert "Choose a year between" not in html
    again = page_form(html)
    assert again["goals-TOTAL_FORMS"] == "2"
    assert again["goals-0-description"] == "Goal 0, reworded but not saved"
    assert re.findall(r'<legend class="h6 card-title">([^<]+)</legend>', the_form(html)) == [
        "Goal 1", "New goal"]
    assert list(PlanGoal.objects.values_list("description", flat=True)) == ["Goal 0"]

    # Filled in and saved, the new card is a goal.
    again.update({"goals-0-target_year": str(YEAR + 2), "goals-1-domain": "wellness",
                  "goals-1-description": "A clinic-free day", "goals-1-target_year": str(YEAR)})
    assert client.post(edit_url(world), again).status_code == 302
    assert sorted(PlanGoal.objects.values_list("description", flat=True)) == [
        "A clinic-free day", "Goal 0, reworded but not saved"]


def test_a_full_plan_adds_no_card_and_its_button_is_off(client, world, login):
    plan_with_rows(world, goals=AcademicPlan.MAX_GOALS, milestones=0)
    login(world.mentee)
    html = client.get(edit_url(world)).content.decode()
    assert re.search(r'data-add-row="goals"\s*disabled>Add a goal', html)
    response = client.post(edit_url(world), {**page_form(html), "add": "goals"})
    html = unescape(response.content.decode())
    assert page_form(html)["goals-TOTAL_FORMS"] == str(AcademicPlan.MAX_GOALS)
    assert "A new goal is at the end" not in html
    assert "A plan holds up to 60 goals." in html


def test_a_new_card_taken_back_with_remove_is_not_saved(client, world, login):
    plan_with_rows(world, goals=1, milestones=0)
    login(world.mentee)
    page = page_form(client.get(edit_url(world)).content.decode(), add={"goals": 2})
    page.update({"goals-1-domain": "clinical", "goals-1-description": "Kept",
                 "goals-1-target_year": str(YEAR), "goals-2-domain": "clinical",
                 "goals-2-description": "Removed", "goals-2-target_year": "",
                 "goals-2-DELETE": "on"})  # what "Remove this new goal" posts
    assert client.post(edit_url(world), page).status_code == 302
    assert sorted(PlanGoal.objects.values_list("description", flat=True)) == ["Goal 0", "Kept"]


def test_an_error_sits_by_its_field_and_is_announced_with_it(client, world, login):
    plan_with_rows(world, goals=0, milestones=0)
    login(world.mentee)
    page = page_form(client.get(edit_url(world)).content.decode(), add={"goals": 1})
    page.update({"goals-0-description": "No domain chosen", "goals-0-target_year": str(YEAR)})
    html = unescape(client.post(edit_url(world), page).content.decode())
    select = re.search(r'<select name="goals-0-domain"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in select and "is-invalid" in select
    assert 'aria-describedby="id_goals-0-domain_error"' in select
    error = re.search(r'<div class="invalid-feedback d-block" id="id_goals-0-domain_error">'
                      r"([^<]+)</div>", html)
    assert error and "Choose the goal's domain." in error.group(1)
    assert page_form(html)["goals-0-description"] == "No domain chosen"
    assert not PlanGoal.objects.exists()
