from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.vehicle_type import VehicleType

T = TypeVar("T", bound="PricingPlanOut")


@_attrs_define
class PricingPlanOut:
    """What a ride of one vehicle type costs in one subaccount (integer cents). A ride costs
    `unlock_cents` + ⌈riding minutes⌉ × `per_minute_cents` + ⌈paused minutes⌉ ×
    `pause_per_minute_cents` + km × `per_km_cents`, minus discounts.

        Attributes:
            id (UUID):
            name (str):  Example: Scooter standard.
            subaccount_id (UUID):
            vehicle_type (VehicleType): Kind of vehicle; pricing plans are per subaccount and vehicle type.
            unlock_cents (int):  Example: 100.
            per_minute_cents (int):  Example: 25.
            pause_per_minute_cents (int):  Example: 10.
            per_km_cents (int):  Example: 0.
            currency (str): ISO 4217, the subaccount's currency. Example: EUR.
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            active (bool): `false` once deactivated (kept for history, not used for new rides).
    """

    id: UUID
    name: str
    subaccount_id: UUID
    vehicle_type: VehicleType
    unlock_cents: int
    per_minute_cents: int
    pause_per_minute_cents: int
    per_km_cents: int
    currency: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    active: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        subaccount_id = str(self.subaccount_id)

        vehicle_type = self.vehicle_type.value

        unlock_cents = self.unlock_cents

        per_minute_cents = self.per_minute_cents

        pause_per_minute_cents = self.pause_per_minute_cents

        per_km_cents = self.per_km_cents

        currency = self.currency

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        active = self.active

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "subaccount_id": subaccount_id,
                "vehicle_type": vehicle_type,
                "unlock_cents": unlock_cents,
                "per_minute_cents": per_minute_cents,
                "pause_per_minute_cents": pause_per_minute_cents,
                "per_km_cents": per_km_cents,
                "currency": currency,
                "created_at": created_at,
                "updated_at": updated_at,
                "active": active,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        subaccount_id = UUID(d.pop("subaccount_id"))

        vehicle_type = VehicleType(d.pop("vehicle_type"))

        unlock_cents = d.pop("unlock_cents")

        per_minute_cents = d.pop("per_minute_cents")

        pause_per_minute_cents = d.pop("pause_per_minute_cents")

        per_km_cents = d.pop("per_km_cents")

        currency = d.pop("currency")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        active = d.pop("active")

        pricing_plan_out = cls(
            id=id,
            name=name,
            subaccount_id=subaccount_id,
            vehicle_type=vehicle_type,
            unlock_cents=unlock_cents,
            per_minute_cents=per_minute_cents,
            pause_per_minute_cents=pause_per_minute_cents,
            per_km_cents=per_km_cents,
            currency=currency,
            created_at=created_at,
            updated_at=updated_at,
            active=active,
        )

        pricing_plan_out.additional_properties = d
        return pricing_plan_out

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
