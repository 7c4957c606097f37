"""Thin per-area namespaces hung on the client (`client.contacts`, `client.tags`, ...).

Each loads with its module on first use (see `_lazy`).
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_names
from .._public import publish
from .._request_fields import CompanyCreateFields, CompanyFields, ContactFields

# --- generated: python -m tools.generate writes from here to the end marker ---
if TYPE_CHECKING:
    from .admins import Admins
    from .ai_content import AiContent
    from .articles import Articles
    from .away_status_reasons import AwayStatusReasons
    from .brands import Brands
    from .calls import Calls
    from .companies import Companies
    from .contacts import Contacts
    from .conversations import Conversations
    from .custom_objects import CustomObjects
    from .data_attributes import DataAttributes
    from .data_events import DataEvents
    from .data_export import DataExports
    from .emails import Emails
    from .fin import Fin
    from .fin_voice import FinVoice
    from .help_center import HelpCenterArea
    from .help_center_collections import Collections
    from .help_centers import HelpCenters
    from .internal_articles import InternalArticles
    from .ip_allowlist import IpAllowlist
    from .jobs import Jobs
    from .messages import Messages
    from .news import NewsArea
    from .news_items import NewsItems
    from .newsfeeds import Newsfeeds
    from .notes import Notes
    from .phone_switch import PhoneSwitches
    from .reporting_data_export import ReportingDataExports
    from .segments import Segments
    from .subscription_types import ConsentType, SubscriptionTypes
    from .tags import Tags
    from .teams import Teams
    from .ticket_states import TicketStates
    from .ticket_types import TicketTypes
    from .tickets import Tickets
    from .visitors import Visitors
    from .workflows import Workflows

__all__ = [
    "Admins",
    "AiContent",
    "Articles",
    "AwayStatusReasons",
    "Brands",
    "Calls",
    "Collections",
    "Companies",
    "ConsentType",
    "Contacts",
    "Conversations",
    "CustomObjects",
    "DataAttributes",
    "DataEvents",
    "DataExports",
    "Emails",
    "Fin",
    "FinVoice",
    "HelpCenterArea",
    "HelpCenters",
    "InternalArticles",
    "IpAllowlist",
    "Jobs",
    "Messages",
    "NewsArea",
    "NewsItems",
    "Newsfeeds",
    "Notes",
    "PhoneSwitches",
    "ReportingDataExports",
    "Segments",
    "SubscriptionTypes",
    "Tags",
    "Teams",
    "TicketStates",
    "TicketTypes",
    "Tickets",
    "Visitors",
    "Workflows",
]

_SUBMODULES = {
    ".admins": ("Admins",),
    ".ai_content": ("AiContent",),
    ".articles": ("Articles",),
    ".away_status_reasons": ("AwayStatusReasons",),
    ".brands": ("Brands",),
    ".calls": ("Calls",),
    ".companies": ("Companies",),
    ".contacts": ("Contacts",),
    ".conversations": ("Conversations",),
    ".custom_objects": ("CustomObjects",),
    ".data_attributes": ("DataAttributes",),
    ".data_events": ("DataEvents",),
    ".data_export": ("DataExports",),
    ".emails": ("Emails",),
    ".fin": ("Fin",),
    ".fin_voice": ("FinVoice",),
    ".help_center": ("HelpCenterArea",),
    ".help_center_collections": ("Collections",),
    ".help_centers": ("HelpCenters",),
    ".internal_articles": ("InternalArticles",),
    ".ip_allowlist": ("IpAllowlist",),
    ".jobs": ("Jobs",),
    ".messages": ("Messages",),
    ".news": ("NewsArea",),
    ".news_items": ("NewsItems",),
    ".newsfeeds": ("Newsfeeds",),
    ".notes": ("Notes",),
    ".phone_switch": ("PhoneSwitches",),
    ".reporting_data_export": ("ReportingDataExports",),
    ".segments": ("Segments",),
    ".subscription_types": ("ConsentType", "SubscriptionTypes"),
    ".tags": ("Tags",),
    ".teams": ("Teams",),
    ".ticket_states": ("TicketStates",),
    ".ticket_types": ("TicketTypes",),
    ".tickets": ("Tickets",),
    ".visitors": ("Visitors",),
    ".workflows": ("Workflows",),
}
"""Which submodule defines each name, for `lazy_names`."""
# --- generated: end ---

__all__ += ["CompanyCreateFields", "CompanyFields", "ContactFields"]

publish(__name__, globals(), __all__)

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_names(__name__, _SUBMODULES)
