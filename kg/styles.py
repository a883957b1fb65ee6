"""How every picture draws the graph: one style per actor type and per relationship kind.

The network views, the portable explorer and the partners chart read these
tables, so a kind has one colour everywhere. Every key is checked against the
ontology's closed vocabulary (``kg.vocab.KG``) when this module is imported,
so a misspelt type or kind fails at once instead of silently getting no style.

>>> KIND_STYLES["Deployment"]["label"]
'deployment'
"""

from __future__ import annotations

from typing import Any

from kg.vocab import KG

__all__ = [
    "DEFAULT_KIND_STYLE",
    "DEFAULT_TYPE_STYLE",
    "EVENT_STYLES",
    "KIND_PALETTE",
    "KIND_PHRASES",
    "KIND_STYLES",
    "PLACE_STYLES",
    "SENDER_COLOURS",
    "TYPE_PALETTE",
    "TYPE_STYLES",
]

# Colour and shape per actor type; the legend in the page is drawn from this.
# Minor types (people, missions, facilities, bodies) are drawn smaller and
# labelled only when the reader zooms in, so the states, juntas, organisations
# and armed formations read at the first fit.
TYPE_STYLES: dict[str, dict[str, Any]] = {
    "State": {"color": "#4e79a7", "shape": "box"},
    "MilitaryJunta": {"color": "#e15759", "shape": "box"},
    "Government": {"color": "#c5b0d5", "shape": "square", "minor": True},
    "GovernmentBody": {"color": "#f1a7a9", "shape": "square", "minor": True},
    "Person": {"color": "#f28e2b", "shape": "dot", "minor": True},
    "ArmedForce": {"color": "#59a14f", "shape": "hexagon"},
    "PrivateMilitaryCompany": {"color": "#8c564b", "shape": "diamond"},
    "StateMilitaryFormation": {"color": "#b07aa1", "shape": "diamond"},
    "InsurgentGroup": {"color": "#3b3b3b", "shape": "triangle"},
    "Militia": {"color": "#9d7660", "shape": "triangle"},
    "IntergovernmentalOrganisation": {"color": "#76b7b2", "shape": "star"},
    "Mission": {"color": "#9c755f", "shape": "square", "minor": True},
    "Facility": {"color": "#edc948", "shape": "triangleDown", "minor": True},
    "Company": {"color": "#ff9da7", "shape": "ellipse"},
    "Actor": {"color": "#bab0ac", "shape": "dot"},
}
# Colour, dash pattern and plain name per relationship kind, in English and French.
KIND_STYLES: dict[str, dict[str, Any]] = {
    "Membership": {
        "color": "#1f77b4",
        "dashes": False,
        "label": "membership",
        "labelFr": "adhésion",
    },
    "HeadOfState": {
        "color": "#d62728",
        "dashes": False,
        "label": "head of state",
        "labelFr": "chef de l’État",
    },
    "Leadership": {
        "color": "#ff7f0e",
        "dashes": False,
        "label": "leadership",
        "labelFr": "direction",
    },
    "Governance": {
        "color": "#e377c2",
        "dashes": False,
        "label": "governance",
        "labelFr": "gouvernance",
    },
    "SecurityPartnership": {
        "color": "#2ca02c",
        "dashes": [8, 4],
        "label": "security partnership",
        "labelFr": "partenariat de sécurité",
    },
    "Deployment": {
        "color": "#9467bd",
        "dashes": False,
        "label": "deployment",
        "labelFr": "déploiement",
    },
    "Subordination": {
        "color": "#8c564b",
        "dashes": [2, 4],
        "label": "subordination",
        "labelFr": "subordination",
    },
    "PartOf": {"color": "#7f7f7f", "dashes": [2, 4], "label": "part of", "labelFr": "partie de"},
    "FacilityOperation": {
        "color": "#bcbd22",
        "dashes": [8, 4],
        "label": "facility operation",
        "labelFr": "exploitation d’installation",
    },
    "ColonialRule": {
        "color": "#17becf",
        "dashes": [12, 6],
        "label": "colonial rule",
        "labelFr": "domination coloniale",
    },
    "EquipmentTransfer": {
        "color": "#393b79",
        "dashes": [8, 4, 2, 4],
        "label": "equipment transfer",
        "labelFr": "transfert d’équipement",
    },
    "ArmedConflict": {
        "color": "#b22222",
        "dashes": False,
        "label": "armed conflict",
        "labelFr": "conflit armé",
    },
    "ResourcePartnership": {
        "color": "#c49c94",
        "dashes": [4, 4],
        "label": "resource partnership",
        "labelFr": "partenariat sur les ressources",
    },
}

