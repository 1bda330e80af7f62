"""Keep an initiative and its PDSA cycles in SQLite, as a care management system would.

Run it with ``python examples/sqlite_event_store.py`` to use a database in memory, or
``python examples/sqlite_event_store.py care.db`` to keep one in a file (the only file
it ever writes). It uses the standard library and coproduction, nothing else, and tells
what happens as it goes. docs/embedding.md explains the ideas.

Two tables hold everything:

- ``initiatives``: one row per saved state of an initiative, its document as
  ``coproduction.dumps`` text (cycles left out: they live in the next table) and the
  number of changes it has seen, with a unique key on (initiative, version). A save
  inserts a new row; it never overwrites one.
- ``cycle_events``: one row per event of a cycle, with a unique key on (cycle, version).

Two writers who read the same version both try to insert the next one; the unique key
lets one in and turns the other away, who reads again and retries. Nothing is lost.
"""

import dataclasses
import datetime as dt
import json
import sqlite3
import sys

import coproduction as cp

SCHEMA = """
CREATE TABLE IF NOT EXISTS initiatives (
    initiative_id TEXT NOT NULL,
    version       INTEGER NOT NULL,  -- changes accepted since the first save
    document      TEXT NOT NULL,     -- coproduction.dumps text, without the cycles
    PRIMARY KEY (initiative_id, version)
);
CREATE TABLE IF NOT EXISTS cycle_events (
    initiative_id TEXT NOT NULL,
    cycle_id      TEXT NOT NULL,
    version       INTEGER NOT NULL,  -- the event's place in its cycle, from 1
    event         TEXT NOT NULL,     -- Event.to_dict() as JSON
    PRIMARY KEY (cycle_id, version)
);
"""


@dataclasses.dataclass
class Loaded:
    """An initiative and the version it was stored at (None: not stored yet).

    `changes_at_load` is the initiative's own `version` once loaded, as attaching its
    cycles counts as changes; a save counts only the changes made after it.
    """

    initiative: cp.Initiative
    stored_version: int | None = None
    changes_at_load: int = 0


def load(db: sqlite3.Connection, initiative_id: str) -> Loaded:
    """Read the latest saved state of an initiative and attach each of its cycles."""
    version, text = db.execute(
        "SELECT version, document FROM initiatives WHERE initiative_id = ? "
        "ORDER BY version DESC LIMIT 1",
        (initiative_id,),
    ).fetchone()
    ini = cp.loads(text)
    cycle_ids = [
        row[0]
        for row in db.execute(
            "SELECT cycle_id FROM cycle_events WHERE initiative_id = ? AND version = 1 "
            "ORDER BY rowid",
            (initiative_id,),
        )
    ]
    for cycle_id in cycle_ids:  # in the order they were started: a parent comes first
        rows = db.execute(
            "SELECT event FROM cycle_events WHERE cycle_id = ? ORDER BY version",
            (cycle_id,),
        )
        ini.attach_cycle([json.loads(event) for (event,) in rows])
    return Loaded(ini, version, changes_at_load=ini.version)


def save(db: sqlite3.Connection, loaded: Loaded) -> int:
    """Store the initiative's changes and its cycles' new events in one transaction.

    Raises sqlite3.IntegrityError, storing nothing, if someone saved first.
    """
    ini = loaded.initiative
    plain = cp.to_dict(ini)
    plain.pop("cycles", None)  # the cycles are stored as their events
    document = cp.dumps(cp.from_dict(cp.Initiative, plain))
    changes = ini.version - loaded.changes_at_load
    new_version = (loaded.stored_version or 0) + changes
    events = [
        (ini.id, cycle.id, event.version, json.dumps(event.to_dict()))
        for cycle in ini.cycles
        for event in cycle.collect_events()  # exactly what is new since the load
    ]
    with db:  # commits, or rolls back and raises
        if (
            changes or loaded.stored_version is None
        ):  # a cycle's steps alone leave it as it is
            db.execute(
                "INSERT INTO initiatives VALUES (?, ?, ?)",
                (ini.id, new_version, document),
            )
        db.executemany("INSERT INTO cycle_events VALUES (?, ?, ?, ?)", events)
    return new_version


def say(sentence: str) -> None:
    """Tell the story."""
    print(sentence)


