"""The state of the fake's smaller areas: ``store.areas``.

Data attributes, data events, visitors, the IP allowlist, away status reasons, activity
logs, brands, email settings, Fin Voice calls, workflow exports, handling events,
company notes, custom object instances and content export jobs live here as the JSON
Intercom would send, so tests can assert on them or change them.
"""

from __future__ import annotations

from typing import Any

__all__ = ["AreaState"]

Json = dict[str, Any]

_CREATED = 1_734_537_000
"""When the seeded objects were made (December 2024, as in the spec's examples)."""

_STANDARD_ATTRIBUTES = (
    ("contact", "name", "string", "Name"),
    ("contact", "email", "string", "Email"),
    ("contact", "signed_up_at", "date", "Signed up"),
    ("company", "name", "string", "Company name"),
    ("company", "size", "integer", "Company size"),
    ("company", "monthly_spend", "float", "Monthly Spend"),
    ("conversation", "priority", "string", "Priority"),
)


def _standard_attribute(model: str, name: str, data_type: str, label: str) -> Json:
    return {
        "type": "data_attribute",
        "name": name,
        "full_name": name,
        "label": label,
        "description": f"The {label.lower()}",
        "data_type": data_type,
        "model": model,
        "custom": False,
        "archived": False,
        "api_writable": name != "signed_up_at",
        "ui_writable": False,
        "messenger_writable": True,
    }


def _brand(brand_id: str, name: str, is_default: bool, help_center: str) -> Json:
    return {
        "type": "brand",
        "id": brand_id,
        "name": name,
        "is_default": is_default,
        "created_at": _CREATED,
        "updated_at": _CREATED + 600,
        "help_center_id": help_center,
        "default_address_settings_id": str(int(help_center) + 2),
    }


def _email(email_id: str, address: str, brand_id: str, forwarding: bool) -> Json:
    return {
        "type": "email_setting",
        "id": email_id,
        "email": address,
        "domain": address.split("@", 1)[1],
        "brand_id": brand_id,
        "verified": True,
        "forwarding_enabled": forwarding,
        "forwarded_email_last_received_at": _CREATED + 900 if forwarding else None,
        "created_at": _CREATED,
        "updated_at": _CREATED + 900,
    }


def _visitor(visitor_id: str, user_id: str, name: str | None) -> Json:
    return {
        "type": "visitor",
        "id": visitor_id,
        "user_id": user_id,
        "anonymous": True,
        "app_id": "fake-app",
        "name": name,
        "pseudonym": "Violet Suitcase",
        "email": "",
        "phone": None,
        "avatar": {"type": "avatar", "image_url": None},
        "companies": {"type": "company.list", "companies": []},
        "segments": {"type": "segment.list", "segments": []},
        "social_profiles": {"type": "social_profile.list", "social_profiles": []},
        "tags": {"type": "tag.list", "tags": []},
        "location_data": {},
        "custom_attributes": {},
        "created_at": _CREATED,
        "updated_at": _CREATED,
        "remote_created_at": _CREATED,
        "signed_up_at": _CREATED,
        "last_request_at": None,
        "session_count": 0,
        "owner_id": None,
        "do_not_track": None,
        "has_hard_bounced": False,
        "marked_email_as_spam": False,
        "unsubscribed_from_emails": False,
        "referrer": None,
        **dict.fromkeys(("utm_campaign", "utm_content", "utm_medium", "utm_source", "utm_term")),
    }


def _workflow(workflow_id: str, title: str) -> Json:
    return {
        "app_id": 12345,
        "export_version": "1.0",
        "exported_at": "2026-01-26T12:00:00Z",
        "workflow": {
            "id": workflow_id,
            "title": title,
            "description": None,
            "state": "live",
            "trigger_type": "inbound_conversation",
            "target_channels": ["chat"],
            "preferred_devices": ["desktop", "mobile"],
            "attributes": [],
            "embedded_rules": [],
            "snapshot": {},
            "targeting": {},
            "created_at": "2025-06-15T10:30:00Z",
            "updated_at": "2026-01-20T14:45:00Z",
        },
    }


class AreaState:
    """Everything the smaller areas keep, keyed as Intercom keys it."""

    def __init__(self) -> None:
        self.data_attributes: list[Json] = [_standard_attribute(*a) for a in _STANDARD_ATTRIBUTES]
        """Standard attributes (no `id`) and custom ones (`id` 1, 2, ... in creation order)."""
        self.events: list[Json] = []
        """Submitted data events, oldest first, each with the contact's `intercom_user_id`."""
        self.event_summaries: dict[str, dict[str, Json]] = {}
        """contact id -> event name -> `{count, first, last}` sent to `POST /events/summaries`."""
        self.visitors: dict[str, Json] = {
            v["id"]: v
            for v in (
                _visitor("6762f30c1bb69f9f2193bc5e", "3ecf64d0-9ed1-4e9f-88e1-da7d6e6782f3", None),
                _visitor("6762f30c1bb69f9f2193bc5f", "visitor-2", "Gareth Bale"),
            )
        }
        self.ip_allowlist: Json = {"type": "ip_allowlist", "enabled": False, "ip_allowlist": []}
        self.away_status_reasons: dict[str, Json] = {
            str(i): {
                "type": "away_status_reason",
                "id": str(i),
                "label": label,
                "emoji": emoji,
                "order": i,
                "deleted": deleted,
                "created_at": _CREATED,
                "updated_at": _CREATED,
            }
            for i, (label, emoji, deleted) in enumerate(
                [("On a break", "☕", False), ("In a meeting", "📅", False), ("Old", "🕰", True)],
                start=1,
            )
        }
        self.activity_logs: list[Json] = []
        """Newest last; `PUT /admins/{id}/away` adds one."""
        self.brands: dict[str, Json] = {
            b["id"]: b
            for b in (
                _brand("tlkp1d91", "Default Brand", True, "11"),
                _brand("3", "Premium", False, "10"),
            )
        }
        self.emails: dict[str, Json] = {
            e["id"]: e
            for e in (
                _email("1", "support@company.test", "tlkp1d91", True),
                _email("2", "hello@company.test", "3", False),
            )
        }
        self.fin_voice_calls: dict[int, Json] = {}
        """External reference id -> the call, as `GET /fin_voice/collect/{id}` shows it."""
        self.workflows: dict[str, Json] = {"67890": _workflow("67890", "My Workflow")}
        self.handling_events: dict[str, list[Json]] = {}
        """Conversation id -> its pause and resume events, oldest first."""
        self.company_notes: dict[str, list[Json]] = {}
        """Company id -> its notes, newest first."""
        self.custom_objects: dict[str, Json] = {}
        """Custom object instances by id, as `GET` shows them."""
        self.content_exports: dict[str, Json] = {}
        """Content export jobs by `job_identifier`, as `GET` shows them."""
        self.content_export_windows: dict[str, tuple[int, int]] = {}
        """`job_identifier` -> the `(created_at_after, created_at_before)` it exports."""

    def __eq__(self, other: object) -> bool:
        """Equal when everything kept is (two workspaces of one seed are)."""
        return isinstance(other, AreaState) and vars(self) == vars(other)
