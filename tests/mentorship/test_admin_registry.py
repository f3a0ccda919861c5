"""The Django admin: every model of ours is there for data fixes, and no admin page, ours
or an installed app's, reveals what the README says admins may not read.

Each model declares what it holds (programs/confidential.py); `plant` (tests/admin_privacy.py)
writes a secret into every such field, and these tests ask every registered admin about
each secret the way a curious staff user or superuser could: a query-string lookup from
any changelist, a search, the autocomplete endpoint, every page that names a row, and a
form that re-points a row at someone else.
"""

import json

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.db.models.constants import LOOKUP_SEP

from checkins.models import Meeting, PrivateNote
from programs.admin_privacy import PrivacyAdmin, PrivacyGuard, check_admin_privacy
from programs.confidential import audience_fields, confidential_fields, has_confidential_rows
from programs.models import ChangeRequest
from tests.admin_privacy import (
    ADMIN_IDS,
    RANDOM,
    REGISTERED,
    TOKEN,
    admin_url,
    answer,
    change_form_data,
    plant,
    probes,
    project_models,
    questions,
    staff_with_every_permission,
    superuser,
)


@pytest.fixture
def planted(world):
    return plant(world)


@pytest.fixture(params=["staff", "superuser"])
def staff_or_superuser(request, db):
    """Staff allowed to do everything, and a superuser: the guard binds both."""
    return staff_with_every_permission() if request.param == "staff" else superuser()


OUR_MODELS = [model for app in ("programs", "checkins", "awards", "matching")
              for model in apps.get_app_config(app).get_models()]
MODELS = [model for model, _ in REGISTERED]


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m.__name__)
def test_every_model_is_registered_with_search_and_filters(model):
    model_admin = admin.site._registry.get(model)
    assert model_admin is not None, f"{model.__name__} is not in the admin"
    assert model_admin.search_fields, f"{model.__name__} has no search"
    assert model_admin.list_filter, f"{model.__name__} has no filters"


def test_the_changelists_open_for_a_superuser(client, world, login):
    world.admin.user.is_superuser = True
    world.admin.user.save()
    login(world.admin)
    for model in OUR_MODELS:
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(url).status_code == 200, url
        assert client.get(url, {"q": "a"}).status_code == 200, url


# --- every model says what it holds ---------------------------------------------------------

# Free text the program office may read in the admin. Every other free-text field must be in
# its model's CONFIDENTIAL_FIELDS: a new one fails the test below until someone decides.
ADMIN_READABLE_TEXT = {
    # catalogues, structure and accounts: names and keys the roster and the admin manage
    "programs.AcademicPosition": {"name", "slug"},
    "programs.Portfolio": {"name", "slug"},
    "programs.Topic": {"name", "slug", "description"},
    "programs.User": {"first_name", "last_name", "email"},
    "programs.Department": {"name", "slug"},
    "programs.Site": {"name", "short_name"},
    "programs.Division": {"name", "slug"},
    # HR's roster data, imported by program admins
    "programs.FacultyMember": {"employee_id", "departure_reason"},
    "programs.RosterImport": {"filename", "content"},
    # the department's own texts, which program admins write
    "programs.AgreementTemplate": {"goals", "meeting_plan", "confidentiality", "roles",
                                   "raising_concerns", "no_fault_ending"},
    "programs.GuidelinePage": {"slug", "title", "summary", "body"},
    # the five-year plan: the README lets program admins read every plan
    "programs.AcademicPlan": {"review_comment"},
    "programs.PlanGoal": {"description"},
    "programs.PlanMilestone": {"title"},
    "programs.PlanSnapshot": {"goals", "milestones"},
    "programs.PlanProgress": {"note"},
    # operations: addresses, delivery errors, worker names, calendar ids
    "programs.Notification": {"recipient", "last_error", "kind"},
    "programs.WorkerHeartbeat": {"name"},
    "programs.JobRun": {"name", "summary", "error"},
    "checkins.PlannedMeeting": {"uid"},
    "checkins.InvitationSent": {"recipient"},
    # faculty development and award cycles: the program office's own announcements
    "programs.DevelopmentEvent": {"title", "description", "location", "uid"},
    "awards.AwardCycle": {"title", "description"},
    "awards.Award": {"name", "description"},
    "awards.RubricCriterion": {"name"},
    # matching: a mentor's offer is public to every faculty member (the directory)
    "matching.MentorProfile": {"formats", "how_i_can_help"},
    "matching.MenteeNeeds": {"formats"},
    # matching: the app's own words on a proposal or a cohort pair (never the identity
    # part of a score), a run's progress and the baseline's ids
    "matching.Proposal": {"explanation", "state_note"},
    "matching.CohortRun": {"progress_note", "greedy_pairs"},
    "matching.CohortPair": {"explanation"},
    # surveys: the questions program admins write, and who a run goes to
    "surveys.Survey": {"title", "description"},
    "surveys.Section": {"title"},
    "surveys.Question": {"key", "text", "help_text", "choices"},
    "surveys.Run": {"title", "stages"},
}


