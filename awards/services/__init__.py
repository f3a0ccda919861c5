"""Every write in awards, by subject: cycles (opening, closing, winners, the wall,
reminders), nominations (with their letters), scoring, and the portfolio's naming consent."""


class AwardError(Exception):
    """A refused action, with a message for the person and a code for the code."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code
