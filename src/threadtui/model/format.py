"""The `threadtui/1` file format as Pydantic models.

These models are the schema's single source of truth: `threadtui schema` prints their JSON
Schema and docs/format.md documents them. The loader does not validate comments through
them one by one (Pydantic's nested validation fails near 100 reply levels and is slow at
100,000 comments); it walks the JSON iteratively and checks each comment against the same
rules, which a test keeps in agreement with these models.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from threadtui.model.thread import FORMAT_ID


class _Open(BaseModel):
    # Unknown keys are kept (extra="allow") and ignored, never errors.
    model_config = ConfigDict(extra="allow")


class Article(_Open):
    """The article the comments discuss."""

    title: str | None = None
    subtitle: str | None = None
    author: str | None = None
    published: datetime | None = Field(default=None, description="ISO 8601 date or date-time")
    url: str | None = None
    body: str | None = Field(default=None, description="Paragraphs separated by blank lines")


class Comment(_Open):
    """One reader comment. Nest replies in `replies`, or give `parent` in flat files."""

    body: str
    id: str | int | None = Field(
        default=None, description="Unique; generated from the position in the file when absent"
    )
    parent: str | int | None = Field(
        default=None, description="Id of the comment this one answers (flat files)"
    )
    author: str | None = None
    verified: bool | None = Field(default=None, description="false shows a 'not verified' mark")
    posted: datetime | None = Field(default=None, description="ISO 8601 date or date-time")
    title: str | None = None
    score: int | None = None
    url: str | None = Field(default=None, description="Permalink of the comment")
    deleted: bool | None = Field(
        default=None, description="A placeholder for a deleted or removed comment"
    )
    more: int | None = Field(
        default=None, ge=0, description="Number of replies the file does not hold"
    )
    replies: list[Comment] = Field(default_factory=list)


class ThreadFile(_Open):
    """A whole thread file."""

    format: str | None = Field(default=None, description=f'"{FORMAT_ID}"')
    title: str
    url: str | None = None
    source: str | None = Field(default=None, description="Where the thread came from")
    article: Article | None = None
    comments: list[Comment] = Field(default_factory=list)
    more: int | None = Field(
        default=None, ge=0, description="Top-level comments the file does not hold"
    )


def json_schema() -> dict[str, Any]:
    schema = ThreadFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://threadtui.invalid/schema/threadtui-1.json"
    return schema