def test_every_free_text_field_is_either_confidential_or_known_to_be_readable_by_admins():
    unclassified = []
    for model in project_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, (models.CharField, models.TextField, models.JSONField)):
                continue
            if field.choices or field.name in confidential_fields(model):
                continue
            if field.name not in ADMIN_READABLE_TEXT.get(model._meta.label, set()):
                unclassified.append(f"{model._meta.label}.{field.name}")
    assert unclassified == [], (
        "Declare these in the model's CONFIDENTIAL_FIELDS (programs/confidential.py), or, "
        f"if every program admin may read them, add them to ADMIN_READABLE_TEXT: {unclassified}")


def test_every_admin_and_inline_of_ours_is_guarded_and_the_privacy_checks_pass():
    for model, model_admin in REGISTERED:
        if model in OUR_MODELS:
            assert isinstance(model_admin, PrivacyGuard), model
            for inline in model_admin.inlines:
                assert issubclass(inline, PrivacyGuard), inline
    assert check_admin_privacy() == []


def test_the_privacy_checks_catch_an_unguarded_admin_a_leaky_option_and_a_wrong_declaration(
        monkeypatch):
    site = admin.AdminSite(name="privacy-probe")

    class Unguarded(admin.ModelAdmin):
        search_fields = ["meeting__mentorship__mentee__user__email"]

    class Leaky(PrivacyAdmin):
        list_filter = ["mentorship__end_note"]
        search_fields = ["mentorship__end_note"]
        list_editable = ["mentorship"]
        list_display = ["held_on", "mentorship"]

    class ListsRowsUnrestricted(PrivacyAdmin):
        pass

    site.register(PrivateNote, Unguarded)
    site.register(Meeting, Leaky)
    site.register(ChangeRequest, ListsRowsUnrestricted)
    monkeypatch.setattr(PrivateNote, "CONFIDENTIAL_FIELDS", ("bodyy",))
    monkeypatch.setattr(Meeting._meta, "ordering", ["shared_summary"])
    found = {(error.id, error.msg.split(" ")[0]) for error in check_admin_privacy(site)}
    assert ("privacy.E001", "Unguarded") in found
    assert ("privacy.E002", "Leaky.list_filter") in found
    assert ("privacy.E002", "Leaky.search_fields") in found
    assert ("privacy.E003", "Leaky.list_editable") in found
    assert ("privacy.E005", "ListsRowsUnrestricted") in found
    assert ("privacy.E006", "checkins.PrivateNote") in found
    assert ("privacy.E007", "checkins.Meeting.Meta.ordering") in found


def test_the_installed_apps_admin_pages_that_would_hand_over_an_account_are_gone():
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken

    for model in (EmailAddress, SocialAccount, SocialApp, SocialToken):
        assert not admin.site.is_registered(model), model


def test_no_row_names_itself_by_what_it_holds(planted):
    for model, row in planted.rows.items():
        name = str(model._default_manager.get(pk=row.pk))
        for text in planted.texts():
            assert text not in name, f"str() of a {model.__name__} shows {text!r}"


# --- asking every changelist about every secret ----------------------------------------------


def test_without_the_guard_the_row_count_spells_out_a_private_note(rf, planted):
    """The questions below can tell: Django's admin alone answers them differently."""
    unguarded = admin.ModelAdmin(PrivateNote, admin.AdminSite(name="unguarded"))
    (suffix, hit), (_, miss) = probes(PrivateNote, "body", planted.values[(PrivateNote, "body")])

    root = superuser()

    def count(value: str) -> int:
        request = rf.get("/", {f"body{suffix}": value})
        request.user = root
        return unguarded.changelist_view(request).context_data["cl"].result_count

    assert (count(hit), count(miss)) == (1, 0)


@pytest.mark.parametrize("model", MODELS, ids=ADMIN_IDS)
def test_every_question_below_tells_a_planted_secret_from_a_random_value(planted, model):
    """So an admin that passed the question on to the database would answer differently."""
    manager = model._default_manager
    for _, lookup, hit, miss in questions(model, planted):
        assert manager.filter(**{lookup: hit}).exists(), lookup
        assert not manager.filter(**{lookup: miss}).exists(), lookup


@pytest.mark.parametrize("model", MODELS, ids=ADMIN_IDS)
def test_a_planted_secret_and_a_random_value_get_the_same_answer_from_every_changelist(
        client, planted, staff_or_superuser, model):
    client.force_login(staff_or_superuser)
    url = admin_url(model, "changelist")
    for what, lookup, hit, miss in questions(model, planted):
        got = answer(client.get(url, {lookup: hit}))
        assert got == answer(client.get(url, {lookup: miss})), f"{what} via ?{lookup}: {got}"
    # Searching: every secret holds TOKEN, and nothing else does.
    assert answer(client.get(url, {"q": TOKEN})) == answer(client.get(url, {"q": RANDOM}))


