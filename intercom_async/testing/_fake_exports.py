"""Fake content data export jobs: create, follow (each status check moves a job on),
cancel, and download the finished job's gzipped CSV of the workspace's conversations.

A job goes `pending` -> `in_progress` -> `completed` by one step per `GET` of its status,
so a client that polls sees it move; `completed` fills `download_url` and
`download_expires_at` (two days on, as Intercom keeps them). A canceled job stays
canceled; downloading a job that has not completed is a 404, as is an unknown job.
"""

from __future__ import annotations

import csv
import gzip
import io
from typing import Final

from aiohttp import web
from aiohttp.typedefs import Handler

from ._fake_data import Json
from ._fake_generic import accepts_octets, checked_request
from ._fake_http import ApiError, epoch_now, json_response, store_of

__all__ = ["EXPORT_ROUTES"]

_NEXT: Final = {"pending": "in_progress", "in_progress": "completed"}
_KEPT_FOR = 2 * 24 * 3600


def _job(request: web.Request) -> Json:
    job = store_of(request).areas.content_exports.get(request.match_info["job_identifier"])
    if job is None:
        raise ApiError(404, "not_found", "Export job not found")
    return job


async def create_export(request: web.Request) -> web.Response:
    """``POST /export/content/data``: a `pending` job for the window asked for."""
    body = await checked_request(request, "createDataExport")
    after, before = int(body["created_at_after"]), int(body["created_at_before"])
    if after >= before:
        raise ApiError(
            400, "parameter_invalid", "created_at_after must be before created_at_before"
        )
    store = store_of(request)
    jobs = store.areas.content_exports
    identifier = f"job{len(jobs) + 1:012d}"
    jobs[identifier] = {
        "job_identifier": identifier,
        "status": "pending",
        "download_url": "",
        "download_expires_at": "",
    }
    store.areas.content_export_windows[identifier] = (after, before)
    return json_response(jobs[identifier])


async def get_export(request: web.Request) -> web.Response:
    """``GET /export/content/data/{job_identifier}``: the job, one step further on."""
    job = _job(request)
    status = _NEXT.get(job["status"])
    if status is not None:
        job["status"] = status
        if status == "completed":
            job["download_url"] = str(
                request.url.with_path(f"/download/content/data/{job['job_identifier']}")
            )
            job["download_expires_at"] = str(epoch_now() + _KEPT_FOR)
    return json_response(job)


async def cancel_export(request: web.Request) -> web.Response:
    """``POST /export/cancel/{job_identifier}``: a job not finished yet is `canceled`."""
    job = _job(request)
    if job["status"] in ("pending", "in_progress"):
        job["status"] = "canceled"
    return json_response(job)


async def download_export(request: web.Request) -> web.Response:
    """``GET /download/content/data/{job_identifier}``: the completed job's gzipped CSV."""
    if not accepts_octets(request):
        message = "this download needs the header Accept: application/octet-stream"
        raise ApiError(406, "not_acceptable", message)
    job = _job(request)
    if job["status"] != "completed":
        raise ApiError(404, "not_found", f"Export job is {job['status']}, not completed")
    store = store_of(request)
    after, before = store.areas.content_export_windows[job["job_identifier"]]
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["conversation_id", "created_at", "state"])
    for conversation in store.conversations.values():
        if after <= int(conversation.get("created_at") or 0) < before:
            writer.writerow([conversation["id"], conversation["created_at"], conversation["state"]])
    return web.Response(
        body=gzip.compress(text.getvalue().encode()), content_type="application/octet-stream"
    )


EXPORT_ROUTES: list[tuple[str, str, Handler]] = [
    ("POST", "/export/content/data", create_export),
    ("GET", "/export/content/data/{job_identifier}", get_export),
    ("POST", "/export/cancel/{job_identifier}", cancel_export),
    ("GET", "/download/content/data/{job_identifier}", download_export),
]
