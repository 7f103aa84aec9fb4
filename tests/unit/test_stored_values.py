"""JSON as the read models store it: remembered sources give the same text as `dumps`."""

from __future__ import annotations

from projections.sql import dumps, dumps_source, loads


def test_a_remembered_source_is_the_json_of_that_very_source() -> None:
    sources = [
        {"name": "TASS", "kind": "state_media"},
        {"kind": "state_media", "name": "TASS"},  # the same items in another order
        {"name": "Медуза", "url": "https://meduza.io/", "kind": None},
        {"name": "TASS", "kind": "state_media"},
    ]
    for source in sources:
        assert dumps_source(source) == dumps(source)
        assert loads(dumps_source(source)) == source
    assert dumps_source(sources[0]) != dumps_source(sources[1])


def test_a_source_with_a_value_that_cannot_be_remembered_is_still_written() -> None:
    source = {"name": "TASS", "tags": ["wire"]}
    assert dumps_source(source) == '{"name":"TASS","tags":["wire"]}'
