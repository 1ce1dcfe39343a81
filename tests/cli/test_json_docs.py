"""docs/json.md against real output: every key a table documents is printed, every key printed
is documented, and each example has the real document's keys.

The book is the one the doc's examples come from (its setup block), made through the CLI.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import click
import pytest

from tendtui.cli import cli
from tendtui.transfer.book_json import STATE_TABLES
from tests.cli.conftest import Runner

DOC = Path(__file__).resolve().parents[2] / "docs" / "json.md"

ACCOUNTS = "`tendtui accounts --json`"
SHOW = "`tendtui show NAME --json`"
HISTORY = "`tendtui history [NAME] --json`"
AGENDA = "`tendtui agenda --json`"
SEARCH = "`tendtui search QUERY --json`"
STANDUP = "`tendtui standup --format json`"
DUMP = "`tendtui export --format json`: the whole book"
RATES = "`tendtui rates --json`"
FORECAST = "`tendtui forecast NAME --json`"
OPPORTUNITIES = "`tendtui opportunity list [NAME] --json`"
CONTACTS = "`tendtui contact list [ACCOUNT] --json`"
DOCTOR = "`tendtui doctor --json`"
DRY_RUN = "`tendtui import FILE --dry-run --json`"
BOOKS = "`tendtui books --json`"
CONFIG = "`tendtui config show --json`"


def sections() -> dict[str, str]:
    """Each `## ` heading of the doc, and the text under it."""
    parts = re.split(r"^## (.+)$", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {parts[n].strip(): parts[n + 1] for n in range(1, len(parts), 2)}


def key_tables(body: str) -> list[set[str]]:
    """The keys in each `| key | type | meaning |` table of a section, in order: every
    backticked name in the first cell (`owner`, `segment`, `external_id` is three keys)."""
    tables: list[set[str]] = []
    current: set[str] | None = None
    for line in body.splitlines():
        if line.startswith("| key |"):
            current = set()
            tables.append(current)
        elif current is not None and line.startswith("|"):
            first = line.split("|")[1]
            current.update(re.findall(r"`([^`]+)`", first))
        else:
            current = None
    return tables


def example(body: str) -> Any:
    """The section's first ```json block, parsed."""
    found = re.search(r"```json\n(.*?)\n```", body, flags=re.DOTALL)
    assert found is not None
    return json.loads(found.group(1))


def keys(objects: list[dict[str, Any]]) -> set[str]:
    """The keys of a list of objects, which must all have the same ones (every key is always
    present)."""
    assert objects, "no objects to compare the doc with"
    first = set(objects[0])
    assert all(set(o) == first for o in objects)
    return first


@pytest.fixture
def outputs(run: Runner, tmp_path: Path) -> dict[str, Any]:
    """The doc's scratch book (its setup block), and each command's JSON from it."""
    setup = re.search(r"```sh\nexport TENDTUI_DB=.*?\n(.*?)\n```", DOC.read_text(), re.DOTALL)
    assert setup is not None
    for line in setup.group(1).splitlines():
        args = shlex.split(line)
        assert args[0] == "tendtui"
        assert run(*args[1:]).code == 0, line
    assert run("done", "acme", "qbr", "--note", "booked").code == 0  # a task-done event
    assert run("undo").code == 0  # and an undone one
    assert run("forecast", "acme", "likely", "--note", "budget approved").code == 0
    assert run("opportunity", "add", "acme", "More seats", "--arr", "20k").code == 0
    assert run("contact", "add", "acme", "Ana Ruiz", "--role", "champion").code == 0
    assert run("contact", "add", "acme", "Bo Li", "--role", "sponsor").code == 0
    assert run("contact", "left", "acme", "Bo Li").code == 0
    assert run("config", "set", "name", "Client A").code == 0
    assert run("config", "set", "me", "Dana").code == 0
    assert run("config", "set", "keys.board.move", "M").code == 0

    def data(*args: str) -> Any:
        result = run(*args)
        assert result.code == 0, result
        return json.loads(result.out)

    export = tmp_path / "crm.csv"
    export.write_text("Account Name,ARR,Owner\nAcme Corp,150000,Dana\nInitech,lots,Sam\n")
    refused = run("import", str(export), "--dry-run", "--json")
    assert refused.code == 2

    return {
        ACCOUNTS: data("accounts", "--json"),
        SHOW: data("show", "acme", "--json"),
        HISTORY: data("history", "--json"),
        AGENDA: data("agenda", "--json"),
        SEARCH: data("search", "plan", "--json"),
        STANDUP: data("standup", "--format", "json"),
        DUMP: data("export", "--format", "json"),
        RATES: data("rates", "--json"),
        FORECAST: data("forecast", "acme", "--json"),
        OPPORTUNITIES: data("opportunity", "list", "--json"),
        CONTACTS: data("contact", "list", "--json"),
        DOCTOR: data("doctor", "--json"),
        DRY_RUN: json.loads(refused.out),
        BOOKS: data("books", "--json"),
        CONFIG: data("config", "show", "--json"),
    }


