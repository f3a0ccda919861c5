"""The import page's sample file and its table of columns: an admin can start from a file
that previews clean, and sees which columns must be there."""

import csv
import io
import re
from html import unescape

from django.urls import reverse

from programs.forms.roster import COLUMNS, REQUIRED_COLUMNS
from programs.models import FacultyMember, RosterImport, User
from programs.selectors.roster import plan_import


def download(client) -> tuple[list[str], list[dict[str, str]]]:
    response = client.get(reverse("programs:roster_sample"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="roster-sample-medicine.csv"'
    reader = csv.DictReader(io.StringIO(response.content.decode()))
    return list(reader.fieldnames), list(reader)


def test_the_sample_has_every_column_and_a_person_in_each_status(client, world, login):
    login(world.admin)
    header, rows = download(client)
    assert header == COLUMNS
    assert [row["status"] for row in rows] == ["Active", "On leave", "Departed"]
    assert all(row[column] for row in rows for column in REQUIRED_COLUMNS)
    assert rows[2]["departure_date"] and rows[2]["departure_reason"]


def test_the_sample_previews_clean_for_the_department_it_was_made_for(client, world, login):
    login(world.admin)
    text = client.get(reverse("programs:roster_sample")).content.decode()
    plan = plan_import(text, world.department)
    assert plan.is_clean, [error.message for error in plan.errors]
    assert [row.action for row in plan.rows] == ["create", "create", "create"]
    divisions = {row.faculty_values["division_id"] for row in plan.rows}
    assert divisions == {world.division.pk, world.other_division.pk}


def test_the_sample_uploaded_through_the_page_previews_and_writes_nothing(client, world,
                                                                          login):
    login(world.admin)
    text = client.get(reverse("programs:roster_sample")).content
    before = (User.objects.count(), FacultyMember.objects.count())
    response = client.post(reverse("programs:roster_import"), {
        "department": world.department.pk,
        "file": _upload(text)})
    assert response.status_code == 302
    preview = client.get(response.url).content.decode()
    assert "The file is clean" in preview and "Import 3 changes" in preview
    assert (User.objects.count(), FacultyMember.objects.count()) == before
    assert RosterImport.objects.get().status == RosterImport.Status.PREVIEWED


def test_the_sample_names_nobody_real(client, world, login):
    login(world.admin)
    _, rows = download(client)
    assert all(row["email"].endswith("@example.org") for row in rows)
    assert not User.objects.filter(email__in=[row["email"] for row in rows]).exists()


def test_the_import_page_marks_the_required_columns_and_links_the_sample(client, world, login):
    login(world.admin)
    html = unescape(client.get(reverse("programs:roster_import")).content.decode())
    table = html[html.index('id="roster-columns"'):html.index("</table>",
                                                             html.index('id="roster-columns"'))]
    marked = re.findall(r"<code>(\w+)</code></th><td>(<strong>required</strong>|optional)",
                        table)
    assert [name for name, _ in marked] == COLUMNS
    assert [name for name, how in marked if how != "optional"] == REQUIRED_COLUMNS
    assert f'href="{reverse("programs:roster_sample")}" download' in html


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("roster-sample-medicine.csv", content, content_type="text/csv")
