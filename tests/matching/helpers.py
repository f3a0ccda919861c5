"""Short names for the survey helpers, as the workspace and cohort tests use them."""

from tests.matching.survey import make_needs as needs
from tests.matching.survey import make_offer as offer
from tests.matching.survey import topic

__all__ = ["needs", "offer", "topic"]
