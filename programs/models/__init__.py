from .catalogue import AcademicPosition, Portfolio, Topic
from .mentorships import Mentorship
from .operations import RosterImport, WorkerHeartbeat
from .people import (
    Department,
    Division,
    FacultyMember,
    LeadershipRole,
    Site,
    SupervisorLink,
    User,
)

__all__ = [
    "AcademicPosition",
    "Department",
    "Division",
    "FacultyMember",
    "LeadershipRole",
    "Mentorship",
    "Portfolio",
    "RosterImport",
    "Site",
    "SupervisorLink",
    "Topic",
    "User",
    "WorkerHeartbeat",
]
