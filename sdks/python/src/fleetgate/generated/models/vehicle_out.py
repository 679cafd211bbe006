from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.fuel_type import FuelType
from ..models.vehicle_status import VehicleStatus
from ..models.vehicle_type import VehicleType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.vehicle_out_metadata import VehicleOutMetadata


T = TypeVar("T", bound="VehicleOut")


@_attrs_define
class VehicleOut:
    """A vehicle.

    Attributes:
        id (UUID):
        vehicle_number (str): Unique per tenant (case-insensitively); generated `V001`, `V002`… when not given. Example:
            V001.
        type_ (VehicleType): Kind of vehicle; pricing plans are per subaccount and vehicle type.
        status (VehicleStatus): Operational state. `in_use` and `reserved` are set by rides only; `retired` by DELETE.
        subaccount_id (UUID):
        metadata (VehicleOutMetadata): Partner-set custom data (string values). Example: {'partner_ref': 'fleet-7'}.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        registration (None | str | Unset):  Example: B-LF 1234.
        make (None | str | Unset):  Example: Segway.
        model (None | str | Unset):  Example: Ninebot Max G30.
        year (int | None | Unset):  Example: 2024.
        fuel_type (FuelType | None | Unset):
        capacity (int | None | Unset): Seats or riders. Example: 1.
        battery_percent (int | None | Unset):  Example: 87.
        latitude (float | None | Unset):  Example: 52.520008.
        longitude (float | None | Unset):  Example: 13.404954.
        last_seen_at (datetime.datetime | None | Unset): Time of the last telematics ping.
        device_id (None | str | Unset): The tracker's id: telematics pings may name the vehicle by it (`device_id`).
            Example: imei-356938035643809.
    """

    id: UUID
    vehicle_number: str
    type_: VehicleType
    status: VehicleStatus
    subaccount_id: UUID
    metadata: VehicleOutMetadata
    created_at: datetime.datetime
    updated_at: datetime.datetime
    registration: None | str | Unset = UNSET
    make: None | str | Unset = UNSET
    model: None | str | Unset = UNSET
    year: int | None | Unset = UNSET
    fuel_type: FuelType | None | Unset = UNSET
    capacity: int | None | Unset = UNSET
    battery_percent: int | None | Unset = UNSET
    latitude: float | None | Unset = UNSET
    longitude: float | None | Unset = UNSET
    last_seen_at: datetime.datetime | None | Unset = UNSET
    device_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        vehicle_number = self.vehicle_number

        type_ = self.type_.value

        status = self.status.value

        subaccount_id = str(self.subaccount_id)

        metadata = self.metadata.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        registration: None | str | Unset
        if isinstance(self.registration, Unset):
            registration = UNSET
        else:
            registration = self.registration

        make: None | str | Unset
        if isinstance(self.make, Unset):
            make = UNSET
        else:
            make = self.make

        model: None | str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        year: int | None | Unset
        if isinstance(self.year, Unset):
            year = UNSET
        else:
            year = self.year

        fuel_type: None | str | Unset
        if isinstance(self.fuel_type, Unset):
            fuel_type = UNSET
        elif isinstance(self.fuel_type, FuelType):
            fuel_type = self.fuel_type.value
        else:
            fuel_type = self.fuel_type

        capacity: int | None | Unset
        if isinstance(self.capacity, Unset):
            capacity = UNSET
        else:
            capacity = self.capacity

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

        last_seen_at: None | str | Unset
        if isinstance(self.last_seen_at, Unset):
            last_seen_at = UNSET
        elif isinstance(self.last_seen_at, datetime.datetime):
            last_seen_at = self.last_seen_at.isoformat()
        else:
            last_seen_at = self.last_seen_at

        device_id: None | str | Unset
        if isinstance(self.device_id, Unset):
            device_id = UNSET
        else:
            device_id = self.device_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "vehicle_number": vehicle_number,
                "type": type_,
                "status": status,
                "subaccount_id": subaccount_id,
                "metadata": metadata,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if registration is not UNSET:
            field_dict["registration"] = registration
        if make is not UNSET:
            field_dict["make"] = make
        if model is not UNSET:
            field_dict["model"] = model
        if year is not UNSET:
            field_dict["year"] = year
        if fuel_type is not UNSET:
            field_dict["fuel_type"] = fuel_type
        if capacity is not UNSET:
            field_dict["capacity"] = capacity
        if battery_percent is not UNSET:
            field_dict["battery_percent"] = battery_percent
        if latitude is not UNSET:
            field_dict["latitude"] = latitude
        if longitude is not UNSET:
            field_dict["longitude"] = longitude
        if last_seen_at is not UNSET:
            field_dict["last_seen_at"] = last_seen_at
        if device_id is not UNSET:
            field_dict["device_id"] = device_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.vehicle_out_metadata import VehicleOutMetadata

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        vehicle_number = d.pop("vehicle_number")

        type_ = VehicleType(d.pop("type"))

        status = VehicleStatus(d.pop("status"))

        subaccount_id = UUID(d.pop("subaccount_id"))

        metadata = VehicleOutMetadata.from_dict(d.pop("metadata"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_registration(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        registration = _parse_registration(d.pop("registration", UNSET))

        def _parse_make(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        make = _parse_make(d.pop("make", UNSET))

        def _parse_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        model = _parse_model(d.pop("model", UNSET))

        def _parse_year(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        year = _parse_year(d.pop("year", UNSET))

        def _parse_fuel_type(data: object) -> FuelType | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                fuel_type_type_1 = FuelType(data)

                return fuel_type_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FuelType | None | Unset, data)

        fuel_type = _parse_fuel_type(d.pop("fuel_type", UNSET))

        def _parse_capacity(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        capacity = _parse_capacity(d.pop("capacity", UNSET))

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

        def _parse_last_seen_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_seen_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_seen_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_seen_at = _parse_last_seen_at(d.pop("last_seen_at", UNSET))

        def _parse_device_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        device_id = _parse_device_id(d.pop("device_id", UNSET))

        vehicle_out = cls(
            id=id,
            vehicle_number=vehicle_number,
            type_=type_,
            status=status,
            subaccount_id=subaccount_id,
            metadata=metadata,
            created_at=created_at,
            updated_at=updated_at,
            registration=registration,
            make=make,
            model=model,
            year=year,
            fuel_type=fuel_type,
            capacity=capacity,
            battery_percent=battery_percent,
            latitude=latitude,
            longitude=longitude,
            last_seen_at=last_seen_at,
            device_id=device_id,
        )

        vehicle_out.additional_properties = d
        return vehicle_out

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
