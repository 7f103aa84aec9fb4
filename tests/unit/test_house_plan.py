"""The house plan holds: layers point inward, no import cycles, small modules, and the
entry routes are the table of entry kinds."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from api.entry_kinds import BY_EVENT, ENTRY_KINDS, OPENING
from api.http.app import create_app
from api.settings import Settings
from domain.incident import Incident
from tests.support.import_graph import ROOT, cycles, graph, imports_of, modules

MAX_LINES = 400
# What the domain may not know: the web, SQL, settings, and the outer layers.
OUTSIDE_THE_DOMAIN = ("api", "projections", "fastapi", "starlette", "uvicorn", "sqlite3",
                      "psycopg", "psycopg_pool", "pydantic_settings", "jinja2")  # fmt: skip


def test_no_module_imports_itself_back_even_inside_functions_or_for_type_checking() -> None:
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle(tmp_path: Path) -> None:
    package = tmp_path / "domain"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from domain import b\n")
    (package / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from domain.a import f\n"
    )

    assert cycles(graph(tmp_path)) == [["domain.a", "domain.b"]]


def _third_party_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("module", sorted(name for name in modules() if name.startswith("domain")))
def test_the_domain_knows_nothing_of_the_web_sql_or_the_outer_layers(module: str) -> None:
    imported = _third_party_imports(modules()[module])

    assert imported.isdisjoint(OUTSIDE_THE_DOMAIN)


@pytest.mark.parametrize(
    "module", sorted(name for name in modules() if name.startswith("projections"))
)
def test_the_read_models_know_nothing_of_the_api(module: str) -> None:
    found = modules()

    assert not any(name.startswith("api") for name in imports_of(module, found[module], found))


def test_no_module_is_over_four_hundred_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for folder in ("domain", "projections", "api", "tests", "bench")
        for path in (ROOT / folder).rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }

    assert long == {}


def _entry_operations(tmp_path: Path) -> dict[str, dict[str, Any]]:
    """The POST operations the mounted app documents under /incidents/{incident_id}/."""
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'plan.db'}"))
    prefix = "/incidents/{incident_id}/"
    return {
        path.removeprefix(prefix): operations["post"]
        for path, operations in app.openapi()["paths"].items()
        if path.startswith(prefix) and "post" in operations
    }


def _schema_name(content: dict[str, Any]) -> str:
    reference: str = content["application/json"]["schema"]["$ref"]
    return reference.rpartition("/")[2]


def test_the_entry_routes_mounted_are_the_kinds_of_the_table(tmp_path: Path) -> None:
    operations = _entry_operations(tmp_path)

    assert sorted(operations) == sorted(kind.segment for kind in ENTRY_KINDS)
    for kind in ENTRY_KINDS:
        operation = operations[kind.segment]
        assert _schema_name(operation["requestBody"]["content"]) == kind.body.__name__
        assert _schema_name(operation["responses"]["201"]["content"]) == kind.receipt.__name__
        assert operation["operationId"].startswith(kind.name + "_")
        assert operation["description"] == kind.summary


def test_each_event_of_the_aggregate_has_a_row_in_the_table() -> None:
    events = {
        cls.__name__
        for cls in vars(Incident).values()
        if isinstance(cls, type) and issubclass(cls, Incident.Event) and cls is not Incident.Event
    } - {"Created", "Snapshot"}

    assert events == set(BY_EVENT)
    assert {kind.command.event for kind in (OPENING, *ENTRY_KINDS)} == set(BY_EVENT)
