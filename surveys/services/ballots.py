"""The ballot box: anonymous answers are counted in shuffled batches, apart from who answered.

Answering an anonymous run writes two rows in one transaction: the completion (who
answered) and a sealed ballot (what they answered, with no person). The same transaction
id (`xmin`) and neighbouring physical positions would tie the two in PostgreSQL, so the
ballot is sealed: AES-GCM under a key derived from SECRET_KEY, padded to a fixed size, and
someone reading the database sees neither the answers nor their length.

`ballots_count` opens ballots and writes their responses, answers and counters in a
transaction of its own, in random order. While a run is open it counts only when at least
2 × SURVEY_MIX_BATCH ballots wait, and then keeps SURVEY_MIX_BATCH of them, picked at
random, for later: every response written could be any of the people whose ballots
waited, and no response shares a transaction with its completion. When the run has
closed, the hourly job counts what is left (surveys.services.runs.survey_invitations_sweep).
A run with fewer than SURVEY_MIX_BATCH answers in all shows no scores anyway.
"""

import datetime
import json
import logging
import os
import random
import uuid
from collections import Counter
from collections.abc import Iterable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import connection, transaction

from surveys.models import Answer, Ballot, Response, Run, Tally

NONCE_BYTES = 12
# A sealed ballot's plaintext is padded to this size, or to the next power of two above it
# (a survey with several long comments): most ballots are exactly this long.
PADDED_BYTES = 16_384
_INFO = b"mentorship surveys ballot v1"

logger = logging.getLogger(__name__)


def _key(secret: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        secret.encode())


def _padded(data: bytes) -> bytes:
    size = PADDED_BYTES
    while size < len(data) + 1:
        size *= 2
    # One 0x80 byte then zeros (ISO/IEC 7816-4), so the padding comes off unambiguously.
    return data + b"\x80" + b"\x00" * (size - len(data) - 1)


def _unpadded(data: bytes) -> bytes:
    return data[:data.rindex(b"\x80")]


def ballot_seal(*, run: Run, on: datetime.date, groups: dict[str, str],
                answers: Iterable[Answer]) -> bytes:
    payload = json.dumps({
        "on": on.isoformat(), "groups": groups,
        "answers": [[a.question_id, a.number, a.choices, a.text] for a in answers],
    }, ensure_ascii=False, separators=(",", ":")).encode()
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(_key(settings.SECRET_KEY)).encrypt(
        nonce, _padded(payload), str(run.pk).encode())


def ballot_open(sealed: bytes, run_id: int) -> dict:
    """The answers of a sealed ballot; the current SECRET_KEY or one of its fallbacks."""
    sealed = bytes(sealed)
    nonce, body = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    for secret in (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())):
        try:
            plain = AESGCM(_key(secret)).decrypt(nonce, body, str(run_id).encode())
        except InvalidTag:
            continue
        return json.loads(_unpadded(plain))
    raise ValueError("A ballot could not be opened with SECRET_KEY or its fallbacks.")


def _options(answer: Answer) -> list[str]:
    """The options an answer counts under ("" counts that the question was answered)."""
    if answer.number is not None:
        return ["", str(answer.number)]
    if answer.choices:
        return ["", *(str(choice) for choice in answer.choices)]
    return [""]


def tally_add(run_id: int, counts: Counter) -> None:
    """Add to the counters in one statement: {(question_id, dimension, group, option): n}."""
    if not counts:
        return
    rows = [(run_id, question_id, dimension, group[:200], option, n)
            for (question_id, dimension, group, option), n in counts.items()]
    table = Tally._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} (run_id, question_id, dimension, "group", option, count) '
            f"VALUES {values} ON CONFLICT (run_id, question_id, dimension, \"group\", option) "
            f"DO UPDATE SET count = {table}.count + EXCLUDED.count",
            [value for row in rows for value in row])


def tally_counts(answers: Iterable[Answer], groups: dict[str, str]) -> Counter:
    """One respondent's answers as counter increments: everyone, then each of their groups."""
    counts: Counter = Counter()
    for answer in answers:
        for dimension, group in (("all", ""), *groups.items()):
            for option in _options(answer):
                counts[(answer.question_id, dimension, group[:200], option)] += 1
    return counts


def ballots_count(*, run_id: int, everything: bool = False,
                  rng: random.Random | None = None) -> int:
    """Count a batch of a run's ballots (see the module's docstring); how many were counted.
    `everything` counts them all: for a closed run, or the demo's past runs."""
    rng = rng or random.SystemRandom()
    batch = settings.SURVEY_MIX_BATCH
    with transaction.atomic():
        # One mix at a time per run: the lock keeps two from opening the same ballots.
        Run.objects.select_for_update().filter(pk=run_id).first()
        ballots = list(Ballot.objects.filter(run_id=run_id).values_list("pk", "sealed"))
        if everything:
            chosen = ballots
        elif len(ballots) >= 2 * batch:
            chosen = rng.sample(ballots, len(ballots) - batch)
        else:
            return 0
        opened, unopened = [], set()
        for pk, sealed in chosen:
            try:
                opened.append(ballot_open(sealed, run_id))
            except ValueError:
                # SECRET_KEY changed without the old key in SECRET_KEY_FALLBACKS: the ballot
                # stays sealed (put the key back and it is counted) and blocks no other.
                unopened.add(pk)
        if unopened:
            logger.error("%d ballot(s) of survey run %s could not be opened: add the earlier "
                         "SECRET_KEY to SECRET_KEY_FALLBACKS", len(unopened), run_id)
        if not opened:
            return 0
        rng.shuffle(opened)
        responses, answers, counts = [], [], Counter()
        for ballot in opened:
            response = Response(id=uuid.uuid4(), run_id=run_id,
                                submitted_on=datetime.date.fromisoformat(ballot["on"]))
            responses.append(response)
            rows = [Answer(response=response, question_id=question_id, number=number,
                           choices=choices or [], text=text or "")
                    for question_id, number, choices, text in ballot["answers"]]
            answers.extend(rows)
            counts += tally_counts(rows, ballot["groups"])
        rng.shuffle(answers)
        Response.objects.bulk_create(responses)
        Answer.objects.bulk_create(answers, batch_size=1000)
        tally_add(run_id, counts)
        Ballot.objects.filter(pk__in=[pk for pk, _ in chosen if pk not in unopened]).delete()
    return len(opened)


def closed_runs_count(*, on: datetime.date) -> int:
    """Beat: count every ballot left in runs that have closed."""
    run_ids = (Ballot.objects.filter(run__closes_on__lt=on).values_list("run_id", flat=True)
               .distinct())
    return sum(ballots_count(run_id=run_id, everything=True) for run_id in list(run_ids))
