"""The ``coproduction`` command: a thin shell over the library.

Every command reads scenario files with `coproduction.load`, given each file's path, and
prints what a library function returns. Problems with the input are reported in plain words with file, line
and path, never as a traceback. Exit status: 0 on success, 1 when a file is invalid (or
a check fails), 2 for a mistake in the command itself (such as copying a scenario over
an existing file without ``--force``). Only ``coproduction scenarios copy`` writes a
file, and only where it is told to.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TextIO

from coproduction import scenarios
from coproduction._version import __version__
from coproduction.analysis.feedback import you_said_we_did
from coproduction.analysis.imbalance import find_imbalances
from coproduction.errors import CoproductionError, ValidationError
from coproduction.initiative import Initiative
from coproduction.io.yaml import load
from coproduction.present.improvement import cycles_text, you_said_we_did_text
from coproduction.present.report import FORMATS, render
from coproduction.present.summary import summary_text

__all__ = ["main"]

_DESCRIPTION = """\
Model co-production in adult social care: who takes part, who really decides,
and how services improve. Scenario files are YAML; see the documentation for the format.
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: ``sys.argv[1:]``) and return the exit status.

    Examples:
        >>> main(["validate", "--bundled", "oak_house_meals"])
        oak_house_meals: valid
        0
    """
    parser = _parser()
    args = parser.parse_args(argv)
    out: TextIO = sys.stdout
    try:
        status: int = args.run(args, out)
    except ValidationError as err:
        _complain(str(err))
        return 1
    except (
        BrokenPipeError
    ):  # the reader stopped reading, as `| head` does: not an error
        _quiet_stdout()
        return 0
    except (CoproductionError, OSError) as err:
        _complain(_plain(err))
        return 1
    except KeyboardInterrupt:
        return 130
    return status


def _quiet_stdout() -> None:
    """Point standard output at the null device, so the exit flush raises nothing more."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor behind it
        return


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coproduction", description=_DESCRIPTION)
    parser.add_argument(
        "--version", action="version", version=f"coproduction {__version__}"
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    validate = commands.add_parser(
        "validate",
        help="check scenario files and list every problem",
        description="Check scenario files; list every problem with its file, line and path.",
    )
    validate.add_argument(
        "files", nargs="*", metavar="FILE", help="scenario files (YAML)"
    )
    validate.add_argument(
        "--bundled",
        action="append",
        default=[],
        metavar="NAME",
        help="also check a bundled scenario by name (repeatable)",
    )
    validate.set_defaults(run=_validate)

    summary = commands.add_parser(
        "summary",
        help="who is involved, roles, meetings, decisions and feedback",
        description="Summarise a scenario: people by perspective and kind, roles, "
        "meetings, decisions by stated level, feedback.",
    )
    _add_source(summary)
    summary.set_defaults(run=_summary)

    report = commands.add_parser(
        "report",
        help="who really decides, and is it fair: the findings, explained",
        description="Analyse a scenario for power imbalances and explain each finding. "
        "With no FILE, report on the bundled default scenario.",
    )
    _add_source(report)
    report.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="output format (default: text)",
    )
    report.add_argument(
        "--fail-on",
        choices=["warning", "concern"],
        metavar="SEVERITY",
        help="exit 1 when a finding at or above SEVERITY (warning or concern) exists",
    )
    report.set_defaults(run=_report)

    cycles = commands.add_parser(
        "cycles",
        help="the PDSA cycles: each ramp, phase, prediction and study result",
        description="Show each ramp of PDSA cycles with every cycle's phase, "
        "predictions and study results, then what became of each piece of feedback.",
    )
    _add_source(cycles)
    cycles.set_defaults(run=_cycles)

    bundled = commands.add_parser(
        "scenarios",
        help="list, show or copy the bundled scenarios",
        description="List the bundled scenarios; show one, or copy it to a file to edit.",
    )
    bundled.set_defaults(run=_scenarios)
    _add_scenario_actions(bundled)
    return parser


