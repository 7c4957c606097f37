"""The webhook topics Intercom documents for API 2.14, and topic patterns.

From Intercom's webhook-models page: each topic with the `type` of the item its
notifications carry. `ping` is always subscribed; `*.deleted` topics carry only the
identifying fields of their item.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["TOPICS", "check_pattern", "matches"]

_CONTENT_STATS = [
    "banner",
    "carousel",
    "chat",
    "checklist",
    "custom_bot",
    "email",
    "news_item",
    "post",
    "push",
    "series",
    "series.webhook",
    "sms",
    "survey",
    "tooltip_group",
    "tour",
]

TOPICS: Mapping[str, str] = MappingProxyType(
    {
        **dict.fromkeys(
            [
                "admin.added_to_workspace",
                "admin.away_mode_updated",
                "admin.activity_log_event.created",
                "admin.removed_from_workspace",
                "admin.logged_in",
                "admin.logged_out",
            ],
            "admin",
        ),
        **dict.fromkeys(
            [
                "article.created",
                "article.updated",
                "article.published",
                "article.unpublished",
                "article.deleted",
            ],
            "article",
        ),
        **dict.fromkeys(
            [
                "call.started",
                "call.ended",
                "call.transcription_available",
                "call.recording_available",
            ],
            "call",
        ),
        **dict.fromkeys(
            [
                "company.created",
                "company.deleted",
                "company.updated",
                "company.contact.attached",
                "company.contact.detached",
            ],
            "company",
        ),
        **dict.fromkeys(
            [
                "contact.archived",
                "contact.deleted",
                "contact.email.updated",
                "contact.lead.added_email",
                "contact.lead.created",
                "contact.lead.signed_up",
                "contact.lead.updated",
                "contact.merged",
                "contact.unarchive",
                "contact.user.created",
                "contact.user.updated",
            ],
            "contact",
        ),
        **dict.fromkeys(
            [
                "contact.lead.tag.created",
                "contact.lead.tag.deleted",
                "contact.user.tag.created",
                "contact.user.tag.deleted",
            ],
            "contact_tag",
        ),
        **dict.fromkeys(
            ["contact.subscribed", "contact.unsubscribed", "granular.subscribe"],
            "subscription",
        ),
        "granular.unsubscribe": "subscription",
        **{f"content_stat.{kind}": f"content_stat.{kind}" for kind in _CONTENT_STATS},
        **dict.fromkeys(
            [
                "conversation.admin.assigned",
                "conversation.admin.closed",
                "conversation.admin.noted",
                "conversation.admin.open.assigned",
                "conversation.admin.opened",
                "conversation.admin.replied",
                "conversation.admin.single.created",
                "conversation.admin.snoozed",
                "conversation.admin.unsnoozed",
                "conversation.operator.replied",
                "conversation.deleted",
                "conversation.priority.updated",
                "conversation.rating.added",
                "conversation.read",
                "conversation.user.created",
                "conversation.user.replied",
                "conversation.contact.attached",
                "conversation.contact.detached",
            ],
            "conversation",
        ),
        **dict.fromkeys(
            ["conversation_part.redacted", "conversation_part.tag.created"], "conversation_part"
        ),
        "event.created": "event",
        "job.completed": "job",
        "ping": "ping",
        **dict.fromkeys(
            [
                "ticket.created",
                "ticket.state.updated",
                "ticket.note.created",
                "ticket.admin.assigned",
                "ticket.team.assigned",
                "ticket.contact.attached",
                "ticket.contact.detached",
                "ticket.attribute.updated",
                "ticket.admin.replied",
                "ticket.contact.replied",
                "ticket.closed",
                "ticket.rating.provided",
            ],
            "ticket",
        ),
        "visitor.signed_up": "visitor",
    }
)
"""Every documented topic and the `type` of its notifications' item."""


def matches(pattern: str, topic: str) -> bool:
    """Whether `topic` falls under `pattern`: itself, a family (`conversation.*`,
    `conversation.admin.*`, any depth below) or `*` (every topic)."""
    if pattern == "*":
        return True
    if pattern.endswith(".*"):
        return topic.startswith(pattern[:-1])
    return topic == pattern


def check_pattern(pattern: str) -> str:
    """`pattern` itself, or a `ValueError` when no documented topic falls under it (a typo)."""
    if not isinstance(pattern, str) or not pattern:
        raise ValueError(f"a topic must be a non-empty string, got {pattern!r}")
    if pattern == "*":
        return pattern
    if "*" in pattern.removesuffix(".*") or not any(matches(pattern, t) for t in TOPICS):
        raise ValueError(
            f"{pattern!r} names no documented webhook topic: use a topic such as "
            "'conversation.admin.replied', a family such as 'conversation.*', or '*' "
            "(pass known_only=False for a topic newer than intercom_async)"
        )
    return pattern
