"""The mentor portfolio as a print-ready PDF (US Letter), with fpdf2: pure Python, from
PyPI alone, so nothing beyond Python is needed to build it.

The text is DejaVu Sans, embedded (subset), so names print as written in the scripts it
covers; a character it lacks prints as "?" rather than failing the whole document.
"""

import functools
import logging
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from awards.selectors.portfolio import ACTIVITIES, Portfolio
from programs.dates import long_date

# fontTools reports every step of subsetting the font at INFO: a page of log lines per PDF.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
GREY = (90, 90, 90)
# The statement's column headings, short enough for a Letter page.
SHORT = dict(zip(ACTIVITIES, ["Meetings", "Orientation", "Workshops", "Community of practice"],
                 strict=True))


@functools.cache
def _covered() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(FONTS / "DejaVuSans.ttf", lazy=True) as font:
        return frozenset(font.getBestCmap())


def printable(text: str) -> str:
    covered = _covered()
    return "".join(char if ord(char) in covered or char in "\n\t" else "?" for char in text)


def _hours(value: float) -> str:
    return f"{value:,.1f}"


class PortfolioPDF(FPDF):
    def __init__(self, portfolio: Portfolio):
        super().__init__(orientation="portrait", unit="mm", format="Letter")
        self.portfolio = portfolio
        self.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=18)
        mentor = portfolio.mentor
        self.set_title(printable(f"Mentoring portfolio: {mentor.full_name}"))
        self.set_author("Faculty Mentorship Program")
        self.set_subject(printable(f"{mentor.department.name}: mentoring record"))
        self.set_creator("Faculty Mentorship Program")

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 5, printable(
            f"{self.portfolio.mentor.full_name} · mentoring portfolio · generated "
            f"{long_date(self.portfolio.generated_on)} from the program's records · "
            f"page {self.page_no()} of {{nb}}"), align="C")
        self.set_text_color(0, 0, 0)

    # --- building blocks -------------------------------------------------------------------

    def heading(self, text: str) -> None:
        if self.get_y() > self.h - 50:
            self.add_page()
        self.ln(4)
        self.set_font(FAMILY, "B", 12)
        self.cell(0, 7, printable(text), new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(*GREY)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(2)
        self.set_font(FAMILY, "", 10)

    def paragraph(self, text: str, size: int = 10) -> None:
        self.set_font(FAMILY, "", size)
        self.multi_cell(0, 5, printable(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def facts(self, rows: list[tuple[str, str]]) -> None:
        for label, value in rows:
            self.set_font(FAMILY, "B", 10)
            self.cell(62, 6, printable(label))
            self.set_font(FAMILY, "", 10)
            self.multi_cell(0, 6, printable(value), align="L", new_x="LMARGIN", new_y="NEXT")

    def table(self, header: list[str], rows: list[list[str]], widths: tuple[int, ...],
              align: tuple[str, ...] | None = None, total: list[str] | None = None) -> None:
        self.set_font(FAMILY, "", 9)
        bold = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
        with super().table(col_widths=widths, text_align=align or "LEFT", line_height=5.5,
                           headings_style=bold, first_row_as_headings=True) as table:
            table.row([printable(cell) for cell in header])
            for row in rows:
                table.row([printable(cell) for cell in row])
            if total:
                table.row([printable(cell) for cell in total], style=FontFace(emphasis="BOLD"))
        self.ln(2)


def portfolio_pdf(portfolio: Portfolio) -> bytes:
    """The whole portfolio: summary, mentees, meetings and hours, mentees' milestones,
    awards, faculty development and the statement of hours by activity per year."""
    pdf = PortfolioPDF(portfolio)
    mentor = portfolio.mentor
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 18)
    pdf.cell(0, 10, "Mentoring portfolio", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 12)
    pdf.cell(0, 7, printable(f"{mentor.full_name}, {mentor.get_rank_display()}"),
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10)
    pdf.set_text_color(*GREY)
    pdf.cell(0, 6, printable(f"{mentor.division.name}, {mentor.department.name}"),
             new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, f"Generated on {long_date(portfolio.generated_on)} from the records of the "
             "Faculty Mentorship Program", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)

    pdf.heading("Summary")
    kinds = ", ".join(f"{count} {kind.lower()}" for kind, count in portfolio.by_kind) or "none"
    pdf.facts([
        ("Mentoring", portfolio.mentoring_since),
        ("Mentees", f"{len(portfolio.current)} current, {len(portfolio.past)} past ({kinds})"),
        ("Meetings recorded", f"{portfolio.meetings:,} ({_hours(portfolio.meeting_hours)} hours)"),
        ("Mentor training", f"mentor workshop attended on {long_date(portfolio.trained_on)}"
         if portfolio.trained_on else "no mentor workshop recorded"),
        ("Awards", ", ".join(f"{r.award.name} ({r.award.cycle.title})"
                             for r in portfolio.awards) or "none recorded"),
    ])

    pdf.heading("Mentees")
    if portfolio.named:
        pdf.table(["Mentee", "Kind", "From", "To"],
                  [[row.mentorship.mentee.full_name, row.mentorship.get_kind_display(),
                    long_date(row.mentorship.start_date),
                    long_date(row.mentorship.end_date) if row.mentorship.end_date else "current"]
                   for row in portfolio.named], widths=(70, 30, 35, 35))
    if portfolio.unnamed_count:
        pdf.paragraph(f"{portfolio.unnamed_count} "
                      f"{'mentee is' if portfolio.unnamed_count == 1 else 'mentees are'} "
                      "counted above without their names"
                      + (" (named mentees agreed to be named)." if portfolio.named else "."),
                      size=9)
    if not portfolio.mentees:
        pdf.paragraph("No mentorships are recorded yet.")

    pdf.heading("Meetings and hours by program year")
    pdf.table(["Program year", "Meetings", "Hours"],
              [[year.label, f"{year.meetings:,}", _hours(year.meeting_hours)]
               for year in portfolio.years],
              widths=(60, 40, 40), align=("LEFT", "RIGHT", "RIGHT"),
              total=["All years", f"{portfolio.meetings:,}", _hours(portfolio.meeting_hours)])
    pdf.paragraph("Meetings as logged by the mentor or the mentee, with their durations. What "
                  "was discussed is private to the pair and is never part of this record.",
                  size=8)

    pdf.heading("Mentees' milestones")
    pdf.facts([
        ("Five-year plans approved", str(portfolio.plans_approved)),
        ("Promotions recorded", str(portfolio.promotions)),
        ("Continuing appointments", str(portfolio.continuing_appointments)),
        ("Went on to mentor others", str(portfolio.went_on_to_mentor)),
    ])

    pdf.heading("Awards and recognition")
    if portfolio.awards:
        for recognition in portfolio.awards:
            pdf.paragraph(f"{recognition.award.name}, {recognition.award.cycle.title} "
                          f"(published {long_date(recognition.published_at.date())})")
    else:
        pdf.paragraph("None recorded.")

    pdf.heading("Faculty development completed")
    if portfolio.development:
        pdf.table(["Date", "Session", "Kind", "Hours"],
                  [[long_date(r.event.starts_at.date()), r.event.title,
                    r.event.get_kind_display(), _hours(r.event.duration_minutes / 60)]
                   for r in portfolio.development],
                  widths=(32, 72, 46, 20), align=("LEFT", "LEFT", "LEFT", "RIGHT"))
    else:
        pdf.paragraph("None recorded.")

    pdf.add_page()
    pdf.heading("Statement of hours by activity and program year")
    pdf.paragraph("For continuing-education credit claims. Hours are those recorded in the "
                  "program: meetings as logged, and faculty development sessions whose "
                  "attendance the organiser recorded.", size=9)
    pdf.table(["Program year", *SHORT.values(), "Total"],
              [[year.label, *[_hours(h) for h in year.activity_hours], _hours(year.total_hours)]
               for year in portfolio.years],
              widths=(30, 26, 28, 28, 38, 20),
              align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
              total=["All years", *[_hours(h) for h in portfolio.activity_totals],
                     _hours(portfolio.total_hours)])
    return bytes(pdf.output())
