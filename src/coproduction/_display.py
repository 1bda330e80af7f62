"""A registry of rich displays: how an object looks in a notebook, found by its class.

The main objects (`Initiative`, `Decision`, `Report`, ...) live in low layers that must
not import `coproduction.present`, which draws them. So each has a one-line
``_repr_html_`` that asks this registry, and `coproduction.present.html` fills the
registry when it is imported (the package's ``__init__`` imports it). Nothing here knows
any class: a renderer is looked up along the object's class and its bases.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["register", "render"]

_RENDERERS: dict[type, Callable[[Any], str]] = {}


def register(cls: type, renderer: Callable[[Any], str]) -> None:
    """Have `render` draw instances of `cls` (and of its subclasses) with `renderer`.

    Registering a class again replaces its renderer.

    Examples:
        >>> class Pond:
        ...     pass
        >>> register(Pond, lambda pond: "<p>a pond</p>")
        >>> render(Pond())
        '<p>a pond</p>'
    """
    _RENDERERS[cls] = renderer


def render(obj: object) -> str | None:
    """The HTML of `obj` from the renderer registered for its class, or None if none is.

    Jupyter shows the plain ``repr`` when ``_repr_html_`` returns None.

    Examples:
        >>> render(object()) is None
        True
    """
    for cls in type(obj).__mro__:
        renderer = _RENDERERS.get(cls)
        if renderer is not None:
            return renderer(obj)
    return None
