"""Nominating a mentor for an award, with supporting letters, and withdrawing it."""

import datetime
import uuid

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from awards.letters import LetterError, check_letter
from awards.models import MAX_LETTERS, STATEMENT_LENGTH, Award, Nomination, NominationLetter, Phase
from awards.rules import eligibility_problem, is_active_mentor
from awards.services import AwardError
from programs.dates import long_date, today
from programs.models import FacultyMember
from programs.validators import text_problem


@transaction.atomic
def nomination_submit(
    *,
    award: Award,
    nominator: FacultyMember,
    nominee: FacultyMember,
    statement: str,
    submission_token: uuid.UUID,
    letters: list[UploadedFile] | None = None,
    on: datetime.date | None = None,
) -> tuple[Nomination, bool]:
    """Nominate; (nomination, True), or the nomination this form (or this nominator, for
    this nominee and award) already made, and False: a double submission stores nothing
    twice. Every letter is checked by its content before anything is written."""
    on = on or today()
    letters = letters or []
    existing = Nomination.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        if existing.nominator_id != nominator.pk:
            raise AwardError("This form was already used. Open the nomination page again.",
                             "token_used")
        return existing, False
    problem = eligibility_problem(award=award, nominee=nominee, nominator=nominator, on=on,
                                  nominee_mentors_now=is_active_mentor(nominee, on))
    if problem:
        raise AwardError(problem, "ineligible")
    statement = statement.strip()
    if not statement:
        raise AwardError("Write a statement: what has this mentor done for you and others?",
                         "no_statement")
    if len(statement) > STATEMENT_LENGTH:
        raise AwardError(f"The statement has {len(statement):,} characters: keep it to "
                         f"{STATEMENT_LENGTH:,} or fewer.", "too_long")
    problem = text_problem(statement, multiline=True)
    if problem:
        raise AwardError(f"Statement: {problem}", "bad_text")
    if len(letters) > MAX_LETTERS:
        raise AwardError(f"Attach at most {MAX_LETTERS} letters.", "too_many_letters")
    pages = []
    for upload in letters:
        try:
            pages.append(check_letter(upload))
        except LetterError as error:
            raise AwardError(error.message, error.code) from None
    already = Nomination.objects.filter(award=award, nominee=nominee, nominator=nominator).first()
    if already is not None:
        raise AwardError(f"You already nominated {nominee.full_name} for the {award.name} on "
                         f"{long_date(timezone.localdate(already.created_at))}.",
                         "already_nominated")
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                award=award, nominee=nominee, nominator=nominator, statement=statement,
                submission_token=submission_token)
    except IntegrityError:  # the twin of this submission got there first
        return Nomination.objects.get(award=award, nominee=nominee, nominator=nominator), False
    written = []
    try:
        for upload, count in zip(letters, pages, strict=True):
            letter = NominationLetter(nomination=nomination, original_name=upload.name[:200],
                                      size=upload.size, pages=count)
            letter.file.save("letter.pdf", upload, save=False)
            written.append(letter.file)
            letter.save()
    except Exception:
        # Files are not transactional: remove what was written before the rows roll back,
        # so no letter stays on disk without a nomination.
        for file in written:
            file.storage.delete(file.name)
        raise
    return nomination, True


@transaction.atomic
def nomination_withdraw(*, nomination: Nomination, by: FacultyMember,
                        on: datetime.date | None = None) -> None:
    """The nominator withdraws their nomination while the window is open; its letters go
    with it (the files too, once the deletion has committed)."""
    on = on or today()
    if nomination.nominator_id != by.pk:
        raise AwardError("Only the person who made a nomination may withdraw it.",
                         "not_nominator")
    cycle = nomination.award.cycle
    if cycle.phase(on) != Phase.NOMINATING:
        raise AwardError("Nominations closed: the committee has it now. Ask the program "
                         "office if something must change.", "closed")
    files = [(letter.file.storage, letter.file.name) for letter in nomination.letters.all()]
    nomination.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
