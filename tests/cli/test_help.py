"""Help and discovery, exit codes, plurals, `threadtui config` (#17.3)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from threadtui import __version__
from threadtui.cli.parser import FORMAT_NAMES, build_parser
from threadtui.options import SETTINGS

from .helpers import PERSIAN, run

SAMPLE_ONE = {"format": "threadtui/1", "title": "one", "comments": [{"author": "a", "body": "x"}]}


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


def test_every_argument_of_every_command_has_help() -> None:
    parser = build_parser()
    missing = []
    for name, sub in {"": parser, **_subparsers(parser)}.items():
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            if not action.help or action.help == argparse.SUPPRESS:
                missing.append(f"{name or 'threadtui'} {action.dest}")
    assert missing == []


def test_the_format_names_in_help_are_the_importers() -> None:
    from threadtui.importers import registry

    assert registry.names() == FORMAT_NAMES
    sub = _subparsers(build_parser())["render"]
    text = " ".join(sub.format_help().split())
    for name in FORMAT_NAMES:
        assert name in text


def test_main_help_names_environment_config_path_and_exit_codes(tmp_path: Path) -> None:
    p = run(["--help"], tmp_path)
    assert p.returncode == 0
    for s in SETTINGS:
        for var in s.env:
            assert var in p.stdout, var
    for var in ("COLUMNS", "NO_COLOR", "THREADTUI_CONFIG_DIR"):
        assert var in p.stdout, var
    assert str(tmp_path / "config" / "config.toml") in p.stdout
    assert "exit status" in p.stdout.lower()
    assert "threadtui help" in p.stdout or "help" in p.stdout


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(tmp_path: Path, flag: str) -> None:
    p = run([flag], tmp_path)
    assert p.returncode == 0 and p.stdout.strip() == f"threadtui {__version__}"


def test_help_command(tmp_path: Path) -> None:
    p = run(["help"], tmp_path)
    assert p.returncode == 0 and p.stdout.startswith("usage: threadtui")
    p = run(["help", "render"], tmp_path)
    assert p.returncode == 0 and p.stdout.startswith("usage: threadtui render")
    p = run(["help", "rendr"], tmp_path)
    assert p.returncode == 2 and "render" in p.stderr


def test_a_mistyped_command_suggests_the_right_one(tmp_path: Path) -> None:
    p = run(["rendr", str(PERSIAN)], tmp_path)
    assert p.returncode == 2
    assert "did you mean" in p.stderr and "render" in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


def test_a_file_named_like_a_command_typo_still_opens(tmp_path: Path) -> None:
    (tmp_path / "rendr").write_text(PERSIAN.read_text("utf-8"), "utf-8")
    p = run([str(tmp_path / "rendr")], tmp_path)
    assert p.returncode == 0, p.stderr


def test_bidi_help_says_auto_detects(tmp_path: Path) -> None:
    text = " ".join(run(["render", "--help"], tmp_path).stdout.split())
    assert "(default: auto)" in text
    assert "auto reads the config" not in text


def test_exit_codes_as_grep(tmp_path: Path) -> None:
    found = run(["search", str(PERSIAN), "کتاب"], tmp_path)
    none = run(["search", str(PERSIAN), "zzzqqqxxx"], tmp_path)
    missing = run(["search", str(tmp_path / "nope.json"), "x"], tmp_path)
    assert (found.returncode, none.returncode, missing.returncode) == (0, 1, 2)
    assert run(["render", str(tmp_path / "nope.json")], tmp_path).returncode == 2
    assert run(["validate", str(tmp_path / "nope.json")], tmp_path).returncode == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": 3, "comments": "no"}')
    assert run(["validate", str(bad)], tmp_path).returncode == 1
    assert run(["validate", str(PERSIAN)], tmp_path).returncode == 0


def test_validate_plurals(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps(SAMPLE_ONE))
    p = run(["validate", str(one)], tmp_path)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip().endswith("ok: 1 comment, 1 level deep")
    p = run(["validate", str(PERSIAN)], tmp_path)
    assert "comments," in p.stdout and "levels deep" in p.stdout


def test_config_prints_its_path_and_where_each_value_came_from(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    cfg = tmp_path / "config" / "config.toml"
    cfg.write_text('# mine\nbase_dir = "rtl"\n')
    p = run(["config"], tmp_path, THREADTUI_SHAPE="no")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert str(cfg) in lines[0]
    by_name = {ln.split(" = ")[0]: ln for ln in lines[1:] if " = " in ln}
    assert set(by_name) == {s.name for s in SETTINGS}
    assert '"rtl"' in by_name["base_dir"] and "config file" in by_name["base_dir"]
    assert "false" in by_name["shape"] and "THREADTUI_SHAPE" in by_name["shape"]
    assert "default" in by_name["mouse"]


def test_a_missing_config_flag_is_an_error(tmp_path: Path) -> None:
    p = run(["render", "--config", str(tmp_path / "nope.toml"), str(PERSIAN)], tmp_path)
    assert p.returncode == 2 and "no such config file" in p.stderr
    p = run(["config", "--config", str(tmp_path / "nope.toml")], tmp_path)
    assert p.returncode == 2
