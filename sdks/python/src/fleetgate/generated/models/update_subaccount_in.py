from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateSubaccountIn")


@_attrs_define
class UpdateSubaccountIn:
    """Changes; absent fields stay. Currency and `sandbox` are fixed at creation.

    Example:
        {'name': 'Berlin Mitte', 'timezone': 'Europe/Berlin'}

    Attributes:
        name (None | str | Unset):
        timezone (None | str | Unset):
        min_start_battery_percent (int | None | Unset):
        battery_low_threshold_percent (int | None | Unset):
    """

    name: None | str | Unset = UNSET
    timezone: None | str | Unset = UNSET
    min_start_battery_percent: int | None | Unset = UNSET
    battery_low_threshold_percent: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        timezone: None | str | Unset
        if isinstance(self.timezone, Unset):
            timezone = UNSET
        else:
            timezone = self.timezone

        min_start_battery_percent: int | None | Unset
        if isinstance(self.min_start_battery_percent, Unset):
            min_start_battery_percent = UNSET
        else:
            min_start_battery_percent = self.min_start_battery_percent

        battery_low_threshold_percent: int | None | Unset
        if isinstance(self.battery_low_threshold_percent, Unset):
            battery_low_threshold_percent = UNSET
        else:
            battery_low_threshold_percent = self.battery_low_threshold_percent

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if min_start_battery_percent is not UNSET:
            field_dict["min_start_battery_percent"] = min_start_battery_percent
        if battery_low_threshold_percent is not UNSET:
            field_dict["battery_low_threshold_percent"] = battery_low_threshold_percent

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

        def _parse_timezone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        timezone = _parse_timezone(d.pop("timezone", UNSET))

        def _parse_min_start_battery_percent(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        min_start_battery_percent = _parse_min_start_battery_percent(
            d.pop("min_start_battery_percent", UNSET)
        )

        def _parse_battery_low_threshold_percent(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        battery_low_threshold_percent = _parse_battery_low_threshold_percent(
            d.pop("battery_low_threshold_percent", UNSET)
        )

        update_subaccount_in = cls(
            name=name,
            timezone=timezone,
            min_start_battery_percent=min_start_battery_percent,
            battery_low_threshold_percent=battery_low_threshold_percent,
        )

        return update_subaccount_in
