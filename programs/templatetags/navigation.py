"""The main navigation and the breadcrumbs.

Breadcrumbs: `{% crumb "Label" "app:url_name" arg %}` links a step on the way back;
`{% crumb "Label" %}` (no URL) is the current page. base.html puts "Home" first.

The main navigation (`{% main_navigation %}`, in templates/includes/nav.html) shows each
person the places their roles use, worked out from the request's `viewer` alone, so it
costs no query beyond those `programs.access.viewer_for` already makes (one, or two for
someone who holds or held a leadership role; the first also reads the count of unread
notifications shown beside "Notifications").
"""

from dataclasses import dataclass, field

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from programs import access
from programs.links import cached_reverse

register = template.Library()


@register.simple_tag
def crumb(label: str, url_name: str = "", *args) -> str:
    if not url_name:
        return format_html('<li class="breadcrumb-item active" aria-current="page">{}</li>',
                           label)
    return format_html('<li class="breadcrumb-item"><a href="{}">{}</a></li>',
                       cached_reverse(url_name, *args), label)


@dataclass
class NavLink:
    label: str
    href: str
    current: bool = False
    # Said by screen readers, not shown: "Division roster" is enough to the eye (the page
    # names its division), but a link read out of context should say which division.
    hidden_suffix: str = ""


@dataclass
class NavMenu:
    """A dropdown: used where one role spans several divisions, and for the account."""

    label: str
    slug: str
    links: list[NavLink] = field(default_factory=list)

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


def _link(path: str, label: str, href: str, hidden_suffix: str = "") -> NavLink:
    return NavLink(label, href, current=(path == href), hidden_suffix=hidden_suffix)


def _per_division(path: str, label: str, menu_label: str, slug: str, url_name: str,
                  divisions: list[tuple[int, str]]) -> list[NavLink | NavMenu]:
    """One link for one division; a menu of divisions for someone who leads several."""
    if len(divisions) == 1:
        division_id, name = divisions[0]
        return [_link(path, label, cached_reverse(url_name, division_id), f": {name}")]
    if divisions:
        return [NavMenu(menu_label, slug, [_link(path, name, cached_reverse(url_name, pk))
                                          for pk, name in divisions])]
    return []


def navigation_for(viewer: access.Viewer, path: str) -> dict:
    """The main menu's items, and the signed-in person's own account menu."""
    items: list[NavLink | NavMenu] = [_link(path, "Home", cached_reverse("home"))]
    if viewer.faculty is not None:
        items.append(_link(path, "My profile",
                           cached_reverse("programs:faculty_detail", viewer.faculty.pk)))
        items.append(_link(path, "Mentors", cached_reverse("matching:directory")))
    items += _per_division(path, "Division roster", "Division rosters", "rosters",
                           "programs:division_roster", list(viewer.led_divisions))
    # Plan approval is the Division Director's alone (facilitators never see plans).
    directed = [pair for pair in viewer.led_divisions
                if pair[0] in viewer.directed_division_ids]
    items += _per_division(path, "Plan status", "Plan status", "plan-status",
                           "programs:division_plans", directed)
    # The Division Director's annual reviews; the facilitator's relationship health.
    items += _per_division(path, "Annual reviews", "Annual reviews", "annual-reviews",
                           "checkins:review_screen", directed)
    facilitated = [pair for pair in viewer.led_divisions
                   if pair[0] in viewer.facilitated_division_ids]
    items += _per_division(path, "Relationship health", "Relationship health", "health",
                           "checkins:relationship_health", facilitated)
    # Matching: a facilitator's workspace per division; program admins start from the
    # cohort page, which lists every division's workspace.
    if viewer.is_program_admin:
        items.append(_link(path, "Matching", cached_reverse("matching:cohorts")))
    else:
        items += _per_division(path, "Matching", "Matching", "matching",
                               "matching:workspace", facilitated)
    if access.handles_change_requests(viewer):
        items.append(_link(path, "Change requests", cached_reverse("programs:change_requests")))
    if viewer.is_vice_chair or viewer.is_program_admin:
        items.append(_link(path, "Check-ins", cached_reverse("checkins:checkins_due")))
    # The program's own pages, for everyone: one menu keeps the bar short.
    program = NavMenu("Program", "program", [
        _link(path, "Guidelines", cached_reverse("programs:guidelines")),
        _link(path, "Events", cached_reverse("programs:events")),
        _link(path, "Awards", cached_reverse("awards:index")),
        _link(path, "Surveys", cached_reverse("surveys:index")),
    ])
    items.append(program)
    # The program office's tools in one menu, so the bar fits a 1280-pixel screen.
    office = NavMenu("Administration", "administration")
    if viewer.is_program_admin:
        office.links += [
            _link(path, "Import roster", cached_reverse("programs:roster_import")),
            _link(path, "Import interest survey", cached_reverse("matching:survey_import")),
            _link(path, "Background jobs", cached_reverse("programs:job_runs")),
        ]
    if viewer.user is not None and viewer.user.is_staff:
        office.links.append(_link(path, "Data admin", cached_reverse("admin:index")))
    if office.links:
        items.append(office)
    account = NavMenu("Account", "account")
    if viewer.faculty is not None:
        account.links += [
            _link(path, "My requests for a mentor", cached_reverse("programs:my_change_requests")),
            _link(path, "My privacy", cached_reverse("programs:my_privacy")),
            _link(path, "My reviews and check-ins", cached_reverse("checkins:my_reviews")),
            _link(path, "My mentoring profile", cached_reverse("matching:me")),
            _link(path, "Introductions", cached_reverse("matching:introductions")),
        ]
    account.links += [
        _link(path, "How I receive notifications",
              cached_reverse("programs:notification_preferences")),
        _link(path, "Change password", cached_reverse("account_change_password")),
    ]
    notifications = _link(path, "Notifications", cached_reverse("programs:notification_centre"))
    return {"items": items, "account": account, "notifications": notifications}


