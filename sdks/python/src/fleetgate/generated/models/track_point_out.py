from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="TrackPointOut")


@_attrs_define
class TrackPointOut:
    """One archived position.

    Attributes:
        id (UUID):
        ts (datetime.datetime):
        lat (float):  Example: 52.520008.
        lng (float):  Example: 13.404954.
        events (list[str]): Device events of the ping (empty for most).
        speed_kph (float | None | Unset):
        heading_deg (float | None | Unset):
        ignition (bool | None | Unset):
        accuracy_m (float | None | Unset):
        battery_percent (int | None | Unset):
    """

    id: UUID
    ts: datetime.datetime
    lat: float
    lng: float
    events: list[str]
    speed_kph: float | None | Unset = UNSET
    heading_deg: float | None | Unset = UNSET
    ignition: bool | None | Unset = UNSET
    accuracy_m: float | None | Unset = UNSET
    battery_percent: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        ts = self.ts.isoformat()

        lat = self.lat

        lng = self.lng

        events = self.events

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

        ignition: bool | None | Unset
        if isinstance(self.ignition, Unset):
            ignition = UNSET
        else:
            ignition = self.ignition

        accuracy_m: float | None | Unset
        if isinstance(self.accuracy_m, Unset):
            accuracy_m = UNSET
        else:
            accuracy_m = self.accuracy_m

        battery_percent: int | None | Unset
        if isinstance(self.battery_percent, Unset):
            battery_percent = UNSET
        else:
            battery_percent = self.battery_percent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "ts": ts,
                "lat": lat,
                "lng": lng,
                "events": events,
            }
        )
        if speed_kph is not UNSET:
            field_dict["speed_kph"] = speed_kph
        if heading_deg is not UNSET:
            field_dict["heading_deg"] = heading_deg
        if ignition is not UNSET:
            field_dict["ignition"] = ignition
        if accuracy_m is not UNSET:
            field_dict["accuracy_m"] = accuracy_m
        if battery_percent is not UNSET:
            field_dict["battery_percent"] = battery_percent

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        ts = datetime.datetime.fromisoformat(d.pop("ts"))

        lat = d.pop("lat")

        lng = d.pop("lng")

        events = cast(list[str], d.pop("events"))

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

        def _parse_ignition(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        ignition = _parse_ignition(d.pop("ignition", UNSET))

        def _parse_accuracy_m(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        accuracy_m = _parse_accuracy_m(d.pop("accuracy_m", UNSET))

        def _parse_battery_percent(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        battery_percent = _parse_battery_percent(d.pop("battery_percent", UNSET))

        track_point_out = cls(
            id=id,
            ts=ts,
            lat=lat,
            lng=lng,
            events=events,
            speed_kph=speed_kph,
            heading_deg=heading_deg,
            ignition=ignition,
            accuracy_m=accuracy_m,
            battery_percent=battery_percent,
        )

        track_point_out.additional_properties = d
        return track_point_out

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
