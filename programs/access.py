"""Who may see and change whom. Every view fetches people and divisions through here.

A user who may not see an object gets 404, never 403, so a response never confirms
that something exists.
"""

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, IntegerField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from programs.models import (
    Department,
    Division,
    FacultyMember,
    LeadershipRole,
    Mentorship,
    Notification,
    SupervisorLink,
    User,
)


@dataclass(frozen=True)
class Viewer:
    """What the signed-in user is, worked out once per request."""

    user: User | None
    faculty: FacultyMember | None = None
    directed_division_ids: frozenset[int] = field(default_factory=frozenset)
    facilitated_division_ids: frozenset[int] = field(default_factory=frozenset)
    vice_chair_department_ids: frozenset[int] = field(default_factory=frozenset)
    admin_department_ids: frozenset[int] = field(default_factory=frozenset)
    is_superuser: bool = False
    led_divisions: tuple[tuple[int, str], ...] = ()  # (id, name), for navigation

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def is_division_director(self) -> bool:
        return bool(self.directed_division_ids)

    @property
    def is_facilitator(self) -> bool:
        return bool(self.facilitated_division_ids)

    @property
    def is_vice_chair(self) -> bool:
        return bool(self.vice_chair_department_ids)

    @property
    def is_program_admin(self) -> bool:
        return self.is_superuser or bool(self.admin_department_ids)

    @property
    def division_lead_ids(self) -> frozenset[int]:
        """Divisions whose roster this person looks after (as DDD or facilitator)."""
        return self.directed_division_ids | self.facilitated_division_ids

    @property
    def department_wide_ids(self) -> frozenset[int]:
        """Departments this person sees whole (as Vice-Chair or program admin)."""
        return self.vice_chair_department_ids | self.admin_department_ids

    def sees_all_departments(self) -> bool:
        return self.is_superuser


ANONYMOUS = Viewer(user=None)


def _unread_notifications() -> RawSQL:
    """How many of the person's notifications are unread, as a correlated subquery of the
    faculty query in `viewer_for`. Written out rather than built with Subquery(): it runs
    on every page, and compiling that Subquery took longer than the database takes to
    answer it. Plain SQL (PostgreSQL and SQLite alike), served by notification_unread_idx."""
    quote = connection.ops.quote_name
    notification, faculty = Notification._meta, FacultyMember._meta
    return RawSQL(
        f"SELECT COUNT(*) FROM {quote(notification.db_table)} unread"
        f" WHERE unread.{quote(notification.get_field('read_at').column)} IS NULL"
        f" AND unread.{quote(notification.get_field('user').column)}"
        f" = {quote(faculty.db_table)}.{quote(faculty.get_field('user').column)}",
        (), output_field=IntegerField())


def _has_held_a_role() -> RawSQL:
    """Whether the person has any leadership role row, current or ended, as a correlated
    subquery of the same faculty query: most faculty never held one, and then the roles
    query is skipped. Deliberately broader than "active" (no dates), so it can never hide
    a role: `viewer_for` still reads which roles are active with the ORM."""
    quote = connection.ops.quote_name
    role, faculty = LeadershipRole._meta, FacultyMember._meta
    return RawSQL(
        f"EXISTS (SELECT 1 FROM {quote(role.db_table)} held"
        f" WHERE held.{quote(role.get_field('person').column)}"
        f" = {quote(faculty.db_table)}.{quote(faculty.pk.column)})",
        (), output_field=BooleanField())


