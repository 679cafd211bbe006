from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.event_type import EventType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_webhook_in_headers_type_0 import CreateWebhookInHeadersType0


T = TypeVar("T", bound="CreateWebhookIn")


@_attrs_define
class CreateWebhookIn:
    """
    Attributes:
        url (str): HTTPS URL receiving the POSTs. Example: https://partner.example.com/webhooks/levy.
        events (list[EventType]): Events to receive (at least one).
        headers (CreateWebhookInHeadersType0 | None | Unset): Extra headers (string values) sent with every delivery;
            cannot replace `Content-Type`,
            `X-Levy-*` or `webhook-*`. Example: {'x-partner-token': 'abc'}.
        description (None | str | Unset):
        active (bool | None | Unset): Default true.
        auto_recover (bool | None | Unset): Default true.
        subaccount_id (None | Unset | UUID):
    """

    url: str
    events: list[EventType]
    headers: CreateWebhookInHeadersType0 | None | Unset = UNSET
    description: None | str | Unset = UNSET
    active: bool | None | Unset = UNSET
    auto_recover: bool | None | Unset = UNSET
    subaccount_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.create_webhook_in_headers_type_0 import (
            CreateWebhookInHeadersType0,
        )

        url = self.url

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.value
            events.append(events_item)

        headers: dict[str, Any] | None | Unset
        if isinstance(self.headers, Unset):
            headers = UNSET
        elif isinstance(self.headers, CreateWebhookInHeadersType0):
            headers = self.headers.to_dict()
        else:
            headers = self.headers

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        active: bool | None | Unset
        if isinstance(self.active, Unset):
            active = UNSET
        else:
            active = self.active

        auto_recover: bool | None | Unset
        if isinstance(self.auto_recover, Unset):
            auto_recover = UNSET
        else:
            auto_recover = self.auto_recover

        subaccount_id: None | str | Unset
        if isinstance(self.subaccount_id, Unset):
            subaccount_id = UNSET
        elif isinstance(self.subaccount_id, UUID):
            subaccount_id = str(self.subaccount_id)
        else:
            subaccount_id = self.subaccount_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "url": url,
                "events": events,
            }
        )
        if headers is not UNSET:
            field_dict["headers"] = headers
        if description is not UNSET:
            field_dict["description"] = description
        if active is not UNSET:
            field_dict["active"] = active
        if auto_recover is not UNSET:
            field_dict["auto_recover"] = auto_recover
        if subaccount_id is not UNSET:
            field_dict["subaccount_id"] = subaccount_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_webhook_in_headers_type_0 import (
            CreateWebhookInHeadersType0,
        )

        d = dict(src_dict)
        url = d.pop("url")

        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = EventType(events_item_data)

            events.append(events_item)

        def _parse_headers(data: object) -> CreateWebhookInHeadersType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                headers_type_0 = CreateWebhookInHeadersType0.from_dict(data)

                return headers_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateWebhookInHeadersType0 | None | Unset, data)

        headers = _parse_headers(d.pop("headers", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_active(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        active = _parse_active(d.pop("active", UNSET))

        def _parse_auto_recover(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        auto_recover = _parse_auto_recover(d.pop("auto_recover", UNSET))

        def _parse_subaccount_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                subaccount_id_type_1 = UUID(data)

                return subaccount_id_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        subaccount_id = _parse_subaccount_id(d.pop("subaccount_id", UNSET))

        create_webhook_in = cls(
            url=url,
            events=events,
            headers=headers,
            description=description,
            active=active,
            auto_recover=auto_recover,
            subaccount_id=subaccount_id,
        )

        create_webhook_in.additional_properties = d
        return create_webhook_in

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
