"""Signing in through allauth: email and password, no sign-up, reset by email, rate limits."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from programs.models import RosterImport, User
from programs.services.roster import roster_import_apply
from tests.programs.factories import PASSWORD

LOGIN = reverse("account_login")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts attempts in the cache; never let one test's attempts leak."""
    cache.clear()
    yield
    cache.clear()


def sign_in(client, email, password):
    return client.post(LOGIN, {"login": email, "password": password})


def test_it_signs_in_with_email_and_password_and_lands_on_home(client, world):
    response = sign_in(client, "mentee@test.example", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    home = client.get(response.url)
    assert home.status_code == 200
    assert home.context["user"] == world.mentee.user
    assert world.mentor.user.get_full_name() in home.content.decode()


def test_it_accepts_the_email_in_any_case(client, world):
    response = sign_in(client, "Mentee@Test.Example", PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == world.mentee.user.pk


def test_it_refuses_a_wrong_password(client, world):
    response = sign_in(client, "mentee@test.example", "not-the-password")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_it_refuses_a_departed_persons_login(client, world):
    world.outsider.user.is_active = False
    world.outsider.user.save()
    response = sign_in(client, world.outsider.email, PASSWORD)
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response.url == reverse("account_inactive")


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


# --- No public sign-up -------------------------------------------------------------


def test_it_shows_sign_up_as_closed(client, db):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]


def test_it_creates_nobody_through_the_sign_up_url(client, db):
    before = User.objects.count()
    response = client.post(reverse("account_signup"), {
        "email": "intruder@example.org", "password1": "a-long-pass-phrase-2026",
        "password2": "a-long-pass-phrase-2026"})
    assert response.status_code == 200
    assert User.objects.count() == before
    assert not User.objects.filter(email="intruder@example.org").exists()


def test_it_offers_no_sign_up_link_on_the_login_page(client, db):
    page = client.get(LOGIN).content.decode()
    assert reverse("account_signup") not in page
    assert "There is no public sign-up" in page


# --- An imported person sets a password by email -----------------------------------------


ROSTER = (
    "employee_id,email,first_name,last_name,division,site,rank,position,appointment_date\r\n"
    "E555,new.person@hospital.example,New,Person,General Internal Medicine,"
    "Lakeshore General Hospital,Assistant Professor,Clinician teacher,2025-07-01\r\n"
)


def test_it_lets_an_imported_person_set_a_password_through_the_reset_email(client, world):
    record = RosterImport.objects.create(department=world.department, filename="r.csv",
                                         content=ROSTER)
    roster_import_apply(roster_import=record)
    user = User.objects.get(email="new.person@hospital.example")
    assert not user.has_usable_password()
    assert "_auth_user_id" not in sign_in(client, user.email, "").wsgi_request.session

    response = client.post(reverse("account_reset_password"),
                           {"email": "New.Person@hospital.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@hospital.example"]
    assert message.subject.startswith("[Mentorship] ")
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    assert "password1" in form_page.content.decode()
    new_password = "lantern-orchard-2026"
    done = client.post(set_url, {"password1": new_password, "password2": new_password})
    assert done.status_code == 302

    user.refresh_from_db()
    assert user.has_usable_password()
    assert user.check_password(new_password)

    client.logout()
    response = sign_in(client, user.email, new_password)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_it_does_not_reuse_a_reset_link(client, world):
    client.post(reverse("account_reset_password"), {"email": world.mentee.email})
    link = re.search(r"(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    first = client.get(link, follow=True)
    set_url = first.redirect_chain[-1][0]
    client.post(set_url, {"password1": "lantern-orchard-2026", "password2": "lantern-orchard-2026"})
    client.logout()
    again = client.get(link, follow=True)
    assert "password1" not in again.content.decode()
    assert again.context.get("token_fail") is True


def test_it_does_not_say_whether_an_email_is_on_the_roster(client, world):
    known = client.post(reverse("account_reset_password"), {"email": world.mentee.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@nowhere.example"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert not User.objects.filter(email="nobody@nowhere.example").exists()


# --- Rate limits -------------------------------------------------------------------------


def test_it_answers_429_with_our_page_after_repeated_failed_logins(client, world):
    statuses = [sign_in(client, "mentee@test.example", f"wrong-{n}").status_code
                for n in range(30)]
    assert set(statuses) == {200}  # wrong passwords, shown on the form
    response = sign_in(client, "mentee@test.example", "wrong-again")
    assert response.status_code == 429
    assert "429.html" in [t.name for t in response.templates]
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_locks_an_account_after_five_failures_even_with_the_right_password(client, world):
    for n in range(5):
        sign_in(client, "mentee@test.example", f"wrong-{n}")
    response = sign_in(client, "mentee@test.example", PASSWORD)
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


# --- The Django admin signs in through allauth ------------------------------------------


def test_it_sends_the_admin_login_to_allauth(client, db):
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert "next=/admin/" in response.url.replace("%2F", "/")


def test_it_never_shows_djangos_own_admin_login_form(client, db):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain
    final_url = response.redirect_chain[-1][0]
    assert final_url.startswith(LOGIN)
    assert "admin/login.html" not in [t.name for t in response.templates]


def test_it_refuses_a_password_post_to_the_admin_login(client, world):
    world.admin.user.is_superuser = True
    world.admin.user.save()
    response = client.post(reverse("admin:login"),
                           {"username": world.admin.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_it_lets_staff_signed_in_through_allauth_into_the_admin(client, world):
    sign_in(client, world.admin.email, PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_it_refuses_the_admin_to_a_signed_in_non_staff_user(client, world):
    sign_in(client, world.mentee.email, PASSWORD)
    assert client.get(reverse("admin:login")).status_code == 403


def test_nobody_can_change_their_own_email_the_roster_owns_it(client, world, login):
    login(world.mentee)
    before = world.mentee.user.email
    assert client.get("/accounts/email/").status_code == 404
    response = client.post("/accounts/email/", {"action_add": "", "email": "new@x.example"})
    assert response.status_code == 404
    world.mentee.user.refresh_from_db()
    assert world.mentee.user.email == before