def test_every_documented_key_is_printed_and_every_printed_key_documented(
    outputs: dict[str, Any],
) -> None:
    doc = sections()
    task_keys = key_tables(doc[SHOW])[0]
    agenda_extra = key_tables(doc[AGENDA])[0]
    cases = {
        "accounts": (key_tables(doc[ACCOUNTS])[0], outputs[ACCOUNTS]["accounts"]),
        "show tasks": (task_keys, outputs[SHOW]["tasks"]),
        "history": (key_tables(doc[HISTORY])[0], outputs[HISTORY]["events"]),
        "agenda tasks": (task_keys | agenda_extra, outputs[AGENDA]["tasks"]),
        "search hits": (key_tables(doc[SEARCH])[0], outputs[SEARCH]["hits"]),
        "rates": (key_tables(doc[RATES])[0], outputs[RATES]["rates"]),
        "forecast calls": (key_tables(doc[FORECAST])[0], outputs[FORECAST]["calls"]),
        "opportunities": (
            key_tables(doc[OPPORTUNITIES])[0],
            outputs[OPPORTUNITIES]["opportunities"],
        ),
        "contacts": (key_tables(doc[CONTACTS])[0], outputs[CONTACTS]["contacts"]),
        "show contacts": (key_tables(doc[CONTACTS])[0], outputs[SHOW]["contacts"]),
        "doctor checks": (key_tables(doc[DOCTOR])[0], outputs[DOCTOR]["checks"]),
        "dry run": (key_tables(doc[DRY_RUN])[0] | {"version"}, [outputs[DRY_RUN]]),
        "books": (key_tables(doc[BOOKS])[0], outputs[BOOKS]["books"]),
        "config": (key_tables(doc[CONFIG])[0] | {"version"}, [outputs[CONFIG]]),
    }
    for what, (documented, real) in cases.items():
        assert documented == keys(real), what
    assert not task_keys & agenda_extra  # "the keys of a task in show, and:" adds new ones


@pytest.mark.parametrize(
    "section",
    [
        *(ACCOUNTS, SHOW, HISTORY, AGENDA, SEARCH, STANDUP, DUMP),
        *(RATES, FORECAST, OPPORTUNITIES, CONTACTS, DOCTOR, DRY_RUN, BOOKS, CONFIG),
    ],
)
def test_each_example_has_the_real_top_level_keys(outputs: dict[str, Any], section: str) -> None:
    assert set(example(sections()[section])) == set(outputs[section])


@pytest.mark.parametrize(
    ("section", "key"),
    [
        (ACCOUNTS, "accounts"),
        (SHOW, "tasks"),
        (SHOW, "opportunities"),
        (AGENDA, "tasks"),
        (SEARCH, "hits"),
        (RATES, "rates"),
        (FORECAST, "calls"),
        (OPPORTUNITIES, "opportunities"),
        (CONTACTS, "contacts"),
        (SHOW, "contacts"),
        (STANDUP, "key_people_lost"),
        (DOCTOR, "checks"),
        (DRY_RUN, "problems"),
        (BOOKS, "books"),
    ],
)
def test_the_examples_objects_have_the_real_keys(
    outputs: dict[str, Any], section: str, key: str
) -> None:
    assert keys(example(sections()[section])[key]) == keys(outputs[section][key])


def test_the_show_examples_forecast_has_the_real_keys(outputs: dict[str, Any]) -> None:
    documented = example(sections()[SHOW])["forecast"]
    assert set(documented) == set(outputs[SHOW]["forecast"])
    assert set(documented) == key_tables(sections()[FORECAST])[0]


def test_the_standup_examples_summary_has_the_real_keys(outputs: dict[str, Any]) -> None:
    documented = example(sections()[STANDUP])["summary"]
    assert set(documented) == set(outputs[STANDUP]["summary"])
    assert outputs[STANDUP]["summary"]["base_currency"] == "USD"  # the setup sets a EUR rate


def test_the_dump_lists_every_state_table() -> None:
    body = sections()[DUMP]
    line = next(x for x in body.splitlines() if "are the state tables" in x)
    assert re.findall(r"`([^`]+)`", line) == list(STATE_TABLES)
    assert set(STATE_TABLES) <= set(example(body))


def group_of(name: str) -> list[tuple[str, click.Command]]:
    group = cli.commands[name]
    assert isinstance(group, click.Group)
    return list(group.commands.items())


def test_every_command_with_json_output_is_listed() -> None:
    listed = re.search(r"```\n(tendtui .*?)\n```", DOC.read_text(), re.DOTALL)
    assert listed is not None
    names = {" ".join(line.split()[1:3]) for line in listed.group(1).splitlines()}
    names = {
        n if n.startswith(("opportunity", "contact", "config")) else n.split()[0] for n in names
    }
    with_jsonl = {
        name
        for name, command in [
            *cli.commands.items(),
            *((f"{g} {s}", c) for g in ("contact", "opportunity") for s, c in group_of(g)),
        ]
        if "--jsonl" in {o for p in command.params for o in p.opts}
    }
    assert with_jsonl == {"accounts", "agenda", "search", "contact list", "opportunity list"}
    jsonl = sections()["JSON Lines: for sqlite-utils and jq"]
    assert all(f"`{name}`" in jsonl for name in with_jsonl)
    with_json = {
        name
        for name, command in cli.commands.items()
        if "as_json" in {p.name for p in command.params}  # `rates` is a group that lists
    } | {
        f"{name} {sub}"
        for name, group in cli.commands.items()
        if isinstance(group, click.Group)
        for sub, command in group.commands.items()
        if "as_json" in {p.name for p in command.params}
    }
    assert with_json | {"standup"} == names  # standup prints JSON with --format json
