"""Every model of ours is in the Django admin, searchable and filterable, for data fixes."""

import pytest
from django.apps import apps
from django.contrib import admin

OUR_MODELS = [model for app in ("programs", "checkins")
              for model in apps.get_app_config(app).get_models()]


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
