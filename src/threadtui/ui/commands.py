"""Command palette provider: every reader action, with its key, searchable by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from threadtui.ui.bindings import ALL_KEYS
from threadtui.ui.help import key_label


class ReaderCommands(Provider):
    def _commands(self) -> list[tuple[str, str, str, str]]:
        app = self.app
        keymap: dict[str, str] = getattr(app, "user_keymap", {})
        out = []
        for section, binding_id, default, description, action in ALL_KEYS:
            keys = key_label(keymap.get(binding_id, default))
            out.append((f"{description}", f"{section} · {keys}", section, action))
        return out

    async def _run(self, section: str, action: str) -> None:
        await self.app.run_action(f"run_in_pane('{section}', '{action}')")

    async def discover(self) -> Hits:
        for name, help_text, section, action in self._commands():
            yield DiscoveryHit(name, partial(self._run, section, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, section, action in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(self._run, section, action),
                    help=help_text,
                )
