from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.pricing_updated_event_event import PricingUpdatedEventEvent

if TYPE_CHECKING:
    from ..models.pricing_updated import PricingUpdated


T = TypeVar("T", bound="PricingUpdatedEvent")


@_attrs_define
class PricingUpdatedEvent:
    """The body of a `pricing.updated` delivery.

    Attributes:
        event (PricingUpdatedEventEvent):
        event_id (str): The same on every attempt and resend of one event: dedupe on it.
        timestamp (datetime.datetime): When the event happened (RFC 3339, UTC).
        data (PricingUpdated): Data of `pricing.updated`: the plan after the change. Rides started before the change
            keep the prices they started with.
    """

    event: PricingUpdatedEventEvent
    event_id: str
    timestamp: datetime.datetime
    data: PricingUpdated
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
        from ..models.pricing_updated import PricingUpdated

        d = dict(src_dict)
        event = PricingUpdatedEventEvent(d.pop("event"))

        event_id = d.pop("event_id")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        data = PricingUpdated.from_dict(d.pop("data"))

        pricing_updated_event = cls(
            event=event,
            event_id=event_id,
            timestamp=timestamp,
            data=data,
        )

        pricing_updated_event.additional_properties = d
        return pricing_updated_event

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
