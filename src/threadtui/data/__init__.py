"""Files that ship inside the package: the sample thread."""

from __future__ import annotations

from pathlib import Path


def sample_path() -> Path:
    """The bundled sample thread (what `threadtui` alone opens)."""
    # Next to this module in every install pip makes; importlib.resources (which also
    # reads zipped packages) costs 4 ms of imports at start-up, so it is only the fallback.
    here = Path(__file__).with_name("sample.json")
    if here.is_file():
        return here
    from importlib.resources import files

    return Path(str(files("threadtui.data").joinpath("sample.json")))
