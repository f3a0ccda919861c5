"""The division roster page: filters that say what they do, column headers that sort, and
every view of it a link that can be shared."""

import datetime
import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from programs.models import FacultyMember
from tests.programs.factories import FacultyFactory, UserFactory


class RosterPage(HTMLParser):
    """The roster as a person reads it: each control's label and options, each column
    header (its link and aria-sort), and each row's cells."""

    def __init__(self, html: str):
        super().__init__()
        self.labels: dict[str, str] = {}  # control id: label text
        self.options: dict[str, list[tuple[str, str, bool]]] = {}  # (value, text, selected)
        self.headers: list[dict] = []
        self.rows: list[list[str]] = []
        self._label_for = None
        self._select = None
        self._option = None
        self._in = {"thead": False, "tbody": False}
        self._cell: list[str] | None = None
        self._in_th = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self._label_for = attrs.get("for")
            self.labels[self._label_for] = ""
        elif tag == "select":
            self._select = attrs["id"]
            self.options[self._select] = []
        elif tag == "option":
            self._option = [attrs.get("value"), "", "selected" in attrs]
        elif tag in self._in:
            self._in[tag] = True
        elif tag == "th" and self._in["thead"]:
            self.headers.append({"text": "", "href": None, "aria-sort": attrs.get("aria-sort")})
            self._in_th = True
        elif tag == "a" and self._in["thead"]:
            self.headers[-1]["href"] = attrs["href"]
        elif tag == "tr" and self._in["tbody"]:
            self.rows.append([])
        elif tag in ("td", "th") and self._in["tbody"]:
            self._cell = []
        elif tag == "span" and self._cell is not None and "flag-none" in attrs.get("class", ""):
            self._cell.append("[flagged]")

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_for = None
        elif tag == "option":
            self.options[self._select].append(tuple(self._option))
            self._option = None
        elif tag in self._in:
            self._in[tag] = False
        elif tag == "th" and self._in_th:
            self._in_th = False
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._label_for:
            self.labels[self._label_for] += data.strip()
        elif self._option is not None:
            self._option[1] += data
        elif self._in_th:
            self.headers[-1]["text"] += data
        elif self._cell is not None:
            self._cell.append(data)

    def header(self, name: str) -> dict:
        return next(h for h in self.headers if h["text"].startswith(name))


@pytest.fixture
def roster(client, world, login):
    login(world.director)
    url = reverse("programs:division_roster", args=[world.division.pk])

    def _get(query: str = "") -> RosterPage:
        response = client.get(f"{url}?{query}" if query else url)
        assert response.status_code == 200
        return RosterPage(response.content.decode())

    return _get


def names(page: RosterPage) -> list[str]:
    return [row[0] for row in page.rows]


def test_every_filter_has_a_real_label_and_no_dashes(roster):
    page = roster()
    assert page.labels == {"id_q": "Name or email", "id_stage": "Career stage",
                           "id_site": "Site", "id_rank": "Rank", "id_status": "Status",
                           "id_mentor": "Formal mentor", "id_sort": "Sort by"}
    every_option = [text for options in page.options.values() for _, text, _ in options]
    assert not any("---" in text for text in every_option)
    first = {name: options[0][1] for name, options in page.options.items()}
    assert first == {"id_stage": "Any stage", "id_site": "Any site", "id_rank": "Any rank",
                     "id_status": "Everyone",
                     "id_mentor": "With or without", "id_sort": "Name, A to Z"}


def test_the_sort_choices_say_which_way_each_goes(roster):
    sorts = [text for _, text, _ in roster().options["id_sort"]]
    assert sorts == ["Name, A to Z", "Name, Z to A", "Appointed, earliest first",
                     "Appointed, latest first", "Rank, junior first",
                     "Rank, senior first", "Position, A to Z", "Position, Z to A",
                     "Site, A to Z", "Site, Z to A"]


def test_the_filters_show_the_view_that_is_on_screen(roster):
    page = roster("stage=early&sort=-appointed")
    selected = {name: [value for value, _, chosen in options if chosen]
                for name, options in page.options.items()}
    assert selected["id_stage"] == ["early"]
    assert selected["id_sort"] == ["-appointed"]
    assert selected["id_status"] == ["current"]  # departed people are hidden by default


def test_unsorted_the_roster_is_by_name_and_the_name_header_says_so(world, roster):
    page = roster()
    sorted_headers = [(h["text"].split(":")[0], h["aria-sort"]) for h in page.headers
                      if h["aria-sort"]]
    assert sorted_headers == [("Name", "ascending")]
    assert names(page) == sorted(names(page), key=lambda n: (n.split()[-1], n))


