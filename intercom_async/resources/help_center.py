"""`client.help_center`: the Help Center's two collections of objects, side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._public import publish
from ._base import Resource
from .help_center_collections import Collections
from .help_centers import HelpCenters

if TYPE_CHECKING:
    from .._caller import Caller

__all__ = ["HelpCenterArea"]


class HelpCenterArea(Resource):
    """`help_center.collections` (collections and sections) and `help_center.help_centers`
    (the workspace's Help Centers), as the API groups them under `/help_center`."""

    def __init__(self, client: Caller) -> None:
        super().__init__(client)
        self.collections = Collections(client)
        self.help_centers = HelpCenters(client)


publish("intercom_async.resources", globals(), __all__)  # before first use: see _lazy
