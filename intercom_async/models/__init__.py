"""The typed Intercom objects and the stubs that point at them."""

from typing import TYPE_CHECKING

from .._model import Model
from .._refs import Ref, RefList
from .activity_logs import (
    ActivityLog,
    ActivityLogMetadata,
    ActivityLogMetadataTeam,
    ActivityLogPerformedBy,
)
from .admins import Admin, AdminRef, App, TeamPriorityLevel
from .ai_content import (
    ContentImportSource,
    ExternalPage,
)
from .articles import (
    Article,
    ArticleContent,
    ArticleDeleted,
    ArticleListItem,
    ArticleStatistics,
    ArticleTranslatedContent,
)
from .away_status_reasons import AwayStatusReason
from .brands import Brand
from .calls import (
    Call,
    CallsWithTranscripts,
    CallWithTranscript,
)
from .common import Avatar, Reference, UnknownObject
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
from .conversations import (
    AiAgent,
    ContentSource,
    ContentSourcesList,
    Conversation,
    ConversationContacts,
    ConversationCustomers,
    ConversationDeleted,
    ConversationFirstContactReply,
    ConversationListItem,
    ConversationPart,
    ConversationPartAuthor,
    ConversationPartMetadata,
    ConversationParts,
    ConversationRating,
    ConversationRef,
    ConversationResponseTime,
    ConversationSource,
    ConversationStatistics,
    ConversationTeammates,
    EmailAddressHeader,
    EmailMessageMetadata,
    HandlingEvent,
    LinkedObject,
    LinkedObjectList,
    Message,
    PartAttachment,
    QuickReplyOption,
    SlaApplied,
    TagList,
    TeammateReference,
)
from .custom_objects import (
    CustomObjectInstance,
    CustomObjectInstanceDeleted,
)
from .data_attributes import DataAttribute
from .data_events import DataEventSummaryItem
from .data_export import (
    DataExport,
)
from .emails import EmailSetting
from .fin import (
    FinAgentAttributeErrors,
    FinAgentAttributeErrorsConversation,
    FinAgentAttributeErrorsUser,
    FinConversation,
    FinCsat,
)
from .fin_voice import FinVoiceCall
from .help_center import (
    Collection,
    CollectionDeleted,
    CollectionRef,
    GroupContent,
    GroupTranslatedContent,
    HelpCenter,
    HelpCenterRef,
)
from .internal_articles import (
    InternalArticle,
    InternalArticleDeleted,
)
from .ip_allowlist import IpAllowlistSettings
from .news import (
    Newsfeed,
    NewsfeedAssignment,
    NewsfeedRef,
    NewsItem,
    NewsItemDeleted,
)
from .phone_switch import (
    PhoneSwitch,
)
from .reporting_data_export import (
    ReportingDataExportJob,
    ReportingDataset,
    ReportingDatasetAttribute,
)
from .segments import Segment
from .subscriptions import (
    SubscriptionType,
    SubscriptionTypeRef,
    SubscriptionTypeRefList,
    Translation,
)
from .tags import Tag, TagDeleted, TagRef, TagRefList
from .teams import AdminPriorityLevel, Team, TeamRef
from .tickets import (
    Job,
    Ticket,
    TicketContacts,
    TicketDeleted,
    TicketPart,
    TicketPartAuthor,
    TicketParts,
    TicketPartUpdatedAttributeData,
    TicketPartUpdatedAttributeDataAttribute,
    TicketPartUpdatedAttributeDataValue,
    TicketReply,
    TicketState,
    TicketStateDetailed,
    TicketStateDetailedTicketTypes,
    TicketType,
    TicketTypeAttribute,
    TicketTypeAttributeList,
    TicketTypeTicketStates,
)
from .visitors import (
    Visitor,
    VisitorAvatar,
    VisitorCompanies,
    VisitorLocationData,
    VisitorSegments,
    VisitorSocialProfiles,
    VisitorTag,
    VisitorTags,
)
from .workflows import WorkflowExport, WorkflowExportWorkflow

