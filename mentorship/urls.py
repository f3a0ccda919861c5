from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from mentorship import views
from programs.views.operations import health

# The admin signs in through allauth, so its login shares allauth's rate limits.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Mentorship program administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", health, name="health"),
    # The roster owns email addresses (they key the HR import and single sign-on), so
    # allauth's page for adding or switching addresses is switched off.
    path("accounts/email/", views.not_found),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("programs.urls")),
    path("", include("checkins.urls")),
    path("", include("awards.urls")),
    path("", include("matching.urls")),
    path("", include("surveys.urls")),
]
