from programs.access import viewer_for


def viewer(request) -> dict:
    """The signed-in person's roles, for role-aware navigation."""
    return {"viewer": viewer_for(getattr(request, "user", None))}
