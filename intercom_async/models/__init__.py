"""The typed Intercom objects and the stubs that point at them."""

from .._model import Model
from .._refs import Ref, RefList
from .admins import Admin, AdminRef, App, TeamPriorityLevel
from .common import Avatar, Reference
from .companies import (
    Company,
    CompanyRef,
    CompanyRefList,
    CompanySegments,
    CompanyTags,
    DeletedCompany,
    Plan,
)
from .contact_status import ContactArchived, ContactBlocked, ContactDeleted, ContactUnarchived
from .contacts import (
    Contact,
    ContactRef,
    Location,
    Note,
    NoteRef,
    NoteRefList,
    SocialProfile,
    SocialProfiles,
)
from .segments import Segment
from .subscriptions import (
    SubscriptionType,
    SubscriptionTypeRef,
    SubscriptionTypeRefList,
    Translation,
)
from .tags import Tag, TagRef, TagRefList

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
