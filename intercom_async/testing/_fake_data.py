"""Deterministic in-memory Intercom workspace for the fake API server.

Objects are stored as plain dicts shaped like the Intercom 2.14 JSON so handlers
can return them as-is. Contact relations (tags, companies, subscriptions) live in
separate maps and are rendered into the contact on the way out, so mutations only
ever touch one place.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any, Literal

import attrs

from ._fake_areas_state import AreaState
from ._fake_content_state import ContentState

Json = dict[str, Any]

BASE_TIME = 1_734_537_424
"""Fixed "now" of the generated workspace: timestamps never depend on the wall clock."""

EMBED_LIMIT = 10
"""Intercom embeds at most this many stubs per list inside a contact."""

_DAY = 86_400

_FIRST_NAMES = (
    "Ada", "Hoban", "Zoe", "Kaylee", "Inara", "Simon", "River", "Malcolm", "Jayne",
    "Derrial", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken",
    "Margaret", "Niklaus", "Radia", "Tim", "Sophie", "Linus", "Yukihiro",
)  # fmt: skip
_LAST_NAMES = (
    "Lovelace", "Washburne", "Frye", "Serra", "Tam", "Reynolds", "Cobb", "Book",
    "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson",
    "Hamilton", "Wirth", "Perlman", "Berners-Lee", "Wilson", "Torvalds", "Matsumoto",
)  # fmt: skip
_DOMAINS = ("example.com", "example.org", "serenity.test", "acme.test", "initech.test")
_LOCATIONS = (
    ("Ireland", "Dublin", "Dublin", "IRL", "EU"),
    ("United States", "California", "San Francisco", "USA", "NA"),
    ("United States", "New York", "New York", "USA", "NA"),
    ("Germany", "Berlin", "Berlin", "DEU", "EU"),
    ("Japan", "Tokyo", "Tokyo", "JPN", "AS"),
    ("Brazil", "Sao Paulo", "Sao Paulo", "BRA", "SA"),
    ("Australia", "New South Wales", "Sydney", "AUS", "OC"),
)
_BROWSERS = (("chrome", "131.0.6778.86"), ("firefox", "133.0"), ("safari", "18.1.1"))
_OSES = ("OS X 10.15.7", "Windows 10", "Linux", "iOS 18.1")
_LANGUAGES = ("en", "en-US", "de", "fr", "ja", "pt-BR")
_SOCIAL = (("Twitter", "https://twitter.com/"), ("GitHub", "https://github.com/"))
_TAG_NAMES = (
    "VIP", "Churn risk", "Beta tester", "Enterprise", "Newsletter", "Trial",
    "Partner", "Feedback", "Onboarding", "Power user", "Support escalation", "Investor",
)  # fmt: skip
_INDUSTRIES = ("Software", "Retail", "Finance", "Healthcare", "Education", "Logistics")
_PLANS = (("1", "Free"), ("2", "Pro"), ("3", "Enterprise"))
_JOB_TITLES = ("Support Engineer", "Customer Success", "Account Executive", "Founder")
_UTM_SOURCES = ("google", "newsletter", "twitter", "partner")
_NOTE_BODIES = (
    "Called about billing.",
    "Interested in the enterprise plan.",
    "Reported a bug in the mobile app.",
    "Asked for a product demo.",
    "Renewal due next quarter.",
)
_SUBSCRIPTION_TYPES = (
    ("Newsletters", "Monthly product newsletter", "opt_out", ["email"]),
    ("Beta program", "Early access to new features", "opt_in", ["email"]),
    ("Product updates", "Release notes and announcements", "opt_out", ["email"]),
    ("SMS alerts", "Account alerts by text message", "opt_in", ["sms_message"]),
)


@attrs.define
class ContactFlags:
    """State the contact JSON does not carry: which contacts are archived or blocked."""

    archived: set[str] = attrs.field(factory=set)
    blocked: set[str] = attrs.field(factory=set)


@attrs.define
class CompanyScroll:
    """The company scroll in progress: its param and the company ids still to serve."""

    param: str
    remaining: list[str]
    last_used: float


@attrs.define
class CompanyState:
    """The company scroll of a workspace and its knobs."""

    clock: Callable[[], float] = time.monotonic
    """Time source of scroll expiry; tests swap it to expire a scroll without waiting."""
    scroll_page_size: int = 50
    scroll_end: Literal["empty", "null"] = "empty"
    """How a spent scroll answers: an empty page, or `null` (the 2.14 `company_scroll`
    is nullable)."""
    scroll: CompanyScroll | None = None


class FakeStore:
    """The mutable state of a fake workspace.

    Resource maps are keyed by the object's Intercom ``id`` and hold API-shaped
    dicts. Contacts are stored without their embedded relation lists; see
    ``render_contact``. Note ids are numeric strings assigned in creation order.
    """

    def __init__(self) -> None:
        self.app: Json = {}
        self.admins: dict[str, Json] = {}
        self.tags: dict[str, Json] = {}
        self.companies: dict[str, Json] = {}
        self.subscription_types: dict[str, Json] = {}
        self.contacts: dict[str, Json] = {}
        self.notes: dict[str, Json] = {}
        self._notes_index: tuple[tuple[int, str | None], dict[str, list[Json]]] | None = None
        self.contact_tags: dict[str, dict[str, Json]] = {}
        """contact id -> tag id -> ``{"applied_at": int, "applied_by": reference}``."""
        self.contact_companies: dict[str, list[str]] = {}
        self.contact_opted_in: dict[str, list[str]] = {}
        self.contact_opted_out: dict[str, list[str]] = {}
        self.flags = ContactFlags()
        """Archived contacts leave lists and searches; blocked ones stay."""
        self.null_admins: set[str] = set()
        """Admin ids answered as ``null``, as the 2.14 spec allows: by ``GET /admins/{id}``,
        as a ``null`` item of ``GET /admins``, and by ``GET /me`` for the token's owner."""
        self.company_state = CompanyState()
        self.conversations: dict[str, Json] = {}
        """Conversation id -> the conversation as `GET /conversations/{id}` shows it."""
        self.ticket_types: dict[str, Json] = {}
        """Ticket type id -> the type and its attributes, as `GET /ticket_types/{id}` shows it."""
        self.tickets: dict[str, Json] = {}
        """Ticket id -> the ticket as `GET /tickets/{id}` shows it."""
        self.ticket_tags: dict[str, list[str]] = {}
        """Ticket id -> the ids of the tags attached to it (a ticket shows no tags)."""
        self.areas = AreaState()
        """The smaller areas: data attributes and events, visitors, the IP allowlist, away
        status reasons, activity logs, brands, emails, Fin Voice calls, workflows."""
        self.content = ContentState()
        """Articles, internal articles, collections, Help Centers, news items, newsfeeds."""

    def contact_by_external_id(self, external_id: str) -> Json | None:
        """Return the contact whose ``external_id`` matches, if any."""
        for contact in self.contacts.values():
            if contact["external_id"] == external_id:
                return contact
        return None

    def notes_of(self, contact_id: str) -> list[Json]:
        """Return a contact's notes newest first, as Intercom lists them."""
        notes = list(self._notes_by_contact().get(contact_id, ()))
        notes.sort(key=lambda n: (n["created_at"], int(n["id"])), reverse=True)
        return notes

    def _notes_by_contact(self) -> dict[str, list[Json]]:
        """Notes by contact id, rebuilt when `notes` gains or loses one (notes are added
        and deleted, never moved), so rendering a big workspace is not quadratic."""
        stamp = (len(self.notes), next(reversed(self.notes), None))
        cached = self._notes_index
        if cached is None or cached[0] != stamp:
            index: dict[str, list[Json]] = {}
            for note in self.notes.values():
                index.setdefault(note["contact"]["id"], []).append(note)
            cached = self._notes_index = (stamp, index)
        return cached[1]

    def tags_of(self, contact_id: str) -> list[Json]:
        """Return a contact's tags as full ``tag`` objects with applied_at/applied_by."""
        applied = self.contact_tags.get(contact_id, {})
        return [{**self.tags[tid], **info} for tid, info in applied.items() if tid in self.tags]

    def companies_of(self, contact_id: str) -> list[Json]:
        """Return the companies a contact is attached to."""
        ids = self.contact_companies.get(contact_id, [])
        return [self.companies[cid] for cid in ids if cid in self.companies]

    def subscriptions_of(self, contact_id: str) -> list[Json]:
        """Return the subscription types a contact opted in to or out of, in store order."""
        chosen = set(self.contact_opted_in.get(contact_id, []))
        chosen.update(self.contact_opted_out.get(contact_id, []))
        return [st for sid, st in self.subscription_types.items() if sid in chosen]


