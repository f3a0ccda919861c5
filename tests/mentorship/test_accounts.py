"""Signing in through allauth: email and password, no sign-up, reset by email, rate limits.

allauth counts sign-in attempts in the cache, which is the database cache: each test's
counts roll back with its transaction, so nothing leaks from one test to the next.
"""

import datetime
import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from programs.adapters import KNOWN_BROWSER_COOKIE
from programs.models import RosterImport, User
from programs.services.roster import roster_import_apply
from tests.programs.factories import PASSWORD

LOGIN = reverse("account_login")


def sign_in(client, email, password, ip="127.0.0.1"):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=ip)


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
# Failed sign-ins are limited per IP address (10 a minute) and per account (5 in 5 minutes).
# The per-account limit must not let anyone who knows a colleague's email lock them out.


def sign_out(client):
    """Sign out as a person does: the browser keeps its other cookies (the test client's
    logout() would throw them all away)."""
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def text(response) -> str:
    return " ".join(response.content.decode().split())


def reset_password_by_email(client, email, new_password="lantern-orchard-2026"):
    """Ask for a reset and set a new password through the emailed link."""
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": email})
    link = re.search(r"(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    done = client.post(form_page.redirect_chain[-1][0],
                       {"password1": new_password, "password2": new_password})
    assert done.status_code == 302
    return new_password


def test_five_wrong_passwords_pause_the_account_with_a_429_page_that_says_what_to_do(
        client, world):
    for n in range(5):
        response = sign_in(client, "mentee@test.example", f"wrong-{n}", ip="10.0.0.1")
        assert response.status_code == 200  # a wrong password, shown on the form
        assert response.context["form"].errors
    # Even the right password is refused now, from a browser that never signed in here.
    response = sign_in(client, "mentee@test.example", PASSWORD, ip="10.0.0.2")
    assert response.status_code == 429
    assert "429.html" in [t.name for t in response.templates]
    page = text(response)
    assert "Sign-in paused for this account" in page
    assert "up to 5 minutes" in page
    assert reverse("account_reset_password") in page
    assert "you do not have to wait" in page
    assert response["Retry-After"] == "300"
    assert "_auth_user_id" not in client.session


def test_the_pause_counts_an_address_on_the_roster_and_an_unknown_one_alike(client, world):
    # Otherwise the pause would tell a stranger which addresses have accounts.
    for email in ("mentee@test.example", "nobody@nowhere.example"):
        for n in range(5):
            sign_in(client, email, f"wrong-{n}", ip="10.0.1.1")
    known = sign_in(client, "mentee@test.example", "wrong", ip="10.0.1.2")
    unknown = sign_in(client, "nobody@nowhere.example", "wrong", ip="10.0.1.2")
    assert known.status_code == unknown.status_code == 429
    assert known.content == unknown.content


