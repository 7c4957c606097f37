"""Known defects of the spec's own examples and schemas, each with its reason.

Where the wire is known to differ, the fix lives in tools/generate/overrides.yaml; the
rest are listed here, so the spec-examples test and the contract run (`nox -s contract`)
tell a defect of the spec from one of ours, and notice when a spec update fixes one.
"""

from __future__ import annotations

import re

import attrs

__all__ = [
    "PRISM_DEFECTS",
    "REQUEST_EXAMPLE_DEFECTS",
    "Defect",
    "PrismDefect",
    "known_prism_defect",
]


@attrs.frozen
class Defect:
    fields: tuple[str, ...]
    """The JSON paths of the example that break its schema (`(body)`: the object itself)."""
    reason: str


NUMBER_ID = (
    "an id written as a number where the schema types it as a string (the methods take "
    "and send strings, which the contract run shows the spec accepts)"
)
ON_PURPOSE = "the request of an error example, wrong on purpose"
UUID_ID = (
    "`from.id` is `format: uuid` and also exactly 24 characters long: no string is both "
    "(Intercom's contact ids are 24 hex digits, not UUIDs)"
)
TAG_BRANCHES = (
    "the `oneOf` branches of POST /tags overlap (no `additionalProperties: false`): a body "
    "that tags companies or users also fits the bare create branch"
)
QUICK_REPLY = (
    "a contact's quick reply: the contact branch of the schema allows `message_type: "
    "comment` only and requires `body`"
)
CUSTOM_OBJECT = (
    "an association to custom object instances sends a list of ids, which the schema of "
    "`custom_attributes` values does not allow"
)
_TAGS = "POST /conversations/{conversation_id}/tags"
_UNTAG = "DELETE /conversations/{conversation_id}/tags/{tag_id}"
_PARTS = "POST /conversations/{conversation_id}/parts"
_REPLY = "POST /conversations/{conversation_id}/reply"
_DETACH = "DELETE /conversations/{conversation_id}/customers/{contact_id}"
_ATTACH = "POST /conversations/{conversation_id}/customers"

