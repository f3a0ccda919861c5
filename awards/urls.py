from django.urls import path

from awards.views import cycles, nominations, portfolio, scoring

app_name = "awards"

urlpatterns = [
    path("awards/", cycles.index, name="index"),
    path("awards/cycles/new/", cycles.cycle_new, name="cycle_new"),
    path("awards/cycles/<int:pk>/", cycles.cycle_detail, name="cycle_detail"),
    path("awards/cycles/<int:pk>/nominate/", nominations.nominate, name="nominate"),
    path("awards/cycles/<int:pk>/scoring/", scoring.scoring, name="scoring"),
    path("awards/cycles/<int:pk>/close/", cycles.cycle_close, name="cycle_close"),
    path("awards/cycles/<int:pk>/results/", cycles.results, name="results"),
    path("awards/cycles/<int:pk>/publish/", cycles.cycle_publish_view, name="cycle_publish"),
    path("awards/nominations/<int:pk>/", nominations.nomination_detail,
         name="nomination_detail"),
    path("awards/nominations/<int:pk>/score/", scoring.score, name="score"),
    path("awards/nominations/<int:pk>/withdraw/", nominations.nomination_withdraw_view,
         name="nomination_withdraw"),
    # Letters have no public URL: this view checks who asks, and answers 404 to others.
    path("awards/letters/<int:pk>/", nominations.letter, name="letter"),
    path("awards/wall/", cycles.wall, name="wall"),
    path("awards/wall/<int:pk>/choice/", cycles.wall_choice, name="wall_choice"),
    # The signed-in mentor's own portfolio (no id: nobody opens another's).
    path("portfolio/", portfolio.portfolio, name="portfolio"),
    path("portfolio/mentoring-portfolio.pdf", portfolio.portfolio_download,
         name="portfolio_pdf"),
    path("portfolio/naming/<int:pk>/", portfolio.naming, name="naming"),
]
