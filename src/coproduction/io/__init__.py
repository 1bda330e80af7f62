"""Data in and out: plain dicts, YAML scenario files and the JSON Schema of the format.

`load` reads a path or an open file and `loads` the text; `dump` writes to an open file
and `dumps` gives the text, as `json` and `tomllib` do it.
"""

from coproduction.io.convert import FORMAT_VERSION, from_dict, to_dict
from coproduction.io.schema import schema
from coproduction.io.yaml import dump, dumps, load, loads

__all__ = [
    "FORMAT_VERSION",
    "dump",
    "dumps",
    "from_dict",
    "load",
    "loads",
    "schema",
    "to_dict",
]
