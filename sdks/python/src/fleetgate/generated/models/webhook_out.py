from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.circuit_state import CircuitState
from ..models.event_type import EventType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.webhook_out_headers import WebhookOutHeaders


T = TypeVar("T", bound="WebhookOut")


@_attrs_define
class WebhookOut:
    """A webhook endpoint (never its secret).

    Attributes:
        id (UUID):
        subaccount_id (UUID):
        url (str):  Example: https://partner.example.com/webhooks/levy.
        events (list[EventType]):
        headers (WebhookOutHeaders): Custom headers sent with every delivery.
        active (bool):
        auto_recover (bool): Re-send what failed during an outage once the circuit closes again.
        circuit (CircuitState): Circuit breaker state of an endpoint: `closed` (normal), `open` (deliveries wait),
            `half_open` (one probe in flight).
        recent_attempts (int): Attempts counted in `recent_success_rate`.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        description (None | str | Unset):
        recent_success_rate (float | None | Unset): Share of successful attempts among the last 20 (`null` before any
            attempt). Example: 0.95.
        previous_secret_expires_at (datetime.datetime | None | Unset): Until when the previous secret still signs after
            a rotation.
    """

    id: UUID
    subaccount_id: UUID
    url: str
    events: list[EventType]
    headers: WebhookOutHeaders
    active: bool
    auto_recover: bool
    circuit: CircuitState
    recent_attempts: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    description: None | str | Unset = UNSET
    recent_success_rate: float | None | Unset = UNSET
    previous_secret_expires_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        subaccount_id = str(self.subaccount_id)

        url = self.url

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.value
            events.append(events_item)

        headers = self.headers.to_dict()

        active = self.active

        auto_recover = self.auto_recover

        circuit = self.circuit.value

        recent_attempts = self.recent_attempts

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        recent_success_rate: float | None | Unset
        if isinstance(self.recent_success_rate, Unset):
            recent_success_rate = UNSET
        else:
            recent_success_rate = self.recent_success_rate

        previous_secret_expires_at: None | str | Unset
        if isinstance(self.previous_secret_expires_at, Unset):
            previous_secret_expires_at = UNSET
        elif isinstance(self.previous_secret_expires_at, datetime.datetime):
            previous_secret_expires_at = self.previous_secret_expires_at.isoformat()
        else:
            previous_secret_expires_at = self.previous_secret_expires_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "subaccount_id": subaccount_id,
                "url": url,
                "events": events,
                "headers": headers,
                "active": active,
                "auto_recover": auto_recover,
                "circuit": circuit,
                "recent_attempts": recent_attempts,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if recent_success_rate is not UNSET:
            field_dict["recent_success_rate"] = recent_success_rate
        if previous_secret_expires_at is not UNSET:
            field_dict["previous_secret_expires_at"] = previous_secret_expires_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.webhook_out_headers import WebhookOutHeaders

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        subaccount_id = UUID(d.pop("subaccount_id"))

        url = d.pop("url")

        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = EventType(events_item_data)

            events.append(events_item)

        headers = WebhookOutHeaders.from_dict(d.pop("headers"))

        active = d.pop("active")

        auto_recover = d.pop("auto_recover")

        circuit = CircuitState(d.pop("circuit"))

        recent_attempts = d.pop("recent_attempts")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_recent_success_rate(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        recent_success_rate = _parse_recent_success_rate(
            d.pop("recent_success_rate", UNSET)
        )

        def _parse_previous_secret_expires_at(
            data: object,
        ) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_secret_expires_at_type_0 = datetime.datetime.fromisoformat(
                    data
                )

                return previous_secret_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        previous_secret_expires_at = _parse_previous_secret_expires_at(
            d.pop("previous_secret_expires_at", UNSET)
        )

        webhook_out = cls(
            id=id,
            subaccount_id=subaccount_id,
            url=url,
            events=events,
            headers=headers,
            active=active,
            auto_recover=auto_recover,
            circuit=circuit,
            recent_attempts=recent_attempts,
            created_at=created_at,
            updated_at=updated_at,
            description=description,
            recent_success_rate=recent_success_rate,
            previous_secret_expires_at=previous_secret_expires_at,
        )

        webhook_out.additional_properties = d
        return webhook_out

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
