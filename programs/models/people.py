"""People and structure: accounts, departments, divisions, sites, faculty, leadership."""

import datetime
import unicodedata

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from programs.dates import today, whole_years_between, years_before

from .catalogue import AcademicPosition, Portfolio


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)  # None gives an unusable password: roster accounts
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """An account. People sign in with their email; there is no username."""

    # programs/confidential.py: the hash is never looked up; whoever sets the email (with
    # a password reset) gets the account and everything its owner may read.
    CONFIDENTIAL_FIELDS = ("password",)
    AUDIENCE_FIELDS = ("email",)

    username = None
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Rank(models.TextChoices):
    """Academic ranks, lowest first (the order `rank_at_least` relies on)."""

    LECTURER = "lecturer", "Lecturer"
    ASSISTANT = "assistant", "Assistant Professor"
    ASSOCIATE = "associate", "Associate Professor"
    FULL = "full", "Full Professor"


RANK_ORDER = {code: index for index, code in enumerate(Rank.values)}


def rank_at_least(rank: str, minimum: str) -> bool:
    """Whether `rank` is `minimum` or above; an empty minimum admits every rank."""
    return not minimum or RANK_ORDER.get(rank, -1) >= RANK_ORDER.get(minimum, 0)


class Department(models.Model):
    """A department and the rules of its mentorship program."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(unique=True)
    early_career_max_years = models.PositiveSmallIntegerField(
        default=5, help_text="Faculty appointed this many years ago or fewer are early career."
    )
    mid_career_max_years = models.PositiveSmallIntegerField(
        default=15, help_text="Beyond the early threshold and up to this many years: mid career."
    )
    program_year_start_month = models.PositiveSmallIntegerField(
        default=7, help_text="The program year is the academic year; by default it starts 1 July."
    )
    program_year_start_day = models.PositiveSmallIntegerField(default=1)
    formal_mentor_min_rank = models.CharField(
        max_length=20, choices=Rank.choices, blank=True,
        help_text="Formal mentors must hold at least this rank; empty admits every rank.")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mid_career_max_years__gt=models.F("early_career_max_years")),
                name="department_stage_thresholds_ordered",
            ),
            models.CheckConstraint(
                condition=Q(program_year_start_month__gte=1, program_year_start_month__lte=12,
                            program_year_start_day__gte=1, program_year_start_day__lte=28),
                name="department_program_year_start_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def stage_cutoffs(self, on: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
        """Appointment dates on or after the first are early career; on or after the
        second, mid career; before it, late career. "Early" means appointed at most
        `early_career_max_years` ago, to the day."""
        on = on or today()
        return (
            years_before(on, self.early_career_max_years),
            years_before(on, self.mid_career_max_years),
        )


    def program_year(self, on: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
        """The current program year as (first day, first day of the next year)."""
        on = on or today()
        start = datetime.date(on.year, self.program_year_start_month, self.program_year_start_day)
        if start > on:
            start = start.replace(year=on.year - 1)
        return start, start.replace(year=start.year + 1)


class Site(models.Model):
    """A hospital or campus where faculty work."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Division(models.Model):
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="divisions")
    name = models.CharField(max_length=200)
    slug = models.SlugField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["department", "slug"], name="division_slug_unique"),
            models.UniqueConstraint(fields=["department", "name"], name="division_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


# Bidirectional embeddings, overrides and isolates can make text display as something it is
# not; a byte-order mark is invisible. Joiners (ZWJ, ZWNJ) stay: real names and scripts
# use them.
_INVISIBLE_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")


def validate_one_line(value: str) -> None:
    """One line of text a person typed: no control characters (NUL, tabs, line breaks),
    no lone surrogates (PostgreSQL cannot store them), no invisible direction overrides."""
    for character in value:
        if unicodedata.category(character) in ("Cc", "Cs") or character in _INVISIBLE_CONTROLS:
            raise ValidationError(
                "Remove the invisible or control characters (such as tabs, line breaks or "
                "direction marks) and try again.", code="control_characters")


class CareerStage(models.TextChoices):
    EARLY = "early", "Early career"
    MID = "mid", "Mid career"
    LATE = "late", "Late career"

    @classmethod
    def of(cls, appointment_date: datetime.date,
           cutoffs: tuple[datetime.date, datetime.date]) -> "CareerStage":
        """The stage of someone appointed on `appointment_date`, given the department's
        `stage_cutoffs` (worked out once for a whole roster page)."""
        early_from, mid_from = cutoffs
        if appointment_date >= early_from:
            return cls.EARLY
        if appointment_date >= mid_from:
            return cls.MID
        return cls.LATE


class FacultyMemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=FacultyMember.Status.ACTIVE)

    def current(self):
        """Everyone still in the department: active or on leave."""
        return self.exclude(status=FacultyMember.Status.DEPARTED)