# The map: a shape and name per kind of place, a colour and name per kind of
# event, and the colours given out to deploying actors in order of their names.
PLACE_STYLES: dict[str, dict[str, str]] = {
    "Capital": {"shape": "square", "label": "capital"},
    "Town": {"shape": "dot", "label": "town or village"},
    "Region": {"shape": "ring", "label": "region"},
    "BaseOrFacility": {"shape": "triangle", "label": "base or facility"},
    "BattleOrMassacreSite": {"shape": "cross", "label": "battle or massacre site"},
}
EVENT_STYLES: dict[str, dict[str, str]] = {
    "Coup": {"color": "#d62728", "label": "coup"},
    "Arrival": {"color": "#2ca02c", "label": "arrival"},
    "Withdrawal": {"color": "#ff7f0e", "label": "withdrawal"},
    "Agreement": {"color": "#1f77b4", "label": "agreement"},
    "CallOrMeeting": {"color": "#17becf", "label": "call or meeting"},
    "DiplomaticRupture": {"color": "#9467bd", "label": "diplomatic rupture"},
    "KillingOfCivilians": {"color": "#8b0000", "label": "killing of civilians"},
    "Event": {"color": "#7f7f7f", "label": "other (battle, attack, founding…)"},
}
SENDER_COLOURS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d"]

# The look of an item whose type or kind has no style in the view model at hand.
DEFAULT_TYPE_STYLE: dict[str, Any] = {"color": "#bab0ac", "shape": "dot"}
DEFAULT_KIND_STYLE: dict[str, Any] = {"color": "#888", "dashes": False}

# Styles for types and kinds the tables above do not name (user data, or the
# predicates of a CONSTRUCT view), given out in sorted order: 7 colours times
# 7 shapes or dash patterns, then again.
_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1"]
_SHAPES = ["dot", "box", "ellipse", "diamond", "square", "triangle", "hexagon"]
TYPE_PALETTE: list[dict[str, Any]] = [
    {"color": _COLOURS[i % 7], "shape": _SHAPES[i // 7]} for i in range(49)
]
KIND_PALETTE: list[dict[str, Any]] = [
    {"color": _COLOURS[i % 7], "dashes": [4 + 2 * (i // 7), 3]} for i in range(49)
]

# How a fact sheet says a relationship from each end, in English and French,
# before a colon and the other ends: "from" is said by the statement's kg:from
# end ("Head of state of: Niger"), "to" by its kg:to end ("Head of state:
# Abdourahamane Tiani"). Kinds are listed in the order a sheet summarises them.
KIND_PHRASES: dict[str, dict[str, dict[str, str]]] = {
    "HeadOfState": {
        "en": {"from": "Head of state of", "to": "Head of state"},
        "fr": {"from": "Chef de l'État de", "to": "Chef de l'État"},
    },
    "Leadership": {
        "en": {"from": "Leads", "to": "Led by"},
        "fr": {"from": "Dirige", "to": "Dirigé par"},
    },
    "Governance": {
        "en": {"from": "Governs", "to": "Governed by"},
        "fr": {"from": "Gouverne", "to": "Gouverné par"},
    },
    "Membership": {
        "en": {"from": "Member of", "to": "Members"},
        "fr": {"from": "Membre de", "to": "Membres"},
    },
    "SecurityPartnership": {
        "en": {"from": "Security partner of", "to": "Security partners"},
        "fr": {"from": "Partenaire de sécurité de", "to": "Partenaires de sécurité"},
    },
    "Deployment": {
        "en": {"from": "Deployed in", "to": "Forces deployed there"},
        "fr": {"from": "Déployé dans", "to": "Forces déployées"},
    },
    "ArmedConflict": {
        "en": {"from": "Fights against", "to": "Fought by"},
        "fr": {"from": "Combat", "to": "Combattu par"},
    },
    "Subordination": {
        "en": {"from": "Answers to", "to": "Commands"},
        "fr": {"from": "Rend compte à", "to": "Commande"},
    },
    "PartOf": {
        "en": {"from": "Part of", "to": "Includes"},
        "fr": {"from": "Fait partie de", "to": "Comprend"},
    },
    "FacilityOperation": {
        "en": {"from": "Operates", "to": "Operated by"},
        "fr": {"from": "Exploite", "to": "Exploité par"},
    },
    "EquipmentTransfer": {
        "en": {"from": "Supplied equipment to", "to": "Received equipment from"},
        "fr": {"from": "A fourni du matériel à", "to": "A reçu du matériel de"},
    },
    "ColonialRule": {
        "en": {"from": "Former colonial power of", "to": "Former colony of"},
        "fr": {"from": "Ancienne puissance coloniale de", "to": "Ancienne colonie de"},
    },
    "ResourcePartnership": {
        "en": {"from": "Resource partner of", "to": "Resource partners"},
        "fr": {"from": "Partenaire sur les ressources de", "to": "Partenaires sur les ressources"},
    },
}

KG.names(*TYPE_STYLES, *KIND_STYLES, *PLACE_STYLES, *EVENT_STYLES, *KIND_PHRASES)