REQUEST_EXAMPLE_DEFECTS: dict[tuple[str, str], Defect] = {
    ("POST /tags", "invalid_parameters"): Defect(("(body)",), ON_PURPOSE),
    ("POST /tags", "company_not_found"): Defect(("(body)",), TAG_BRANCHES),
    ("POST /tags", "user_not_found"): Defect(("(body)",), TAG_BRANCHES),
    ("POST /contacts/{contact_id}/tags", "successful"): Defect(("id",), NUMBER_ID),
    ("POST /contacts/{contact_id}/tags", "contact_not_found"): Defect(("id",), NUMBER_ID),
    ("POST /contacts/{contact_id}/notes", "successful_response"): Defect(("admin_id",), NUMBER_ID),
    ("POST /contacts/{contact_id}/notes", "admin_not_found"): Defect(("admin_id",), NUMBER_ID),
    ("POST /contacts/{contact_id}/notes", "contact_not_found"): Defect(("admin_id",), NUMBER_ID),
    ("POST /contacts/{contact_id}/subscriptions", "successful"): Defect(("id",), NUMBER_ID),
    ("POST /contacts/{contact_id}/subscriptions", "contact_not_found"): Defect(("id",), NUMBER_ID),
    ("POST /contacts/{contact_id}/companies", "bad_request"): Defect(("(body)",), ON_PURPOSE),
    ("POST /conversations", "conversation_created"): Defect(("from.id",), UUID_ID),
    ("POST /conversations", "contact_not_found"): Defect(("from.id",), UUID_ID),
    (
        "PUT /conversations/{conversation_id}",
        "update_a_conversation_with_an_association_to_a_custom_object_instance",
    ): Defect(("custom_attributes.order",), CUSTOM_OBJECT),
    (_REPLY, "admin_note_reply"): Defect(("admin_id",), NUMBER_ID),
    (_REPLY, "admin_quick_reply_reply"): Defect(("admin_id",), NUMBER_ID),
    (_REPLY, "contact_quick_reply_reply"): Defect(("(body)", "type"), QUICK_REPLY),
    (_PARTS, "close_a_conversation"): Defect(("admin_id",), NUMBER_ID),
    (_PARTS, "snooze_a_conversation"): Defect(("admin_id",), NUMBER_ID),
    (_PARTS, "open_a_conversation"): Defect(("admin_id",), NUMBER_ID),
    (_PARTS, "assign_a_conversation"): Defect(("admin_id", "assignee_id"), NUMBER_ID),
    (_PARTS, "not_found"): Defect(("admin_id",), NUMBER_ID),
    (_ATTACH, "attach_a_contact_to_a_conversation"): Defect(("admin_id",), NUMBER_ID),
    (_ATTACH, "not_found"): Defect(("admin_id",), NUMBER_ID),
    (_DETACH, "detach_a_contact_from_a_group_conversation"): Defect(("admin_id",), NUMBER_ID),
    (_DETACH, "conversation_not_found"): Defect(("admin_id",), NUMBER_ID),
    (_DETACH, "contact_not_found"): Defect(("admin_id",), NUMBER_ID),
    (_DETACH, "last_customer"): Defect(("admin_id",), NUMBER_ID),
    ("POST /conversations/redact", "redact_a_conversation_part"): Defect(
        ("conversation_id", "conversation_part_id"), NUMBER_ID
    ),
    (_TAGS, "successful"): Defect(("admin_id", "id"), NUMBER_ID),
    (_TAGS, "conversation_not_found"): Defect(("admin_id", "id"), NUMBER_ID),
    (_UNTAG, "successful"): Defect(("admin_id",), NUMBER_ID),
    (_UNTAG, "conversation_not_found"): Defect(("admin_id",), NUMBER_ID),
    (_UNTAG, "tag_not_found"): Defect(("admin_id",), NUMBER_ID),
    ("POST /tickets", "successful_response"): Defect(("ticket_type_id",), NUMBER_ID),
    ("POST /tickets/enqueue", "successful_response"): Defect(("ticket_type_id",), NUMBER_ID),
    **{
        ("PUT /tickets/{ticket_id}", name): Defect(("assignee_id", "ticket_state_id"), NUMBER_ID)
        for name in ("successful_response", "admin_not_found", "assignee_not_found")
    },
    (
        "PUT /tickets/{ticket_id}",
        "ticket_state_id_is_not_valid_or_is_not_associated_with_the_ticket_type",
    ): Defect(("ticket_state_id",), NUMBER_ID),
    **{
        ("POST /tickets/{ticket_id}/reply", name): Defect(("admin_id",), NUMBER_ID)
        for name in ("admin_note_reply", "admin_note_cross_post_reply", "admin_quick_reply_reply")
    },
    ("POST /tickets/{ticket_id}/tags", "successful"): Defect(("admin_id", "id"), NUMBER_ID),
    ("POST /tickets/{ticket_id}/tags", "ticket_not_found"): Defect(("admin_id", "id"), NUMBER_ID),
    **{
        ("DELETE /tickets/{ticket_id}/tags/{tag_id}", name): Defect(("admin_id",), NUMBER_ID)
        for name in ("successful", "ticket_not_found", "tag_not_found")
    },
    ("POST /custom_object_instances/{custom_object_type_identifier}", "successful"): Defect(
        ("custom_attributes.total_amount",),
        "a custom attribute value written as a number where the schema's values are strings",
    ),
    ("POST /data_attributes", "invalid_data_type"): Defect(("data_type",), ON_PURPOSE),
    ("POST /data_attributes", "too_few_options_for_list"): Defect(("(body)",), ON_PURPOSE),
    **{
        ("PUT /data_attributes/{data_attribute_id}", name): Defect(
            ("(body)",),
            "the `oneOf` branches (with `options`, and without) overlap: a body with options "
            "fits both",
        )
        for name in ("successful", "attribute_not_found")
    },
    ("POST /visitors/convert", "successful"): Defect(
        ("user",), "the example's `user` has only an email; the schema wants its id or user_id"
    ),
    ("POST /messages", "no_body_supplied_for_message"): Defect(("body",), ON_PURPOSE),
    ("POST /articles", "bad_request"): Defect(("(body)",), ON_PURPOSE),
    ("POST /help_center/collections", "bad_request"): Defect(("(body)",), ON_PURPOSE),
    ("POST /internal_articles", "bad_request"): Defect(("(body)",), ON_PURPOSE),
    ("POST /messages", "no_subject_supplied_for_email_message"): Defect(("to",), ON_PURPOSE),
    ("POST /messages", "no_body_supplied_for_email_message"): Defect(("body",), ON_PURPOSE),
}
"""`(endpoint, example name)` of the request examples that do not fit their own schema
(checked against the schema with the generator's `body_fixes`, where it has some)."""


