"""Thin per-area namespaces hung on the client (`client.contacts`, `client.tags`, ...)."""

from .admins import Admins
from .companies import Companies
from .contacts import Contacts
from .conversations import Conversations
from .notes import Notes
from .segments import Segments
from .subscription_types import ConsentType, SubscriptionTypes
from .tags import Tags
from .teams import Teams
from .ticket_states import TicketStates
from .ticket_types import TicketTypes
from .tickets import Tickets

__all__ = [
    "Admins",
    "Companies",
    "ConsentType",
    "Contacts",
    "Conversations",
    "Notes",
    "Segments",
    "SubscriptionTypes",
    "Tags",
    "Teams",
    "TicketStates",
    "TicketTypes",
    "Tickets",
]
