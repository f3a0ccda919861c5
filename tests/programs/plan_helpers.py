"""Helpers for posting the plan-edit formsets in tests."""

import datetime


def plan_post(goals: list[dict] | None = None, milestones: list[dict] | None = None,
              initial_goals: int = 0, initial_milestones: int = 0) -> dict:
    """Form data for programs:plan_edit: rows are dicts of field values (with "id" for
    existing rows)."""
    data: dict = {}
    for prefix, rows, initial in (("goals", goals or [], initial_goals),
                                  ("milestones", milestones or [], initial_milestones)):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(initial)
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    return data


def goal(description: str, domain: str = "research", year: int | None = None,
         status: str = "not_started", **extra) -> dict:
    return {"domain": domain, "description": description,
            "target_year": str(year or datetime.date.today().year + 2), "status": status,
            **extra}


def milestone(kind: str = "promotion", title: str = "", year: int | None = None,
              done: bool = False, **extra) -> dict:
    row = {"kind": kind, "title": title,
           "target_year": str(year or datetime.date.today().year + 4), **extra}
    if done:
        row["done"] = "on"
    return row
