"""Thin per-area namespaces hung on the client (`client.contacts`, `client.tags`, ...)."""

from .._request_fields import CompanyCreateFields, CompanyFields, ContactFields
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
    "CompanyCreateFields",
    "CompanyFields",
    "ConsentType",
    "ContactFields",
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
