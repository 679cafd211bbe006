from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.vehicle_status import VehicleStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.vehicle_status_changed_metadata import VehicleStatusChangedMetadata


T = TypeVar("T", bound="VehicleStatusChanged")


@_attrs_define
class VehicleStatusChanged:
    """Data of `vehicle.status_changed`.

    Attributes:
        vehicle_id (UUID):
        vehicle_number (str):  Example: V001.
        subaccount_id (UUID):
        previous_status (VehicleStatus): Operational state. `in_use` and `reserved` are set by rides only; `retired` by
            DELETE.
        status (VehicleStatus): Operational state. `in_use` and `reserved` are set by rides only; `retired` by DELETE.
        metadata (VehicleStatusChangedMetadata): The vehicle's partner-set metadata.
        changed_at (datetime.datetime):
        battery_percent (int | None | Unset):
        latitude (float | None | Unset):
        longitude (float | None | Unset):
    """

    vehicle_id: UUID
    vehicle_number: str
    subaccount_id: UUID
    previous_status: VehicleStatus
    status: VehicleStatus
    metadata: VehicleStatusChangedMetadata
    changed_at: datetime.datetime
    battery_percent: int | None | Unset = UNSET
    latitude: float | None | Unset = UNSET
    longitude: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        vehicle_id = str(self.vehicle_id)

        vehicle_number = self.vehicle_number

        subaccount_id = str(self.subaccount_id)

        previous_status = self.previous_status.value

        status = self.status.value

        metadata = self.metadata.to_dict()

        changed_at = self.changed_at.isoformat()

        battery_percent: int | None | Unset
        if isinstance(self.battery_percent, Unset):
            battery_percent = UNSET
        else:
            battery_percent = self.battery_percent

        latitude: float | None | Unset
        if isinstance(self.latitude, Unset):
            latitude = UNSET
        else:
            latitude = self.latitude

        longitude: float | None | Unset
        if isinstance(self.longitude, Unset):
            longitude = UNSET
        else:
            longitude = self.longitude

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "vehicle_id": vehicle_id,
                "vehicle_number": vehicle_number,
                "subaccount_id": subaccount_id,
                "previous_status": previous_status,
                "status": status,
                "metadata": metadata,
                "changed_at": changed_at,
            }
        )
        if battery_percent is not UNSET:
            field_dict["battery_percent"] = battery_percent
        if latitude is not UNSET:
            field_dict["latitude"] = latitude
        if longitude is not UNSET:
            field_dict["longitude"] = longitude

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.vehicle_status_changed_metadata import (
            VehicleStatusChangedMetadata,
        )

        d = dict(src_dict)
        vehicle_id = UUID(d.pop("vehicle_id"))

        vehicle_number = d.pop("vehicle_number")

        subaccount_id = UUID(d.pop("subaccount_id"))

        previous_status = VehicleStatus(d.pop("previous_status"))

        status = VehicleStatus(d.pop("status"))

        metadata = VehicleStatusChangedMetadata.from_dict(d.pop("metadata"))

        changed_at = datetime.datetime.fromisoformat(d.pop("changed_at"))

        def _parse_battery_percent(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        battery_percent = _parse_battery_percent(d.pop("battery_percent", UNSET))

        def _parse_latitude(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        latitude = _parse_latitude(d.pop("latitude", UNSET))

        def _parse_longitude(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        longitude = _parse_longitude(d.pop("longitude", UNSET))

        vehicle_status_changed = cls(
            vehicle_id=vehicle_id,
            vehicle_number=vehicle_number,
            subaccount_id=subaccount_id,
            previous_status=previous_status,
            status=status,
            metadata=metadata,
            changed_at=changed_at,
            battery_percent=battery_percent,
            latitude=latitude,
            longitude=longitude,
        )

        vehicle_status_changed.additional_properties = d
        return vehicle_status_changed

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
