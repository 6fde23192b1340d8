"""The `threadtui/1` file format as Pydantic models: the one statement of its rules.

`threadtui schema` prints their JSON Schema, docs/format.md documents them, and the loader
validates every file through them (`threadtui.model.validation`). They are TypedDicts, not
BaseModel classes: validating into dicts costs about a third of building model instances
on a 100,000-comment file, and the loader turns the dicts into columns at once anyway.

Each comment is validated as one node (`CommentNode`: its replies only checked to be a
list) while the loader walks the tree with an explicit stack, so any nesting depth
validates: Pydantic's own recursion stops near 100 levels. `Comment` is the same node
with its replies typed recursively, for the schema; both come from `_CommentFields`, so
they cannot disagree.

Unknown keys are kept (``extra="allow"``), written back by `convert`, otherwise ignored.
Types are strict (``"5"`` is not a number, ``1`` is not ``true``); a score may be written
as a whole float (``3.0``). Dates are strings; one that is not ISO 8601 is shown as
written, with a warning (`parse_date`), never an error.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Required

from pydantic import ConfigDict, Field, StrictInt, TypeAdapter, WithJsonSchema

# Pydantic needs typing_extensions' TypedDict before Python 3.12.
from typing_extensions import TypedDict

from threadtui.model.thread import FORMAT_ID

_OPEN = ConfigDict(strict=True, extra="allow")

DateText = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "date-time"}),
    Field(description="ISO 8601 date or date-time"),
]
Count = Annotated[int, Field(ge=0)]
Score = StrictInt | Annotated[float, Field(multiple_of=1, allow_inf_nan=False)]
Ident = str | int


def parse_date(text: str) -> datetime | None:
    """The rule for every date field: ISO 8601 (a date, or a date-time with or without an
    offset). None when the text is not one; the loader then keeps the text and warns."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return None


class Article(TypedDict, total=False):
    """The article the comments discuss."""

    __pydantic_config__ = _OPEN  # type: ignore[misc]
    title: str | None
    subtitle: str | None
    author: str | None
    published: DateText | None
    url: str | None
    body: Annotated[str | None, Field(description="Paragraphs separated by blank lines")]


class _CommentFields(TypedDict, total=False):
    __pydantic_config__ = _OPEN  # type: ignore[misc]
    body: Required[
        Annotated[str, Field(description="The text; paragraphs separated by line breaks")]
    ]
    id: Annotated[
        Ident | None,
        Field(description="Unique; generated from the position in the file when absent"),
    ]
    parent: Annotated[
        Ident | None, Field(description="Id of the comment this one answers (flat files)")
    ]
    author: str | None
    verified: Annotated[bool | None, Field(description="false shows a 'not verified' mark")]
    posted: DateText | None
    title: str | None
    score: Score | None
    url: Annotated[str | None, Field(description="Permalink of the comment")]
    deleted: Annotated[
        bool | None, Field(description="A placeholder for a deleted or removed comment")
    ]
    more: Annotated[Count | None, Field(description="Number of replies the file does not hold")]


class Comment(_CommentFields, total=False):
    """One reader comment. Nest replies in `replies`, or give `parent` in flat files."""

    replies: list[Comment] | None


class CommentNode(_CommentFields, total=False):
    """A comment as the loader validates it: one node, its replies walked one by one."""

    replies: list[Any] | None


class _ThreadFields(TypedDict, total=False):
    __pydantic_config__ = _OPEN  # type: ignore[misc]
    # Anything else than FORMAT_ID is read as FORMAT_ID, with a warning: never an error.
    format: Annotated[Any, Field(description=f'"{FORMAT_ID}"')]
    title: Required[str]
    url: str | None
    source: Annotated[str | None, Field(description="Where the thread came from")]
    article: Article | None
    more: Annotated[Count | None, Field(description="Top-level comments the file does not hold")]


class ThreadFile(_ThreadFields, total=False):
    """A whole thread file."""

    comments: list[Comment] | None


class ThreadHead(_ThreadFields, total=False):
    """A thread file as the loader validates it: its comments walked one by one."""

    comments: list[Any] | None


TOP_KEYS = frozenset(ThreadFile.__annotations__) | frozenset(_ThreadFields.__annotations__)
COMMENT_KEYS = frozenset(Comment.__annotations__) | frozenset(_CommentFields.__annotations__)
ARTICLE_KEYS = frozenset(Article.__annotations__)


def adapters() -> tuple[TypeAdapter[Any], TypeAdapter[Any]]:
    """What the loader validates with: the head of a file, and a list of comment nodes."""
    return TypeAdapter(ThreadHead), TypeAdapter(list[CommentNode])


def json_schema() -> dict[str, Any]:
    schema = TypeAdapter(ThreadFile).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://threadtui.invalid/schema/threadtui-1.json"
    return schema