def embedded_list(contact_id: str, relation: str, kind: str, resource: str, ids: list[str]) -> Json:
    """Render a contact's embedded list of ``{type, id, url}`` stubs (at most ``EMBED_LIMIT``)."""
    return {
        "type": "list",
        "data": [{"type": kind, "id": i, "url": f"/{resource}/{i}"} for i in ids[:EMBED_LIMIT]],
        "url": f"/contacts/{contact_id}/{relation}",
        "total_count": len(ids),
        "has_more": len(ids) > EMBED_LIMIT,
    }


def render_contact(store: FakeStore, contact_id: str) -> Json:
    """Return the full 2.14 contact JSON, deriving the embedded relation lists."""
    stored = store.contacts[contact_id]
    tag_ids = [t["id"] for t in store.tags_of(contact_id)]
    note_ids = [n["id"] for n in store.notes_of(contact_id)]
    company_ids = [c["id"] for c in store.companies_of(contact_id)]
    known = store.subscription_types
    opted_out = [s for s in store.contact_opted_out.get(contact_id, []) if s in known]
    opted_in = [s for s in store.contact_opted_in.get(contact_id, []) if s in known]
    embedded = {
        "tags": embedded_list(contact_id, "tags", "tag", "tags", tag_ids),
        "notes": embedded_list(contact_id, "notes", "note", "notes", note_ids),
        "companies": embedded_list(contact_id, "companies", "company", "companies", company_ids),
        "opted_out_subscription_types": embedded_list(
            contact_id, "subscriptions", "subscription", "subscription_types", opted_out
        ),
        "opted_in_subscription_types": embedded_list(
            contact_id, "subscriptions", "subscription", "subscription_types", opted_in
        ),
    }
    rendered: Json = {}
    for key, value in stored.items():
        rendered[key] = value
        if key == "custom_attributes":
            rendered.update(embedded)
    if "tags" not in rendered:
        rendered.update(embedded)
    return rendered