@register.simple_tag(takes_context=True)
def main_navigation(context) -> SafeString:
    """The main menu, written out here rather than in a template: it is on every page, and
    its loops through the template language cost more than the rest of a small page's
    markup. The current page is marked by aria-current="page" and an underline, never by
    colour alone; a menu that holds the current page is underlined too."""
    from programs.selectors.notifications import unread_count

    request = context["request"]
    user = request.user
    viewer = access.viewer_for(user)
    # Read with the faculty record (access.viewer_for); one query for an account without.
    unread = (viewer.faculty.unread_notifications or 0 if viewer.faculty is not None
              else unread_count(user))
    nav = navigation_for(viewer, request.path)
    items = "\n  ".join(_menu(item) if isinstance(item, NavMenu) else _item(item)
                         for item in nav["items"] if not isinstance(item, NavMenu) or item.links)
    notifications = nav["notifications"]
    badge = format_html(
        ' <span class="badge rounded-pill text-bg-warning" data-testid="unread-count">{}'
        '<span class="visually-hidden"> unread</span></span>', unread) if unread else ""
    account = nav["account"]
    return format_html(
        '<ul class="navbar-nav me-auto">\n  {}\n</ul>\n'
        '<ul class="navbar-nav align-items-lg-center">\n'
        '  <li class="nav-item"><a class="nav-link{}" href="{}" data-testid="nav-notifications"'
        "{}>{}{}</a></li>\n"
        '  <li class="nav-item dropdown">\n'
        '    <button type="button" class="nav-link dropdown-toggle{}" id="nav-account"\n'
        '            data-bs-toggle="dropdown" aria-expanded="false">{}</button>\n'
        '    <ul class="dropdown-menu dropdown-menu-lg-end" aria-labelledby="nav-account">\n'
        "      {}\n    </ul>\n  </li>\n"
        '  <li class="nav-item">\n'
        '    <form method="post" action="{}">\n      {}\n'
        '      <button type="submit" class="btn btn-outline-light btn-sm ms-lg-2 my-2 my-lg-0">'
        "Sign out</button>\n    </form>\n  </li>\n</ul>",
        mark_safe(items),
        " active" if notifications.current else "", notifications.href,
        _ARIA_CURRENT if notifications.current else "", notifications.label, badge,
        " active current-section" if account.current else "",
        user.get_full_name() or user.email,
        _dropdown_links(account.links),
        cached_reverse("account_logout"), _csrf_input(context))


_ARIA_CURRENT = mark_safe(' aria-current="page"')


def _csrf_input(context) -> SafeString:
    """What `{% csrf_token %}` writes."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return mark_safe("")
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def _item(link: NavLink) -> SafeString:
    hidden = (format_html('<span class="visually-hidden">{}</span>', link.hidden_suffix)
              if link.hidden_suffix else "")
    return format_html(
        '<li class="nav-item"><a class="nav-link{}" href="{}"{}>{}{}</a></li>',
        " active" if link.current else "", link.href,
        _ARIA_CURRENT if link.current else "", link.label, hidden)


def _dropdown_links(links: list[NavLink]) -> SafeString:
    return format_html_join("\n      ", '<li><a class="dropdown-item{}" href="{}"{}>{}</a></li>', (
        (" active" if link.current else "", link.href, _ARIA_CURRENT if link.current else "",
         link.label) for link in links))


def _menu(menu: NavMenu) -> SafeString:
    return format_html(
        '<li class="nav-item dropdown">\n'
        '    <button type="button" class="nav-link dropdown-toggle{}" id="nav-{}"\n'
        '            data-bs-toggle="dropdown" aria-expanded="false">{}</button>\n'
        '    <ul class="dropdown-menu" aria-labelledby="nav-{}">\n'
        "      {}\n    </ul>\n  </li>",
        " active current-section" if menu.current else "", menu.slug, menu.label, menu.slug,
        _dropdown_links(menu.links))
