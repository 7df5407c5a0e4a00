"""The interface language to write to a member state's officials in, when they have not chosen one."""

# Spanish is the default; these member states write in English, French or Portuguese.
ENGLISH = frozenset({"AG", "BS", "BB", "BZ", "CA", "DM", "GD", "GY", "JM", "KN", "LC", "VC", "SR", "TT", "US"})
OTHERS = {"BR": "pt-br", "HT": "fr"}


def state_language(iso2: str) -> str:
    """The Django language code for official correspondence with `iso2`."""
    return OTHERS.get(iso2) or ("en" if iso2 in ENGLISH else "es")