def note_author(admin: Json) -> Json:
    """Return the short admin object Intercom embeds as a note's author."""
    keys = ("type", "id", "name", "email", "away_mode_enabled", "away_mode_reassign")
    return {k: admin[k] for k in keys}


def me_payload(store: FakeStore, admin: Json) -> Json:
    """Return the ``admin_with_app`` object for ``GET /me``."""
    return {
        "type": "admin",
        "id": admin["id"],
        "email": admin["email"],
        "name": admin["name"],
        "email_verified": True,
        "app": store.app,
        "avatar": {"type": "avatar", "image_url": admin["avatar"]},
        "has_inbox_seat": admin["has_inbox_seat"],
        "job_title": admin["job_title"],
        "away_mode_enabled": admin["away_mode_enabled"],
        "away_mode_reassign": admin["away_mode_reassign"],
        "team_ids": admin["team_ids"],
    }


def _object_id(rng: random.Random, created_at: int, taken: set[str]) -> str:
    """Return a unique 24-hex id whose first 8 digits encode ``created_at`` (like Mongo ids)."""
    while True:
        candidate = f"{created_at:08x}{rng.getrandbits(64):016x}"
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def _maybe(rng: random.Random, probability: float, value: Any) -> Any:
    return value if rng.random() < probability else None


