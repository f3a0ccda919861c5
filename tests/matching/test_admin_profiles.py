"""The Django admin never shows, filters or searches a mentee's identity opt-ins, nor an
introduction's message or decline reason (programs/admin_privacy.py)."""

from django.urls import reverse

from matching.models import Introduction
from tests.admin_privacy import superuser
from tests.matching.survey import make_needs


def test_the_identity_opt_ins_are_not_in_the_admin(client, world):
    needs = make_needs(world.newfaculty, "Teaching", wants_gender_concordance=True,
                       wants_identity_concordance=True)
    client.force_login(superuser())
    change = client.get(reverse("admin:matching_menteeneeds_change", args=[needs.pk]))
    assert change.status_code == 200
    html = change.content.decode()
    assert "wants_gender_concordance" not in html and "wants_identity_concordance" not in html
    assert "shares my gender" not in html
    listing = reverse("admin:matching_menteeneeds_changelist")
    assert client.get(listing, {"wants_gender_concordance": "1"}).status_code == 400
    assert client.get(listing, {"wants_identity_concordance__exact": "0"}).status_code == 400


def test_an_introductions_message_and_reason_are_not_in_the_admin(client, world):
    row = Introduction.objects.create(mentee=world.newfaculty, mentor=world.mentor,
                                      message="Private hopes", status="declined",
                                      decline_reason="Private reason")
    client.force_login(superuser())
    html = client.get(reverse("admin:matching_introduction_change", args=[row.pk])
                      ).content.decode()
    assert "Private hopes" not in html and "Private reason" not in html
    listing = reverse("admin:matching_introduction_changelist")
    assert client.get(listing, {"message__startswith": "Private"}).status_code == 400
