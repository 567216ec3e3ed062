"""Messages workers post to the screens that own the state (workers never touch widgets)."""

from __future__ import annotations

from typing import Any, Optional

from textual.message import Message

from okrcoach.document import Ref


class DraftStatusChanged(Message):
    """The drafter reports a step ("drafting with …", "repairing 2 problems…")."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class DraftProgressed(Message):
    """A streamed partial draft arrived; bursts are merged, only the newest matters."""

    def __init__(self, partial: Any) -> None:
        super().__init__()
        self.partial = partial

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, DraftProgressed)


class DraftFinished(Message):
    """The draft is done: the best set and what the rubric still says."""

    def __init__(self, result: Any) -> None:
        super().__init__()
        self.result = result


class DraftFailed(Message):
    """Drafting failed; the brief stays as the user typed it."""

    def __init__(self, error: Any) -> None:
        super().__init__()
        self.error = error


class ImprovementReady(Message):
    """An AI suggestion for one element, to accept or reject."""

    def __init__(self, ref: Ref, improvement: Any) -> None:
        super().__init__()
        self.ref = ref
        self.improvement = improvement


class ImprovementFailed(Message):
    def __init__(self, ref: Optional[Ref], error: Any) -> None:
        super().__init__()
        self.ref = ref
        self.error = error
