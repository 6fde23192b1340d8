"""threadtui: a terminal reader for threaded discussions that gets right-to-left text right."""

__version__ = "0.1.0"

#: The program's name, as messages start with it.
PROG = "threadtui"