def _make_app(rng: random.Random) -> Json:
    return {
        "type": "app",
        "id_code": f"fake{rng.getrandbits(32):08x}",
        "name": "Fake Workspace",
        "created_at": BASE_TIME - 900 * _DAY,
        "secure": False,
        "identity_verification": False,
        "timezone": "Europe/Dublin",
        "region": "US",
    }


def _make_admins(rng: random.Random, count: int) -> dict[str, Json]:
    base = 991_267_000 + rng.randrange(1_000)
    team_ids = [rng.randint(800_000, 899_999) for _ in range(2)]
    admins: dict[str, Json] = {}
    for i in range(count):
        first, last = _FIRST_NAMES[i % len(_FIRST_NAMES)], rng.choice(_LAST_NAMES)
        admin_id = str(base + i)
        admins[admin_id] = {
            "type": "admin",
            "id": admin_id,
            "name": f"{first} {last}",
            "email": f"{first.lower()}.{i}@fake-intercom.test",
            "job_title": rng.choice(_JOB_TITLES),
            "away_mode_enabled": i == count - 1,
            "away_mode_reassign": False,
            "away_status_reason_id": None,
            "has_inbox_seat": i != count - 1,
            "team_ids": sorted(rng.sample(team_ids, rng.randint(0, len(team_ids)))),
            "avatar": _maybe(rng, 0.6, f"https://static.fake-intercom.test/avatars/{admin_id}.png"),
        }
    return admins


def _make_tags(rng: random.Random) -> dict[str, Json]:
    base = rng.randint(100, 900)
    return {
        str(base + i): {"type": "tag", "id": str(base + i), "name": name}
        for i, name in enumerate(_TAG_NAMES)
    }


def _make_subscription_types(rng: random.Random) -> dict[str, Json]:
    base = rng.randint(1, 200)
    result: dict[str, Json] = {}
    for i, (name, description, consent, content_types) in enumerate(
        _SUBSCRIPTION_TYPES[: rng.randint(3, 4)]
    ):
        translation = {"name": name, "description": description, "locale": "en"}
        sid = str(base + i)
        result[sid] = {
            "type": "subscription",
            "id": sid,
            "state": "live",
            "consent_type": consent,
            "default_translation": translation,
            "translations": [dict(translation)],
            "content_types": list(content_types),
        }
    return result


def _make_companies(
    rng: random.Random, count: int, app_id: str, tags: dict[str, Json], taken: set[str]
) -> dict[str, Json]:
    companies: dict[str, Json] = {}
    tag_list = list(tags.values())
    for i in range(count):
        created = BASE_TIME - rng.randint(30, 800) * _DAY
        plan_id, plan_name = rng.choice(_PLANS)
        name = f"{rng.choice(_LAST_NAMES)} {rng.choice(('Labs', 'Inc', 'GmbH', 'Ltd', 'Co'))}"
        company_id = _object_id(rng, created, taken)
        has_plan = rng.random() < 0.7
        company_tags = rng.sample(tag_list, rng.randint(0, 2))
        companies[company_id] = {
            "type": "company",
            "company_id": f"company-{i + 1}",
            "id": company_id,
            "app_id": app_id,
            "name": name,
            "remote_created_at": created - rng.randint(0, 365) * _DAY,
            "created_at": created,
            "updated_at": created + rng.randint(0, 29) * _DAY,
            "last_request_at": BASE_TIME - rng.randint(0, 29) * _DAY,
            "monthly_spend": rng.choice((0, 49, 99, 499, 2500)),
            "session_count": rng.randint(0, 5_000),
            "user_count": 0,
            "size": rng.choice((5, 25, 100, 1_000)),
            "website": f"https://{name.split()[0].lower()}.example.com",
            "industry": rng.choice(_INDUSTRIES),
            "plan": {"type": "plan", "id": plan_id, "name": plan_name} if has_plan else {},
            "custom_attributes": {"tier": rng.choice(("gold", "silver", "bronze"))},
            "tags": {"type": "tag.list", "tags": [dict(t) for t in company_tags]},
            "segments": {"type": "segment.list", "segments": []},
        }
    return companies


