"""The typed Intercom objects and the stubs that point at them."""

from .._model import Model
from .._refs import (
    AdminRef,
    CompanyRef,
    CompanyRefList,
    ContactRef,
    NoteRef,
    NoteRefList,
    Ref,
    RefList,
    SubscriptionTypeRef,
    SubscriptionTypeRefList,
    TagRef,
    TagRefList,
)
from .admins import Admin, App, TeamPriorityLevel
from .common import Avatar, Reference
from .companies import Company, CompanySegments, CompanyTags, DeletedCompany, Plan
from .contact_status import ContactArchived, ContactBlocked, ContactDeleted, ContactUnarchived
from .contacts import Contact, Location, SocialProfile, SocialProfiles
from .notes import Note
from .segments import Segment
from .subscriptions import SubscriptionType, Translation
from .tags import Tag

__all__ = [
    "Admin",
    "AdminRef",
    "App",
    "Avatar",
    "Company",
    "CompanyRef",
    "CompanyRefList",
    "CompanySegments",
    "CompanyTags",
    "Contact",
    "ContactArchived",
    "ContactBlocked",
    "ContactDeleted",
    "ContactRef",
    "ContactUnarchived",
    "DeletedCompany",
    "Location",
    "Model",
    "Note",
    "NoteRef",
    "NoteRefList",
    "Plan",
    "Ref",
    "RefList",
    "Reference",
    "Segment",
    "SocialProfile",
    "SocialProfiles",
    "SubscriptionType",
    "SubscriptionTypeRef",
    "SubscriptionTypeRefList",
    "Tag",
    "TagRef",
    "TagRefList",
    "TeamPriorityLevel",
    "Translation",
]
