from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

T = TypeVar("T", bound="SubaccountDetailOut")


@_attrs_define
class SubaccountDetailOut:
    """
    Attributes:
        id (UUID):
        name (str):
        currency (str):  Example: EUR.
        timezone (str):  Example: Europe/Berlin.
        sandbox (bool): Reached by test keys only (live keys reach the others).
        min_start_battery_percent (int):
        battery_low_threshold_percent (int):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    name: str
    currency: str
    timezone: str
    sandbox: bool
    min_start_battery_percent: int
    battery_low_threshold_percent: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        currency = self.currency

        timezone = self.timezone

        sandbox = self.sandbox

        min_start_battery_percent = self.min_start_battery_percent

        battery_low_threshold_percent = self.battery_low_threshold_percent

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "currency": currency,
                "timezone": timezone,
                "sandbox": sandbox,
                "min_start_battery_percent": min_start_battery_percent,
                "battery_low_threshold_percent": battery_low_threshold_percent,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        currency = d.pop("currency")

        timezone = d.pop("timezone")

        sandbox = d.pop("sandbox")

        min_start_battery_percent = d.pop("min_start_battery_percent")

        battery_low_threshold_percent = d.pop("battery_low_threshold_percent")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        subaccount_detail_out = cls(
            id=id,
            name=name,
            currency=currency,
            timezone=timezone,
            sandbox=sandbox,
            min_start_battery_percent=min_start_battery_percent,
            battery_low_threshold_percent=battery_low_threshold_percent,
            created_at=created_at,
            updated_at=updated_at,
        )

        subaccount_detail_out.additional_properties = d
        return subaccount_detail_out

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