def viewer_for(user) -> Viewer:
    """The Viewer for a user, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_viewer", None)
    if cached is not None:
        return cached
    # One row at most (one faculty record per account), so no ORDER BY: `.first()` would
    # sort by the model's ordering, a join to the accounts table on every request.
    faculty = next(iter(
        FacultyMember.objects.select_related("department", "division", "site", "position")
        # The navigation's unread count comes with the faculty record: no query of its own.
        .annotate(unread_notifications=_unread_notifications(), held_a_role=_has_held_a_role())
        .filter(user=user)
        .order_by()[:1]
    ), None)
    roles = (
        # Unordered: they become sets (and the divisions are sorted by name below).
        list(LeadershipRole.objects.active().filter(person=faculty).order_by().values_list(
            "kind", "division_id", "department_id", "division__name"))
        if faculty is not None and faculty.held_a_role else []
    )

    def pick(kind: str, index: int) -> frozenset[int]:
        return frozenset(row[index] for row in roles if row[0] == kind)

    Kind = LeadershipRole.Kind
    viewer = Viewer(
        user=user,
        faculty=faculty,
        directed_division_ids=pick(Kind.DIVISION_DIRECTOR, 1),
        facilitated_division_ids=pick(Kind.FACILITATOR, 1),
        vice_chair_department_ids=pick(Kind.VICE_CHAIR, 2),
        admin_department_ids=pick(Kind.PROGRAM_ADMIN, 2),
        led_divisions=tuple(sorted({(row[1], row[3]) for row in roles
                                    if row[0] in LeadershipRole.DIVISION_KINDS},
                                   key=lambda pair: pair[1])),
        is_superuser=user.is_superuser,
    )
    user._viewer = viewer
    return viewer


def faculty_visible_to(viewer: Viewer) -> QuerySet[FacultyMember]:
    """Profiles the viewer may open: their own, their mentees', their division's (as DDD
    or facilitator), their department's (as Vice-Chair or program admin)."""
    if not viewer.is_authenticated:
        return FacultyMember.objects.none()
    if viewer.sees_all_departments():
        return FacultyMember.objects.all()
    visible = Q(division_id__in=viewer.division_lead_ids) | Q(
        department_id__in=viewer.department_wide_ids
    )
    if viewer.faculty is not None:
        mentee_ids = Mentorship.objects.active().filter(mentor=viewer.faculty).values("mentee_id")
        visible |= Q(pk=viewer.faculty.pk) | Q(pk__in=mentee_ids)
    return FacultyMember.objects.filter(visible)


def get_faculty_for_viewer(viewer: Viewer, pk: int) -> FacultyMember:
    faculty = (
        faculty_visible_to(viewer)
        .select_related("user", "department", "division", "site", "position")
        .filter(pk=pk)
        .first()
    )
    if faculty is None:
        raise Http404("No such faculty member.")
    return faculty


def divisions_visible_to(viewer: Viewer) -> QuerySet[Division]:
    """Divisions whose roster the viewer may read."""
    if not viewer.is_authenticated:
        return Division.objects.none()
    if viewer.sees_all_departments():
        return Division.objects.all()
    return Division.objects.filter(
        Q(pk__in=viewer.division_lead_ids) | Q(department_id__in=viewer.department_wide_ids)
    )


def may_read_roster(viewer: Viewer, division: Division) -> bool:
    """`divisions_visible_to` for one division already loaded: no query (breadcrumbs)."""
    return viewer.is_authenticated and (
        viewer.sees_all_departments() or division.pk in viewer.division_lead_ids
        or division.department_id in viewer.department_wide_ids)


def get_division_for_viewer(viewer: Viewer, pk: int) -> Division:
    own = viewer.faculty
    if (own is not None and own.division_id == pk and own.department_id is not None
            and own.division.department_id == own.department_id
            and may_read_roster(viewer, own.division)):
        # A Division Director or facilitator opening their own division: it came with
        # their faculty record (viewer_for), department included, so no query. A copy, so
        # the page cannot change the viewer's record. The same rule as the query below.
        division = copy.copy(own.division)
        Division._meta.get_field("department").set_cached_value(division, own.department)
        return division
    # By primary key: at most one row, so no ORDER BY (`.first()` would sort by name).
    division = next(iter(divisions_visible_to(viewer).select_related("department")
                         .filter(pk=pk).order_by()[:1]), None)
    if division is None:
        raise Http404("No such division.")
    return division


def departments_administered_by(viewer: Viewer) -> QuerySet[Department]:
    if viewer.is_superuser:
        return Department.objects.all()
    return Department.objects.filter(pk__in=viewer.admin_department_ids)


def require_program_admin(viewer: Viewer) -> None:
    """Roster import and export are for program admins. Others get 404."""
    if not viewer.is_program_admin:
        raise Http404


# --- Mentorships -------------------------------------------------------------------
# Three tiers (shared/PRODUCT.md, "trust and confidentiality"):
#   private notes: their author only (checked where notes are read, never here);
#   shared content (summaries, action items, agreement): the two members only;
#   metadata (that meetings happen: dates, counts, modes, cadence): the members, the
#   mentee's Division Director and facilitators, Vice-Chairs and program admins.


