"""Searching the incident list by words, in the scripts and spellings real places have."""

from __future__ import annotations

import httpx

from tests.support.client import open_incident

PAZARCIK = "Pazarc\u0131k"  # with the Turkish dotless i


def test_letters_without_accents_to_strip_are_found_by_their_plain_letter(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    """Headlines and people type "Pazarcik" or "PAZARCIK" for Pazarc\u0131k (a dotless
    i, which has no accent to drop), "Lodz" for Łódź: each finds its incident, on both
    stores, and the place is shown as sent."""
    places = {
        PAZARCIK: "Kahramanmaraş earthquake",
        "Łódź": "Łódź tenement fire",
        "Tromsø": "Tromsø avalanche",
        "İskenderun": "İskenderun port fire",
        "Бейрут": "Взрыв в порту Бейрута",
    }
    for place, title in places.items():
        open_incident(http, reporter, title=title, location={"name": place})

    def found(q: str) -> list[str]:
        response = http.get("/incidents", params={"q": q})
        assert response.status_code == 200, response.text
        return [item["title"] for item in response.json()["items"]]

    for q in ("pazarcik", "PAZARCIK", PAZARCIK, PAZARCIK.lower(), "kahramanmaras"):
        assert found(q) == ["Kahramanmaraş earthquake"], q
    assert found("lodz") == found("ŁÓDŹ") == ["Łódź tenement fire"]
    assert found("tromso") == ["Tromsø avalanche"]
    assert found("iskenderun") == found("İSKENDERUN") == ["İskenderun port fire"]
    assert found("бейрут") == ["Взрыв в порту Бейрута"]
    assert found("pazarcix") == []
    item = http.get("/incidents", params={"q": "pazarcik"}).json()["items"][0]
    assert item["location"]["name"] == PAZARCIK
