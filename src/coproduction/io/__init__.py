"""Data in and out: plain dicts, YAML scenario files and the JSON Schema of the format."""

from coproduction.io.convert import FORMAT_VERSION, from_dict, to_dict
from coproduction.io.schema import schema
from coproduction.io.yaml import dump, load

__all__ = ["FORMAT_VERSION", "dump", "from_dict", "load", "schema", "to_dict"]
