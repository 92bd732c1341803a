"""Indicator providers. `load()` imports each module, which registers its provider (see figures.register).

The study and meetings providers register only when those apps' models exist.
"""

from __future__ import annotations

import importlib

MODULES = ("organizations", "notebook", "study", "meetings", "contests", "honours", "inspections", "yearend")


def load() -> None:
    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}")
