from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.vehicle_type import VehicleType
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreatePricingPlanIn")


@_attrs_define
class CreatePricingPlanIn:
    """A new pricing plan (the active one of its vehicle type; the currency is the
    subaccount's).

        Example:
            {'name': 'Scooter standard', 'pause_per_minute_cents': 10, 'per_km_cents': 0, 'per_minute_cents': 25,
                'unlock_cents': 100, 'vehicle_type': 'scooter'}

        Attributes:
            vehicle_type (VehicleType): Kind of vehicle; pricing plans are per subaccount and vehicle type.
            name (str):
            unlock_cents (int):
            per_minute_cents (int):
            pause_per_minute_cents (int):
            per_km_cents (int):
            subaccount_id (None | Unset | UUID):
            currency (None | str | Unset): Must be the subaccount's currency when sent. Example: EUR.
    """

    vehicle_type: VehicleType
    name: str
    unlock_cents: int
    per_minute_cents: int
    pause_per_minute_cents: int
    per_km_cents: int
    subaccount_id: None | Unset | UUID = UNSET
    currency: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        vehicle_type = self.vehicle_type.value

        name = self.name

        unlock_cents = self.unlock_cents

        per_minute_cents = self.per_minute_cents

        pause_per_minute_cents = self.pause_per_minute_cents

        per_km_cents = self.per_km_cents

        subaccount_id: None | str | Unset
        if isinstance(self.subaccount_id, Unset):
            subaccount_id = UNSET
        elif isinstance(self.subaccount_id, UUID):
            subaccount_id = str(self.subaccount_id)
        else:
            subaccount_id = self.subaccount_id

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "vehicle_type": vehicle_type,
                "name": name,
                "unlock_cents": unlock_cents,
                "per_minute_cents": per_minute_cents,
                "pause_per_minute_cents": pause_per_minute_cents,
                "per_km_cents": per_km_cents,
            }
        )
        if subaccount_id is not UNSET:
            field_dict["subaccount_id"] = subaccount_id
        if currency is not UNSET:
            field_dict["currency"] = currency

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        vehicle_type = VehicleType(d.pop("vehicle_type"))

        name = d.pop("name")

        unlock_cents = d.pop("unlock_cents")

        per_minute_cents = d.pop("per_minute_cents")

        pause_per_minute_cents = d.pop("pause_per_minute_cents")

        per_km_cents = d.pop("per_km_cents")

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

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        create_pricing_plan_in = cls(
            vehicle_type=vehicle_type,
            name=name,
            unlock_cents=unlock_cents,
            per_minute_cents=per_minute_cents,
            pause_per_minute_cents=pause_per_minute_cents,
            per_km_cents=per_km_cents,
            subaccount_id=subaccount_id,
            currency=currency,
        )

        return create_pricing_plan_in
