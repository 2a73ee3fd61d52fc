"""newswatch: structured, explainable knowledge from news text.

Events (who did what to whom), attributed quotations, actors and claimed quantities, each
pointing at the span of clean text it came from.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newswatch")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
