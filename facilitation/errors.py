"""Errors named in the method's words.

The edge handler turns any `MethodError` into
`{"ok": false, "error": err.code, "message": ...}`: the specific message it was raised
with, translated, or else the text the shell keeps for its code.
"""


def N_(message: str) -> str:
    """Marks a message for translation (the shell translates it; this module cannot)."""
    return message


class MethodError(Exception):
    """A move the method does not allow at this point. `message` may hold %(name)s
    placeholders, filled from `params` once translated."""

    code = "method_error"
    message = "That is not possible at this point."

    def __init__(self, message: str | None = None, **params: object) -> None:
        self.template = message or type(self).message
        self.params = params
        self.message = self.template % params if params else self.template
        super().__init__(self.message)

    @property
    def specific(self) -> bool:
        """Whether it was raised with a message of its own, not its kind's."""
        return self.template != type(self).message


class RoundNotOpen(MethodError):
    code = "round_not_open"
    message = "This round is not open."


class VoteNotOpen(MethodError):
    code = "vote_not_open"
    message = "Voting is not open right now."


class AlreadyVoted(MethodError):
    code = "already_voted"
    message = "You have already voted in this round."


class UnknownOption(MethodError):
    code = "unknown_option"
    message = "That option is not on the ballot."


class TooManyDots(MethodError):
    code = "too_many_dots"
    message = "You placed more dots than you have."


class EmptyBallot(MethodError):
    code = "empty_ballot"
    message = "Choose at least one option."


class TooFewOptions(MethodError):
    code = "too_few_options"
    message = "A vote needs at least two options."


class NoVotesCast(MethodError):
    code = "no_votes_cast"
    message = "Nobody has voted yet."


class NotInMinority(MethodError):
    code = "not_in_minority"
    message = "Only the minority is asked what it needs to come along."


class WrongStep(MethodError):
    code = "wrong_step"
    message = "That step cannot follow the current one."


class TieNotResolved(MethodError):
    code = "tie_not_resolved"
    message = "The vote is tied: vote again or let the facilitator decide."


class UnknownOutcome(MethodError):
    code = "unknown_outcome"
    message = "A decision is either carried or goes to step 5."


class EmptyText(MethodError):
    code = "empty_text"
    message = "Please write something first."


class TextTooLong(MethodError):
    code = "text_too_long"
    message = "That text is too long."

    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit
        super().__init__(f"Please keep it to {limit} characters or fewer." if limit else None)


class BelowThreshold(MethodError):
    code = "below_threshold"
    message = "Not enough people have answered yet to show the result."


class UnknownRound(MethodError):
    code = "unknown_round"
    message = "There is no such round in this session."


class UnknownContribution(MethodError):
    code = "unknown_contribution"
    message = "That contribution is not in this round."


class WrongReceipt(MethodError):
    code = "wrong_receipt"
    message = "That contribution is not yours to change, or it was withdrawn."


class NotRevealed(MethodError):
    code = "not_revealed"
    message = "The round has not been revealed yet."


class BadGroup(MethodError):
    code = "bad_group"
    message = "A group needs at least two contributions that are not in another group."


class BadPolarity(MethodError):
    code = "bad_polarity"
    message = "A polarity needs two different poles."


class SessionStillOpen(MethodError):
    code = "session_still_open"
    message = "Close the session first; then its summary can be shared."


class TooManyTexts(MethodError):
    code = "too_many_texts"
    message = "This phone has sent as many as one phone may here."

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(N_("One phone may send %(limit)s here, and this one has."), limit=limit)


class NotANo(MethodError):
    code = "not_a_no"
    message = "Only those who said no, or a bit of no, are asked what their no is about."