def _make_contact(rng: random.Random, index: int, store: FakeStore, taken: set[str]) -> Json:
    created = BASE_TIME - rng.randint(1, 1_000) * _DAY - rng.randrange(_DAY)
    first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
    domain = rng.choice(_DOMAINS)
    is_user = rng.random() < 0.85
    seen = _maybe(rng, 0.8, BASE_TIME - rng.randrange(30 * _DAY))
    country, region, city, country_code, continent = rng.choice(_LOCATIONS)
    browser, browser_version = rng.choice(_BROWSERS)
    has_web = seen is not None
    has_ios = rng.random() < 0.15
    has_android = rng.random() < 0.15
    contact_id = _object_id(rng, created, taken)
    handle = f"{first.lower()}{index}"
    return {
        "type": "contact",
        "id": contact_id,
        "workspace_id": store.app["id_code"],
        "external_id": f"ext-{index}" if is_user else None,
        "role": "user" if is_user else "lead",
        "email": f"{first.lower()}.{last.lower()}{index}@{domain}",
        "email_domain": domain,
        "phone": _maybe(rng, 0.5, f"+1555{rng.randrange(10**7):07d}"),
        "name": f"{first} {last}" if rng.random() < 0.9 else None,
        "avatar": {
            "type": "avatar",
            "image_url": _maybe(
                rng, 0.7, f"https://static.fake-intercom.test/contacts/{contact_id}.png"
            ),
        },
        "owner_id": int(rng.choice(list(store.admins))) if rng.random() < 0.6 else None,
        "social_profiles": {
            "type": "list",
            "data": [
                {"type": "social_profile", "name": name, "url": f"{prefix}{handle}"}
                for name, prefix in _SOCIAL
                if rng.random() < 0.3
            ],
        },
        "has_hard_bounced": rng.random() < 0.05,
        "marked_email_as_spam": rng.random() < 0.02,
        "unsubscribed_from_emails": rng.random() < 0.1,
        "created_at": created,
        "updated_at": created + rng.randrange(BASE_TIME - created + 1),
        "signed_up_at": created if is_user else None,
        "last_seen_at": seen,
        "last_replied_at": _maybe(rng, 0.4, BASE_TIME - rng.randrange(60 * _DAY)),
        "last_contacted_at": _maybe(rng, 0.5, BASE_TIME - rng.randrange(60 * _DAY)),
        "last_email_opened_at": _maybe(rng, 0.4, BASE_TIME - rng.randrange(60 * _DAY)),
        "last_email_clicked_at": _maybe(rng, 0.2, BASE_TIME - rng.randrange(60 * _DAY)),
        "language_override": _maybe(rng, 0.1, rng.choice(_LANGUAGES)),
        "browser": browser if has_web else None,
        "browser_version": browser_version if has_web else None,
        "browser_language": rng.choice(_LANGUAGES) if has_web else None,
        "os": rng.choice(_OSES) if has_web else None,
        "location": {
            "type": "location",
            "country": country,
            "region": region,
            "city": city,
            "country_code": country_code,
            "continent_code": continent,
        },
        "android_app_name": "Fake App" if has_android else None,
        "android_app_version": "5.2.0" if has_android else None,
        "android_device": "Pixel 8" if has_android else None,
        "android_os_version": "14" if has_android else None,
        "android_sdk_version": "34" if has_android else None,
        "android_last_seen_at": BASE_TIME - rng.randrange(90 * _DAY) if has_android else None,
        "ios_app_name": "Fake App" if has_ios else None,
        "ios_app_version": "5.2.0" if has_ios else None,
        "ios_device": "iPhone 15" if has_ios else None,
        "ios_os_version": "18.1" if has_ios else None,
        "ios_sdk_version": "17.2.0" if has_ios else None,
        "ios_last_seen_at": BASE_TIME - rng.randrange(90 * _DAY) if has_ios else None,
        "custom_attributes": {
            "paid_subscriber": rng.random() < 0.4,
            "monthly_spend": round(rng.uniform(0, 500), 2),
            "team_mates": rng.randint(0, 40),
        },
        "utm_campaign": _maybe(rng, 0.2, "spring_launch"),
        "utm_content": None,
        "utm_medium": _maybe(rng, 0.2, "cpc"),
        "utm_source": _maybe(rng, 0.2, rng.choice(_UTM_SOURCES)),
        "utm_term": None,
        "referrer": _maybe(rng, 0.3, f"https://{domain}/pricing"),
        "enabled_push_messaging": (rng.random() < 0.5) if (has_ios or has_android) else None,
    }


