from django.urls import path

from surveys.views import answers, builder, interest, runs

app_name = "surveys"

urlpatterns = [
    path("surveys/", builder.index, name="index"),
    path("surveys/new/", builder.survey_new, name="survey_new"),
    path("surveys/<int:pk>/", builder.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/sections/", builder.section_new, name="section_new"),
    path("surveys/<int:pk>/questions/", builder.question_new, name="question_new"),
    path("surveys/<int:pk>/questions/<int:question>/move/", builder.question_move_view,
         name="question_move"),
    path("surveys/<int:pk>/questions/<int:question>/delete/", builder.question_delete_view,
         name="question_delete"),
    path("surveys/<int:pk>/preview/", builder.preview, name="preview"),
    path("surveys/<int:pk>/launch/", runs.run_new, name="run_new"),
    path("surveys/runs/<int:pk>/progress/", runs.run_progress, name="run_progress"),
    path("surveys/runs/<int:pk>/results/", runs.run_results, name="run_results"),
    path("surveys/runs/<int:pk>/results.csv", runs.run_results_csv, name="run_results_csv"),
    path("surveys/topics/", interest.topic_supply, name="topic_supply"),
    path("surveys/runs/<int:pk>/answer/", answers.answer, name="answer"),
    # The personal link from the invitation email: no sign-in, single use.
    path("surveys/a/<str:token>/", answers.answer_link, name="answer_link"),
]