def main(argv: list[str] | None = None) -> int:
    """Run the story on a database in memory, or in the file named on the command line."""
    args = sys.argv[1:] if argv is None else argv
    db = sqlite3.connect(args[0] if args else ":memory:")
    try:
        return story(db)
    finally:
        db.close()


def story(db: sqlite3.Connection) -> int:
    """Save, race, retry, study and read back, saying what happens."""
    db.executescript(SCHEMA)
    if db.execute(
        "SELECT 1 FROM initiatives WHERE initiative_id = 'oak-tea'"
    ).fetchone():
        say("That database holds the story already: name a new file, or none.")
        return 2

    # 1. A new initiative: residents of Oak House and staff try a tea trolley.
    ini = cp.Initiative(
        id="oak-tea",
        title="Afternoons in the lounge at Oak House",
        stakeholders=[
            cp.Stakeholder(id="res-0417", name="Edna", kind="person"),
            cp.Stakeholder(id="staff-22", name="Grace", kind="care_worker"),
            cp.Stakeholder(id="staff-31", name="Raj", kind="care_worker"),
        ],
        change_ideas=[cp.ChangeIdea(id="tea-trolley", title="A tea trolley at three")],
        measures=[
            cp.Measure(
                id="lounge-visits",
                name="People in the lounge at 3pm",
                kind="outcome",
                improvement="increase",
            )
        ],
        # Counts from the week before the trolley: the usual level to compare with.
        observations=[
            cp.Observation(
                measure="lounge-visits", at=dt.date(2026, 4, day), value=count
            )
            for day, count in [(27, 4), (28, 5), (29, 3), (30, 6)]
        ],
    )
    cycle = ini.start_cycle(id="tea-1", change_idea="tea-trolley")
    cycle.plan(
        "Does a tea trolley at three bring people into the lounge?",
        [cp.Prediction(measure="lounge-visits", direction="increase")],
        by={"res-0417", "staff-22"},
        start=dt.date(2026, 5, 4),
    )
    version = save(db, Loaded(ini))
    say(
        f"Saved initiative {ini.id!r} at version {version}, "
        f"with cycle 'tea-1' planned ({cycle.version} events stored)."
    )

    # 2. Grace and Raj both open the initiative, and both record a count.
    grace, raj = load(db, "oak-tea"), load(db, "oak-tea")
    say(f"Grace and Raj both read version {grace.stored_version}.")
    grace.initiative.record_observation(
        cp.Observation(measure="lounge-visits", at=dt.date(2026, 5, 4), value=11)
    )
    raj_count = cp.Observation(measure="lounge-visits", at=dt.date(2026, 5, 5), value=9)
    raj.initiative.record_observation(raj_count)
    say(f"Grace saves first: version {save(db, grace)}.")
    try:
        save(db, raj)
    except sqlite3.IntegrityError as err:
        say(
            f"Raj's save is turned away by the unique key ({err}); nothing of his was stored."
        )
    # Raj's objects have moved on and the store has not: read again, and redo the change.
    raj = load(db, "oak-tea")
    raj.initiative.record_observation(raj_count)
    say(
        f"Raj reads again, records his count once more and saves: version {save(db, raj)}."
    )

    # 3. Later, a meeting: the trolley went round, and the team studies the cycle.
    meeting = load(db, "oak-tea")
    tea = meeting.initiative.cycle("tea-1")
    tea.do(
        "The trolley went round at three each day",
        by={"staff-22"},
        expected_version=tea.version,
    )
    result = tea.study(by={"res-0417", "staff-22", "staff-31"})
    say(
        f"Studied with {result.predictions[0].observed} counts: "
        f"{result.predictions[0].sentence}"
    )
    tea.act(
        "adapt",
        "Edna asked for it at half past three, after her visitors",
        by={"res-0417", "staff-22"},
    )
    say(
        f"Saved the meeting as version {save(db, meeting)}; cycle 'tea-1' is now "
        f"at version {tea.version}."
    )

    # 4. Read it all back: the store holds every change, Grace's and Raj's alike.
    final = load(db, "oak-tea").initiative
    counts = [o.value for o in final.observations_of("lounge-visits")][-2:]
    same = final == meeting.initiative
    say(
        f"Read back: Grace's and Raj's counts {counts}, cycle "
        f"{final.cycle('tea-1').phase.value}, "
        f"{'equal to' if same else 'NOT equal to'} what the meeting saved."
    )
    return 0 if same and counts == [11, 9] else 1


if __name__ == "__main__":
    sys.exit(main())
