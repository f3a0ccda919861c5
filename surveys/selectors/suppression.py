"""The small-group rule, with complementary suppression.

A cell (a group's figure) is shown only for at least `minimum` people. Hiding one cell is
not enough when the total is shown: the total minus the shown cells gives the hidden one
back. So, within a breakdown, more cells are hidden (the smallest first) until the hidden
cells together hold none, or at least `minimum` people spread over two cells or more: then
subtraction only gives a combined figure for a group that is itself large enough.
"""

from collections.abc import Mapping


def hidden_groups(counts: Mapping[str, int], minimum: int, total_shown: bool = True
                  ) -> set[str]:
    hidden = {group for group, n in counts.items() if 0 < n < minimum}
    if not total_shown:
        return hidden

    def exposed() -> bool:
        if not hidden:
            return False
        return len(hidden) == 1 or sum(counts[g] for g in hidden) < minimum

    shown = sorted((n, group) for group, n in counts.items()
                   if group not in hidden and n > 0)
    while exposed() and shown:
        hidden.add(shown.pop(0)[1])
    if exposed():  # nothing left to hide beside them: hide the whole breakdown
        hidden |= {group for group, n in counts.items() if n > 0}
    return hidden
