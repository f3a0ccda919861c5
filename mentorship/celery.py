"""The Celery app, and what a web process does when the broker (Redis) is unreachable.

Jobs are queued from inside people's requests, after their transaction commits, and every
job has a record in the database that a beat sweep sends later if the queueing failed
(the notification outbox, planned-meeting invitations). So a broker outage must cost a
request as little as possible: the first failed publish in a process waits at most the
socket timeouts in settings, and then this process stops trying for BROKER_PAUSE_SECONDS,
failing at once instead. A request that queues several jobs waits once, not once per job.
"""

import os
import threading
import time

from celery import Celery, Task
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")

# Long enough that an outage costs each process one slow publish per pause; short enough
# that queueing resumes soon after Redis returns (the sweeps catch up on the rest).
BROKER_PAUSE_SECONDS = 30


class BrokerUnavailable(OperationalError):
    """A publish refused without trying, because the last one failed moments ago."""


class BrokerCircuit:
    """Per process: open after a failed publish, closed again after `pause` seconds."""

    def __init__(self, pause: float) -> None:
        self.pause = pause
        self._lock = threading.Lock()
        self._open_until = 0.0

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    def check(self) -> None:
        if self.is_open:
            raise BrokerUnavailable(
                "The broker was unreachable moments ago; not trying again yet.")

    def trip(self) -> None:
        with self._lock:
            self._open_until = time.monotonic() + self.pause

    def reset(self) -> None:
        with self._lock:
            self._open_until = 0.0


broker_circuit = BrokerCircuit(BROKER_PAUSE_SECONDS)


class CircuitBreakingTask(Task):
    """Every task's base class: publishing goes through the process's broker circuit."""

    def apply_async(self, *args, **kwargs):
        broker_circuit.check()
        try:
            return super().apply_async(*args, **kwargs)
        except (OperationalError, OSError):
            broker_circuit.trip()
            raise


app = Celery("mentorship", task_cls=CircuitBreakingTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
