"""POST /api/feedback (a rating of one answer) and POST /api/feedback/{id}/comment.

The page sends the question and the answer only when the user clicks a rating button; nothing is stored
otherwise. Disabled with `NAVIGATOR_FEEDBACK_ENABLED=false` (then both routes answer 404).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Response
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from navigator.api.deps import SettingsDep
from navigator.api.schemas import ErrorBody
from navigator.feedback import FILE_NAME, Feedback, FeedbackStore
from navigator.settings import Settings

router = APIRouter(prefix="/api/feedback", tags=["feedback"])
MAX_COMMENT_CHARS = 1000
MAX_ANSWER_CHARS = 8000


class FeedbackBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rating: Literal["up", "down"]
    question: str = Field(min_length=1, max_length=4000)
    answer: str = Field(min_length=1, max_length=MAX_ANSWER_CHARS)
    language: Literal["de", "en", "tr", "ar", "uk", "ru"] = "de"
    sources: list[Annotated[str, Field(max_length=120)]] = Field(default=[], max_length=20)
    comment: str = Field(default="", max_length=MAX_COMMENT_CHARS)


class CommentBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    comment: str = Field(min_length=1, max_length=MAX_COMMENT_CHARS)


class FeedbackCreated(BaseModel):
    id: str


def get_store(settings: SettingsDep) -> FeedbackStore:
    if not settings.feedback_enabled:
        raise HTTPException(404, "feedback is disabled")
    return FeedbackStore(settings.data_dir / FILE_NAME)


StoreDep = Annotated[FeedbackStore, Depends(get_store)]
ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorBody, "description": "Body is not valid JSON"},
    404: {"model": ErrorBody, "description": "Feedback disabled, or no such rating"},
    413: {"model": ErrorBody, "description": "Request body too large"},
    422: {"description": "Invalid request (with the reason)"},
    429: {"model": ErrorBody, "description": "Too many requests (see Retry-After)"},
}


def _check_question(body: FeedbackBody, settings: Settings) -> None:
    if len(body.question) > settings.max_message_chars:
        raise HTTPException(422, f"question is longer than {settings.max_message_chars} characters")


@router.post("", status_code=201, response_model=FeedbackCreated, responses=ERRORS)
def rate(body: FeedbackBody, store: StoreDep, settings: SettingsDep) -> FeedbackCreated:
    """Store a thumbs up/down with the question and answer it rates."""
    _check_question(body, settings)
    row_id = store.add(
        Feedback(
            rating=body.rating,
            question=body.question,
            answer=body.answer,
            language=body.language,
            comment=body.comment.strip(),
            sources=tuple(body.sources),
        )
    )
    return FeedbackCreated(id=row_id)


@router.post("/{row_id}/comment", status_code=204, responses=ERRORS)
def comment(
    row_id: Annotated[str, PathParam(pattern=r"^[0-9a-f]{32}$")], body: CommentBody, store: StoreDep
) -> Response:
    """Add the optional comment to a stored rating."""
    if not store.add_comment(row_id, body.comment.strip()):
        raise HTTPException(404, "no such rating")
    return Response(status_code=204)
