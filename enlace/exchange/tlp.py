"""TLP markings as the peers write them: STIX 2.1 marking definitions (TLP 2.0 extension, STIX TLP 1.0, OpenCTI's
AMBER+STRICT) and MISP tags. Import accepts every known form; export writes TLP 2.0 (and `tlp:*` tags for MISP)."""

from __future__ import annotations

from enlace.exchange.models import Tlp

TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

# TLP 2.0 marking-definition ids (the OASIS extension), used on export.
TLP2_IDS = {
    Tlp.CLEAR: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    Tlp.GREEN: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    Tlp.AMBER: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    Tlp.AMBER_STRICT: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    Tlp.RED: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
# Every marking id Enlace understands on import, to its TLP 2.0 level.
MARKING_TO_TLP: dict[str, Tlp] = {
    **{marking: level for level, marking in TLP2_IDS.items()},
    # STIX TLP 1.0 (stix2 library): WHITE is CLEAR.
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": Tlp.CLEAR,
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": Tlp.GREEN,
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": Tlp.AMBER,
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": Tlp.RED,
    # OpenCTI's AMBER+STRICT.
    "marking-definition--826578e1-40ad-459f-bc73-ede076f81f37": Tlp.AMBER_STRICT,
}
# The `name` and `tlp_2_0` values of the TLP 2.0 marking definitions.
TLP2_NAMES = {
    Tlp.CLEAR: ("TLP:CLEAR", "clear"),
    Tlp.GREEN: ("TLP:GREEN", "green"),
    Tlp.AMBER: ("TLP:AMBER", "amber"),
    Tlp.AMBER_STRICT: ("TLP:AMBER+STRICT", "amber+strict"),
    Tlp.RED: ("TLP:RED", "red"),
}
MISP_TAGS = {
    Tlp.CLEAR: "tlp:clear",
    Tlp.GREEN: "tlp:green",
    Tlp.AMBER: "tlp:amber",
    Tlp.AMBER_STRICT: "tlp:amber+strict",
    Tlp.RED: "tlp:red",
}
TAG_TO_TLP: dict[str, Tlp] = {
    **{tag: level for level, tag in MISP_TAGS.items()},
    "tlp:white": Tlp.CLEAR,
    "tlp:ex:chr": Tlp.RED,
}


def tlp_of_markings(marking_ids: list[str]) -> Tlp | None:
    """The most restrictive TLP level among the marking ids, or None when none is a known TLP marking."""
    from enlace.exchange.models import TLP_RANK

    levels = [MARKING_TO_TLP[m] for m in marking_ids if m in MARKING_TO_TLP]
    return max(levels, key=lambda level: TLP_RANK[level]) if levels else None


def tlp_of_tags(tags: list[str]) -> Tlp | None:
    """The most restrictive TLP level among MISP tag names, or None."""
    from enlace.exchange.models import TLP_RANK

    levels = [TAG_TO_TLP[t.strip().lower()] for t in tags if t.strip().lower() in TAG_TO_TLP]
    return max(levels, key=lambda level: TLP_RANK[level]) if levels else None


def tlp2_marking_definition(level: Tlp) -> dict[str, object]:
    """The TLP 2.0 marking-definition object for a level, as the OASIS extension defines it."""
    name, value = TLP2_NAMES[level]
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": TLP2_IDS[level],
        "created": "2022-10-01T00:00:00.000Z",
        "name": name,
        "extensions": {TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": value}},
    }
