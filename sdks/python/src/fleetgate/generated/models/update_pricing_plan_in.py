from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdatePricingPlanIn")


@_attrs_define
class UpdatePricingPlanIn:
    """Changes to an active plan; absent fields stay. Rides already started keep the prices
    they started with.

        Example:
            {'per_minute_cents': 30}

        Attributes:
            name (None | str | Unset):
            unlock_cents (int | None | Unset):
            per_minute_cents (int | None | Unset):
            pause_per_minute_cents (int | None | Unset):
            per_km_cents (int | None | Unset):
    """

    name: None | str | Unset = UNSET
    unlock_cents: int | None | Unset = UNSET
    per_minute_cents: int | None | Unset = UNSET
    pause_per_minute_cents: int | None | Unset = UNSET
    per_km_cents: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        unlock_cents: int | None | Unset
        if isinstance(self.unlock_cents, Unset):
            unlock_cents = UNSET
        else:
            unlock_cents = self.unlock_cents

        per_minute_cents: int | None | Unset
        if isinstance(self.per_minute_cents, Unset):
            per_minute_cents = UNSET
        else:
            per_minute_cents = self.per_minute_cents

        pause_per_minute_cents: int | None | Unset
        if isinstance(self.pause_per_minute_cents, Unset):
            pause_per_minute_cents = UNSET
        else:
            pause_per_minute_cents = self.pause_per_minute_cents

        per_km_cents: int | None | Unset
        if isinstance(self.per_km_cents, Unset):
            per_km_cents = UNSET
        else:
            per_km_cents = self.per_km_cents

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if unlock_cents is not UNSET:
            field_dict["unlock_cents"] = unlock_cents
        if per_minute_cents is not UNSET:
            field_dict["per_minute_cents"] = per_minute_cents
        if pause_per_minute_cents is not UNSET:
            field_dict["pause_per_minute_cents"] = pause_per_minute_cents
        if per_km_cents is not UNSET:
            field_dict["per_km_cents"] = per_km_cents

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_unlock_cents(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        unlock_cents = _parse_unlock_cents(d.pop("unlock_cents", UNSET))

        def _parse_per_minute_cents(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        per_minute_cents = _parse_per_minute_cents(d.pop("per_minute_cents", UNSET))

        def _parse_pause_per_minute_cents(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        pause_per_minute_cents = _parse_pause_per_minute_cents(
            d.pop("pause_per_minute_cents", UNSET)
        )

        def _parse_per_km_cents(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        per_km_cents = _parse_per_km_cents(d.pop("per_km_cents", UNSET))

        update_pricing_plan_in = cls(
            name=name,
            unlock_cents=unlock_cents,
            per_minute_cents=per_minute_cents,
            pause_per_minute_cents=pause_per_minute_cents,
            per_km_cents=per_km_cents,
        )

        return update_pricing_plan_in
