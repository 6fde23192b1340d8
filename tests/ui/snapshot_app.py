"""The app the snapshot tests photograph: the bundled sample thread, default options."""

from pathlib import Path

from threadtui.model import load_thread
from threadtui.text import LayoutOptions
from threadtui.ui.app import ReaderApp

SAMPLE = Path(__file__).resolve().parents[2] / "src" / "threadtui" / "data" / "sample.json"

app = ReaderApp(load_thread(SAMPLE), LayoutOptions())

if __name__ == "__main__":
    app.run()
