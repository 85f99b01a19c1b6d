"""Zone labels of update lines and where they point: abbreviations, names and places.

"GMT", "EDT", "UTC+3", "(EBL time)", "Kyiv time", "Brasília time", "Armenia time": a label
names a fixed offset, an IANA zone (whose offset follows the date through zoneinfo), or
several zones at once (its label is kept, its offset stays unknown). A place before "time"
is looked up as a city (every IANA zone by its city, and a few capitals the zone names do
not spell), then as a country (the tz database's own tables of country names and zones,
``iso3166.tab`` and ``zone.tab``): a country of one zone, or of zones that keep one offset,
names it; a country of several is ambiguous.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from zoneinfo import ZoneInfo, available_timezones

# Abbreviations that name one fixed offset. EST/EDT, CET/CEST etc. state which half of the
# year they mean, so they are fixed; the generic names (ET, "Central European Time") are not.
_FIXED: dict[str, int] = {  # minutes east of UTC
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "WEST": 60,
    "BST": 60,  # British Summer Time (the Bangladesh reading is rare in news datelines)
    "CET": 60,
    "CEST": 120,
    "EET": 120,
    "EEST": 180,
    "MSK": 180,
    "EBL": 180,  # Erbil, Kurdistan Region of Iraq: no daylight saving
    "TRT": 180,
    "IRST": 210,
    "GST": 240,  # Gulf Standard Time
    "AFT": 270,
    "PKT": 300,
    "WIB": 420,
    "HKT": 480,
    "SGT": 480,
    "JST": 540,
    "KST": 540,
    "AEST": 600,
    "AEDT": 660,
    "NZST": 720,
    "NZDT": 780,
    "EST": -300,
    "EDT": -240,
    "CDT": -300,
    "MST": -420,
    "MDT": -360,
    "PST": -480,
    "PDT": -420,
    "AKST": -540,
    "AKDT": -480,
    "HST": -600,
    "WAT": 60,  # West Africa Time
    "CAT": 120,  # Central Africa Time
    "SAST": 120,
    "EAT": 180,  # East Africa Time
    "IDT": 180,  # Israel Daylight Time
    "NPT": 345,
    "MMT": 390,
    "ICT": 420,
    "WITA": 480,
    "PHT": 480,
    "PHST": 480,
    "MYT": 480,
    "AWST": 480,
    "WIT": 540,
    "ACST": 570,
    "ACDT": 630,
    "BRT": -180,
    "COT": -300,
    "PET": -300,
    "VET": -240,
}

# Abbreviations whose offset depends on the date.
_ZONED: dict[str, str] = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
    "UK": "Europe/London",
}

# Abbreviations that stand for several zones: the label is kept, the offset stays null.
_AMBIGUOUS = frozenset({"IST", "AST", "CST", "ADT", "ECT", "SST", "AMT"})

# Spelled-out names, lower case, without the word "time".
_NAMED_FIXED: dict[str, int] = {
    "greenwich mean": 0,
    "coordinated universal": 0,
    "universal": 0,
    "british summer": 60,
    "central european summer": 120,
    "central european standard": 60,
    "eastern european summer": 180,
    "eastern european standard": 120,
    "eastern standard": -300,
    "eastern daylight": -240,
    "central daylight": -300,
    "mountain standard": -420,
    "mountain daylight": -360,
    "pacific standard": -480,
    "pacific daylight": -420,
    "arabia standard": 180,
    "arabian standard": 180,
    "gulf standard": 240,
    "erbil": 180,
}
_NAMED_ZONES: dict[str, str] = {
    "eastern": "America/New_York",
    "central": "America/Chicago",
    "mountain": "America/Denver",
    "pacific": "America/Los_Angeles",
    "central european": "Europe/Berlin",
    "eastern european": "Europe/Athens",
    "western european": "Europe/Lisbon",
    "british": "Europe/London",
    "moscow": "Europe/Moscow",
    "israel": "Asia/Jerusalem",
    "tel aviv": "Asia/Jerusalem",
    "iraq": "Asia/Baghdad",
    "kurdistan": "Asia/Baghdad",
    "sulaimani": "Asia/Baghdad",
    "sulaymaniyah": "Asia/Baghdad",
    "mosul": "Asia/Baghdad",
    "basra": "Asia/Baghdad",
    "kiev": "Europe/Kyiv",
    "ukraine": "Europe/Kyiv",
    "kharkiv": "Europe/Kyiv",
    "odesa": "Europe/Kyiv",
    "lviv": "Europe/Kyiv",
    "syria": "Asia/Damascus",
    "lebanon": "Asia/Beirut",
    "iran": "Asia/Tehran",
    "turkey": "Europe/Istanbul",
    "ankara": "Europe/Istanbul",
    "egypt": "Africa/Cairo",
    "jordan": "Asia/Amman",
    "saudi": "Asia/Riyadh",
    "mecca": "Asia/Riyadh",
    "yemen": "Asia/Aden",
    "sanaa": "Asia/Aden",
    "uae": "Asia/Dubai",
    "abu dhabi": "Asia/Dubai",
    "qatar": "Asia/Qatar",
    "afghanistan": "Asia/Kabul",
    "pakistan": "Asia/Karachi",
    "islamabad": "Asia/Karachi",
    "india": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "china": "Asia/Shanghai",
    "beijing": "Asia/Shanghai",
    "japan": "Asia/Tokyo",
    "washington": "America/New_York",
    "london": "Europe/London",
    "paris": "Europe/Paris",
    "france": "Europe/Paris",
    "germany": "Europe/Berlin",
    "west bank": "Asia/Hebron",
    "ramallah": "Asia/Hebron",
    "sudan": "Africa/Khartoum",
    "libya": "Africa/Tripoli",
    "somalia": "Africa/Mogadishu",
    "nigeria": "Africa/Lagos",
    "abuja": "Africa/Lagos",
    "kenya": "Africa/Nairobi",
    "ethiopia": "Africa/Addis_Ababa",
    "addis ababa": "Africa/Addis_Ababa",
    # Capitals and large cities that no IANA zone is named after.
    "brasilia": "America/Sao_Paulo",
    "rio de janeiro": "America/Sao_Paulo",
    "ottawa": "America/Toronto",
    "canberra": "Australia/Sydney",
    "wellington": "Pacific/Auckland",
    "pretoria": "Africa/Johannesburg",
    "cape town": "Africa/Johannesburg",
    "rabat": "Africa/Casablanca",
    "baghdad": "Asia/Baghdad",
    "erbil": "Asia/Baghdad",
    "aden": "Asia/Aden",
    "hanoi": "Asia/Ho_Chi_Minh",
    "bangalore": "Asia/Kolkata",
    "st petersburg": "Europe/Moscow",
    "saint petersburg": "Europe/Moscow",
    "geneva": "Europe/Zurich",
    "new york": "America/New_York",
    "los angeles": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles",
    "mexico city": "America/Mexico_City",
    "bogota": "America/Bogota",
    "caracas": "America/Caracas",
    "lima": "America/Lima",
    "buenos aires": "America/Argentina/Buenos_Aires",
}


def _plain(name: str) -> str:
    """A place name compared without case or accents: "Brasília" -> "brasilia"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@functools.lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    """Every IANA zone by its city, lower case: "baghdad" -> "Asia/Baghdad"."""
    table: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if "/" not in name or name.startswith(("Etc/", "SystemV/", "US/")):
            continue
        city = _plain(name.rsplit("/", 1)[1].replace("_", " "))
        table.setdefault(city, name)
    return table


