from __future__ import annotations

import json
from pathlib import Path

import pytest

from threadtui.model import Thread, load_thread
from threadtui.text import LayoutOptions

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_threads"


def sample(name: str) -> Thread:
    path = SAMPLES / name
    assert path.exists(), f"sample thread missing: {path}"
    return load_thread(path)


@pytest.fixture
def him_again() -> Thread:
    return sample("him-again.json")


@pytest.fixture
def options() -> LayoutOptions:
    return LayoutOptions()


def chain(depth: int) -> Thread:
    from threadtui.model import load_thread_text

    text = (
        '{"title":"chain","comments":['
        + '{"body":"level","replies":[' * depth
        + '{"body":"bottom"}'
        + "]}" * depth
        + "]}"
    )
    return load_thread_text(text)


def make_thread(comments: list[dict], title: str = "t", **extra: object) -> Thread:
    from threadtui.model import load_thread_text

    return load_thread_text(json.dumps({"title": title, "comments": comments, **extra}))
