"""Factories for the checkins app (kept apart from tests/factories.py, which programs owns)."""

import datetime

import factory
from django.utils import timezone

from checkins.models import ActionItem, Meeting, PlannedMeeting, PrivateNote
from tests.programs.factories import MentorshipFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    mentorship = factory.SubFactory(MentorshipFactory)
    held_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=7))
    duration_minutes = 60
    logged_by = factory.LazyAttribute(lambda o: o.mentorship.mentee)
    shared_summary = "We discussed the grant resubmission."


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    text = "Send the revised aims"


class PrivateNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrivateNote

    meeting = factory.SubFactory(MeetingFactory)
    author = factory.LazyAttribute(lambda o: o.meeting.mentorship.mentee)
    body = "I am not sure this pairing works for me."


class PlannedMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedMeeting

    mentorship = factory.SubFactory(MentorshipFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(
        second=0, microsecond=0) + datetime.timedelta(days=10))
    duration_minutes = 45
    agenda = "Five-year plan draft"
    created_by = factory.LazyAttribute(lambda o: o.mentorship.mentor)


def review_of(world, person=None, **kwargs):
    """This program year's annual review of `person` (the mentee) by the director, with a
    follow-up the person owns."""
    from checkins.models import AnnualReview, ReviewFollowUp

    person = person or world.mentee
    on = datetime.date.today()
    values = {"held_on": on, "effective": "partly", "quality": 3,
              "support_needed": "Protected time for the grant", "issues_raised": "Meetings lapse"}
    values.update(kwargs)
    review = AnnualReview.objects.create(
        person=person, division=person.division, reviewer=world.director,
        program_year_start=person.department.program_year(on)[0], **values)
    ReviewFollowUp.objects.create(review=review, owner=person, text="Book the grant workshop",
                            due_on=on + datetime.timedelta(days=30))
    return review


def checkin_of(world, person=None, **kwargs):
    """The Vice-Chair's check-in with `person` (the mentee), with a follow-up the
    Vice-Chair owns."""
    from checkins.models import CheckinFollowUp, ViceChairCheckin

    person = person or world.mentee
    on = datetime.date.today()
    values = {"held_on": on, "satisfaction": 4, "academic_progress": "Two papers out",
              "work_life_balance": "Stretched", "concerns": "Clinic load"}
    values.update(kwargs)
    checkin = ViceChairCheckin.objects.create(person=person, vice_chair=world.vicechair,
                                              **values)
    CheckinFollowUp.objects.create(checkin=checkin, owner=world.vicechair, text="Ask about clinic",
                            due_on=on + datetime.timedelta(days=14))
    return checkin