class FacultyMember(models.Model):
    """A faculty member: one per user account."""

    # programs/confidential.py: self-described identity and the consent to record it
    # belong to the person; the account decides who reads this person's notes.
    CONFIDENTIAL_FIELDS = ("demographics_consent", "demographics_consent_at",
                           "demographics_withdrawn_at", "gender", "race_ethnicity")
    AUDIENCE_FIELDS = ("user",)

    Rank = Rank

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ON_LEAVE = "on_leave", "On leave"
        DEPARTED = "departed", "Departed"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="faculty")
    employee_id = models.CharField(max_length=40, unique=True, null=True, blank=True)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="faculty")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="members")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="faculty")
    rank = models.CharField(max_length=20, choices=Rank.choices)
    position = models.ForeignKey(
        AcademicPosition, on_delete=models.PROTECT, related_name="faculty",
        verbose_name="academic position",
    )
    appointment_date = models.DateField()
    trained_here = models.BooleanField(
        "trained at this institution", default=False
    )
    new_to_country = models.BooleanField("new to the country or province", default=False)

    # Self-described identity. The person gives, sees, changes and withdraws consent on
    # their own privacy page (programs.services.people); withdrawing erases the values.
    # Only the person sees them in the app: never on rosters, profiles or exports.
    demographics_consent = models.BooleanField(default=False)
    demographics_consent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the person last gave their consent.")
    demographics_withdrawn_at = models.DateTimeField(
        null=True, blank=True,
        help_text="When the person last withdrew their consent (the values were erased then).")
    gender = models.CharField(max_length=100, blank=True, validators=[validate_one_line])
    race_ethnicity = models.CharField("race/ethnicity", max_length=200, blank=True,
                                      validators=[validate_one_line])

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    departure_date = models.DateField(null=True, blank=True)
    departure_reason = models.CharField(max_length=200, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FacultyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        indexes = [
            models.Index(fields=["division", "status"]),
            models.Index(fields=["appointment_date"]),
            # The roster import matches employee ids case-insensitively; without this it
            # scans every faculty member to find the few a small file names.
            models.Index(Lower("employee_id"), name="faculty_employee_id_lower"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(demographics_consent=True) | (Q(gender="") & Q(race_ethnicity="")),
                name="faculty_demographics_need_consent",
            ),
            models.CheckConstraint(
                condition=~Q(status="departed") | Q(departure_date__isnull=False),
                name="faculty_departed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return self.user.get_full_name() or self.user.email

    @property
    def email(self) -> str:
        return self.user.email

    def years_appointed(self, on: datetime.date | None = None) -> int:
        return max(0, whole_years_between(self.appointment_date, on or today()))

    def career_stage(self, on: datetime.date | None = None) -> "CareerStage":
        return CareerStage.of(self.appointment_date, self.department.stage_cutoffs(on))

    @property
    def career_stage_label(self) -> str:
        return self.career_stage().label


class LeadershipRoleQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None):
        on = on or today()
        return self.filter(start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=on)
        )


class LeadershipRole(models.Model):
    """A role someone holds for a time. Ended roles are kept for history."""

    class Kind(models.TextChoices):
        DIVISION_DIRECTOR = "division_director", "Division Director"
        VICE_CHAIR = "vice_chair", "Vice-Chair"
        FACILITATOR = "facilitator", "Mentorship Facilitator"
        PROGRAM_ADMIN = "program_admin", "Program admin"

    DIVISION_KINDS = (Kind.DIVISION_DIRECTOR, Kind.FACILITATOR)

    person = models.ForeignKey(FacultyMember, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="roles")
    division = models.ForeignKey(
        Division, on_delete=models.PROTECT, null=True, blank=True, related_name="roles"
    )
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.PROTECT, null=True, blank=True, related_name="roles"
    )
    start_date = models.DateField(default=today)
    end_date = models.DateField(
        null=True, blank=True, help_text="The first day the role no longer applies."
    )

    objects = LeadershipRoleQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-start_date"]
        indexes = [models.Index(fields=["person", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["division_director", "facilitator"], division__isnull=False)
                    | (~Q(kind__in=["division_director", "facilitator"]) & Q(division__isnull=True))
                ),
                name="role_division_iff_division_kind",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="vice_chair", portfolio__isnull=False)
                    | (~Q(kind="vice_chair") & Q(portfolio__isnull=True))
                ),
                name="role_portfolio_iff_vice_chair",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="role_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        scope = self.division or self.portfolio or self.department
        return f"{self.get_kind_display()} ({scope}): {self.person}"

    @property
    def is_current(self) -> bool:
        on = today()
        return self.start_date <= on and (self.end_date is None or self.end_date > on)

    def clean(self) -> None:
        from programs.rules import check_new_oversight

        if (self.kind == self.Kind.DIVISION_DIRECTOR and self.person_id and self.division_id
                and self.is_current):
            check_new_oversight(leader=self.person, division_id=self.division_id)


class SupervisorLinkQuerySet(LeadershipRoleQuerySet):
    pass


class SupervisorLink(models.Model):
    """An explicit reporting line beyond the division director, e.g. a site chief."""

    supervisor = models.ForeignKey(
        FacultyMember, on_delete=models.CASCADE, related_name="supervisee_links"
    )
    supervisee = models.ForeignKey(
        FacultyMember, on_delete=models.CASCADE, related_name="supervisor_links"
    )
    start_date = models.DateField(default=today)
    end_date = models.DateField(null=True, blank=True)

    objects = SupervisorLinkQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(supervisor=models.F("supervisee")),
                name="supervisor_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supervisor} supervises {self.supervisee}"

    def clean(self) -> None:
        from programs.rules import check_new_oversight

        if self.supervisor_id and self.supervisee_id and (
                self.end_date is None or self.end_date > today()):
            check_new_oversight(leader=self.supervisor, supervisee=self.supervisee)
