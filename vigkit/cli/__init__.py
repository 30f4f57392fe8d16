"""The ``vigkit`` command: one module per group of sub-commands, :func:`main` in
:mod:`.main`. Bad input exits 2 with one message and no traceback (``--debug`` for one)."""

from .main import main

__all__ = ["main"]
