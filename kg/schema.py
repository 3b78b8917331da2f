"""What each relation property links: its domain and range classes (the contract's table).

The ontology (``kg/data/liantu.ttl``) declares the same domains and ranges; a test checks that
the two agree, so the extractor never produces a fact the ontology calls ill-typed.

>>> allowed("settledIn", "Enterprise", "Park")
True
>>> allowed("settledIn", "Person", "Park")
False
"""

from __future__ import annotations

ORGS = frozenset({"PartyOrganization", "Agency", "Institution", "Enterprise"})
ORGS_AND_PLACES = ORGS | {"Region", "Park"}
PLACES = frozenset({"Region", "Park"})
ANY = frozenset({"Region", "Park", "PartyOrganization", "Agency", "Institution", "Enterprise", "Project"})

DOMAIN: dict[str, frozenset[str]] = {
    "locatedIn": ANY,
    "partOf": ORGS,
    "partyOrganizationOf": frozenset({"PartyOrganization"}),
    "established": ORGS_AND_PLACES,
    "guides": ORGS_AND_PLACES,
    "implements": ORGS_AND_PLACES,
    "issued": ORGS_AND_PLACES,
    "memberOf": ORGS,
    "cooperatesWith": ORGS_AND_PLACES,
    "settledIn": frozenset({"Enterprise", "Project"}),
    "serves": ORGS_AND_PLACES,
    "holdsPositionIn": frozenset({"Person"}),
    "belongsToChain": frozenset({"Enterprise", "PartyOrganization"}),
}
RANGE: dict[str, frozenset[str]] = {
    "locatedIn": PLACES,
    "partOf": ORGS,
    "partyOrganizationOf": ORGS_AND_PLACES,
    "established": ORGS_AND_PLACES | {"Program"},
    "guides": ORGS,
    "implements": frozenset({"Program"}),
    "issued": frozenset({"Program"}),
    "memberOf": ORGS | {"Program"},
    "cooperatesWith": ORGS_AND_PLACES,
    "settledIn": PLACES,
    "serves": frozenset({"Enterprise"}),
    "holdsPositionIn": ORGS,
    "belongsToChain": frozenset({"IndustryChain"}),
}


def allowed(prop: str, head_cls: str, tail_cls: str) -> bool:
    """Whether ``head -prop-> tail`` is well typed."""
    return head_cls in DOMAIN[prop] and tail_cls in RANGE[prop]
