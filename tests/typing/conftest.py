"""uses.py is read by mypy (tests/test_typing.py), never run: it holds wrong calls on purpose."""

collect_ignore = ["uses.py"]
