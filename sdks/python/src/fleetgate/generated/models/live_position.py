from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="LivePosition")


@_attrs_define
class LivePosition:
    """A live position as the stream sends it.

    Attributes:
        vehicle_id (UUID):
        subaccount_id (UUID):
        vehicle_number (str):  Example: V001.
        lat (float):  Example: 52.52.
        lng (float):  Example: 13.405.
        ts (datetime.datetime): Device time of the ping.
        speed_kph (float | None | Unset):
        heading_deg (float | None | Unset):
        battery_percent (int | None | Unset):
    """

    vehicle_id: UUID
    subaccount_id: UUID
    vehicle_number: str
    lat: float
    lng: float
    ts: datetime.datetime
    speed_kph: float | None | Unset = UNSET
    heading_deg: float | None | Unset = UNSET
    battery_percent: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        vehicle_id = str(self.vehicle_id)

        subaccount_id = str(self.subaccount_id)

        vehicle_number = self.vehicle_number

        lat = self.lat

        lng = self.lng

        ts = self.ts.isoformat()

        speed_kph: float | None | Unset
        if isinstance(self.speed_kph, Unset):
            speed_kph = UNSET
        else:
            speed_kph = self.speed_kph

        heading_deg: float | None | Unset
        if isinstance(self.heading_deg, Unset):
            heading_deg = UNSET
        else:
            heading_deg = self.heading_deg

        battery_percent: int | None | Unset
        if isinstance(self.battery_percent, Unset):
            battery_percent = UNSET
        else:
            battery_percent = self.battery_percent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "vehicle_id": vehicle_id,
                "subaccount_id": subaccount_id,
                "vehicle_number": vehicle_number,
                "lat": lat,
                "lng": lng,
                "ts": ts,
            }
        )
        if speed_kph is not UNSET:
            field_dict["speed_kph"] = speed_kph
        if heading_deg is not UNSET:
            field_dict["heading_deg"] = heading_deg
        if battery_percent is not UNSET:
            field_dict["battery_percent"] = battery_percent

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        vehicle_id = UUID(d.pop("vehicle_id"))

        subaccount_id = UUID(d.pop("subaccount_id"))

        vehicle_number = d.pop("vehicle_number")

        lat = d.pop("lat")

        lng = d.pop("lng")

        ts = datetime.datetime.fromisoformat(d.pop("ts"))

        def _parse_speed_kph(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        speed_kph = _parse_speed_kph(d.pop("speed_kph", UNSET))

        def _parse_heading_deg(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        heading_deg = _parse_heading_deg(d.pop("heading_deg", UNSET))

        def _parse_battery_percent(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        battery_percent = _parse_battery_percent(d.pop("battery_percent", UNSET))

        live_position = cls(
            vehicle_id=vehicle_id,
            subaccount_id=subaccount_id,
            vehicle_number=vehicle_number,
            lat=lat,
            lng=lng,
            ts=ts,
            speed_kph=speed_kph,
            heading_deg=heading_deg,
            battery_percent=battery_percent,
        )

        live_position.additional_properties = d
        return live_position

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
