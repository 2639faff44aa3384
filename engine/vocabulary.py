"""The fixed vocabularies of scenario format v1 (DESIGN.md) and ISO 3166 state codes.

These words are a contract with every scenario file in the wild: extend the lists, never
rename an entry.
"""

from typing import Final

EVENT_KINDS: Final = (
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
)

TARGETS: Final = (
    "territory",
    "armed_forces",
    "vessel",
    "aircraft",
    "civilians",
    "infrastructure",
    "government",
)

LOCATION_STATUSES: Final = ("undisputed", "disputed", "occupied")

REGIONS: Final = (
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
)

ATTRIBUTIONS: Final = ("confirmed", "suspected", "unattributed")
EFFECTS: Final = ("none", "disruption", "physical_damage", "casualties")
FOREIGN_BACKING: Final = ("none", "alleged", "confirmed")
ACTOR_KINDS: Final = ("state", "non_state")
REQUEST_KINDS: Final = ("consultation", "assistance", "deployment")

OUTCOMES: Final = ("consultation", "collective_defence", "collective_deployment")
STATUSES: Final = ("triggered", "not_triggered", "contested")

# The id an event's `by` takes when nobody knows who did it.
UNKNOWN_ACTOR: Final = "unknown"

# ISO 3166-1 alpha-3, current codes.
ISO_ALPHA3: Final = frozenset(
    (
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA",
    "ATF", "ATG", "AUS", "AUT", "AZE", "BDI", "BEL", "BEN", "BES", "BFA", "BGD", "BGR",
    "BHR", "BHS", "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL", "BRA", "BRB", "BRN", "BTN",
    "BVT", "BWA", "CAF", "CAN", "CCK", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG",
    "COK", "COL", "COM", "CPV", "CRI", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DEU",
    "DJI", "DMA", "DNK", "DOM", "DZA", "ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH",
    "FIN", "FJI", "FLK", "FRA", "FRO", "FSM", "GAB", "GBR", "GEO", "GGY", "GHA", "GIB",
    "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD", "GRL", "GTM", "GUF", "GUM", "GUY",
    "HKG", "HMD", "HND", "HRV", "HTI", "HUN", "IDN", "IMN", "IND", "IOT", "IRL", "IRN",
    "IRQ", "ISL", "ISR", "ITA", "JAM", "JEY", "JOR", "JPN", "KAZ", "KEN", "KGZ", "KHM",
    "KIR", "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY", "LCA", "LIE", "LKA", "LSO",
    "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX", "MHL",
    "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTQ", "MUS",
    "MWI", "MYS", "MYT", "NAM", "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NOR",
    "NPL", "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER", "PHL", "PLW", "PNG", "POL",
    "PRI", "PRK", "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU",
    "SDN", "SEN", "SGP", "SGS", "SHN", "SJM", "SLB", "SLE", "SLV", "SMR", "SOM", "SPM",
    "SRB", "SSD", "STP", "SUR", "SVK", "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA",
    "TCD", "TGO", "THA", "TJK", "TKL", "TKM", "TLS", "TON", "TTO", "TUN", "TUR", "TUV",
    "TWN", "TZA", "UGA", "UKR", "UMI", "URY", "USA", "UZB", "VAT", "VCT", "VEN", "VGB",
    "VIR", "VNM", "VUT", "WLF", "WSM", "YEM", "ZAF", "ZMB", "ZWE",
    )
)

# ISO 3166-3 codes of states that no longer exist (USSR, Yugoslavia, ...): historical
# scenarios need them.
ISO_ALPHA3_FORMER: Final = frozenset(
    (
    "AFI", "ANT", "ATB", "ATN", "BUR", "BYS", "CSK", "CTE", "DDR", "DHY", "FXX", "GEL",
    "HVO", "JTN", "MID", "NHB", "NTZ", "PCI", "PCZ", "PUS", "RHO", "SCG", "SKM", "SUN",
    "TMP", "VDR", "WAK", "YMD", "YUG", "ZAR",
    )
)


def is_state_code(code: str) -> bool:
    return code in ISO_ALPHA3 or code in ISO_ALPHA3_FORMER
