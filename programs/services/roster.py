"""Roster import writes: storing an uploaded file for preview, and applying it.

Nothing reaches the roster until a previewed file is confirmed, and then only if the file
still does exactly what the preview said (programs.selectors.roster.plan_import decides
that, under a lock on the department, so two confirms cannot both add the same people).
"""

import secrets

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import IntegrityError, transaction
from django.utils import timezone

from programs.forms.roster import RosterFileError, read_roster
from programs.models import Department, FacultyMember, RosterImport, User
from programs.selectors.roster import FACULTY_FIELDS, USER_FIELDS, RosterPlan, plan_import
from programs.services.people import faculty_departure_apply, faculty_return_apply


class RosterImportError(Exception):
    """A confirmed import that was not applied; nothing was written."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def roster_import_create(*, department: Department, uploaded_by: User, filename: str,
                         text: str) -> tuple[RosterImport, list[str]]:
    """Store an uploaded file for its preview: only the columns the import uses.

    Raises RosterFileError, storing nothing, when the file's shape is wrong or ambiguous.
    Returns the stored import and the names of the columns that were not kept.
    """
    table = read_roster(text)
    record = RosterImport.objects.create(
        department=department, uploaded_by=uploaded_by, filename=filename[:255],
        content=table.known_columns_csv(),
    )
    return record, table.ignored_columns


def roster_import_apply(*, roster_import: RosterImport, expected_plan: str | None = None) -> bool:
    """Write a previewed import, checked again against the roster as it is now.

    `expected_plan` is the fingerprint of the plan the admin confirmed; if the plan is no
    longer the same (another import or an edit came first), nothing is written. Returns
    True when this call applied the import, False when it had already been applied (a
    double-clicked button). Raises RosterImportError when nothing was written for another
    reason. `roster_import` is refreshed either way, so its counts are the stored ones.
    """
    with transaction.atomic():
        # One apply at a time per department. Two previews that add the same new people
        # would otherwise both plan "create" and the second would hit the unique email
        # index; this way the second waits, then plans against what the first wrote.
        Department.objects.select_for_update().filter(pk=roster_import.department_id).first()
        locked = RosterImport.objects.select_for_update().select_related("department").get(
            pk=roster_import.pk)
        if locked.status == RosterImport.Status.APPLIED:
            _copy_result(locked, roster_import)
            return False
        plan = _plan_to_apply(locked, expected_plan)
        try:
            with transaction.atomic():
                _write(plan, locked.department)
        except IntegrityError:
            # Someone changed the same people outside an import (the Django admin) between
            # our plan and our write. The lock cannot cover that; the unique indexes do.
            raise RosterImportError(
                "Someone changed some of these people at the same moment, so nothing was "
                "written. Look at the preview again and confirm.", code="conflict") from None
        locked.status = RosterImport.Status.APPLIED
        locked.applied_at = timezone.now()
        locked.created_count = plan.count("create")
        locked.updated_count = plan.count("update")
        locked.unchanged_count = plan.count("unchanged")
        locked.save()
    _copy_result(locked, roster_import)
    return True


def _plan_to_apply(record: RosterImport, expected_plan: str | None) -> RosterPlan:
    try:
        plan = plan_import(record.content, record.department)
    except RosterFileError as error:
        raise RosterImportError(f"{error} Nothing was written: upload a corrected file.",
                                code="unreadable") from None
    if not plan.is_clean:
        raise RosterImportError(
            "The roster changed since the preview, and the file no longer imports cleanly. "
            "Nothing was written.", code="invalid")
    if expected_plan is not None and plan.fingerprint != expected_plan:
        raise RosterImportError(
            "The roster changed after this preview was shown (for example, another import "
            "added some of the same people), so nothing was written. Check the updated "
            "preview and confirm again if it is right.", code="changed")
    return plan


def _copy_result(source: RosterImport, target: RosterImport) -> None:
    for name in ("status", "applied_at", "created_count", "updated_count", "unchanged_count"):
        setattr(target, name, getattr(source, name))


def _write(plan: RosterPlan, department: Department) -> None:
    new_users = []
    for row in plan.rows:
        if row.action == "create" and row.existing_user is None:
            # No password: they set one through "forgot password". The same value as
            # set_unusable_password(), which costs 40 calls to secrets.choice a person.
            user = User(**row.user_values,
                        password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30))
            # Someone who is already gone when first imported gets no working login.
            user.is_active = row.faculty_values["status"] != FacultyMember.Status.DEPARTED
            new_users.append(user)
            row.existing_user = user
    User.objects.bulk_create(new_users, batch_size=500)
    created = [
        FacultyMember(user=row.existing_user, department=department, **row.faculty_values)
        for row in plan.rows if row.action == "create"
    ]
    FacultyMember.objects.bulk_create(created, batch_size=500)

    updates = [row for row in plan.rows if row.action == "update"]
    users, faculty, departing, returning = [], [], [], []
    for row in updates:
        for key, value in row.user_values.items():
            setattr(row.existing_user, key, value)
        was_departed = row.existing.status == FacultyMember.Status.DEPARTED
        for key, value in row.faculty_values.items():
            setattr(row.existing, key, value)
        is_departed = row.existing.status == FacultyMember.Status.DEPARTED
        if is_departed and not was_departed:
            departing.append(row.existing)
        elif was_departed and not is_departed:
            returning.append(row.existing)
        users.append(row.existing_user)
        faculty.append(row.existing)
    User.objects.bulk_update(users, USER_FIELDS, batch_size=500)
    FacultyMember.objects.bulk_update(faculty, FACULTY_FIELDS, batch_size=500)
    for person in departing:
        faculty_departure_apply(person=person)
    for person in returning:
        faculty_return_apply(person=person)
