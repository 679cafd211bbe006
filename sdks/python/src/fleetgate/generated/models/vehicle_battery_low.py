from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.vehicle_battery_low_metadata import VehicleBatteryLowMetadata


T = TypeVar("T", bound="VehicleBatteryLow")


@_attrs_define
class VehicleBatteryLow:
    """Data of `vehicle.battery_low`: the battery fell below the subaccount's threshold (it fires
    again only after the battery recovered above threshold + 5).

        Attributes:
            vehicle_id (UUID):
            vehicle_number (str):  Example: V001.
            subaccount_id (UUID):
            battery_percent (int):  Example: 18.
            threshold_percent (int): The subaccount's `battery_low_threshold_percent` at the time. Example: 20.
            latitude (float):  Example: 52.52.
            longitude (float):  Example: 13.405.
            metadata (VehicleBatteryLowMetadata): The vehicle's partner-set metadata.
            recorded_at (datetime.datetime): Device time of the ping that crossed the threshold.
    """

    vehicle_id: UUID
    vehicle_number: str
    subaccount_id: UUID
    battery_percent: int
    threshold_percent: int
    latitude: float
    longitude: float
    metadata: VehicleBatteryLowMetadata
    recorded_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        vehicle_id = str(self.vehicle_id)

        vehicle_number = self.vehicle_number

        subaccount_id = str(self.subaccount_id)

        battery_percent = self.battery_percent

        threshold_percent = self.threshold_percent

        latitude = self.latitude

        longitude = self.longitude

        metadata = self.metadata.to_dict()

        recorded_at = self.recorded_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "vehicle_id": vehicle_id,
                "vehicle_number": vehicle_number,
                "subaccount_id": subaccount_id,
                "battery_percent": battery_percent,
                "threshold_percent": threshold_percent,
                "latitude": latitude,
                "longitude": longitude,
                "metadata": metadata,
                "recorded_at": recorded_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.vehicle_battery_low_metadata import VehicleBatteryLowMetadata

        d = dict(src_dict)
        vehicle_id = UUID(d.pop("vehicle_id"))

        vehicle_number = d.pop("vehicle_number")

        subaccount_id = UUID(d.pop("subaccount_id"))

        battery_percent = d.pop("battery_percent")

        threshold_percent = d.pop("threshold_percent")

        latitude = d.pop("latitude")

        longitude = d.pop("longitude")

        metadata = VehicleBatteryLowMetadata.from_dict(d.pop("metadata"))

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        vehicle_battery_low = cls(
            vehicle_id=vehicle_id,
            vehicle_number=vehicle_number,
            subaccount_id=subaccount_id,
            battery_percent=battery_percent,
            threshold_percent=threshold_percent,
            latitude=latitude,
            longitude=longitude,
            metadata=metadata,
            recorded_at=recorded_at,
        )

        vehicle_battery_low.additional_properties = d
        return vehicle_battery_low

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
