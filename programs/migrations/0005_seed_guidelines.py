"""Seed the guideline pages every program starts with. Program admins edit them later."""

from django.db import migrations

PAGES = [
    ("definitions", "Mentorship, sponsorship, supervision and role modelling",
     "Four different things, and why the difference matters.",
     """Mentorship is a relationship, chosen and kept up by both people, in which a more experienced colleague helps a faculty member grow: setting goals, making sense of the academic system, building a network, and looking after their wellbeing. It is confidential and it is about the mentee's own goals. A mentor does not evaluate the mentee.

Sponsorship is active advocacy. A sponsor uses their own standing to open doors: nominating someone for an award, a committee or a leadership role, recommending them as a speaker, putting their name forward. A mentor may also be a sponsor, but sponsorship has to be asked for and offered explicitly. Women and under-represented faculty are often mentored but less often sponsored.

Supervision is a reporting line. A supervisor, Division Director or site chief assigns work and evaluates performance. Because they evaluate, a supervisor is never someone's formal mentor in this program: a mentee must be able to speak freely.

Role modelling is learning by example. A role model may never have met you: you watch how they teach, lead, balance work and life, or handle a hard conversation. Role models are valuable, especially people who share something of your identity or path, but they are not a substitute for a mentor who knows you."""),
    ("expectations-mentees", "What is expected of mentees",
     "The mentee drives the relationship.",
     """You drive the relationship. Propose meeting dates, send a short agenda beforehand, and follow up on the action items you agreed.

Set your own goals. Start with the mentorship agreement and your five-year academic plan, and revisit them at least once a year.

Meet your formal mentor at least 3 to 4 times a year in your first five years, during protected time where you can.

Be honest about what is and is not working. If the mentorship is not helping, you may ask confidentially for a different or an additional mentor at any time. Nobody will think less of you for it, and your current mentor is not told who asked or why.

Record your progress on your academic plan once a year, before your annual review with your Division Director."""),
    ("expectations-mentors", "What is expected of mentors",
     "Listen, share, open doors, and keep confidences.",
     """Keep what your mentee tells you confidential. The program sees only that you meet, never what you discuss.

Make time: at least 3 to 4 meetings a year with each formal mentee in their first five years, and answer messages in between.

Help your mentee set and review their own goals, including their five-year academic plan, and prepare for milestones such as the continuing-appointment review and promotion.

Share your network. Introduce your mentee to people outside their own circle and site, and sponsor them when you can: nominations, invitations, recommendations.

Do not act as their supervisor or evaluator. If you come to oversee your mentee's work, tell the facilitator so a new mentor can be found.

Either side may end the mentorship without fault. If it is not working, say so, and help your mentee find someone better suited."""),
    ("expectations-division-directors", "What is expected of Division Directors (DDDs)",
     "Make sure every faculty member has a mentor and a plan.",
     """Make sure every early-career faculty member in your division has a formal mentor within their first months, and that the mentor is not someone who supervises them.

Review and approve each faculty member's five-year academic plan, or return it with comments, and discuss progress at the annual review.

Watch the counts, not the content: you see whether meetings happen and whether plans are up to date, never what mentees and mentors say to each other.

Protect time for mentorship in your division, and recognise good mentors in annual reviews, awards and promotion letters."""),
    ("expectations-facilitators", "What is expected of Mentorship Facilitators",
     "Match people, keep relationships going, handle requests in confidence.",
     """Know the players: who in the division, and across sites, is open to new mentees, and what each newcomer needs.

Match new faculty with a formal mentor quickly, starting from the mentee's own needs, and check in after the first few meetings.

Handle requests for a different or an additional mentor in confidence. The current mentor is never told. Talk to the mentee, find a better match, and record the outcome so the mentee is told.

Follow up on mentorships that have gone quiet, and report themes (never individual confidences) to the program."""),
    ("changing-mentor", "How to change mentor",
     "Changing mentor is normal, and confidential.",
     """Mentorships end for many reasons: goals change, people move, or the fit is not right. Either side may end a mentorship without fault.

To ask for a different mentor, or for an additional one (for example, a research mentor alongside a career mentor), use "Ask for a different or additional mentor" on your home page. Giving a reason is optional.

Your request goes only to your division's Mentorship Facilitator and Division Director, and to the program office. Your current mentor does not see it.

The facilitator will contact you, find a new match with you, and record the outcome; you are told by email and on your request's page. If the old mentorship ends, both of you are asked for a short, confidential exit feedback, and the mentorship stays in your history."""),
]


def seed(apps, schema_editor):
    GuidelinePage = apps.get_model("programs", "GuidelinePage")
    for ordering, (slug, title, summary, body) in enumerate(PAGES):
        GuidelinePage.objects.get_or_create(slug=slug, defaults={
            "title": title, "summary": summary, "body": body, "ordering": ordering * 10,
        })


class Migration(migrations.Migration):
    dependencies = [("programs", "0004_plans_agreements_requests")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
