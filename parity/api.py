"""The library's front: the stages of DESIGN.md in order.

read → extract → fuse → store → analyze → simulate. The CLI and the web app call only
what this module exposes (STYLE.md §2); each function here is a short composition of
the stage modules and says which stage it belongs to.
"""

from __future__ import annotations
