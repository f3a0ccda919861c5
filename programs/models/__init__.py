from .agreements import AgreementTemplate, GuidelinePage, MentorshipAgreement
from .catalogue import AcademicPosition, Portfolio, Topic
from .development import DevelopmentEvent, EventRegistration
from .mentorships import Mentorship
from .notifications import Notification, NotificationPreference
from .operations import JobRun, RosterImport, WorkerHeartbeat
from .people import (
    Department,
    Division,
    FacultyMember,
    LeadershipRole,
    Site,
    SupervisorLink,
    User,
)
from .plans import AcademicPlan, PlanGoal, PlanMilestone, PlanProgress, PlanSnapshot
from .requests import ChangeRequest, ExitFeedback

__all__ = [
    "AcademicPlan",
    "AgreementTemplate",
    "ChangeRequest",
    "ExitFeedback",
    "GuidelinePage",
    "MentorshipAgreement",
    "PlanGoal",
    "PlanMilestone",
    "PlanProgress",
    "PlanSnapshot",
    "AcademicPosition",
    "Department",
    "DevelopmentEvent",
    "EventRegistration",
    "Division",
    "FacultyMember",
    "LeadershipRole",
    "Mentorship",
    "JobRun",
    "Notification",
    "NotificationPreference",
    "Portfolio",
    "RosterImport",
    "Site",
    "SupervisorLink",
    "Topic",
    "User",
    "WorkerHeartbeat",
]
