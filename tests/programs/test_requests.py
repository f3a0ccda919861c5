"""Confidential requests for a different or additional mentor."""

import datetime
import re

from django.core import mail
from django.urls import reverse

from programs.access import change_requests_visible_to, viewer_for
from programs.models import ChangeRequest, ExitFeedback, LeadershipRole, Mentorship, User
from programs.services.mentorships import mentorship_end
from programs.services.requests import change_request_create, change_request_recipients
from programs.tasks import send_pending_notifications
from tests.programs.factories import MentorshipFactory, RoleFactory, SupervisorLinkFactory

NEW = reverse("programs:change_request_new")

LIST = reverse("programs:change_requests")


def detail(request) -> str:
    return reverse("programs:change_request_detail", kwargs={"pk": request.pk})


def ask(client, world, login, **extra) -> ChangeRequest:
    login(world.mentee)
    data = {"kind": "different", "mentorship": world.mentorship.pk,
            "reason": "We do not click.", "audience": "with_director", **extra}
    client.post(NEW, data)
    return ChangeRequest.objects.filter(mentee=world.mentee).latest("created_at")


def test_the_mentee_asks_and_the_leaders_are_told_but_not_the_mentor(
        client, world, login, django_capture_on_commit_callbacks):
    login(world.mentee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, {"kind": "different", "mentorship": world.mentorship.pk,
                                     "reason": "We do not click.",
                                     "audience": "with_director"})
    send_pending_notifications()  # what the worker does once the task is queued
    request = ChangeRequest.objects.get(mentee=world.mentee)
    assert response.status_code == 302 and response["Location"] == detail(request)
    assert request.division == world.division and request.mentorship == world.mentorship
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {world.director.user.email, world.facilitator.user.email}
    assert world.mentor.user.email not in recipients
    assert all("do not click" not in message.body for message in mail.outbox)


def test_a_double_submit_creates_one_request(client, world, login):
    ask(client, world, login)
    client.post(NEW, {"kind": "different", "mentorship": world.mentorship.pk, "reason": "again",
                      "audience": "with_director"})
    assert ChangeRequest.objects.filter(mentee=world.mentee).count() == 1


def test_the_service_returns_the_open_request_on_a_second_call(world):
    first, created = change_request_create(mentee=world.mentee, kind="additional")
    second, created_again = change_request_create(mentee=world.mentee, kind="additional")
    assert created and not created_again and first == second


def test_a_bad_form_keeps_what_was_typed(client, world, login):
    login(world.mentee)
    response = client.post(NEW, {"kind": "", "reason": "Something I typed"})
    assert response.status_code == 200
    assert "Something I typed" in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_the_mentor_never_sees_the_request(client, world, login):
    request = ask(client, world, login)
    login(world.mentor)
    assert client.get(detail(request)).status_code == 404
    for page in (reverse("home"), reverse("programs:faculty_detail",
                                          kwargs={"pk": world.mentee.pk})):
        body = client.get(page).content.decode()
        assert "do not click" not in body and detail(request) not in body


def test_a_mentor_who_is_also_a_facilitator_still_does_not_see_it(client, world, login):
    RoleFactory(person=world.mentor, kind="facilitator")
    request = ask(client, world, login)
    login(world.mentor)
    assert client.get(detail(request)).status_code == 404
    assert "do not click" not in client.get(LIST).content.decode()


def test_the_facilitator_resolves_and_the_mentee_is_told(
        client, world, login, django_capture_on_commit_callbacks):
    request = ask(client, world, login)
    login(world.facilitator)
    assert "We do not click." in client.get(detail(request)).content.decode()
    assert world.mentee.full_name in client.get(LIST).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programs:change_request_resolve", kwargs={"pk": request.pk}),
                    {"outcome": "Matched with Dr. Chen.", "end_mentorship": "on"})
    send_pending_notifications()
    request.refresh_from_db()
    assert request.status == "resolved" and request.ended_mentorship
    world.mentorship.refresh_from_db()
    assert world.mentorship.end_date is not None
    assert world.mentorship.end_reason == Mentorship.EndReason.MENTOR_CHANGE
    told = [m for m in mail.outbox if world.mentee.user.email in m.to]
    assert any("Matched with Dr. Chen." in m.body for m in told)
    login(world.mentee)
    assert "Matched with Dr. Chen." in client.get(detail(request)).content.decode()


