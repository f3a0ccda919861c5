"""What staff tools (the Django admin first) must never reveal, declared on each model.

A model says what it holds with up to three class attributes:

- ``CONFIDENTIAL_FIELDS``: fields whose values only particular people may read (a private
  note's body: its author; a shared summary: the two members; self-described identity:
  the person). Staff tools never show, search, filter, sort or look them up, from the
  model's own list or across a relation from any other.
- ``CONFIDENTIAL_ROWS = True``: even that a row exists is for particular people only (a
  request for a different mentor must not reach the current mentor). Staff tools list
  such rows only through the app's access rules, and never reach them across a relation.
- ``AUDIENCE_FIELDS``: the fields that decide who may read the row, or the rows that hang
  off it (a meeting's mentorship, a note's author, a mentorship's mentee and mentor, a
  person's account, an account's email). Pointing one elsewhere hands the content to
  someone else, so staff tools never change them on an existing row.

Every new model that holds text people wrote for someone in particular declares them;
``tests/mentorship/test_admin_registry.py`` fails on a free-text field nobody classified.
"""

from collections import deque

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP


def confidential_fields(model) -> frozenset[str]:
    return frozenset(getattr(model, "CONFIDENTIAL_FIELDS", ()))


def has_confidential_rows(model) -> bool:
    return bool(getattr(model, "CONFIDENTIAL_ROWS", False))


def audience_fields(model) -> tuple[str, ...]:
    return tuple(getattr(model, "AUDIENCE_FIELDS", ()))


def declares_privacy(model) -> bool:
    return bool(confidential_fields(model) or has_confidential_rows(model)
                or audience_fields(model))


def _field(model, name: str):
    if name == "pk":
        return model._meta.pk
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def path_reaches_confidential(model, path: str) -> bool:
    """Whether a lookup path such as ``meeting__private_notes__body__startswith`` reads a
    confidential field, or crosses into a model whose rows are confidential.

    The walk follows fields (forward and reverse relations) while they exist; the first
    part that is not a field is a lookup or transform (``startswith``, ``year``), and
    everything after it applies to the last field reached.
    """
    current = model
    for part in path.lstrip("-").split(LOOKUP_SEP):
        field = _field(current, part)
        if field is None:
            return False
        if field.name in confidential_fields(current):
            return True
        if not field.is_relation or field.related_model is None:
            return False
        current = field.related_model
        if has_confidential_rows(current):
            return True
    return False


def deletion_reaches_confidential_rows(model) -> bool:
    """Whether deleting a row could list rows whose existence is confidential.

    Django's delete confirmation lists every row a delete would cascade to and every row
    that protects it (by ``__str__``). If any such row may be confidential, the page would
    confirm it exists, so the admin does not offer the delete at all, for any row of the
    model: offering it only where no such row exists would say the same thing.
    """
    seen = {model}
    queue = deque([model])
    while queue:
        current = queue.popleft()
        # Every relation the delete collector follows, hidden ones (related_name="+")
        # included, as django.db.models.deletion.get_candidate_relations_to_delete does.
        for rel in current._meta.get_fields(include_hidden=True):
            if not (rel.auto_created and not rel.concrete
                    and (rel.one_to_many or rel.one_to_one)):
                continue
            on_delete = getattr(rel, "on_delete", None)
            if on_delete not in (models.CASCADE, models.PROTECT, models.RESTRICT):
                continue
            target = rel.related_model
            if has_confidential_rows(target):
                return True
            # Protected rows are listed but not followed further; cascaded ones are.
            if on_delete is models.CASCADE and target not in seen:
                seen.add(target)
                queue.append(target)
    return False
