"""bench/directory_search_bench.py's seeded data: a bilingual Ontario directory (organizations; per location
a service, its service_at_location, address, languages: English always, French for ~40%, accessibility
for ~60%, weekday hours, taxonomy attributes) as rows to insert in bulk, and the queries."""

from __future__ import annotations

import random
from typing import Any

from app.directory.details import Accessibility, Language, LocationAddress, Schedule
from app.directory.models import Location, Organization, Service, ServiceAtLocation
from app.directory.normalize import fold
from app.directory.search import Query
from app.directory.terms import Attribute, Taxonomy, TaxonomyTerm

City = tuple[str, float, float, tuple[str, ...], int]  # name, latitude, longitude, FSAs, weight (~population)
Tables = dict[type[Any], list[dict[str, Any]]]
TERM = "bench:"  # taxonomy term ids: TERM + key
PER_LOCATION = (LocationAddress, Accessibility, Language, Schedule, Attribute)
FILTERS = ("city", "postal_area", "offered_in", "accessible", "near", "term_id")  # of a Query


def _split(text: str) -> list[tuple[str, ...]]:
    """`"a|b; c|d"` -> [("a", "b"), ("c", "d")]: English|French (|term)."""
    return [tuple(part.strip() for part in item.split("|")) for item in text.split(";")]


CITIES: list[City] = [
    (name, float(lat), float(lon), tuple(fsas.split()), int(weight))
    for name, lat, lon, fsas, weight in _split(
        "Toronto|43.6532|-79.3832|M5V M4C M6H M1B M9W|10; Ottawa|45.4215|-75.6972|K1N K1P K2P K1Z|4;"
        "Orléans|45.4680|-75.5150|K1C K1E K4A|1; Mississauga|43.5890|-79.6441|L5B L4Z L5M|3;"
        "Hamilton|43.2557|-79.8711|L8P L8L L9C|2; London|42.9849|-81.2453|N6A N5V N6E|2;"
        "Kitchener|43.4516|-80.4925|N2G N2M|1; Windsor|42.3149|-83.0364|N9A N8X|1; Kingston|44.2312|-76.4860|K7L K7M|1;"
        "Sudbury|46.4917|-80.9930|P3A P3E|1;"
        "Thunder Bay|48.3809|-89.2477|P7B P7A|1; Timmins|48.4758|-81.3305|P4N|1; Hawkesbury|45.6077|-74.6053|K6A|1;"
        "Cornwall|45.0213|-74.7303|K6H K6J|1"
    )
]
TERMS = _split(  # key, code, parent's key, English, French: a small taxonomy, nested
    "basic|100||Basic Needs|Besoins essentiels; food|100-01|basic|Food|Alimentation;"
    "housing|100-02|basic|Housing|Logement; shelter|100-02-01|housing|Emergency Shelter|Hébergement d'urgence;"
    "health|200||Health|Santé; mental|200-01|health|Mental Health Care|Soins de santé mentale;"
    "addiction|200-02|health|Addiction|Dépendances; legal|300||Legal Services|Services juridiques;"
    "work|400||Employment|Emploi; care|500||Care|Soins; childcare|500-01|care|Child Care|Garde d'enfants;"
    "seniors|500-02|care|Senior Services|Services aux aînés;"
    "newcomers|600||Newcomer Services|Services aux nouveaux arrivants"
)
KINDS = _split(  # what a service does, in English and French, and its term
    "food bank|banque alimentaire|food; community meals|repas communautaires|food;"
    "emergency shelter|refuge d'urgence|shelter; housing help|aide au logement|housing;"
    "mental health counselling|counseling en santé mentale|mental; crisis line|ligne de crise|mental;"
    "addiction support|soutien en toxicomanie|addiction; legal aid|aide juridique|legal;"
    "employment services|services d'emploi|work; child care|garde d'enfants|childcare;"
    "seniors' day program|programme de jour pour aînés|seniors;"
    "newcomer settlement|établissement des nouveaux arrivants|newcomers"
)
AUDIENCES = _split(
    "families|familles; youth|jeunes; seniors|aînés; women|femmes; newcomers|nouveaux arrivants;"
    "people with disabilities|personnes handicapées"
)
NOTES = _split(
    "Free and confidential.|Gratuit et confidentiel.; Walk-ins welcome.|Sans rendez-vous.;"
    "Call ahead.|Téléphonez avant de venir.; Interpretation available.|Interprétation offerte."
)
ORG_KINDS = _split(
    "Community Services|Services communautaires; Family Centre|Centre familial; Friendship Centre|Centre d'amitié;"
    "Community Health Centre|Centre de santé communautaire; Neighbourhood House|Maison de quartier;"
    "Multicultural Council|Conseil multiculturel"
)
SITES = _split(
    "main office|bureau principal; east site|site est; west site|site ouest; downtown|centre-ville;"
    "north branch|succursale nord"
)
STREETS = ("Main", "King", "Queen", "Rideau", "Bank", "Elgin", "Dundas", "Notre-Dame", "Saint-Laurent", "Wellington")


