"""Seed 002's Figures 1 and 2, from the interest profiles (matching/): for each topic, how
many mentors offer it against how many mentees want it, for the department or one
division, so a program admin sees where the pool is thin. Counts of people only.
Three queries, whatever the size of the department."""

from dataclasses import dataclass

from django.db.models import Count

from matching.models import MentorProfile, NeedTopic
from programs.models import Department, Division, FacultyMember, Topic


@dataclass
class TopicSupply:
    topic: str
    offered: int
    wanted: int

    @property
    def gap(self) -> int:
        return self.offered - self.wanted


def topics_offered_and_wanted(department: Department, division: Division | None = None
                              ) -> list[TopicSupply]:
    people = FacultyMember.objects.current().filter(department=department)
    if division is not None:
        people = people.filter(division=division)
    offered = dict(MentorProfile.topics.through.objects
                   .filter(mentorprofile__faculty__in=people)
                   .values_list("topic_id").annotate(n=Count("mentorprofile_id", distinct=True))
                   .order_by())
    wanted = dict(NeedTopic.objects.filter(needs__faculty__in=people)
                  .values_list("topic_id").annotate(n=Count("needs_id", distinct=True))
                  .order_by())
    names = dict(Topic.objects.filter(pk__in=set(offered) | set(wanted))
                 .values_list("pk", "name"))
    rows = [TopicSupply(topic=names[pk], offered=offered.get(pk, 0), wanted=wanted.get(pk, 0))
            for pk in names]
    return sorted(rows, key=lambda row: (-(row.offered + row.wanted), row.topic))


def supply_chart(rows: list[TopicSupply]) -> dict:
    return {"type": "bar",
            "data": {"labels": [row.topic for row in rows],
                     "datasets": [{"label": "Mentors offering", "data": [r.offered for r in rows],
                                   "backgroundColor": "#0d6efd"},
                                  {"label": "Mentees wanting", "data": [r.wanted for r in rows],
                                   "backgroundColor": "#fd7e14"}]},
            "options": {"indexAxis": "y",
                        "scales": {"x": {"beginAtZero": True, "ticks": {"precision": 0}}}}}