def _tab(name: str) -> list[list[str]]:
    """The rows of one of the tz database's tables, from the tzdata package."""
    from importlib.resources import files

    try:
        text = files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return []
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, ...]]:
    """Every country by its English name, lower case, with the zones it uses."""
    zones: dict[str, list[str]] = {}
    for row in _tab("zone.tab"):
        if len(row) >= 3:
            zones.setdefault(row[0], []).append(row[2])
    table: dict[str, tuple[str, ...]] = {}
    for row in _tab("iso3166.tab"):
        if len(row) >= 2 and row[0] in zones:
            table[_plain(row[1])] = tuple(zones[row[0]])
    return table


def _one_offset(zones: tuple[str, ...]) -> bool:
    """Whether zones keep the same offset all year (so a country of them names one)."""
    year = dt.date.today().year
    seen = {
        tuple(dt.datetime(year, month, 15, 12, tzinfo=ZoneInfo(z)).utcoffset() for month in (1, 7))
        for z in zones
    }
    return len(seen) == 1


@dataclass(frozen=True)
class Zone:
    label: str
    fixed: int | None = None  # minutes east of UTC
    zone: str | None = None  # IANA name


def _lookup(name: str) -> Zone | None:
    """A spelled-out zone or place name ("Baghdad", "Central European") without "time"."""
    key = _plain(re.sub(r"\s+", " ", name).strip())
    key = re.sub(r"^the ", "", key)
    if key in _NAMED_FIXED:
        return Zone(name, fixed=_NAMED_FIXED[key])
    zone = _NAMED_ZONES.get(key) or _cities().get(key)
    if zone:
        return Zone(name, zone=zone)
    country = _countries().get(key)
    if country:
        # A country of several zones is ambiguous unless they keep one offset.
        return Zone(name, zone=country[0]) if _one_offset(country) else Zone(name)
    return None


