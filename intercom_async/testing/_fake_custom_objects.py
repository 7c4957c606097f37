"""Fake custom object instances: created or updated by `external_id`, read and deleted by
id or by `external_id`, per custom object type (`Order`), kept per workspace.

Any type identifier is taken (the fake defines no types); an unknown instance is a 404.
"""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler

from ._fake_data import FakeStore, Json
from ._fake_generic import checked_request
from ._fake_http import ApiError, epoch_now, json_response, store_of

__all__ = ["CUSTOM_OBJECT_ROUTES"]

_TYPE = "custom_object_type_identifier"


def _not_found() -> ApiError:
    return ApiError(404, "not_found", "Custom object instance not found")


def _by_id(request: web.Request) -> Json:
    instance = store_of(request).areas.custom_objects.get(
        request.match_info["custom_object_instance_id"]
    )
    if instance is None or instance["type"] != request.match_info[_TYPE]:
        raise _not_found()
    return instance


async def _by_external_id(request: web.Request, operation_id: str) -> Json:
    await checked_request(request, operation_id)  # `external_id` is required
    external_id = request.query["external_id"]
    kind = request.match_info[_TYPE]
    for instance in store_of(request).areas.custom_objects.values():
        if instance["type"] == kind and instance["external_id"] == external_id:
            return instance
    raise _not_found()


def _deleted(store: FakeStore, instance: Json) -> web.Response:
    del store.areas.custom_objects[instance["id"]]
    return json_response({"id": instance["id"], "object": instance["type"], "deleted": True})


async def create_or_update(request: web.Request) -> web.Response:
    """``POST /custom_object_instances/{type}``: a new instance, or the one with the body's
    `external_id` updated."""
    body = await checked_request(request, "createCustomObjectInstances")
    if not body.get("external_id"):
        raise ApiError(400, "parameter_not_found", "'external_id' is a required parameter")
    kind, now = request.match_info[_TYPE], epoch_now()
    instances = store_of(request).areas.custom_objects
    found = [
        i
        for i in instances.values()
        if (i["type"], i["external_id"]) == (kind, body["external_id"])
    ]
    if found:
        instance = found[0]
    else:
        identifier = str(max(map(int, instances), default=0) + 1)
        instance = {
            "id": identifier,
            "type": kind,
            "custom_attributes": {},
            "external_id": body["external_id"],
            "external_created_at": None,
            "external_updated_at": None,
            "created_at": now,
            "updated_at": now,
        }
        instances[identifier] = instance
    instance["custom_attributes"].update(body.get("custom_attributes") or {})
    for key in ("external_created_at", "external_updated_at"):
        if key in body:
            instance[key] = body[key]
    instance["updated_at"] = now
    return json_response(instance)


async def get_by_id(request: web.Request) -> web.Response:
    """``GET /custom_object_instances/{type}/{id}``."""
    return json_response(_by_id(request))


async def get_by_external_id(request: web.Request) -> web.Response:
    """``GET /custom_object_instances/{type}?external_id=``."""
    return json_response(await _by_external_id(request, "getCustomObjectInstancesByExternalId"))


async def delete_by_id(request: web.Request) -> web.Response:
    """``DELETE /custom_object_instances/{type}/{id}``."""
    return _deleted(store_of(request), _by_id(request))


async def delete_by_external_id(request: web.Request) -> web.Response:
    """``DELETE /custom_object_instances/{type}?external_id=``."""
    instance = await _by_external_id(request, "deleteCustomObjectInstancesById")
    return _deleted(store_of(request), instance)


CUSTOM_OBJECT_ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", f"/custom_object_instances/{{{_TYPE}}}", get_by_external_id),
    ("POST", f"/custom_object_instances/{{{_TYPE}}}", create_or_update),
    ("DELETE", f"/custom_object_instances/{{{_TYPE}}}", delete_by_external_id),
    ("GET", f"/custom_object_instances/{{{_TYPE}}}/{{custom_object_instance_id}}", get_by_id),
    ("DELETE", f"/custom_object_instances/{{{_TYPE}}}/{{custom_object_instance_id}}", delete_by_id),
]
