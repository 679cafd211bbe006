from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.position_stream_event_event import PositionStreamEventEvent

if TYPE_CHECKING:
    from ..models.live_position import LivePosition


T = TypeVar("T", bound="PositionStreamEvent")


@_attrs_define
class PositionStreamEvent:
    """One Server-Sent Events frame of `GET /telematics/stream`: `event: position` with a JSON `LivePosition` as `data`;
    `event: dropped` before the server ends a stream that fell behind; `event: end` when `max_seconds` is reached. Idle
    streams get a `: heartbeat` comment every 15 s.

        Attributes:
            event (PositionStreamEventEvent):
            data (LivePosition): A live position as the stream sends it.
    """

    event: PositionStreamEventEvent
    data: LivePosition
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event = self.event.value

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "event": event,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.live_position import LivePosition

        d = dict(src_dict)
        event = PositionStreamEventEvent(d.pop("event"))

        data = LivePosition.from_dict(d.pop("data"))

        position_stream_event = cls(
            event=event,
            data=data,
        )

        position_stream_event.additional_properties = d
        return position_stream_event

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