RESPONSE_EXAMPLE_DEFECTS: dict[tuple[str, str], str] = {
    ("PUT /admins/{admin_id}/away", "200 Successful response"): (
        "`away_status_reason_id` is the text '12345' where the admin schema (and `Admin`, "
        "written by hand) has an integer"
    ),
}
"""`(endpoint, "status name")` of documented answers that do not fit their own schema,
so the model (following the schema) refuses them: the reason of each."""


@attrs.frozen
class PrismDefect:
    """What the strict Prism finds wrong that is the spec's fault (or Prism's), not the
    client's."""

    endpoint: str
    """`POST /conversations`: the operation it shows on."""
    violation: str
    """A regular expression matched against Prism's `location: message`."""
    reason: str


PRISM_DEFECTS: dict[str, PrismDefect] = {
    "uuid contact id": PrismDefect(
        "POST /conversations", r"^(request\.)?body\.from\.id: .*format \"uuid\"$", UUID_ID
    ),
    **{
        f"contact list url ({method} {path})": PrismDefect(
            f"{method} {path}",
            r"^response\.body\.(tags|notes|companies)\.url: .*format \"uri\"$",
            "the contact schema's list URLs are `format: uri`, but its example (like the "
            "API) sends paths such as `/contacts/{id}/tags`",
        )
        for method, path in (
            ("GET", "/contacts/{contact_id}"),
            ("GET", "/contacts/find_by_external_id/{external_id}"),
            ("POST", "/contacts"),
            ("PUT", "/contacts/{contact_id}"),
            ("POST", "/contacts/merge"),
            ("POST", "/visitors/convert"),
        )
    },
    "admin-only message schema": PrismDefect(
        "POST /messages",
        r"^request\.body\.(message_type|from\.id|from\.type|to)\b",
        "the schema describes an admin's message only, `message_type` `in_app` and integer "
        "ids; the spec's examples (and the API) send `inapp` or `conversation` and string "
        "ids, as createMessage's `body_fixes` in the overrides say",
    ),
    **{
        f"job_identifier in the query ({path})": PrismDefect(
            f"GET {path}",
            r"^query: Request query must have required property 'job_identifier'$",
            "the spec declares `job_identifier` twice, in the path and, required, in the "
            "query; the method sends it in the path",
        )
        for path in (
            "/export/reporting_data/{job_identifier}",
            "/download/reporting_data/{job_identifier}",
        )
    },
    **{
        f"custom attribute number ({endpoint})": PrismDefect(
            endpoint,
            r"^response\.body\.custom_attributes\.total_amount: .*must be string$",
            "the example instance's `total_amount` is a number where the schema's custom "
            "attribute values are strings",
        )
        for endpoint in (
            "POST /custom_object_instances/{custom_object_type_identifier}",
            "GET /custom_object_instances/{custom_object_type_identifier}",
            "GET /custom_object_instances/{custom_object_type_identifier}"
            "/{custom_object_instance_id}",
        )
    },
    "activity log metadata": PrismDefect(
        "GET /admins/activity_logs",
        r"^response\.body\.activity_logs\.\d+\.metadata\.(before|after): .*must be object",
        "the example's activity log `metadata.before`/`after` are not the objects its schema says",
    ),
    **{
        f"visitor email ({endpoint})": PrismDefect(
            endpoint,
            r"^response\.body\.email: .*format \"email\"$",
            "the example visitor's `email` is not an email address (`format: email`)",
        )
        for endpoint in ("GET /visitors", "PUT /visitors")
    },
    "exploded oneOf query (Prism)": PrismDefect(
        "GET /events",
        r"^query\.filter: ",
        "not the spec's defect but Prism's: it does not read an exploded object query "
        "parameter (`filter`, style form) whose schema is a `oneOf`; we send `?user_id=...`, "
        "as OpenAPI spells it",
    ),
    "away status reason as text": PrismDefect(
        "PUT /admins/{admin_id}/away",
        r"^response\.body\.away_status_reason_id: .*must be integer",
        RESPONSE_EXAMPLE_DEFECTS[("PUT /admins/{admin_id}/away", "200 Successful response")],
    ),
}
"""Known findings of the strict Prism, by name (each must still show in a contract run)."""


def known_prism_defect(endpoint: str, violation: str) -> str | None:
    """The name of the known defect `violation` of `endpoint` is, or None."""
    for name, defect in PRISM_DEFECTS.items():
        if defect.endpoint == endpoint and re.search(defect.violation, violation):
            return name
    return None