def test_resolving_twice_changes_nothing(client, world, login):
    request = ask(client, world, login)
    login(world.facilitator)
    resolve = reverse("programs:change_request_resolve", kwargs={"pk": request.pk})
    client.post(resolve, {"outcome": "First"})
    client.post(resolve, {"outcome": "Second"})
    request.refresh_from_db()
    assert request.outcome == "First"


def test_the_mentee_cannot_resolve_their_own_request(client, world, login):
    request = ask(client, world, login)
    response = client.post(reverse("programs:change_request_resolve", kwargs={"pk": request.pk}),
                           {"outcome": "Done"})
    assert response.status_code == 403


def test_who_sees_a_request(client, world, login):
    request = ask(client, world, login)
    expected = {"mentee": 200, "director": 200, "facilitator": 200, "admin": 200,
                "mentor": 404, "otherdirector": 404, "vicechair": 404, "outsider": 404,
                "newfaculty": 404}
    for persona, status in expected.items():
        login(world.person(persona))
        assert client.get(detail(request)).status_code == status, persona


def test_ending_keeps_history_signals_the_end_and_sends_the_member_home(client, world, login):
    from programs.signals import mentorship_ended

    heard = []

    def listener(sender, *, mentorship, on, **kwargs):
        heard.append((mentorship.pk, on))

    mentorship_ended.connect(listener)
    try:
        login(world.mentor)
        end = reverse("programs:mentorship_end", kwargs={"pk": world.mentorship.pk})
        response = client.post(end, {"reason": "mentor_request", "note": "Sabbatical",
                                     "confirm": "on"})
        client.post(end, {"reason": "mentor_request", "confirm": "on"})
    finally:
        mentorship_ended.disconnect(listener)
    # Home, where the surveys app puts the exit questions (programs does not know it).
    assert response["Location"] == reverse("home")
    world.mentorship.refresh_from_db()
    assert world.mentorship.end_reason == "mentor_request" and world.mentorship.end_note
    assert Mentorship.objects.filter(pk=world.mentorship.pk).exists()
    assert [pk for pk, _ in heard] == [world.mentorship.pk]  # once: the second end is a no-op
    assert ExitFeedback.objects.count() == 0  # the old form is retired


def test_who_may_end_a_mentorship(client, world, login):
    end = reverse("programs:mentorship_end", kwargs={"pk": world.mentorship.pk})
    expected = {"mentee": 200, "mentor": 200, "facilitator": 200, "admin": 200,
                "director": 404, "vicechair": 404, "otherdirector": 404, "outsider": 404}
    for persona, status in expected.items():
        login(world.person(persona))
        assert client.get(end).status_code == status, persona


def test_the_mentor_is_not_told_why_a_changed_mentorship_ended(client, world, login):
    request = ask(client, world, login)
    login(world.facilitator)
    client.post(reverse("programs:change_request_resolve", kwargs={"pk": request.pk}),
                {"outcome": "Matched with Dr. Chen.", "end_mentorship": "on"})
    profile = reverse("programs:faculty_detail", kwargs={"pk": world.mentee.pk})
    reason = Mentorship.EndReason.MENTOR_CHANGE.label
    login(world.mentor)
    page = client.get(profile).content.decode()
    assert reason not in page and "different mentor" not in page.lower()
    login(world.mentee)
    assert reason in client.get(profile).content.decode()


def open_request(world) -> ChangeRequest:
    return ChangeRequest.objects.create(
        mentee=world.mentee, division=world.division, kind="different",
        mentorship=world.mentorship, reason="I do not feel heard")


def test_a_mentor_who_is_also_a_facilitator_never_sees_it_even_after_it_ends(
        client, world, login):
    RoleFactory(person=world.mentor, kind=LeadershipRole.Kind.FACILITATOR)
    request = open_request(world)
    login(world.mentor)
    assert client.get(detail(request)).status_code == 404
    mentorship_end(mentorship=world.mentorship, reason="mentor_change")
    assert client.get(detail(request)).status_code == 404
    assert "I do not feel heard" not in client.get(reverse("programs:change_requests")
                                                    ).content.decode()
    assert world.mentor.user_id not in {uid for uid, _ in change_request_recipients(request)}


def test_a_mentor_whose_mentorship_starts_later_is_left_out_too(client, world, login):
    RoleFactory(person=world.outsider, kind=LeadershipRole.Kind.FACILITATOR,
                division=world.division)
    MentorshipFactory(mentee=world.mentee, mentor=world.outsider, kind="informal",
                      start_date=datetime.date.today() + datetime.timedelta(days=30))
    request = open_request(world)
    login(world.outsider)
    assert client.get(detail(request)).status_code == 404
    assert world.outsider.user_id not in {uid for uid, _ in change_request_recipients(request)}


