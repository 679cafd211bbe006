from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.zone_updated_event_event import ZoneUpdatedEventEvent

if TYPE_CHECKING:
    from ..models.zone_updated import ZoneUpdated


T = TypeVar("T", bound="ZoneUpdatedEvent")


@_attrs_define
class ZoneUpdatedEvent:
    """The body of a `zone.updated` delivery.

    Attributes:
        event (ZoneUpdatedEventEvent):
        event_id (str): The same on every attempt and resend of one event: dedupe on it.
        timestamp (datetime.datetime): When the event happened (RFC 3339, UTC).
        data (ZoneUpdated): Data of `zone.updated`: the zone after the change (for `deleted`, as it was). The
            geometry is not repeated (it can hold 10 000 positions): its bounding box is, and
            `GET /zones/{id}` returns the whole zone.
    """

    event: ZoneUpdatedEventEvent
    event_id: str
    timestamp: datetime.datetime
    data: ZoneUpdated
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event = self.event.value

        event_id = self.event_id

        timestamp = self.timestamp.isoformat()

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "event": event,
                "event_id": event_id,
                "timestamp": timestamp,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.zone_updated import ZoneUpdated

        d = dict(src_dict)
        event = ZoneUpdatedEventEvent(d.pop("event"))

        event_id = d.pop("event_id")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        data = ZoneUpdated.from_dict(d.pop("data"))

        zone_updated_event = cls(
            event=event,
            event_id=event_id,
            timestamp=timestamp,
            data=data,
        )

        zone_updated_event.additional_properties = d
        return zone_updated_event

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
