from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.config_action import ConfigAction
from ..models.vehicle_type import VehicleType

T = TypeVar("T", bound="PricingUpdated")


@_attrs_define
class PricingUpdated:
    """Data of `pricing.updated`: the plan after the change. Rides started before the change
    keep the prices they started with.

        Attributes:
            action (ConfigAction): What happened to a zone or pricing plan (`action` of `zone.updated` / `pricing.updated`).
            pricing_plan_id (UUID):
            name (str):  Example: Scooter standard.
            vehicle_type (VehicleType): Kind of vehicle; pricing plans are per subaccount and vehicle type.
            unlock_cents (int):  Example: 100.
            per_minute_cents (int):  Example: 25.
            pause_per_minute_cents (int):  Example: 10.
            per_km_cents (int):  Example: 0.
            currency (str):  Example: EUR.
            active (bool): `false` once deactivated.
            subaccount_id (UUID):
            updated_at (datetime.datetime):
    """

    action: ConfigAction
    pricing_plan_id: UUID
    name: str
    vehicle_type: VehicleType
    unlock_cents: int
    per_minute_cents: int
    pause_per_minute_cents: int
    per_km_cents: int
    currency: str
    active: bool
    subaccount_id: UUID
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        pricing_plan_id = str(self.pricing_plan_id)

        name = self.name

        vehicle_type = self.vehicle_type.value

        unlock_cents = self.unlock_cents

        per_minute_cents = self.per_minute_cents

        pause_per_minute_cents = self.pause_per_minute_cents

        per_km_cents = self.per_km_cents

        currency = self.currency

        active = self.active

        subaccount_id = str(self.subaccount_id)

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "pricing_plan_id": pricing_plan_id,
                "name": name,
                "vehicle_type": vehicle_type,
                "unlock_cents": unlock_cents,
                "per_minute_cents": per_minute_cents,
                "pause_per_minute_cents": pause_per_minute_cents,
                "per_km_cents": per_km_cents,
                "currency": currency,
                "active": active,
                "subaccount_id": subaccount_id,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        action = ConfigAction(d.pop("action"))

        pricing_plan_id = UUID(d.pop("pricing_plan_id"))

        name = d.pop("name")

        vehicle_type = VehicleType(d.pop("vehicle_type"))

        unlock_cents = d.pop("unlock_cents")

        per_minute_cents = d.pop("per_minute_cents")

        pause_per_minute_cents = d.pop("pause_per_minute_cents")

        per_km_cents = d.pop("per_km_cents")

        currency = d.pop("currency")

        active = d.pop("active")

        subaccount_id = UUID(d.pop("subaccount_id"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        pricing_updated = cls(
            action=action,
            pricing_plan_id=pricing_plan_id,
            name=name,
            vehicle_type=vehicle_type,
            unlock_cents=unlock_cents,
            per_minute_cents=per_minute_cents,
            pause_per_minute_cents=pause_per_minute_cents,
            per_km_cents=per_km_cents,
            currency=currency,
            active=active,
            subaccount_id=subaccount_id,
            updated_at=updated_at,
        )

        pricing_updated.additional_properties = d
        return pricing_updated

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
