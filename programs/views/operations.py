from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from programs.models import WorkerHeartbeat


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and for checking that the worker and beat are running."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    beat = WorkerHeartbeat.objects.filter(name="celery").first()
    return JsonResponse({
        "database": "ok",
        "last_heartbeat": beat.beat_at.isoformat() if beat else None,
    })

