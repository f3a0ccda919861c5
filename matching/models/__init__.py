from .profiles import Introduction, MenteeNeeds, MentorProfile, NeedTopic
from .proposals import Answer, CohortPair, CohortRun, Proposal, ScoreWeights

__all__ = ["Answer", "CohortPair", "CohortRun", "Introduction", "MenteeNeeds", "MentorProfile",
           "NeedTopic", "Proposal", "ScoreWeights"]