def mentorships_visible_to(viewer: Viewer) -> QuerySet[Mentorship]:
    """Mentorships whose metadata the viewer may see."""
    if not viewer.is_authenticated:
        return Mentorship.objects.none()
    if viewer.sees_all_departments():
        return Mentorship.objects.all()
    visible = Q(mentee__division_id__in=viewer.division_lead_ids) | Q(
        mentee__department_id__in=viewer.department_wide_ids
    )
    if viewer.faculty is not None:
        visible |= Q(mentee=viewer.faculty) | Q(mentor=viewer.faculty)
    return Mentorship.objects.filter(visible)


def may_see_mentorship(viewer: Viewer, mentorship: Mentorship) -> bool:
    """`mentorships_visible_to` for one mentorship already loaded with its mentee: no
    query (tests/programs/test_rules.py checks the two agree for every persona)."""
    if not viewer.is_authenticated:
        return False
    if viewer.sees_all_departments():
        return True
    mentee = mentorship.mentee
    return (mentee.division_id in viewer.division_lead_ids
            or mentee.department_id in viewer.department_wide_ids
            or (viewer.faculty is not None
                and viewer.faculty.pk in (mentorship.mentee_id, mentorship.mentor_id)))


def get_mentorship_for_viewer(viewer: Viewer, pk: int) -> Mentorship:
    """A mentorship the viewer may see at least the metadata of; 404 otherwise."""
    mentorship = (
        mentorships_visible_to(viewer)
        .select_related("mentee__user", "mentee__division", "mentee__department", "mentor__user")
        .filter(pk=pk)
        .first()
    )
    if mentorship is None:
        raise Http404("No such mentorship.")
    return mentorship


def is_member(viewer: Viewer, mentorship: Mentorship) -> bool:
    """The mentee or the mentor: the only people who see shared content."""
    return viewer.faculty is not None and viewer.faculty.pk in (
        mentorship.mentee_id, mentorship.mentor_id)


def get_mentorship_for_member(viewer: Viewer, pk: int) -> Mentorship:
    """A mentorship the viewer belongs to; 404 for everyone else, leaders included."""
    mentorship = get_mentorship_for_viewer(viewer, pk)
    if not is_member(viewer, mentorship):
        raise Http404("No such mentorship.")
    return mentorship


# --- Five-year academic plans -------------------------------------------------------
# The faculty member, their active formal mentors, their DDD, Vice-Chairs and program
# admins. Facilitators, informal mentors and other divisions' DDDs get 404.


def plan_owners_visible_to(viewer: Viewer) -> QuerySet[FacultyMember]:
    """Faculty whose academic plan the viewer may read."""
    if not viewer.is_authenticated:
        return FacultyMember.objects.none()
    if viewer.sees_all_departments():
        return FacultyMember.objects.all()
    visible = Q(division_id__in=viewer.directed_division_ids) | Q(
        department_id__in=viewer.department_wide_ids
    )
    if viewer.faculty is not None:
        mentee_ids = (Mentorship.objects.active().formal().filter(mentor=viewer.faculty)
                      .values("mentee_id"))
        visible |= Q(pk=viewer.faculty.pk) | Q(pk__in=mentee_ids)
    return FacultyMember.objects.filter(visible)