def test_the_owner_still_signs_in_on_a_browser_they_used_before(client, world):
    owner, stranger = client, Client()
    assert sign_in(owner, "mentee@test.example", PASSWORD).status_code == 302
    assert KNOWN_BROWSER_COOKIE in owner.cookies
    sign_out(owner)
    for n in range(8):
        sign_in(stranger, "mentee@test.example", f"guess-{n}", ip="10.0.2.1")
    assert sign_in(stranger, "mentee@test.example", PASSWORD, ip="10.0.2.1").status_code == 429

    response = sign_in(owner, "mentee@test.example", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert int(owner.session["_auth_user_id"]) == world.mentee.user.pk


def test_a_known_browser_still_gets_only_five_wrong_passwords(client, world):
    # The cookie is no way round the limit: the browser has five tries of its own.
    assert sign_in(client, "mentee@test.example", PASSWORD).status_code == 302
    sign_out(client)
    statuses = [sign_in(client, "mentee@test.example", f"wrong-{n}").status_code
                for n in range(6)]
    assert statuses == [200] * 5 + [429]
    assert sign_in(client, "mentee@test.example", PASSWORD).status_code == 429


def test_a_browser_known_for_another_account_or_a_forged_cookie_gets_no_exemption(
        client, world):
    # The stranger signs in to their own account first, then tries the colleague's.
    assert sign_in(client, world.outsider.email, PASSWORD, ip="10.0.3.1").status_code == 302
    sign_out(client)
    for n in range(5):
        sign_in(client, "mentee@test.example", f"guess-{n}", ip="10.0.3.1")
    assert sign_in(client, "mentee@test.example", PASSWORD, ip="10.0.3.1").status_code == 429
    signed = client.cookies[KNOWN_BROWSER_COOKIE].value
    client.cookies[KNOWN_BROWSER_COOKIE] = "0" * 32 + signed[32:]
    assert sign_in(client, "mentee@test.example", PASSWORD, ip="10.0.3.1").status_code == 429


def test_a_successful_password_reset_lifts_the_pause(client, world):
    for n in range(5):
        sign_in(client, "mentee@test.example", f"wrong-{n}", ip="10.0.4.1")
    assert sign_in(client, "mentee@test.example", PASSWORD, ip="10.0.4.2").status_code == 429

    new_password = reset_password_by_email(client, "mentee@test.example")
    sign_out(client)
    response = sign_in(client, "mentee@test.example", new_password, ip="10.0.4.2")
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == world.mentee.user.pk


def test_a_password_reset_also_lifts_the_pause_on_a_known_browser(client, world):
    # The owner mistypes five times on their own browser, then resets it there.
    assert sign_in(client, "mentee@test.example", PASSWORD).status_code == 302
    sign_out(client)
    for n in range(5):
        sign_in(client, "mentee@test.example", f"typo-{n}")
    assert sign_in(client, "mentee@test.example", PASSWORD).status_code == 429

    new_password = reset_password_by_email(client, "mentee@test.example")
    response = sign_in(client, "mentee@test.example", new_password)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == world.mentee.user.pk


def test_too_many_failures_from_one_network_answer_429_and_say_so(client, world):
    for n in range(10):
        response = sign_in(client, f"person-{n}@nowhere.example", "wrong", ip="10.0.6.1")
        assert response.status_code == 200
    response = sign_in(client, "mentee@test.example", PASSWORD, ip="10.0.6.1")
    assert response.status_code == 429
    page = text(response)
    assert "Too many failed sign-in attempts from your network" in page
    assert "Sign-in paused for this account" not in page
    assert response["Retry-After"] == "60"
    # Another network is not affected.
    assert sign_in(client, "mentee@test.example", PASSWORD, ip="10.0.6.2").status_code == 302


def test_the_general_429_page_does_not_blame_sign_in_for_another_limit(client, world):
    # Reset emails are limited to five a minute per address: that is what was paused, not
    # signing in (the page used to say "paused sign-in attempts from here").
    statuses = [client.post(reverse("account_reset_password"),
                            {"email": world.mentee.email}).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    assert len(mail.outbox) == 5
    response = client.post(reverse("account_reset_password"), {"email": world.mentee.email})
    assert response.status_code == 429
    page = text(response)
    assert "Too many attempts" in page
    assert "sign-in" not in page.lower().split("if you have forgotten")[0]


def test_the_429_pages_render_without_inline_code(client, world):
    from tests.mentorship.test_security import inline_code

    for n in range(5):
        sign_in(client, "mentee@test.example", f"wrong-{n}", ip="10.0.8.1")
    response = sign_in(client, "mentee@test.example", PASSWORD, ip="10.0.8.1")
    assert response.status_code == 429
    assert inline_code(response.content.decode()) == []
    assert "unsafe-inline" not in response["Content-Security-Policy"]


# --- Emails to an address without an active account -------------------------------------


def test_it_tells_a_departed_person_whom_to_contact_instead_of_inviting_them_to_sign_up(
        client, world):
    departed = world.outsider
    departed.status = "departed"
    departed.departure_date = datetime.date.today()
    departed.save()
    departed.user.is_active = False
    departed.user.save()
    response = client.post(reverse("account_reset_password"), {"email": departed.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [departed.email]
    assert message.subject == "[Mentorship] Your mentorship program account is closed"
    body = message.body
    assert "sign up" not in body.lower()
    assert reverse("account_signup") not in body
    assert ("That account is closed: the department's roster records that you have left the "
            f"{world.department.name}") in " ".join(body.split())
    assert f"{world.admin.full_name}, {world.admin.email}" in body


def test_it_tells_an_unknown_address_that_accounts_come_from_the_roster(
        client, world, settings):
    settings.PROGRAM_CONTACT_EMAIL = "mentorship-office@hospital.example"
    client.post(reverse("account_reset_password"), {"email": "stranger@nowhere.example"})
    message = mail.outbox[0]
    assert message.subject == "[Mentorship] No mentorship program account for this address"
    body = message.body
    assert "sign up" not in body.lower()
    assert reverse("account_signup") not in body
    assert "they come from the department's faculty roster" in body
    assert "mentorship-office@hospital.example" in body
    # Nobody's names are given to an address that was never on the roster.
    assert world.admin.email not in body


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
