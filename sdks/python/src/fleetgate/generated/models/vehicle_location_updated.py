from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.vehicle_location_updated_metadata import (
        VehicleLocationUpdatedMetadata,
    )


T = TypeVar("T", bound="VehicleLocationUpdated")


@_attrs_define
class VehicleLocationUpdated:
    """Data of `vehicle.location_updated`: the vehicle moved at least the configured distance
    (default 50 m) since the previous `vehicle.location_updated`.

        Attributes:
            vehicle_id (UUID):
            vehicle_number (str):  Example: V001.
            subaccount_id (UUID):
            latitude (float):  Example: 52.52.
            longitude (float):  Example: 13.405.
            metadata (VehicleLocationUpdatedMetadata): The vehicle's partner-set metadata.
            recorded_at (datetime.datetime): Device time of the ping.
            previous_latitude (float | None | Unset): Position of the previous event (or the vehicle's stored position);
                `null` for the first.
            previous_longitude (float | None | Unset):
            distance_m (float | None | Unset): Metres from the previous position (`null` for the first). Example: 73.4.
            speed_kph (float | None | Unset):
            heading_deg (float | None | Unset):
            battery_percent (int | None | Unset):
    """

    vehicle_id: UUID
    vehicle_number: str
    subaccount_id: UUID
    latitude: float
    longitude: float
    metadata: VehicleLocationUpdatedMetadata
    recorded_at: datetime.datetime
    previous_latitude: float | None | Unset = UNSET
    previous_longitude: float | None | Unset = UNSET
    distance_m: float | None | Unset = UNSET
    speed_kph: float | None | Unset = UNSET
    heading_deg: float | None | Unset = UNSET
    battery_percent: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        vehicle_id = str(self.vehicle_id)

        vehicle_number = self.vehicle_number

        subaccount_id = str(self.subaccount_id)

        latitude = self.latitude

        longitude = self.longitude

        metadata = self.metadata.to_dict()

        recorded_at = self.recorded_at.isoformat()

        previous_latitude: float | None | Unset
        if isinstance(self.previous_latitude, Unset):
            previous_latitude = UNSET
        else:
            previous_latitude = self.previous_latitude

        previous_longitude: float | None | Unset
        if isinstance(self.previous_longitude, Unset):
            previous_longitude = UNSET
        else:
            previous_longitude = self.previous_longitude

        distance_m: float | None | Unset
        if isinstance(self.distance_m, Unset):
            distance_m = UNSET
        else:
            distance_m = self.distance_m

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
                "vehicle_number": vehicle_number,
                "subaccount_id": subaccount_id,
                "latitude": latitude,
                "longitude": longitude,
                "metadata": metadata,
                "recorded_at": recorded_at,
            }
        )
        if previous_latitude is not UNSET:
            field_dict["previous_latitude"] = previous_latitude
        if previous_longitude is not UNSET:
            field_dict["previous_longitude"] = previous_longitude
        if distance_m is not UNSET:
            field_dict["distance_m"] = distance_m
        if speed_kph is not UNSET:
            field_dict["speed_kph"] = speed_kph
        if heading_deg is not UNSET:
            field_dict["heading_deg"] = heading_deg
        if battery_percent is not UNSET:
            field_dict["battery_percent"] = battery_percent

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.vehicle_location_updated_metadata import (
            VehicleLocationUpdatedMetadata,
        )

        d = dict(src_dict)
        vehicle_id = UUID(d.pop("vehicle_id"))

        vehicle_number = d.pop("vehicle_number")

        subaccount_id = UUID(d.pop("subaccount_id"))

        latitude = d.pop("latitude")

        longitude = d.pop("longitude")

        metadata = VehicleLocationUpdatedMetadata.from_dict(d.pop("metadata"))

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        def _parse_previous_latitude(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        previous_latitude = _parse_previous_latitude(d.pop("previous_latitude", UNSET))

        def _parse_previous_longitude(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        previous_longitude = _parse_previous_longitude(
            d.pop("previous_longitude", UNSET)
        )

        def _parse_distance_m(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        distance_m = _parse_distance_m(d.pop("distance_m", UNSET))

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

        vehicle_location_updated = cls(
            vehicle_id=vehicle_id,
            vehicle_number=vehicle_number,
            subaccount_id=subaccount_id,
            latitude=latitude,
            longitude=longitude,
            metadata=metadata,
            recorded_at=recorded_at,
            previous_latitude=previous_latitude,
            previous_longitude=previous_longitude,
            distance_m=distance_m,
            speed_kph=speed_kph,
            heading_deg=heading_deg,
            battery_percent=battery_percent,
        )

        vehicle_location_updated.additional_properties = d
        return vehicle_location_updated

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
