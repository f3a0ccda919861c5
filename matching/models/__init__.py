from .profiles import Introduction, MenteeNeeds, MentorProfile, NeedTopic

__all__ = ["Introduction", "MenteeNeeds", "MentorProfile", "NeedTopic"]