if TYPE_CHECKING:
    DeletedCompany = CompanyDeleted
    """Deprecated: the old name of `CompanyDeleted`."""
else:
    __getattr__ = renamed(__name__)  # old names still import, with a DeprecationWarning

__all__ = [
    "ActivityLog",
    "ActivityLogMetadata",
    "ActivityLogMetadataTeam",
    "ActivityLogPerformedBy",
    "Admin",
    "AdminPriorityLevel",
    "AdminRef",
    "AiAgent",
    "App",
    "Article",
    "ArticleContent",
    "ArticleDeleted",
    "ArticleListItem",
    "ArticleStatistics",
    "ArticleTranslatedContent",
    "Avatar",
    "AwayStatusReason",
    "Brand",
    "Call",
    "CallWithTranscript",
    "CallsWithTranscripts",
    "Collection",
    "CollectionDeleted",
    "CollectionRef",
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
    "ContentImportSource",
    "ContentSource",
    "ContentSourcesList",
    "Conversation",
    "ConversationContacts",
    "ConversationCustomers",
    "ConversationDeleted",
    "ConversationFirstContactReply",
    "ConversationListItem",
    "ConversationPart",
    "ConversationPartAuthor",
    "ConversationPartMetadata",
    "ConversationParts",
    "ConversationRating",
    "ConversationRef",
    "ConversationResponseTime",
    "ConversationSource",
    "ConversationStatistics",
    "ConversationTeammates",
    "CustomObjectInstance",
    "CustomObjectInstanceDeleted",
    "DataAttribute",
    "DataEventSummaryItem",
    "DataExport",
    "EmailAddressHeader",
    "EmailMessageMetadata",
    "EmailSetting",
    "ExternalPage",
    "FinAgentAttributeErrors",
    "FinAgentAttributeErrorsConversation",
    "FinAgentAttributeErrorsUser",
    "FinConversation",
    "FinCsat",
    "FinVoiceCall",
    "GroupContent",
    "GroupTranslatedContent",
    "HandlingEvent",
    "HelpCenter",
    "HelpCenterRef",
    "InternalArticle",
    "InternalArticleDeleted",
    "IpAllowlistSettings",
    "Job",
    "LinkedObject",
    "LinkedObjectList",
    "Location",
    "Message",
    "Model",
    "NewsItem",
    "NewsItemDeleted",
    "Newsfeed",
    "NewsfeedAssignment",
    "NewsfeedRef",
    "Note",
    "NoteRef",
    "NoteRefList",
    "PartAttachment",
    "PhoneSwitch",
    "Plan",
    "QuickReplyOption",
    "Ref",
    "RefList",
    "Reference",
    "ReportingDataExportJob",
    "ReportingDataset",
    "ReportingDatasetAttribute",
    "Segment",
    "SlaApplied",
    "SocialProfile",
    "SocialProfiles",
    "SubscriptionType",
    "SubscriptionTypeRef",
    "SubscriptionTypeRefList",
    "Tag",
    "TagDeleted",
    "TagList",
    "TagRef",
    "TagRefList",
    "Team",
    "TeamPriorityLevel",
    "TeamRef",
    "TeammateReference",
    "Ticket",
    "TicketContacts",
    "TicketDeleted",
    "TicketPart",
    "TicketPartAuthor",
    "TicketPartUpdatedAttributeData",
    "TicketPartUpdatedAttributeDataAttribute",
    "TicketPartUpdatedAttributeDataValue",
    "TicketParts",
    "TicketReply",
    "TicketState",
    "TicketStateDetailed",
    "TicketStateDetailedTicketTypes",
    "TicketType",
    "TicketTypeAttribute",
    "TicketTypeAttributeList",
    "TicketTypeTicketStates",
    "Translation",
    "UnknownObject",
    "Visitor",
    "VisitorAvatar",
    "VisitorCompanies",
    "VisitorLocationData",
    "VisitorSegments",
    "VisitorSocialProfiles",
    "VisitorTag",
    "VisitorTags",
    "WorkflowExport",
    "WorkflowExportWorkflow",
]