_OFFSET_LABEL = re.compile(
    r"\b(?P<label>(?:GMT|UTC)\s*(?P<sign>[+\-−–])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?)(?!\d)"
)
_ABBR = re.compile(r"(?<![\w-])(?P<abbr>[A-Z]{1,5})(?![\w-])")
# "(EBL time)", "Baghdad time", "Central European Summer Time", "local time".
_TIME_PHRASE = re.compile(r"(?P<words>(?:[A-Za-z][\w'’.-]*\s+){1,4}?)(?P<kw>[Tt]ime)\b")


def find_zone(line: str) -> Zone | None:
    """The zone label of an update line, or None."""
    match = _OFFSET_LABEL.search(line)
    if match:
        minutes = int(match["h"]) * 60 + int(match["m"] or 0)
        sign = -1 if match["sign"] in "-−–" else 1
        return Zone(re.sub(r"\s+", "", match["label"]), fixed=sign * minutes)
    for match in _TIME_PHRASE.finditer(line):
        words = match["words"].split()
        # Try the longest run of words before "time" first: "Central European" over "European".
        for start in range(len(words)):
            candidate = " ".join(words[start:])
            if candidate.lower() == "local":
                return Zone("local time")
            abbr = _abbr_zone(candidate)
            if abbr is not None:
                return abbr
            zone = _lookup(candidate)
            if zone is not None:
                return Zone(f"{candidate} {match['kw']}", fixed=zone.fixed, zone=zone.zone)
    for match in _ABBR.finditer(line):
        abbr = _abbr_zone(match["abbr"])
        if abbr is not None:
            return abbr
    return None


def _abbr_zone(token: str) -> Zone | None:
    if token in _FIXED and token != "Z":
        return Zone(token, fixed=_FIXED[token])
    if token in _ZONED:
        return Zone(token, zone=_ZONED[token])
    if token in _AMBIGUOUS:
        return Zone(token)
    return None


def format_offset(offset: dt.timedelta) -> str:
    """ "+03:00" for three hours east of UTC."""
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


def zone_offset(zone: Zone, date: dt.date | None, time: dt.time | None) -> str | None:
    """The label's offset on that date and time, or None when it is unknown or ambiguous."""
    if zone.fixed is not None:
        return format_offset(dt.timedelta(minutes=zone.fixed))
    if zone.zone is None:
        return None
    tz = ZoneInfo(zone.zone)
    if date is None:
        # Without a date, only a zone that keeps one offset all year has a single answer.
        year = dt.date.today().year
        offsets = {
            dt.datetime(year, month, 15, 12, tzinfo=tz).utcoffset() for month in (1, 4, 7, 10)
        }
        if len(offsets) != 1:
            return None
        (only,) = offsets
        return format_offset(only) if only is not None else None
    local = dt.datetime.combine(date, time or dt.time(12, 0))
    first = local.replace(tzinfo=tz, fold=0)
    second = local.replace(tzinfo=tz, fold=1)
    offset = first.utcoffset()
    if offset != second.utcoffset():
        # The clock repeats (autumn) or skips (spring) this hour: the local time names two
        # instants or none. With no time given, noon is a safe stand-in for the whole day.
        return None
    try:
        round_trip = first.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None)
    except OverflowError:  # the instant in UTC is off the calendar: 9999-12-31 in New York
        return None
    if round_trip != local:
        return None
    return format_offset(offset) if offset is not None else None


# Zones of writers who put the month first in "03/04/2024".
US_ZONES = frozenset({"ET", "CT", "MT", "PT", "EST", "EDT", "CDT", "MST", "MDT", "PST", "PDT"})

__all__ = ["US_ZONES", "Zone", "find_zone", "format_offset", "zone_offset"]
