"""The Django admin names every model of ours in plain English, plurals included.

Django makes a plural by adding "s" unless the model says otherwise; that gave the admin
"Invitation sents" and "Plan progresss". A model whose name does not take a plain "s" must
declare its `verbose_name_plural`.
"""

import re

import pytest
from django.urls import reverse

from tests.admin_privacy import project_models, superuser

# Last words that never take a plain "s": participles, and nouns with no plural here.
NO_PLAIN_S = {"sent", "received", "feedback", "progress", "information", "advice",
              "evidence", "data", "staff", "research"}


def needs_its_own_plural(singular: str) -> bool:
    """Whether Django's default plural (singular + "s") would be wrong English."""
    word = singular.split()[-1].lower()
    return (word in NO_PLAIN_S or word.endswith(("s", "x", "z", "ch", "sh"))
            or re.search(r"[^aeiou]y$", word) is not None)


def test_the_rule_catches_the_plurals_the_admin_showed():
    assert needs_its_own_plural("invitation sent")
    assert needs_its_own_plural("plan progress")
    assert needs_its_own_plural("exit feedback")
    assert needs_its_own_plural("survey") is False
    assert needs_its_own_plural("summary")
    assert not needs_its_own_plural("faculty member")


@pytest.mark.parametrize("model", project_models(), ids=lambda m: m._meta.label)
def test_every_model_has_a_plural_that_reads_as_english(model):
    meta = model._meta
    if meta.verbose_name_plural == f"{meta.verbose_name}s":  # Django's default
        assert not needs_its_own_plural(str(meta.verbose_name)), (
            f"{meta.label}: set Meta.verbose_name_plural (Django would say "
            f"{meta.verbose_name_plural!r})")


def test_the_admin_index_has_no_made_up_plurals(client, db):
    client.force_login(superuser())
    html = client.get(reverse("admin:index")).content.decode()
    for wrong in ("Invitation sents", "Plan progresss", "Exit feedbacks"):
        assert wrong not in html
    for right in ("Invitations sent", "Plan progress", "Exit feedback"):
        assert f">{right}<" in html
