"""The one options chain: flag > environment > config file > default, for every command."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from threadtui.cli.parser import build_parser
from threadtui.config import Config, ConfigError, load_config
from threadtui.options import BY_NAME, SETTINGS, resolve

PERSIAN = Path(__file__).resolve().parents[1] / "sample_threads" / "persian.json"


def _config(**values: object) -> Config:
    return Config(values=dict(values), path=Path("config.toml"))


def test_flag_beats_environment_beats_config_beats_default() -> None:
    env = {"THREADTUI_BIDI": "terminal"}
    cfg = _config(bidi="off", base_dir="rtl")
    r = resolve({"bidi": "app"}, cfg, env)
    assert r["bidi"] == "app" and r.origins["bidi"] == "flag --bidi"
    r = resolve({}, cfg, env)
    assert r["bidi"] == "terminal" and r.origins["bidi"] == "environment THREADTUI_BIDI"
    r = resolve({}, cfg, {})
    assert r["bidi"] == "off" and r.origins["bidi"].startswith("config file")
    assert r["base_dir"] == "rtl"
    r = resolve({}, None, {})
    assert r["base_dir"] == "auto" and r.origins["base_dir"] == "default"


def test_every_setting_resolves_to_its_default_with_nothing_given() -> None:
    r = resolve({}, None, {}, terminal=False)
    for s in SETTINGS:
        if s.name != "bidi":  # auto is resolved further
            assert r[s.name] == s.default, s.name
    assert r["bidi"] == "app"


def test_a_bad_environment_value_is_a_problem_and_the_next_source_wins() -> None:
    r = resolve({}, _config(bidi="off"), {"THREADTUI_BIDI": "sideways"})
    assert r["bidi"] == "off"
    assert len(r.problems) == 1 and "THREADTUI_BIDI" in r.problems[0]


def test_booleans_from_the_environment() -> None:
    assert resolve({}, None, {"THREADTUI_MOUSE": "0"})["mouse"] is False
    assert resolve({}, None, {"THREADTUI_SHAPE": "no"})["shape"] is False
    assert resolve({}, None, {"THREADTUI_ANIMATIONS": "yes"})["animations"] is True


def test_auto_bidi_looks_at_the_terminal_only_when_writing_to_one() -> None:
    env = {"KONSOLE_VERSION": "230800"}
    assert resolve({}, None, env, terminal=True)["bidi"] == "terminal"
    assert resolve({}, None, env, terminal=False)["bidi"] == "app"
    assert resolve({}, None, {"TERM_PROGRAM": "Apple_Terminal"})["bidi"] == "terminal"
    assert resolve({}, None, {"TERM": "mlterm"})["bidi"] == "terminal"
    assert resolve({}, None, {"TERM": "xterm-256color"})["bidi"] == "app"


def test_the_parser_leaves_flags_not_given_as_none() -> None:
    args = build_parser().parse_args(["render", "x.json"])
    for s in SETTINGS:
        if s.flag and "render" in s.commands:
            assert getattr(args, s.name) is None, s.name
    args = build_parser().parse_args(["open", "--no-shape", "--no-mouse", "x.json"])
    assert args.shape is False and args.mouse is False


def test_config_values_are_checked_against_the_settings(tmp_path: Path) -> None:
    p = tmp_path / "config.toml"
    p.write_text('bidi = "OFF"\nshape = false\nmouse = "yes"\ncolour = 1\n')
    cfg = load_config(p)
    assert cfg.values == {"bidi": "off", "shape": False}
    assert len(cfg.problems) == 2  # mouse is not a boolean; colour is unknown


def test_a_missing_config_named_on_the_command_line_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_config(tmp_path / "nope.toml")


def test_value_sets_come_from_the_layout_engine() -> None:
    from typing import get_args

    from threadtui.text import BaseDir, BidiMode

    assert BY_NAME["bidi"].choices == ("auto", *get_args(BidiMode))
    assert BY_NAME["base_dir"].choices == get_args(BaseDir)


def _run(args: list[str], home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("THREADTUI_", "XDG_", "KONSOLE", "TERM_PROGRAM"))
    }
    full.update(HOME=str(home), THREADTUI_CONFIG_DIR=str(home), **env)
    return subprocess.run(
        [sys.executable, "-m", "threadtui", *args],
        capture_output=True,
        text=True,
        env=full,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("command", ["render", "open"])
def test_environment_overrides_the_config_for_render_and_open(tmp_path: Path, command: str) -> None:
    """`THREADTUI_BIDI=app threadtui render F` with bidi = "off" in the config renders in
    app mode (open into a pipe prints what render prints)."""
    (tmp_path / "config.toml").write_text('bidi = "off"\n')
    args = [command, str(PERSIAN), *(["--width", "60"] if command == "render" else [])]
    env_cols = {"COLUMNS": "60"}
    off = _run(args, tmp_path, **env_cols)
    app = _run(args, tmp_path, THREADTUI_BIDI="app", **env_cols)
    assert off.returncode == 0 and app.returncode == 0, off.stderr + app.stderr
    plain = "کتاب\u200cخوانی"  # the title as written (off keeps its ZWNJ, #12.7)
    assert plain in off.stdout  # off: logical text as written
    assert plain not in app.stdout  # app: shaped and reordered
    forced = _run([*args, "--bidi", "off"], tmp_path, THREADTUI_BIDI="app", **env_cols)
    assert plain in forced.stdout  # the flag beats the environment


def test_base_dir_from_the_environment_reaches_render(tmp_path: Path) -> None:
    auto = _run(["render", "--width", "60", str(PERSIAN)], tmp_path)
    ltr = _run(["render", "--width", "60", str(PERSIAN)], tmp_path, THREADTUI_BASE_DIR="ltr")
    assert auto.returncode == ltr.returncode == 0
    assert auto.stdout != ltr.stdout


def test_namespace_and_mapping_are_both_accepted() -> None:
    ns = argparse.Namespace(bidi="off", base_dir=None)
    assert resolve(ns, None, {})["bidi"] == "off"
