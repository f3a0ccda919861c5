"""Writing a checked survey import: every changed offer and needs row, in one transaction.

Nothing is written unless the whole file is clean (the view checks it again on confirm).
Rows whose values are already stored are skipped, so importing the same file twice changes
nothing. Identity opt-ins are never touched: an updated needs row keeps the person's own.
"""

from django.db import transaction

from matching.models import MenteeNeeds
from matching.selectors.imports import UNCHANGED, SurveyPlan
from matching.services.profiles import needs_save, offer_save


class SurveyImportError(Exception):
    pass


@transaction.atomic
def survey_import_apply(*, plan: SurveyPlan, problems: int) -> dict[str, int]:
    """Write the plan; counts of offers and needs created and updated."""
    if problems:
        raise SurveyImportError("The file has problems; nothing was written. Fix them and "
                                "upload it again.")
    counts = {"offers": 0, "needs": 0}
    opt_ins = dict(
        (row[0], row[1:]) for row in MenteeNeeds.objects
        .filter(faculty_id__in=[p.row.person.pk for p in plan.rows])
        .values_list("faculty_id", "wants_gender_concordance", "wants_identity_concordance"))
    for row_plan in plan.rows:
        row, person = row_plan.row, row_plan.row.person
        if row.offer is not None and row_plan.offer_action != UNCHANGED:
            offer_save(faculty=person, **row.offer)
            counts["offers"] += 1
        if row.needs is not None and row_plan.needs_action != UNCHANGED:
            gender, identity = opt_ins.get(person.pk, (False, False))
            needs_save(faculty=person, topics=row.needs["topics"],
                       formats=row.needs["formats"], same_site=row.needs["same_site"],
                       wants_gender_concordance=gender, wants_identity_concordance=identity)
            counts["needs"] += 1
    return counts
