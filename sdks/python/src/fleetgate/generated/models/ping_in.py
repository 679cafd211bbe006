from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="PingIn")


@_attrs_define
class PingIn:
    """One ping. The camelCase names `vehicleId`, `deviceId`, `speedKph`, `headingDeg`,
    `accuracyM`, `batteryPercent` (and `tenantId`) are accepted too. Give `vehicle_id` or a
    registered `device_id` (or both, naming the same vehicle).

        Attributes:
            ts (int | str): A timestamp: RFC 3339 text or epoch milliseconds.
            lat (float):  Example: 52.520008.
            lng (float):  Example: 13.404954.
            vehicle_id (None | Unset | UUID):
            device_id (None | str | Unset):  Example: imei:356938035643809.
            tenant_id (None | Unset | UUID): Optional; when present it must be the key's tenant, or the ping is rejected.
            speed_kph (float | None | Unset):  Example: 18.5.
            heading_deg (float | None | Unset):  Example: 270.
            ignition (bool | None | Unset):
            accuracy_m (float | None | Unset):  Example: 4.5.
            battery_percent (float | None | Unset):  Example: 76.
            events (list[str] | None | Unset): Device events (`a-z`, `0-9`, `_`; at most 16); such pings are always
                archived. Example: ['harsh_brake'].
    """

    ts: int | str
    lat: float
    lng: float
    vehicle_id: None | Unset | UUID = UNSET
    device_id: None | str | Unset = UNSET
    tenant_id: None | Unset | UUID = UNSET
    speed_kph: float | None | Unset = UNSET
    heading_deg: float | None | Unset = UNSET
    ignition: bool | None | Unset = UNSET
    accuracy_m: float | None | Unset = UNSET
    battery_percent: float | None | Unset = UNSET
    events: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ts: int | str
        ts = self.ts

        lat = self.lat

        lng = self.lng

        vehicle_id: None | str | Unset
        if isinstance(self.vehicle_id, Unset):
            vehicle_id = UNSET
        elif isinstance(self.vehicle_id, UUID):
            vehicle_id = str(self.vehicle_id)
        else:
            vehicle_id = self.vehicle_id

        device_id: None | str | Unset
        if isinstance(self.device_id, Unset):
            device_id = UNSET
        else:
            device_id = self.device_id

        tenant_id: None | str | Unset
        if isinstance(self.tenant_id, Unset):
            tenant_id = UNSET
        elif isinstance(self.tenant_id, UUID):
            tenant_id = str(self.tenant_id)
        else:
            tenant_id = self.tenant_id

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

        battery_percent: float | None | Unset
        if isinstance(self.battery_percent, Unset):
            battery_percent = UNSET
        else:
            battery_percent = self.battery_percent

        events: list[str] | None | Unset
        if isinstance(self.events, Unset):
            events = UNSET
        elif isinstance(self.events, list):
            events = self.events

        else:
            events = self.events

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ts": ts,
                "lat": lat,
                "lng": lng,
            }
        )
        if vehicle_id is not UNSET:
            field_dict["vehicle_id"] = vehicle_id
        if device_id is not UNSET:
            field_dict["device_id"] = device_id
        if tenant_id is not UNSET:
            field_dict["tenant_id"] = tenant_id
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
        if events is not UNSET:
            field_dict["events"] = events

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_ts(data: object) -> int | str:
            return cast(int | str, data)

        ts = _parse_ts(d.pop("ts"))

        lat = d.pop("lat")

        lng = d.pop("lng")

        def _parse_vehicle_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                vehicle_id_type_0 = UUID(data)

                return vehicle_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        vehicle_id = _parse_vehicle_id(d.pop("vehicle_id", UNSET))

        def _parse_device_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        device_id = _parse_device_id(d.pop("device_id", UNSET))

        def _parse_tenant_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                tenant_id_type_0 = UUID(data)

                return tenant_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        tenant_id = _parse_tenant_id(d.pop("tenant_id", UNSET))

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

        def _parse_battery_percent(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        battery_percent = _parse_battery_percent(d.pop("battery_percent", UNSET))

        def _parse_events(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                events_type_0 = cast(list[str], data)

                return events_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        events = _parse_events(d.pop("events", UNSET))

        ping_in = cls(
            ts=ts,
            lat=lat,
            lng=lng,
            vehicle_id=vehicle_id,
            device_id=device_id,
            tenant_id=tenant_id,
            speed_kph=speed_kph,
            heading_deg=heading_deg,
            ignition=ignition,
            accuracy_m=accuracy_m,
            battery_percent=battery_percent,
            events=events,
        )

        ping_in.additional_properties = d
        return ping_in

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