def _place(rng: random.Random, i: int, org: str, city: City, out: Tables) -> None:
    """Location `i` of `org` in `city`: its point jittered around the city's, address, accessibility."""
    name, lat, lon, fsas, _ = city
    site_en, site_fr = rng.choice(SITES)
    name_fr = f"{name} {site_fr}" if rng.random() < 0.8 else None
    point = {"latitude": rng.gauss(lat, 0.04), "longitude": rng.gauss(lon, 0.05)}
    out[Location].append({"id": f"loc{i}", "organization_id": org, "name": f"{name} {site_en}",
                          "name_fr": name_fr, **point})  # fmt: skip
    code = f"{rng.choice(fsas)} {rng.randint(0, 9)}{rng.choice('ABCEGHJKLMNPRSTVXY')}{rng.randint(0, 9)}"
    street = f"{rng.randint(1, 999)} {rng.choice(STREETS)} St"
    out[LocationAddress].append({"id": f"adr{i}", "location_id": f"loc{i}", "address_1": street, "city": name,
                                 "state_province": "ON", "postal_code": code, "country": "CA"})  # fmt: skip
    if rng.random() < 0.6:
        out[Accessibility].append({"id": f"acc{i}", "location_id": f"loc{i}", "description": "Wheelchair access"})


def _service(rng: random.Random, i: int, org: str, city: str, out: Tables) -> None:
    """Service `i` of `org`, at location `i`: its texts, languages, weekday hours and terms."""
    (kind_en, kind_fr, term), (aud_en, aud_fr), (note_en, note_fr) = (rng.choice(t) for t in (KINDS, AUDIENCES, NOTES))
    french = rng.random() < 0.8  # the others have no French: the index falls back to the English
    description_fr = f"{kind_fr.capitalize()} pour {aud_fr} à {city}. {note_fr}"
    out[Service].append({"id": f"svc{i}", "organization_id": org, "name": kind_en.capitalize(),
                         "name_fr": kind_fr.capitalize() if french else None,
                         "description": f"{kind_en.capitalize()} for {aud_en} in {city}. {note_en}",
                         "description_fr": description_fr if french else None})  # fmt: skip
    out[ServiceAtLocation].append({"id": f"sal{i}", "service_id": f"svc{i}", "location_id": f"loc{i}"})
    for code, name in (("en", "English"), ("fr", "French"))[: 2 if rng.random() < 0.4 else 1]:
        out[Language].append({"id": f"{code}{i}", "service_id": f"svc{i}", "code": code, "name": name})
    days = "MO,TU,WE,TH,FR" + (",SA" if rng.random() < 0.2 else "")
    opens, closes = rng.choice(("08:00", "09:00", "10:00")), rng.choice(("16:00", "17:00", "20:00"))
    out[Schedule].append({"id": f"hrs{i}", "service_id": f"svc{i}", "freq": "WEEKLY", "byday": days,
                          "opens_at": opens, "closes_at": closes})  # fmt: skip
    extra = [rng.choice(TERMS)[0]] if rng.random() < 0.3 else []
    for n, key in enumerate(dict.fromkeys([term, *extra])):
        out[Attribute].append({"id": f"att{i}-{n}", "link_id": f"svc{i}", "link_entity": "service",
                               "taxonomy_term_id": TERM + key})  # fmt: skip


def rows(seed: int, locations: int) -> Tables:
    """Every row to insert, by table, parents first: the taxonomy, ~locations/5 organizations (80% of
    an organization's locations in its home city), then each location and its service."""
    rng = random.Random(seed)
    terms = [{"id": TERM + k, "code": code, "parent_id": TERM + parent if parent else None, "name": en,
              "name_fr": fr, "taxonomy_id": "bench"} for k, code, parent, en, fr in TERMS]  # fmt: skip
    out: Tables = {Taxonomy: [{"id": "bench", "name": "Bench taxonomy", "description": "Seeded"}], TaxonomyTerm: terms}
    out |= {m: [] for m in (Organization, Location, Service, ServiceAtLocation, *PER_LOCATION)}
    homes = rng.choices(CITIES, [c[4] for c in CITIES], k=max(1, locations // 5))
    for i, (name, *_) in enumerate(homes):
        en, fr = rng.choice(ORG_KINDS)
        out[Organization].append({"id": f"org{i}", "name": f"{name} {en}", "description": f"{en} serving {name}.",
                                  "name_fr": f"{fr} de {name}" if rng.random() < 0.7 else None})  # fmt: skip
    for i in range(locations):
        org = rng.randrange(len(homes))
        city = homes[org] if rng.random() < 0.8 else rng.choice(CITIES)
        _place(rng, i, f"org{org}", city, out)
        _service(rng, i, f"org{org}", city[0], out)
    return out


def queries(seed: int, count: int) -> list[Query]:
    """One or two words of a service kind or audience, in English or French, a third of them without
    accents; half with one or two filters."""
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        en, fr, *_ = rng.choice(KINDS) if rng.random() < 0.8 else rng.choice(AUDIENCES)
        words = rng.choice((en, fr)).split()
        if len(words) > 1 and rng.random() < 0.5:
            start = rng.randrange(len(words) - 1)
            phrase = " ".join(words[start : start + 2])
        else:
            phrase = rng.choice([w for w in words if len(w) > 3] or words)
        made.append(Query(words=fold(phrase) if rng.random() < 0.33 else phrase, **_filters(rng)))
    return made


def _filters(rng: random.Random) -> dict[str, Any]:
    name, lat, lon, fsas, _ = rng.choice(CITIES)
    values = {"city": name, "postal_area": rng.choice(fsas), "offered_in": "fr", "accessible": True,
              "near": (rng.gauss(lat, 0.03), rng.gauss(lon, 0.03)), "term_id": TERM + rng.choice(TERMS)[0]}  # fmt: skip
    asked = {key: values[key] for key in rng.sample(FILTERS, rng.choice((0, 0, 1, 1, 2)))}
    return asked | ({"radius_km": rng.choice((2.0, 5.0, 10.0, 25.0))} if "near" in asked else {})
