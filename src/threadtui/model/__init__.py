"""The thread file format, its loader and the flat thread index. No Textual, no Rich."""

from threadtui.model.builder import ThreadBuilder
from threadtui.model.folding import FoldState
from threadtui.model.format import FORMAT_ID, Article, Comment, ThreadFile, json_schema
from threadtui.model.jsonio import DEFAULT_MAX_BYTES, ThreadLoadError
from threadtui.model.loader import load_thread, load_thread_text, problems_of, thread_from_json
from threadtui.model.thread import ArticleData, Flag, Thread

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMAT_ID",
    "Article",
    "ArticleData",
    "Comment",
    "Flag",
    "FoldState",
    "Thread",
    "ThreadBuilder",
    "ThreadFile",
    "ThreadLoadError",
    "json_schema",
    "load_thread",
    "load_thread_text",
    "problems_of",
    "thread_from_json",
]
