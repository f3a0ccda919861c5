from .responses import Answer, Attribution, Ballot, Completion, PulseFollowUp, Response, Tally
from .runs import Invitation, Run
from .surveys import Question, QuestionKind, Section, Survey, SurveyKind, SurveyVersion

__all__ = [
    "Answer", "Attribution", "Ballot", "Completion", "Invitation", "PulseFollowUp", "Question",
    "QuestionKind",
    "Response", "Run", "Section", "Survey", "SurveyKind", "SurveyVersion", "Tally",
]
