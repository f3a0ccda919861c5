"""The Division Director's review screen (with its CSV), recording a review, reading one,
a person's own reviews and check-ins, and marking a follow-up done."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from checkins import access as checkins_access
from checkins.forms.reviews import AnnualReviewForm, ReviewScreenQuery
from checkins.selectors import reviews as review_selectors
from checkins.services import reviews as review_services
from checkins.views.meetings import posted
from programs import access
from programs.forms import read_query
from programs.models import FacultyMember

PAGE_SIZE = 50


def _screen(request: HttpRequest, pk: int):
    viewer = access.viewer_for(request.user)
    division = checkins_access.get_division_for_reviews(viewer, pk)
    wanted = read_query(ReviewScreenQuery, request.GET)
    show = wanted["show"] if wanted["show"] in review_selectors.FILTERS else ""
    sort = wanted["sort"] if wanted["sort"] in review_selectors.SORTS else "needs"
    rows = review_selectors.review_rows(division, viewer)
    return viewer, division, rows, show, sort, wanted["page"]


@login_required
@require_GET
def review_screen(request: HttpRequest, pk: int) -> HttpResponse:
    viewer, division, rows, show, sort, page_number = _screen(request, pk)
    reviewed, owed = review_selectors.progress(rows)
    shown = review_selectors.filter_and_sort(rows, show=show, sort=sort)
    page = Paginator(shown, PAGE_SIZE).get_page(page_number)
    return render(request, "checkins/reviews/review_screen.html", {
        "division": division, "page": page, "show": show, "sort": sort,
        "filters": review_selectors.FILTERS, "sorts": review_selectors.SORTS,
        "reviewed": reviewed, "owed": owed, "everyone": len(rows),
        "may_record": division.pk in viewer.directed_division_ids,
        "me_id": viewer.faculty.pk if viewer.faculty is not None else None,
        "year_start": division.department.program_year()[0],
    })


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def review_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The screen's rows as they are filtered and sorted, every page."""
    _, division, rows, show, sort, _ = _screen(request, pk)
    writer = csv.writer(_Echo())
    body = "".join(writer.writerow(row) for row in review_selectors.csv_rows(
        review_selectors.filter_and_sort(rows, show=show, sort=sort)))
    filename = f"annual-reviews-{division.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    return HttpResponse(body, content_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def follow_up_owners(person: FacultyMember, by: FacultyMember) -> list[FacultyMember]:
    """Who may own a follow-up: the faculty member or the leader recording it, the two
    people who read the review (never the mentor: the service refuses one anyway)."""
    return [person, by]


@login_required
@require_http_methods(["GET", "POST"])
def review_new(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    person = checkins_access.get_person_to_review(viewer, pk)
    year_start = person.division.department.program_year()[0]
    screen = reverse("checkins:review_screen", args=[person.division_id])
    form = AnnualReviewForm(posted(request), year_start=year_start,
                            owners=follow_up_owners(person, viewer.faculty), back_to=screen)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review, _ = review_services.annual_review_record(
                person=person, by=viewer.faculty, submission_token=data["submission_token"],
                held_on=data["held_on"], effective=data["effective"],
                quality=data["quality"], support_needed=data["support_needed"],
                issues_raised=data["issues_raised"], follow_ups=data["follow_ups"])
        except review_services.ReviewError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Annual review of {person.full_name} recorded. They "
                             "can read it; their mentor cannot.")
            return redirect("checkins:review_detail", pk=review.pk)
    return render(request, "checkins/reviews/review_form.html", {
        "form": form, "person": person, "year_start": year_start})


@login_required
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    review = checkins_access.get_review_for_viewer(viewer, pk)
    is_own = viewer.faculty is not None and review.person_id == viewer.faculty.pk
    return render(request, "checkins/reviews/review_detail.html", {
        "review": review, "follow_ups": review_selectors.follow_ups_of(review=review),
        "is_own": is_own, "me": viewer.faculty,
        "on_screen": (not is_own and checkins_access.review_divisions_visible_to(viewer)
                      .filter(pk=review.person.division_id).exists()),
    })


@login_required
@require_GET
def my_reviews(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own annual reviews and Vice-Chair check-in."""
    viewer = access.viewer_for(request.user)
    reviews, checkins = ([], []) if viewer.faculty is None else (
        review_selectors.own_reviews_and_checkins(viewer.faculty))
    return render(request, "checkins/reviews/my_reviews.html", {
        "reviews": reviews, "checkins": checkins})


@login_required
@require_POST
def follow_up_done(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    follow_up = checkins_access.get_own_follow_up(viewer, kind, pk)
    review_services.follow_up_done(follow_up=follow_up, by=viewer.faculty)
    messages.success(request, "Follow-up marked done.")
    if kind == "review":
        return redirect("checkins:review_detail", pk=follow_up.review_id)
    return redirect("checkins:checkin_detail", pk=follow_up.checkin_id)