def _relation_paths(model, depth: int):
    """Every lookup path of up to `depth` relations from `model`, with the model reached."""
    frontier = [("", model, {model})]
    for _ in range(depth):
        next_frontier = []
        for path, current, seen in frontier:
            for field in current._meta.get_fields():
                target = field.related_model if field.is_relation else None
                if target is None or target in seen:
                    continue
                step = f"{path}{LOOKUP_SEP}{field.name}" if path else field.name
                yield step, target
                next_frontier.append((step, target, seen | {target}))
        frontier = next_frontier


@pytest.mark.parametrize("model", MODELS, ids=ADMIN_IDS)
def test_no_admin_allows_a_lookup_into_a_confidential_field_along_any_path(rf, model):
    model_admin = admin.site._registry[model]
    request = rf.get("/")
    allowed = [f"{name}__startswith" for name in confidential_fields(model)
               if model_admin.lookup_allowed(f"{name}__startswith", "x", request)]
    for path, target in _relation_paths(model, depth=3):
        asks = [f"{path}{LOOKUP_SEP}{name}{LOOKUP_SEP}startswith"
                for name in confidential_fields(target)]
        if has_confidential_rows(target):
            asks += [path, f"{path}{LOOKUP_SEP}isnull"]
        allowed += [ask for ask in asks if model_admin.lookup_allowed(ask, "1", request)]
    assert allowed == []


def _autocomplete_sources():
    """Every relation field of ours whose far side has a searchable admin: the endpoint
    accepts any of them, not only the ones a form uses."""
    for model in project_models():
        for field in model._meta.get_fields():
            target = field.related_model if field.is_relation and not field.auto_created else None
            if target in admin.site._registry and admin.site._registry[target].search_fields:
                yield model, field


def test_the_autocomplete_endpoint_answers_a_planted_secret_as_it_answers_a_random_word(
        client, planted, staff_or_superuser):
    client.force_login(staff_or_superuser)
    sources = list(_autocomplete_sources())
    assert len(sources) > 20
    for model, field in sources:
        params = {"app_label": model._meta.app_label, "model_name": model._meta.model_name,
                  "field_name": field.name}
        hit = client.get("/admin/autocomplete/", {**params, "term": TOKEN})
        miss = client.get("/admin/autocomplete/", {**params, "term": RANDOM})
        assert hit.status_code == miss.status_code, (model, field.name)
        assert TOKEN not in hit.content.decode()
        if hit.status_code == 200:
            assert json.loads(hit.content)["results"] == json.loads(miss.content)["results"]


# --- every page that names a row ---------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS, ids=ADMIN_IDS)
def test_no_admin_page_shows_a_planted_secret(client, planted, model):
    client.force_login(superuser())
    model_admin = admin.site._registry[model]
    row = planted.rows.get(model) or model._default_manager.first()
    pages = [admin_url(model, "changelist")]
    if row is not None:
        pages += [admin_url(model, view, row.pk) for view in ("change", "history", "delete")]
    shown = {str(planted.values[(model, name)])
             for name in model_admin.shown_confidential_fields} if isinstance(
        model_admin, PrivacyGuard) else set()
    for url in pages:
        response = client.get(url)
        # 403: a delete the admin does not offer (see test_it_does_not_offer_deletes_...)
        assert response.status_code in (200, 403), url
        html = response.content.decode()
        allowed = shown if url.endswith("/change/") else set()
        for text in planted.texts():
            assert text in allowed or text not in html, f"{text!r} shown at {url}"


# --- re-pointing a row at someone else -----------------------------------------------------------

AUDIENCE = [(model, name) for model in MODELS for name in audience_fields(model)]


@pytest.mark.parametrize("model,name", AUDIENCE,
                         ids=[f"{m.__name__}.{n}" for m, n in AUDIENCE])
def test_a_change_form_refuses_to_change_who_may_read_a_row_and_saves_nothing(
        client, planted, staff_or_superuser, model, name):
    client.force_login(staff_or_superuser)
    row = planted.rows[model]
    field = model._meta.get_field(name)
    other = (planted.others[field.related_model].pk if field.is_relation
             else "someone-else@test.example")

    def current():
        return field.value_from_object(model._default_manager.get(pk=row.pk))

    before = current()
    assert before != other
    url = admin_url(model, "change", row.pk)
    page = client.get(url)
    data = change_form_data(page) if page.status_code == 200 else {}
    response = client.post(url, {**data, name: str(other)})
    assert current() == before, f"{model.__name__}.{name} was changed"
    if page.status_code != 200:
        # A confidential row this viewer may not see: as if there were no such row.
        assert response.status_code in (302, 403)
    elif response.status_code == 200:
        assert "cannot be changed here" in response.content.decode()
        # The same form, unchanged, saves: the refusal was about that field alone.
        if page.context["has_change_permission"]:
            assert client.post(url, data).status_code == 302
    else:
        assert response.status_code == 403  # a read-only admin