def _attach_relations(rng: random.Random, store: FakeStore, contact: Json) -> None:
    cid = contact["id"]
    admins = list(store.admins)
    store.contact_tags[cid] = {
        tid: {
            "applied_at": contact["created_at"]
            + rng.randrange(BASE_TIME - contact["created_at"] + 1),
            "applied_by": {"type": "admin", "id": rng.choice(admins)},
        }
        for tid in rng.sample(list(store.tags), rng.randint(0, 5))
    }
    companies = rng.sample(list(store.companies), min(len(store.companies), rng.randint(0, 3)))
    store.contact_companies[cid] = companies
    for company_id in companies:
        store.companies[company_id]["user_count"] += 1
    opt_in = [s for s, st in store.subscription_types.items() if st["consent_type"] == "opt_in"]
    opt_out = [s for s, st in store.subscription_types.items() if st["consent_type"] == "opt_out"]
    chosen_in = set(rng.sample(opt_in, rng.randint(0, min(2, len(opt_in)))))
    chosen_out = set(rng.sample(opt_out, rng.randint(0, min(2, len(opt_out)))))
    store.contact_opted_in[cid] = [s for s in opt_in if s in chosen_in]
    store.contact_opted_out[cid] = [s for s in opt_out if s in chosen_out]


def _make_notes(rng: random.Random, store: FakeStore, note_counts: dict[str, int]) -> None:
    admins = list(store.admins.values())
    drafts: list[Json] = []
    for cid, count in note_counts.items():
        start = store.contacts[cid]["created_at"]
        for _ in range(count):
            drafts.append(
                {
                    "type": "note",
                    "id": "",
                    "created_at": start + rng.randrange(BASE_TIME - start + 1),
                    "contact": {"type": "contact", "id": cid},
                    "author": note_author(rng.choice(admins)),
                    "body": f"<p>{rng.choice(_NOTE_BODIES)}</p>",
                }
            )
    drafts.sort(key=lambda n: n["created_at"])
    next_id = rng.randint(1_000, 9_000)
    for offset, note in enumerate(drafts):
        note["id"] = str(next_id + offset)
        store.notes[note["id"]] = note


def generate_workspace(
    seed: int = 0,
    contacts: int = 200,
    *,
    admins: int = 5,
    companies: int = 20,
) -> FakeStore:
    """Build a workspace; the same arguments always yield identical data.

    A few "heavy" contacts get 30+ notes (the first one more than 100) so both
    the 10-item embedding limit and multi-page note listing are exercised.
    """
    rng = random.Random(seed)
    store = FakeStore()
    taken: set[str] = set()
    store.app = _make_app(rng)
    store.admins = _make_admins(rng, max(1, admins))
    store.tags = _make_tags(rng)
    store.subscription_types = _make_subscription_types(rng)
    store.companies = _make_companies(rng, companies, store.app["id_code"], store.tags, taken)
    for index in range(1, contacts + 1):
        contact = _make_contact(rng, index, store, taken)
        store.contacts[contact["id"]] = contact
        _attach_relations(rng, store, contact)
    contact_ids = list(store.contacts)
    heavy = rng.sample(contact_ids, min(len(contact_ids), max(1, len(contact_ids) // 40)))
    note_counts = {cid: rng.randint(0, 4) for cid in contact_ids}
    for rank, cid in enumerate(heavy):
        note_counts[cid] = rng.randint(101, 160) if rank == 0 else rng.randint(30, 80)
    _make_notes(rng, store, note_counts)
    return store
