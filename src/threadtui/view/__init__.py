"""What a thread looks like, as plain data: the rows of a comment and of the article
(`rows`), the map from comments to screen rows (`rowmap`), and the whole thread as text
(`render`, the `render` command and `open` into a pipe).

Pure: imports ``threadtui.model`` and ``threadtui.text``; never Textual or a Rich console.
The UI turns these rows into strips; `render` into lines.
"""
