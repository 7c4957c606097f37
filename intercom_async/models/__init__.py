"""The typed Intercom objects and the stubs that point at them."""

from typing import TYPE_CHECKING

from .._model import Model
from .._refs import Ref, RefList
from .admins import Admin, AdminRef, App, TeamPriorityLevel
from .common import Avatar, Reference
from .companies import (
    Company,
    CompanyDeleted,
    CompanyRef,
    CompanyRefList,
    CompanySegments,
    CompanyTags,
    Plan,
    renamed,
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
from .tags import Tag, TagDeleted, TagRef, TagRefList

if TYPE_CHECKING:
    DeletedCompany = CompanyDeleted
    """Deprecated: the old name of `CompanyDeleted`."""
else:
    __getattr__ = renamed(__name__)  # old names still import, with a DeprecationWarning

__all__ = [
    "Admin",
    "AdminRef",
    "App",
    "Avatar",
    "Company",
    "CompanyDeleted",
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
    "TagDeleted",
    "TagRef",
    "TagRefList",
    "TeamPriorityLevel",
    "Translation",
]