def test_the_facilitator_who_never_mentored_the_mentee_still_handles_it(client, world, login):
    request = open_request(world)
    login(world.facilitator)
    assert client.get(detail(request)).status_code == 200
    assert world.facilitator.user_id in {uid for uid, _ in change_request_recipients(request)}


def test_the_mentor_sees_a_neutral_ending_in_the_history_but_the_mentee_sees_why(
        client, world, login):
    mentorship_end(mentorship=world.mentorship, reason="mentor_change")
    profile = reverse("programs:faculty_detail", kwargs={"pk": world.mentor.pk})
    login(world.mentor)
    history = client.get(profile).content.decode().split('id="mentorship-history"')[1]
    assert "Changed to a different mentor" not in history
    assert "ended" in history
    client.logout()
    login(world.mentee)
    mentee_profile = reverse("programs:faculty_detail", kwargs={"pk": world.mentee.pk})
    history = client.get(mentee_profile).content.decode().split('id="mentorship-history"')[1]
    assert "Changed to a different mentor" in history


# --- Facilitators only: the mentee keeps the request from their Division Director -------

FACILITATORS_ONLY = ChangeRequest.Audience.FACILITATORS_ONLY


def ask_facilitators_only(client, world, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(client, world, login, audience=FACILITATORS_ONLY)
    send_pending_notifications()
    return request


def test_the_form_offers_the_choice_and_includes_the_director_by_default(client, world, login):
    login(world.mentee)
    page = client.get(NEW).content.decode()
    assert re.search(r'value="facilitators_only"[^>]*>', page)
    assert re.search(r'value="with_director"[^>]*\bchecked\b', page)
    assert not re.search(r'value="facilitators_only"[^>]*\bchecked\b', page)
    response = client.post(NEW, {"kind": "additional", "reason": "Kept while I choose"})
    assert "Kept while I choose" in response.content.decode()  # the choice is required
    assert not ChangeRequest.objects.exists()
    assert ask(client, world, login).audience == ChangeRequest.Audience.WITH_DIRECTOR


def test_a_facilitators_only_request_is_kept_from_the_division_director(
        client, world, login, django_capture_on_commit_callbacks):
    request = ask_facilitators_only(client, world, login, django_capture_on_commit_callbacks)
    assert request.audience == FACILITATORS_ONLY
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {world.facilitator.user.email}
    assert "Division Director" in mail.outbox[0].body
    login(world.director)
    assert client.get(detail(request)).status_code == 404
    listing = client.get(LIST)
    assert listing.status_code == 200
    body = listing.content.decode()
    assert detail(request) not in body and world.mentee.full_name not in body
    for page in (reverse("home"), reverse("programs:faculty_detail",
                                          kwargs={"pk": world.mentee.pk})):
        body = client.get(page).content.decode()
        assert "do not click" not in body and detail(request) not in body


def test_a_facilitators_only_request_is_seen_by_the_facilitators_and_program_admins(
        client, world, login, django_capture_on_commit_callbacks):
    request = ask_facilitators_only(client, world, login, django_capture_on_commit_callbacks)
    expected = {"mentee": 200, "facilitator": 200, "admin": 200, "director": 404,
                "mentor": 404, "otherdirector": 404, "vicechair": 404, "outsider": 404,
                "newfaculty": 404}
    for persona, status in expected.items():
        login(world.person(persona))
        assert client.get(detail(request)).status_code == status, persona
    login(world.facilitator)
    assert "Not the Division Director" in client.get(detail(request)).content.decode()
    assert detail(request) in client.get(LIST).content.decode()


def test_the_director_cannot_resolve_a_facilitators_only_request(client, world, login):
    request = ask(client, world, login, audience=FACILITATORS_ONLY)
    login(world.director)
    response = client.post(reverse("programs:change_request_resolve", kwargs={"pk": request.pk}),
                           {"outcome": "Seen anyway"})
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.is_open


def test_a_director_who_is_also_facilitator_or_program_admin_is_still_left_out(
        client, world, login):
    RoleFactory(person=world.director, kind=LeadershipRole.Kind.FACILITATOR)
    RoleFactory(person=world.director, kind=LeadershipRole.Kind.PROGRAM_ADMIN)
    request = ask(client, world, login, audience=FACILITATORS_ONLY)
    login(world.director)
    assert client.get(detail(request)).status_code == 404
    assert detail(request) not in client.get(LIST).content.decode()
    assert world.director.user_id not in {uid for uid, _ in change_request_recipients(request)}


def test_an_explicit_supervisor_who_facilitates_is_left_out_too(client, world, login):
    RoleFactory(person=world.outsider, kind=LeadershipRole.Kind.FACILITATOR,
                division=world.division)
    SupervisorLinkFactory(supervisor=world.outsider, supervisee=world.mentee)
    request = ask(client, world, login, audience=FACILITATORS_ONLY)
    login(world.outsider)
    assert client.get(detail(request)).status_code == 404
    recipients = {uid for uid, _ in change_request_recipients(request)}
    assert world.outsider.user_id not in recipients
    assert world.facilitator.user_id in recipients
    # With the director included, an explicit supervisor who facilitates handles it as before.
    request.audience = ChangeRequest.Audience.WITH_DIRECTOR
    request.save()
    assert client.get(detail(request)).status_code == 200


def test_everyone_emailed_about_a_request_may_open_it(world):
    """The recipients follow the access rule, for both choices and with extra roles."""
    RoleFactory(person=world.director, kind=LeadershipRole.Kind.FACILITATOR)
    RoleFactory(person=world.mentor, kind=LeadershipRole.Kind.FACILITATOR)
    for audience in ChangeRequest.Audience.values:
        ChangeRequest.objects.all().delete()
        request, _ = change_request_create(mentee=world.mentee, kind="additional",
                                           audience=audience)
        recipients = change_request_recipients(request)
        assert recipients, audience
        for user_id, _ in recipients:
            viewer = viewer_for(User.objects.get(pk=user_id))
            assert change_requests_visible_to(viewer).filter(pk=request.pk).exists(), audience


def test_with_no_facilitator_in_the_division_the_program_admins_are_told(
        world, django_capture_on_commit_callbacks):
    LeadershipRole.objects.filter(person=world.facilitator).delete()
    with django_capture_on_commit_callbacks(execute=True):
        request, _ = change_request_create(mentee=world.mentee, kind="additional",
                                           audience=FACILITATORS_ONLY)
    send_pending_notifications()
    assert {a for m in mail.outbox for a in m.to} == {world.admin.user.email}
    assert world.admin.user_id in {uid for uid, _ in change_request_recipients(request)}


def test_the_mentee_is_told_who_will_see_the_request(client, world, login):
    login(world.mentee)
    response = client.post(NEW, {"kind": "additional", "reason": "",
                                 "audience": FACILITATORS_ONLY}, follow=True)
    body = response.content.decode()
    assert "Your Division Director is not told" in body
    assert "Not the Division Director" in body


def test_an_unknown_audience_is_refused_and_keeps_what_was_typed(client, world, login):
    login(world.mentee)
    response = client.post(NEW, {"kind": "additional", "reason": "Typed before the error",
                                 "audience": "everyone"})
    assert response.status_code == 200
    assert "Typed before the error" in response.content.decode()
    assert not ChangeRequest.objects.exists()


# --- Why a mentorship ended: leaders see why only where they may see the request --------

CHANGED = Mentorship.EndReason.MENTOR_CHANGE.label
LEADERS = ("director", "facilitator", "vicechair", "admin")


def history_of(client, login, viewer, person) -> str:
    login(viewer)
    page = client.get(reverse("programs:faculty_detail", kwargs={"pk": person.pk}))
    assert page.status_code == 200
    return page.content.decode().split('id="mentorship-history"')[1].split("</ul>")[0]


def reason_seen_by(client, world, login, reason: str) -> dict[str, bool]:
    """For each leader, and the two members: does the mentor's or the mentee's profile
    history give the reason? Leaders read both profiles; each member their own."""
    seen = {}
    for persona in (*LEADERS, "mentee", "mentor"):
        viewer = world.person(persona)
        profiles = [world.mentee, world.mentor] if persona in LEADERS else [viewer]
        pages = [history_of(client, login, viewer, person) for person in profiles]
        shown = [reason in page for page in pages]
        assert len(set(shown)) == 1, persona  # both profiles agree
        assert all("ended" in page or reason in page for page in pages)
        seen[persona] = shown[0]
    return seen


def resolve_with_ending(client, world, login, request) -> None:
    login(world.facilitator)
    client.post(reverse("programs:change_request_resolve", kwargs={"pk": request.pk}),
                {"outcome": "Matched with Dr. Chen.", "end_mentorship": "on"})
    world.mentorship.refresh_from_db()
    assert world.mentorship.end_reason == Mentorship.EndReason.MENTOR_CHANGE


def test_a_vice_chair_sees_that_a_mentorship_ended_but_not_that_the_mentee_asked_to_change(
        client, world, login):
    resolve_with_ending(client, world, login, ask(client, world, login))
    assert reason_seen_by(client, world, login, CHANGED) == {
        "director": True, "facilitator": True, "admin": True,  # they may see the request
        "vicechair": False, "mentor": False, "mentee": True}


def test_a_facilitators_only_change_ends_with_no_reason_shown_to_the_director(
        client, world, login):
    resolve_with_ending(client, world, login,
                        ask(client, world, login, audience=FACILITATORS_ONLY))
    assert reason_seen_by(client, world, login, CHANGED) == {
        "director": False, "facilitator": True, "admin": True,
        "vicechair": False, "mentor": False, "mentee": True}


def test_an_ending_with_no_request_behind_it_is_handled_like_a_facilitators_only_one(
        client, world, login):
    login(world.mentee)
    client.post(reverse("programs:mentorship_end", kwargs={"pk": world.mentorship.pk}),
                {"reason": Mentorship.EndReason.MENTEE_REQUEST, "note": "", "confirm": "on"})
    assert reason_seen_by(client, world, login, Mentorship.EndReason.MENTEE_REQUEST.label) == {
        "director": False, "facilitator": True, "admin": True,
        "vicechair": False, "mentor": False, "mentee": True}


def test_completed_is_no_exception_so_a_bare_ended_gives_nothing_away(client, world, login):
    mentorship_end(mentorship=world.mentorship, reason=Mentorship.EndReason.COMPLETED)
    assert reason_seen_by(client, world, login, Mentorship.EndReason.COMPLETED.label) == {
        "director": False, "facilitator": True, "admin": True,
        "vicechair": False, "mentor": False, "mentee": True}


def test_a_facilitator_who_once_mentored_the_mentee_is_not_told_why_another_mentorship_ended(
        client, world, login):
    RoleFactory(person=world.outsider, kind=LeadershipRole.Kind.FACILITATOR,
                division=world.division)
    MentorshipFactory(mentee=world.mentee, mentor=world.outsider, kind="informal",
                      end_date=datetime.date.today() - datetime.timedelta(days=5),
                      end_reason=Mentorship.EndReason.COMPLETED)
    mentorship_end(mentorship=world.mentorship, reason=Mentorship.EndReason.MENTEE_REQUEST)
    history = history_of(client, login, world.outsider, world.mentee)
    assert Mentorship.EndReason.MENTEE_REQUEST.label not in history
    assert history.count("ended") >= 2


def test_a_reason_is_hidden_while_any_request_naming_the_mentorship_is_hidden(
        client, world, login):
    """An earlier request kept from the director, then a change through a second one."""
    first = ask(client, world, login, audience=FACILITATORS_ONLY)
    login(world.facilitator)
    client.post(reverse("programs:change_request_resolve", kwargs={"pk": first.pk}),
                {"outcome": "Let us try a few more meetings first."})
    resolve_with_ending(client, world, login, ask(client, world, login))
    assert ChangeRequest.objects.filter(mentorship=world.mentorship).count() == 2
    assert CHANGED not in history_of(client, login, world.director, world.mentee)
    assert CHANGED in history_of(client, login, world.facilitator, world.mentee)


def test_asking_for_a_different_mentor_requires_saying_which(client, world, login):
    login(world.mentee)
    response = client.post(NEW, {"kind": "different", "reason": "Typed reason",
                                 "audience": "with_director"})
    assert response.status_code == 200
    assert "Say which mentor you would like to change." in response.content.decode()
    assert "Typed reason" in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_instead_of_is_ignored_for_an_additional_mentor_and_hidden_by_the_page(
        client, world, login):
    login(world.mentee)
    page = client.get(NEW).content.decode()
    assert 'data-show-if="kind=different"' in page and "js/forms.js" in page
    client.post(NEW, {"kind": "additional", "mentorship": world.mentorship.pk,
                      "audience": "with_director"})
    assert ChangeRequest.objects.get().mentorship is None


def test_my_requests_lists_the_mentees_own_requests_with_their_status(client, world, login):
    ChangeRequest.objects.create(mentee=world.outsider, division=world.other_division,
                                 kind="additional", reason="someone else's")
    mine = ask(client, world, login)
    page = client.get(reverse("programs:my_change_requests")).content.decode()
    assert reverse("programs:change_request_detail", args=[mine.pk]) in page
    assert "instead of Mentor Tester" in page and "Open" in page
    assert "someone else" not in page and page.count("<tr>") == 2  # header and mine