def test_a_header_link_sorts_by_its_column_then_reverses_it(roster):
    page = roster()
    assert [h["text"].split(":")[0] for h in page.headers if h["href"]] == [
        "Name", "Career stage", "Rank", "Position", "Site"]
    assert [h["text"] for h in page.headers if not h["href"]] == ["Formal mentor", "Status"]
    stage = page.header("Career stage")
    assert parse_qs(urlsplit(stage["href"]).query)["sort"] == ["appointed"]
    by_date = roster(urlsplit(unescape(stage["href"])).query)
    assert by_date.header("Career stage")["aria-sort"] == "ascending"
    assert by_date.header("Name")["aria-sort"] is None
    again = by_date.header("Career stage")["href"]
    assert parse_qs(urlsplit(again).query)["sort"] == ["-appointed"]
    assert roster(urlsplit(unescape(again)).query).header("Career stage")["aria-sort"] == (
        "descending")


def test_a_header_link_keeps_the_filters_and_starts_again_at_page_one(roster):
    page = roster("stage=early&mentor=none&page=2&q=Tester")
    query = parse_qs(urlsplit(unescape(page.header("Rank")["href"])).query)
    assert query == {"stage": ["early"], "mentor": ["none"], "q": ["Tester"], "sort": ["rank"]}


def test_the_header_link_says_where_it_sorts_to_screen_readers(roster):
    page = roster("sort=name")
    assert page.header("Name")["text"] == "Name: sort Z to A ▲"
    assert page.header("Rank")["text"] == "Rank: sort junior first"


def test_sorting_by_a_column_orders_the_rows(world, roster):
    page = roster("sort=-appointed")
    appointed = {f.full_name: f.appointment_date
                 for f in FacultyMember.objects.current().filter(division=world.division)}
    dates = [appointed[name] for name in names(page)]
    assert dates == sorted(dates, reverse=True)
    assert len(dates) == len(appointed)


def test_a_sort_the_roster_does_not_have_still_lists_everyone_by_name(world, roster):
    page = roster("sort=password")
    assert len(page.rows) == FacultyMember.objects.current().filter(
        division=world.division).count()
    assert names(page) == sorted(names(page), key=lambda n: (n.split()[-1], n))
    assert page.header("Name")["aria-sort"] == "ascending"


def test_a_row_says_who_mentors_and_flags_none_only_for_early_career(world, roster):
    mid_career = FacultyFactory(user=UserFactory(first_name="Midway", last_name="Tester"),
                                division=world.division,
                                appointment_date=datetime.date.today().replace(
                                    year=datetime.date.today().year - 10))
    rows = {row[0]: row for row in roster().rows}
    assert rows["Mentee Tester"][5] == "Mentor Tester"
    assert rows["Newfaculty Tester"][5] == "[flagged]None"  # early career, no mentor
    assert rows[mid_career.full_name][5] == "None"  # not flagged: nobody promised one
    assert re.fullmatch(r"Early career \(\d{4}\)", rows["Mentee Tester"][1])
    assert rows["Director Tester"][2] == "Full Professor"


def test_a_search_too_long_is_shown_beside_the_box_and_named_to_screen_readers(client, world,
                                                                               login):
    login(world.director)
    html = client.get(reverse("programs:division_roster", args=[world.division.pk]),
                      {"q": "x" * 101}).content.decode()
    box = re.search(r"<input [^>]*id=\"id_q\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in box and 'aria-describedby="id_q-error"' in box
    assert re.search(r'id="id_q-error">Keep this to 100 characters', html)


def test_a_member_opens_their_own_divisions_roster_only_while_leading_it(client, world, login):
    from programs.models import LeadershipRole
    from tests.programs.factories import RoleFactory

    url = reverse("programs:division_roster", kwargs={"pk": world.mentee.division_id})
    login(world.mentee)
    assert client.get(url).status_code == 404  # a member, not a leader
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    RoleFactory(person=world.mentee, kind=LeadershipRole.Kind.FACILITATOR,
                division=world.mentee.division, end_date=yesterday)
    assert client.get(url).status_code == 404  # a role that has ended
    RoleFactory(person=world.mentee, kind=LeadershipRole.Kind.FACILITATOR,
                division=world.mentee.division)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["division"] == world.mentee.division
    assert response.context["division"].department == world.mentee.department
