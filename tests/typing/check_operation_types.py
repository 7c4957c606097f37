"""Typing facts of the operational areas: downloads are bytes, transcripts and
recording URLs str, a 204 None. Checked by mypy (`nox -s typecheck`), never run."""

from __future__ import annotations

from typing_extensions import assert_type

import intercom_async
from intercom_async import AsyncPager
from intercom_async.models import (
    Call,
    CallsWithTranscripts,
    ContentImportSource,
    CustomObjectInstance,
    DataExport,
    FinConversation,
    Job,
    Message,
    ReportingDataset,
)


async def answers_are_typed(client: intercom_async.Client) -> None:
    assert_type(await client.data_export.download("job"), bytes)
    assert_type(await client.reporting_data_export.download("job", app_id="a"), bytes)
    assert_type(await client.calls.get_transcript("1"), str)
    assert_type(await client.calls.get_recording_url("1"), str)
    assert_type(await client.ai_content.delete_content_import_source("1"), None)
    assert_type(client.calls.list(), AsyncPager[Call])
    assert_type(client.ai_content.list_content_import_sources(), AsyncPager[ContentImportSource])
    assert_type(client.reporting_data_export.list_datasets(), AsyncPager[ReportingDataset])
    assert_type(
        await client.calls.list_with_transcripts(conversation_ids=["1"]), CallsWithTranscripts
    )
    assert_type(await client.data_export.cancel("job"), DataExport)
    assert_type(await client.custom_objects.get("Order", "1"), CustomObjectInstance)
    assert_type(await client.fin.reply(conversation_id="c", message={}, user={}), FinConversation)
    assert_type(await client.jobs.get("2"), Job)
    assert_type(await client.messages.create(from_={}, body="hi"), Message)
