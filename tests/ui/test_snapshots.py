"""A few snapshots of the sample thread (SVG, compared by pytest-textual-snapshot).

Update after an intended visual change with `pytest tests/ui/test_snapshots.py
--snapshot-update`, and look at the report before committing.
"""

from pathlib import Path

APP = str(Path(__file__).parent / "snapshot_app.py")


def test_sample_80x24(snap_compare) -> None:
    assert snap_compare(APP, terminal_size=(80, 24))


def test_sample_80x24_comments(snap_compare) -> None:
    assert snap_compare(APP, terminal_size=(80, 24), press=["tab", "j"])


def test_sample_160x50(snap_compare) -> None:
    assert snap_compare(APP, terminal_size=(160, 50))


def test_sample_160x50_persian_comment_and_fold(snap_compare) -> None:
    assert snap_compare(APP, terminal_size=(160, 50), press=["j", "j", "space", "k"])