def _add_scenario_actions(bundled: argparse.ArgumentParser) -> None:
    actions = bundled.add_subparsers(title="actions", metavar="ACTION")
    listing = actions.add_parser(
        "list", help="list the bundled scenarios (the default)"
    )
    listing.set_defaults(run=_scenarios)
    show = actions.add_parser(
        "show",
        help="print a bundled scenario's YAML, comments and all",
        description="Print a bundled scenario's YAML exactly as bundled, comments and all.",
    )
    show.add_argument("name", metavar="NAME", help="a bundled scenario")
    show.set_defaults(run=_show)
    copy = actions.add_parser(
        "copy",
        help="write a bundled scenario to a file, to edit",
        description="Write a bundled scenario's YAML to DEST, exactly as bundled. "
        "An existing file is left alone unless --force is given.",
    )
    copy.add_argument("name", metavar="NAME", help="a bundled scenario")
    copy.add_argument(
        "dest",
        metavar="DEST",
        help="the file to write, or an existing directory to write NAME.yaml in",
    )
    copy.add_argument(
        "--force", action="store_true", help="overwrite DEST if it exists"
    )
    copy.set_defaults(run=_copy)


def _add_source(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help=f"a scenario file (default: the bundled scenario {scenarios.DEFAULT!r})",
    )
    command.add_argument(
        "--bundled",
        metavar="NAME",
        help="use a bundled scenario by name instead of a file",
    )


def _source(args: argparse.Namespace) -> Initiative:
    if args.file and args.bundled:
        raise CoproductionError("give a FILE or --bundled NAME, not both")
    if args.file:
        return load(args.file)
    return scenarios.load_bundled(args.bundled or scenarios.DEFAULT)


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    if not args.files and not args.bundled:
        raise CoproductionError(
            "name at least one FILE (or --bundled NAME) to validate"
        )
    sources = [(n, partial(scenarios.load_bundled, n)) for n in args.bundled]
    sources += [(p, partial(load, p)) for p in args.files]
    failed = sum(_check(name, read, out) for name, read in sources)
    return 1 if failed else 0


def _check(name: str, read: Callable[[], Initiative], out: TextIO) -> int:
    try:
        notes = read().validate()
    except ValidationError as err:
        for problem in err.problems:
            _complain(str(problem))
        _complain(
            f"{name}: {len(err.problems)} problem{'s' if len(err.problems) > 1 else ''}"
        )
        return 1
    except (CoproductionError, OSError) as err:
        _complain(f"{name}: {_plain(err)}")
        return 1
    print(f"{name}: valid", file=out)
    for note in notes:
        print(f"{name}: note: {note}", file=out)
    return 0


def _summary(args: argparse.Namespace, out: TextIO) -> int:
    print(summary_text(_source(args)), file=out)
    return 0


def _report(args: argparse.Namespace, out: TextIO) -> int:
    initiative = _source(args)
    report = find_imbalances(initiative)
    text = render(report, args.format, initiative)
    print(text, file=out, end="" if text.endswith("\n") else "\n")
    if args.fail_on and report.at_least(args.fail_on):
        return 1
    return 0


def _cycles(args: argparse.Namespace, out: TextIO) -> int:
    initiative = _source(args)
    print(cycles_text(initiative), file=out)
    rows = you_said_we_did(initiative)
    if rows:
        print(f"\nYou said, we did\n{you_said_we_did_text(rows)}", file=out)
    return 0


def _scenarios(_: argparse.Namespace, out: TextIO) -> int:
    for name in scenarios.list_bundled():
        ini = scenarios.load_bundled(name)
        print(f"{name:<32}{ini.title}", file=out)
    return 0


def _show(args: argparse.Namespace, out: TextIO) -> int:
    out.write(scenarios.read_bundled(args.name))
    return 0


def _copy(args: argparse.Namespace, out: TextIO) -> int:
    text = scenarios.read_bundled(args.name)
    dest = Path(args.dest)
    if dest.is_dir():
        dest /= f"{args.name}.yaml"
    try:
        with dest.open("w" if args.force else "x", encoding="utf-8", newline="") as f:
            f.write(text)
    except FileExistsError:
        _complain(f"{dest} already exists; use --force to overwrite it")
        return 2
    except FileNotFoundError:
        _complain(f"cannot write {dest}: there is no directory {dest.parent}")
        return 1
    print(f"Copied {args.name} to {dest}", file=out)
    return 0


def _plain(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return f"{err.filename}: {err.strerror}" if err.filename else err.strerror
    return str(err)


def _complain(message: str) -> None:
    print(f"coproduction: {message}", file=sys.stderr)