def get_plan_owner_for_viewer(viewer: Viewer, pk: int) -> FacultyMember:
    person = (
        plan_owners_visible_to(viewer)
        .select_related("user", "department", "division")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404("No such plan.")
    return person


def is_self(viewer: Viewer, person: FacultyMember) -> bool:
    return viewer.faculty is not None and viewer.faculty.pk == person.pk


def can_edit_plan(viewer: Viewer, person: FacultyMember) -> bool:
    """The faculty member and their active formal mentors write the plan together."""
    if viewer.faculty is None:
        return False
    return is_self(viewer, person) or (
        Mentorship.objects.active().formal()
        .filter(mentee=person, mentor=viewer.faculty).exists()
    )


def can_review_plan(viewer: Viewer, person: FacultyMember) -> bool:
    """The DDD of the faculty member's division, never on their own plan."""
    return person.division_id in viewer.directed_division_ids and not is_self(viewer, person)


def get_division_for_plan_status(viewer: Viewer, pk: int) -> Division:
    """The plan-status list: the division's DDD, Vice-Chairs and program admins."""
    division = (Division.objects.select_related("department").filter(pk=pk).first()
                if viewer.is_authenticated else None)
    if division is None or not sees_plan_status_of(viewer, division):
        raise Http404("No such division.")
    return division


def sees_plan_status_of(viewer: Viewer, division: Division) -> bool:
    """Whether the viewer may open the division's plan-status list (no query)."""
    return viewer.is_authenticated and (
        viewer.sees_all_departments()
        or division.pk in viewer.directed_division_ids
        or division.department_id in viewer.department_wide_ids)


# --- Requests for a different or additional mentor -----------------------------------
# The mentee, the division's facilitators, program admins, and the division's DDD unless
# the mentee chose facilitators only. Never the mentee's mentors, even ones who also
# hold a leadership role; and a facilitators-only request never reaches anyone who
# oversees the mentee (their DDD or an explicit supervisor), whatever else they hold.


def _oversees_the_mentee(viewer: Viewer) -> Q:
    """Requests whose mentee the viewer oversees: as Division Director of the request's
    or the mentee's division, or through an explicit supervisor link (README, Decisions:
    what "oversees" means)."""
    oversees = Q(division_id__in=viewer.directed_division_ids) | Q(
        mentee__division_id__in=viewer.directed_division_ids)
    if viewer.faculty is not None:
        supervisees = SupervisorLink.objects.active().filter(
            supervisor=viewer.faculty).values("supervisee_id")
        oversees |= Q(mentee_id__in=supervisees)
    return oversees


def change_requests_visible_to(viewer: Viewer) -> QuerySet:
    from programs.models import ChangeRequest

    if not viewer.is_authenticated:
        return ChangeRequest.objects.none()
    if viewer.is_superuser:
        handled = Q()
    else:
        handled = Q(division_id__in=viewer.division_lead_ids) | Q(
            division__department_id__in=viewer.admin_department_ids
        )
    # A Division Director who is also a facilitator or program admin is still the
    # mentee's Division Director: the mentee's choice wins over the extra role.
    handled &= ~(Q(audience=ChangeRequest.Audience.FACILITATORS_ONLY)
                 & _oversees_the_mentee(viewer))
    if viewer.faculty is None:
        return ChangeRequest.objects.filter(handled)
    mine = Q(mentee=viewer.faculty)
    # Anyone who has ever mentored the mentee (current, past, or starting later) is left
    # out, even when they also hold a role: the request may well be about them.
    my_mentees = Mentorship.objects.filter(mentor=viewer.faculty).values("mentee_id")
    return ChangeRequest.objects.filter(mine | (handled & ~Q(mentee_id__in=my_mentees)))


def get_change_request_for_viewer(viewer: Viewer, pk: int):
    request = (
        change_requests_visible_to(viewer)
        .select_related("mentee__user", "division", "mentorship__mentor__user", "resolved_by")
        .filter(pk=pk)
        .first()
    )
    if request is None:
        raise Http404("No such request.")
    return request


def handles_change_requests(viewer: Viewer) -> bool:
    return viewer.is_program_admin or bool(viewer.division_lead_ids)


def can_resolve_change_request(viewer: Viewer, change_request) -> bool:
    """Whoever may see a request, other than the mentee who made it, may resolve it."""
    return viewer.is_authenticated and not (
        viewer.faculty is not None and change_request.mentee_id == viewer.faculty.pk
    )


# --- Ending a mentorship -------------------------------------------------------------


def end_reasons_visible_to(viewer: Viewer, mentorships: Iterable[Mentorship]) -> set[int]:
    """Ids of the ended mentorships among `mentorships` whose reason the viewer may read.

    Whoever may see a mentorship sees that it ended, and when; why is narrower, since
    "mentee asked to end" or "changed to a different mentor" would let a leader infer a
    confidential change request (shared/PRODUCT.md):
    - the mentee always sees why;
    - the mentor never does (a neutral "ended", for every reason, so its absence tells
      nothing), even one who also holds a leadership role;
    - a leader sees why only if they may see every change request that names the
      mentorship; with no request behind it, the ending is handled as a facilitators-only
      request would be: the mentee's facilitators and program admins, never anyone who
      oversees the mentee or has ever mentored them.
    Every reason is treated the same way, "completed" and "departure" included: if some
    reasons showed and others did not, a bare "ended" would itself give the others away.
    At most four queries, however many mentorships.
    """
    from programs.models import ChangeRequest

    ended = [m for m in mentorships if m.end_date is not None and m.end_reason]
    if not ended or not viewer.is_authenticated:
        return set()
    me = viewer.faculty.pk if viewer.faculty is not None else None
    visible = {m.pk for m in ended if me is not None and m.mentee_id == me}
    # The viewer's own mentorships are settled above (as mentee) or never shown (as mentor).
    others = [m for m in ended if me is None or me not in (m.mentee_id, m.mentor_id)]
    if not others:
        return visible
    behind: dict[int, set[int]] = {}
    for pk, mentorship_id in ChangeRequest.objects.filter(
            mentorship_id__in=[m.pk for m in others]).values_list("pk", "mentorship_id"):
        behind.setdefault(mentorship_id, set()).add(pk)
    if behind:
        readable = set(change_requests_visible_to(viewer).filter(
            pk__in=set().union(*behind.values())).values_list("pk", flat=True))
        visible |= {m_id for m_id, pks in behind.items() if pks <= readable}
    without_request = [m for m in others if m.pk not in behind
                       and _handles_private_endings(viewer, m.mentee)]
    too_close = _mentored_or_overseen_by(viewer, {m.mentee for m in without_request})
    visible |= {m.pk for m in without_request if m.mentee_id not in too_close}
    return visible


def _handles_private_endings(viewer: Viewer, mentee: FacultyMember) -> bool:
    """Who would see a facilitators-only request from `mentee`, before the exclusions."""
    return (viewer.is_superuser or mentee.division_id in viewer.facilitated_division_ids
            or mentee.department_id in viewer.admin_department_ids)


def _mentored_or_overseen_by(viewer: Viewer, mentees: set[FacultyMember]) -> set[int]:
    """Ids of `mentees` the viewer has ever mentored or oversees (their DDD or explicit
    supervisor): the people a facilitators-only request is kept from."""
    if not mentees or viewer.faculty is None:
        return set()
    ids = {mentee.pk for mentee in mentees}
    close = {mentee.pk for mentee in mentees
             if mentee.division_id in viewer.directed_division_ids}
    close |= set(Mentorship.objects.filter(mentor=viewer.faculty, mentee_id__in=ids)
                 .values_list("mentee_id", flat=True))
    close |= set(SupervisorLink.objects.active().filter(
        supervisor=viewer.faculty, supervisee_id__in=ids).values_list("supervisee_id", flat=True))
    return close


def may_end_mentorship(viewer: Viewer, mentorship: Mentorship) -> bool:
    """Either member, the mentee's facilitator or a program admin may end a mentorship."""
    mentee = mentorship.mentee
    return (
        is_member(viewer, mentorship)
        or viewer.is_superuser
        or mentee.division_id in viewer.facilitated_division_ids
        or mentee.department_id in viewer.admin_department_ids
    )


def get_mentorship_to_end(viewer: Viewer, pk: int) -> Mentorship:
    mentorship = get_mentorship_for_viewer(viewer, pk)
    if not may_end_mentorship(viewer, mentorship):
        raise Http404("No such mentorship.")
    return mentorship


# --- Faculty development events --------------------------------------------------------
# Every faculty member of the department sees its events and may register; the program
# admins schedule them; the organiser and the program admins record attendance.


def events_visible_to(viewer: Viewer) -> QuerySet:
    from programs.models import DevelopmentEvent

    if not viewer.is_authenticated:
        return DevelopmentEvent.objects.none()
    if viewer.sees_all_departments():
        return DevelopmentEvent.objects.all()
    departments = set(viewer.admin_department_ids)
    if viewer.faculty is not None:
        departments.add(viewer.faculty.department_id)
    return DevelopmentEvent.objects.filter(department_id__in=departments)


def get_event_for_viewer(viewer: Viewer, pk: int):
    event = (events_visible_to(viewer).select_related("department", "organiser__user")
             .filter(pk=pk).first())
    if event is None:
        raise Http404("No such event.")
    return event


def manages_events(viewer: Viewer, department_id: int) -> bool:
    """Program admins of the department schedule its events and record any attendance."""
    return viewer.is_superuser or department_id in viewer.admin_department_ids


def may_record_attendance(viewer: Viewer, event) -> bool:
    """The event's organiser, or a program admin of its department."""
    return manages_events(viewer, event.department_id) or (
        viewer.faculty is not None and event.organiser_id == viewer.faculty.pk)
