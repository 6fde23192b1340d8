"""Command palette provider: every row of the bindings table, with the user's keys,
searchable by name, run where it belongs (`ReaderApp.action_run_in_pane`)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from threadtui.text import LayoutOptions
from threadtui.ui.bindings import KEYS, SECTIONS, keys_label, keys_of
from threadtui.ui.status import Field, line_text

# Not a key: Textual's own theme chooser, kept from its system commands.
EXTRA = (("Change the theme", "Everywhere", "reader", "change_theme"),)


class ReaderCommands(Provider):
    def _commands(self) -> list[tuple[str, str, str, str]]:
        app = self.app
        keymap: dict[str, str] = getattr(app, "user_keymap", {})
        options: LayoutOptions = getattr(app, "options", LayoutOptions())
        out: list[tuple[str, str, str, str]] = []
        for row in KEYS:
            if row.screen == "library":
                continue  # the library's own screen, not the reader's
            # The keys come from the user's config: laid out like any text from outside.
            keys = line_text((Field(keys_label(keys_of(row.id, keymap)), 40),), 40, options)
            out.append(
                (row.description, f"{SECTIONS[row.screen]} · {keys}", row.screen, row.action)
            )
        out.extend(EXTRA)
        return out

    async def _run(self, screen: str, action: str) -> None:
        await self.app.run_action(f"run_in_pane({screen!r}, {action!r})")

    async def discover(self) -> Hits:
        for name, help_text, screen, action in self._commands():
            yield DiscoveryHit(name, partial(self._run, screen, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, screen, action in self._commands():
            score = matcher.match(f"{name} {help_text}")
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(self._run, screen, action),
                    help=help_text,
                )
