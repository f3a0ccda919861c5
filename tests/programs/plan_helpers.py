"""Helpers for posting the plan-edit formsets in tests."""

import datetime
import re
from html.parser import HTMLParser

from programs.models import AcademicPlan


def plan_post(goals: list[dict] | None = None, milestones: list[dict] | None = None,
              initial_goals: int = 0, initial_milestones: int = 0, revision: int = 0) -> dict:
    """Form data for programs:plan_edit: rows are dicts of field values (with "id" for
    existing rows). `revision` is the plan's revision when the page was read (0 before
    the plan exists; see `revision_of`)."""
    data: dict = {"plan-revision": str(revision)}
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


def revision_of(person) -> int:
    """The revision an edit page opened now would carry."""
    plan = AcademicPlan.objects.filter(faculty=person).first()
    return plan.revision if plan else 0


class _FormFields(HTMLParser):
    """What a browser would post from one <form>: inputs (ticked boxes only), the
    selected option of each select, and textareas."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, []
        self._select: str | None = None
        self._first_option: tuple[str, str] | None = None
        self._selected = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if attrs.get("type") in (
                "checkbox", "radio") else "")))
        elif tag == "select":
            self._select, self._first_option, self._selected = name, None, False
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = (self._select, attrs.get("value", ""))
            if "selected" in attrs:
                self.data.append((self._select, attrs.get("value", "")))
                self._selected = True
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.append((name, ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            if not self._selected and self._first_option:
                self.data.append(self._first_option)
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.data and self.data[-1][0] == self._textarea:
            self.data[-1] = (self._textarea, self.data[-1][1] + data)


def page_form(html: str, form_id: str = "plan-edit-form",
              add: dict[str, int] | None = None) -> dict[str, str]:
    """The form on a page as a browser would post it (one value per name), after pressing
    "Add a goal" or "Add a milestone" as often as `add` says ({"goals": 1}): each press
    adds the page's empty card with the formset's next index, as static/js/plan_edit.js
    does."""
    parser = _FormFields(form_id)
    parser.feed(html)
    data = dict(parser.data)
    for prefix, times in (add or {}).items():
        card = re.search(rf'<template id="{prefix}-empty-row">(.*?)</template>', html, re.S)
        assert card, f"no empty {prefix} card on the page"
        for _ in range(times):
            index = int(data[f"{prefix}-TOTAL_FORMS"])
            data |= page_form(f'<form id="card">{card.group(1)}</form>'.replace(
                "__prefix__", str(index)), "card")
            data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    return data
