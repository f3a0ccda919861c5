"""The shipped survey templates. Program admins copy one to make a survey, and edit the
copy (or the template itself, in the builder)."""

from django.db import migrations

LIKERT, SCALE, SINGLE, MULTIPLE, TEXT, RANKED = (
    "likert", "scale", "single", "multiple", "text", "ranked_topics")

# (title, kind, identified, description, [(section title, [(key, kind, text, required,
# choices, help)])])
TEMPLATES = [
    ("Mentorship interest survey", "interest", True,
     "Which areas you would like to give or receive mentorship in, and how. Your answers "
     "are identified: they update your matching profile, so the program can suggest a "
     "mentor or mentees.",
     [("Giving and receiving", [
         ("interest_role", SINGLE, "Would you like to give or receive mentorship?", True,
          ["Give mentorship", "Receive mentorship", "Both", "Neither right now"], ""),
         ("interest_topics", RANKED, "In which areas? Pick up to three, the most important "
          "first.", True, [], "From the program's topics catalogue."),
         ("interest_formats", MULTIPLE, "Which kinds of mentorship do you prefer?", True,
          ["One-to-one (dyadic)", "Group", "Peer", "Task-focused"], ""),
         ("interest_other", TEXT, "Any area not in the list?", False, [], ""),
     ])]),
    ("Program evaluation", "evaluation", False,
     "How the mentorship program works for you, every one to two years. Anonymous: nobody, "
     "the program office included, can tell which answers are yours, and results are shown "
     "only for groups large enough that nobody can be singled out.",
     [("Your mentorship", [
         ("eval_satisfaction", LIKERT, "Overall, I am satisfied with the mentorship I "
          "receive.", True, [], ""),
         ("eval_recommend", SCALE, "How likely are you to recommend the program to a new "
          "colleague?", True, [], "0 not at all likely, 10 extremely likely."),
         ("eval_meetings", SINGLE, "How often did you meet your formal mentor this year?",
          False, ["Not at all", "Once", "Two or three times", "Four times or more",
                  "I have no formal mentor"], ""),
     ]),
      ("What gets in the way", [
         ("barriers_department", MULTIPLE, "In the department: which of these got in the "
          "way?", False, ["Unclear duties of the Division Mentorship Facilitators",
                          "Unclear expectations of the program",
                          "Few resources to support mentorship",
                          "No good way to measure mentorship quality"], "Tick any."),
         ("barriers_relationship", MULTIPLE, "In the relationship: which of these got in "
          "the way?", False, ["Finding time to meet", "A conflict of interest",
                              "Working at different sites"], "Tick any."),
         ("barriers_mentor", MULTIPLE, "As a mentor: which of these got in the way?", False,
          ["An unengaged mentee", "No institutional recognition for mentoring",
           "Feeling ill-prepared to mentor", "Unclear roles and responsibilities"],
          "Tick any; skip if you do not mentor."),
         ("barriers_mentee", MULTIPLE, "As a mentee: which of these got in the way?", False,
          ["Mentorship felt undervalued", "Hard to find a mentor who meets my needs",
           "Leaders who oversee me cannot be my mentor, so the pool is small"],
          "Tick any; skip if you have no mentor."),
     ]),
      ("In your words", [
         ("eval_change", TEXT, "What one change would make mentorship work better for you?",
          False, [], "Comments are shown only when enough people wrote one, in random "
          "order and without dates."),
     ])]),
    ("Relationship pulse", "pulse", True,
     "Three short questions about one mentorship, three months in and then every year, "
     "asked of each side separately. Identified, with your consent: the other member never "
     "sees your answers; a low score asks the facilitator to check in, without your answers.",
     [("This mentorship", [
         ("pulse_helpful", LIKERT, "This mentorship is helping me.", True, [], ""),
         ("pulse_cadence", LIKERT, "We meet as often as we planned.", True, [], ""),
         ("pulse_note", TEXT, "Anything the program should know?", False, [], ""),
     ])]),
    ("Exit questions", "exit", False,
     "Asked of each side when a mentorship ends.",
     [("Looking back", [
         ("exit_helpful", LIKERT, "The mentorship helped me reach my goals.", True, [], ""),
         ("exit_again", SINGLE, "Would you take part in a mentorship like this again?", True,
          ["Yes", "Not sure", "No"], ""),
         ("exit_learn", TEXT, "What should the program learn from this mentorship?", False,
          [], ""),
     ])]),
]


def seed(apps, schema_editor):
    Survey = apps.get_model("surveys", "Survey")
    Version = apps.get_model("surveys", "SurveyVersion")
    Section = apps.get_model("surveys", "Section")
    Question = apps.get_model("surveys", "Question")
    for title, kind, identified, description, sections in TEMPLATES:
        if Survey.objects.filter(is_template=True, kind=kind).exists():
            continue
        survey = Survey.objects.create(title=title, kind=kind, identified=identified,
                                       description=description, is_template=True)
        version = Version.objects.create(survey=survey, number=1)
        for s_position, (section_title, questions) in enumerate(sections):
            section = Section.objects.create(version=version, title=section_title,
                                             position=s_position)
            for q_position, (key, q_kind, text, required, choices, help_text) in enumerate(
                    questions):
                Question.objects.create(section=section, key=key, kind=q_kind, text=text,
                                        required=required, choices=choices,
                                        help_text=help_text, position=q_position)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_surveys_runs_responses")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
