"""Every write in surveys, by subject."""


class SurveyError(Exception):
    """A refused action, with a message for the person and a code for tests."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message, self.code = message, code
