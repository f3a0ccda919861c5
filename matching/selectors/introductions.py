"""Introduction lists: asked by me, asked of me, and in the divisions I look after."""

from django.db.models import Q, QuerySet

from matching import access
from matching.models import Introduction
from programs.access import Viewer

LIST_LIMIT = 100


def _rows(queryset: QuerySet[Introduction]) -> list[Introduction]:
    return list(queryset.select_related("mentee__user", "mentee__division", "mentor__user",
                                        "mentor__division")
                .order_by("-created_at", "-pk")[:LIST_LIMIT])


def introduction_lists(viewer: Viewer) -> dict:
    """Three lists, three queries at most."""
    me = viewer.faculty
    lists: dict = {"asked": [], "received": [], "overseen": []}
    if me is not None:
        lists["asked"] = _rows(Introduction.objects.filter(mentee=me))
        lists["received"] = _rows(Introduction.objects.filter(mentor=me))
    if viewer.division_lead_ids or viewer.admin_department_ids or viewer.is_superuser:
        others = access.introductions_visible_to(viewer)
        if me is not None:
            others = others.exclude(Q(mentee=me) | Q(mentor=me))
        lists["overseen"] = _rows(others)
        lists["oversees"] = True
    return lists
