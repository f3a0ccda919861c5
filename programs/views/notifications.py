"""The notification centre, each person's choices per kind, the unsubscribe link from an
email (no sign-in), and the job runs page for program admins."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs import access
from programs.forms.notifications import CHOOSABLE, NotificationPreferencesForm, field_name
from programs.models import User
from programs.models.notifications import Kind
from programs.notifications import read_unsubscribe_token
from programs.selectors import notifications as selectors
from programs.services.notifications import (
    notification_mark_read,
    notification_preferences_save,
    notification_unsubscribe,
    notifications_mark_all_read,
)


@login_required
@require_GET
def notification_centre(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own messages, newest first: no id, nobody else's."""
    page = selectors.notifications_page(request.user, request.GET.get("page"))
    return render(request, "programs/notifications/centre.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = notification_mark_read(user=request.user, notification_id=pk)
    if notification is None:
        raise Http404("No such notification of yours.")
    if request.headers.get("HX-Request"):
        return render(request, "programs/notifications/_row.html", {"n": notification})
    return redirect("programs:notification_centre")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_all_read(user=request.user)
    messages.success(request, f"{count} notification(s) marked read.")
    return redirect("programs:notification_centre")


@login_required
@require_http_methods(["GET", "POST"])
def notification_preferences(request: HttpRequest) -> HttpResponse:
    current = selectors.deliveries_for(request.user)
    initial = {field_name(kind): current.get(kind.value, "immediate") for kind in CHOOSABLE}
    form = NotificationPreferencesForm(request.POST if request.method == "POST" else None,
                                       initial=initial)
    if request.method == "POST" and form.is_valid():
        notification_preferences_save(user=request.user, deliveries=form.deliveries())
        messages.success(request, "Saved. Everything still appears in your notifications.")
        return redirect("programs:notification_preferences")
    return render(request, "programs/notifications/preferences.html", {"form": form})


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link at the foot of every email. It works without signing in: the signed token
    names the person and the kind, and is all it can change. GET only asks (mail scanners
    and link previews open links); the POST changes the choice."""
    decoded = read_unsubscribe_token(token)
    user = User.objects.filter(pk=decoded[0], is_active=True).first() if decoded else None
    if user is None:
        raise Http404("This link is not valid.")
    kind = decoded[1]
    try:
        label = Kind(kind).label
    except ValueError:
        label = "this kind of notification"
    done = False
    if request.method == "POST":
        notification_unsubscribe(user_id=user.pk, kind=kind)
        done = True
    return render(request, "programs/notifications/unsubscribe.html",
                  {"label": label, "email": user.email, "done": done})


@login_required
@require_GET
def job_runs(request: HttpRequest) -> HttpResponse:
    """Jobs over a whole department (the reminders) and how far each got."""
    access.require_program_admin(access.viewer_for(request.user))
    return render(request, "programs/notifications/job_runs.html",
                  {"runs": selectors.recent_job_runs()})
