"""The demo incident: the Crocus City Hall attack near Moscow, 22 March 2024.

Taken from the news report this project started from (shared/seed/crocus-report.txt,
The Kyiv Independent, 22 March 2024). The report gives dates, not times, for most
of what it relates: the figures say so in their note, and the statements and
assertions carry the date at an approximate hour (noon for the earlier
statements, 23:00 Moscow time for what was said on the night). Every entry goes
through the same commands as the API.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from uuid import UUID

from domain.application import IncidentRecord
from domain.commands import AssertResponsibility, OpenIncident, RecordStatement, ReportFigure
from domain.figures import Figure
from domain.values import Category, Location, Source, SourceKind, Stance

MSK = timezone(timedelta(hours=3), "MSK")
REPORT = Source("The Kyiv Independent", kind=SourceKind.NEWS_OUTLET)
RUSSIAN_MEDIA = Source("Russian media, via The Kyiv Independent", kind=SourceKind.NEWS_OUTLET)
TASS = Source("TASS", kind=SourceKind.STATE_MEDIA)
US_EMBASSY = Source("U.S. Embassy in Russia", kind=SourceKind.OFFICIAL)
APPROXIMATE = "time approximate: the report gives the date only"


def load_demo(app: IncidentRecord, reported_by: str) -> UUID:
    """Record the seed report's incident, entry by entry; returns its id."""
    opened = app.open_incident(
        OpenIncident(
            title="Crocus City Hall attack",
            occurred_at=datetime(2024, 3, 22, 19, 58, tzinfo=MSK),
            location=Location("Crocus City Hall, Krasnogorsk, near Moscow", 55.8257, 37.3896, "RU"),
            summary="Several gunmen opened fire at the Crocus City Hall concert venue in "
            "Krasnogorsk, northwest of Moscow, on the evening of 22 March 2024.",
            tags=["terrorism", "mass shooting", "Russia"],
            source=REPORT,
            reported_by=reported_by,
        )
    )
    incident = opened.incident_id
    evening = datetime(2024, 3, 22, 23, 0, tzinfo=MSK)
    for category, wording in ((Category.KILLED, "at least 40"), (Category.INJURED, "over 100")):
        app.record(
            incident,
            ReportFigure(
                category=category,
                figure=Figure.parse(wording),
                as_of=evening,
                note=APPROXIMATE,
                source=RUSSIAN_MEDIA,
                reported_by=reported_by,
            ),
        )
    app.record(
        incident,
        AssertResponsibility(
            party="Islamic State",
            stance=Stance.CLAIMS,
            asserted_by="Islamic State",
            statement="Claimed responsibility in a Telegram post shortly after the attack.",
            channel="Telegram",
            stated_at=evening,
            source=REPORT,
            reported_by=reported_by,
        ),
    )
    app.record(
        incident,
        AssertResponsibility(
            party="Islamic State",
            stance=Stance.CONFIRMS,
            asserted_by="U.S. officials",
            statement="Confirmed the claim, saying they had warned Russia of the potential threat.",
            channel=None,
            stated_at=evening,
            source=REPORT,
            reported_by=reported_by,
        ),
    )
    app.record(
        incident,
        RecordStatement(
            speaker="U.S. Embassy in Russia",
            statement="Extremists have imminent plans to target large gatherings in Moscow. "
            "(The embassy urged U.S. citizens to stay away from crowded areas and venues "
            "over the next 48 hours.)",
            stated_at=datetime(2024, 3, 7, 12, 0, tzinfo=MSK),
            topic="warning",
            source=US_EMBASSY,
            reported_by=reported_by,
        ),
    )
    app.record(
        incident,
        RecordStatement(
            speaker="Vladimir Putin",
            statement="All of this resembles outright blackmail and an intention to intimidate "
            "and destabilize our society.",
            stated_at=datetime(2024, 3, 19, 12, 0, tzinfo=MSK),
            topic="reaction",
            source=TASS,
            reported_by=reported_by,
        ),
    )
    app.record(
        incident,
        AssertResponsibility(
            party="Russian special services",
            stance=Stance.ALLEGES,
            asserted_by="Ukraine's military intelligence (HUR)",
            statement="A deliberate provocation by Putin's special services, intended to justify "
            "even tougher strikes on Ukraine and total mobilization in Russia.",
            channel=None,
            stated_at=evening,
            source=REPORT,
            reported_by=reported_by,
        ),
    )
    app.record(
        incident,
        AssertResponsibility(
            party="Ukraine",
            stance=Stance.DENIES,
            asserted_by="Ukraine",  # its Ministry of Foreign Affairs speaks for it
            statement="Denied Russian allegations of Ukrainian involvement and urged the "
            "international community to reject false narratives.",
            channel="Ministry of Foreign Affairs statement",
            stated_at=evening,
            source=REPORT,
            reported_by=reported_by,
        ),
    )
    return incident
