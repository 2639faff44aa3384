"""The fixed vocabularies of scenario format v1 (docs/scenario-format.md); state codes are in statecodes.py.

These words are a contract with every scenario file in the wild: extend the lists, never
rename an entry.
"""

from typing import Final, Literal, get_args

# State codes (ISO 3166-1, ISO 3166-3, user-assigned, Correlates of War) live in statecodes.py; these
# names are re-exported because the rest of the package asks this module whether an id is a state.
from engine.formats.statecodes import KINDS_OF_CODE as KINDS_OF_CODE
from engine.formats.statecodes import is_state_code as is_state_code
from engine.formats.statecodes import iso_alpha3 as iso_alpha3
from engine.formats.statecodes import named_state_codes as named_state_codes
from engine.formats.statecodes import state_code_problem as state_code_problem

# The Literal types are what the pydantic models (and so the JSON Schema) use; the tuples
# are derived from them so the two can never drift apart.
EventKind = Literal[
    "invasion",
    "armed_attack",
    "border_clash",
    "air_or_missile_strike",
    "naval_attack",
    "cyber_attack",
    "sabotage",
    "terrorist_attack",
    "domestic_unrest",
    "insurgency",
    "airspace_violation",
    "stray_munition",
    "threat_of_force",
    "disaster",  # extension: natural or man-made disaster (TFEU Art. 222)
    # Extension: non-forcible pressure by a state (instrumentalised migration, a trade
    # blockade, threats short of force). Never an armed attack by itself; a possible
    # ground for consultation where a treaty has one.
    "coercion",
]
Target = Literal["territory", "armed_forces", "vessel", "aircraft", "civilians", "infrastructure", "government"]
LocationStatus = Literal["undisputed", "disputed", "occupied"]
Region = Literal[
    "europe",
    "north_america",
    "central_america_caribbean",
    "south_america",
    "central_asia",
    "south_caucasus",
    "middle_east",
    "south_asia",
    "east_asia",
    "southeast_asia",
    "africa",
    "oceania",
    "north_atlantic",
    "south_atlantic",
    "mediterranean",
    "pacific",
    "indian_ocean",
    "arctic",
]
Attribution = Literal["confirmed", "suspected", "unattributed"]
Effects = Literal["none", "disruption", "physical_damage", "casualties"]
ForeignBacking = Literal["none", "alleged", "confirmed"]
ActorKind = Literal["state", "non_state"]
RequestKind = Literal["consultation", "assistance", "deployment"]
Outcome = Literal["consultation", "collective_defence", "collective_deployment"]
Status = Literal["triggered", "not_triggered", "contested"]

EVENT_KINDS: Final[tuple[str, ...]] = get_args(EventKind)
TARGETS: Final[tuple[str, ...]] = get_args(Target)
LOCATION_STATUSES: Final[tuple[str, ...]] = get_args(LocationStatus)
REGIONS: Final[tuple[str, ...]] = get_args(Region)
ATTRIBUTIONS: Final[tuple[str, ...]] = get_args(Attribution)
EFFECTS: Final[tuple[str, ...]] = get_args(Effects)
FOREIGN_BACKING: Final[tuple[str, ...]] = get_args(ForeignBacking)
ACTOR_KINDS: Final[tuple[str, ...]] = get_args(ActorKind)
REQUEST_KINDS: Final[tuple[str, ...]] = get_args(RequestKind)
OUTCOMES: Final[tuple[str, ...]] = get_args(Outcome)
STATUSES: Final[tuple[str, ...]] = get_args(Status)

# The id an event's `by` takes when nobody knows who did it.
UNKNOWN_ACTOR: Final = "unknown"
