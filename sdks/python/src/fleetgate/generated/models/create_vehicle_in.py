from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.fuel_type import FuelType
from ..models.vehicle_type import VehicleType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_vehicle_in_metadata_type_0 import CreateVehicleInMetadataType0


T = TypeVar("T", bound="CreateVehicleIn")


@_attrs_define
class CreateVehicleIn:
    """A new vehicle.

    Example:
        {'battery_percent': 100, 'latitude': 52.52, 'longitude': 13.405, 'make': 'Segway', 'model': 'Ninebot Max G30',
            'type': 'scooter'}

    Attributes:
        type_ (VehicleType): Kind of vehicle; pricing plans are per subaccount and vehicle type.
        vehicle_number (None | str | Unset): 1-32 characters, unique per tenant; generated (`V001`…) when absent.
        registration (None | str | Unset):
        make (None | str | Unset):
        model (None | str | Unset):
        year (int | None | Unset):
        fuel_type (FuelType | None | Unset):
        capacity (int | None | Unset):
        battery_percent (int | None | Unset):
        latitude (float | None | Unset): With `longitude`, or neither.
        longitude (float | None | Unset): With `latitude`, or neither.
        metadata (CreateVehicleInMetadataType0 | None | Unset): At most 50 keys (1-40 characters), string values of at
            most 500 characters.
        device_id (None | str | Unset): Where to create it (global keys reaching several subaccounts).
            A tracker id (1-64 of `A-Z a-z 0-9 . _ : -`), unique per tenant.
        subaccount_id (None | Unset | UUID):
    """

    type_: VehicleType
    vehicle_number: None | str | Unset = UNSET
    registration: None | str | Unset = UNSET
    make: None | str | Unset = UNSET
    model: None | str | Unset = UNSET
    year: int | None | Unset = UNSET
    fuel_type: FuelType | None | Unset = UNSET
    capacity: int | None | Unset = UNSET
    battery_percent: int | None | Unset = UNSET
    latitude: float | None | Unset = UNSET
    longitude: float | None | Unset = UNSET
    metadata: CreateVehicleInMetadataType0 | None | Unset = UNSET
    device_id: None | str | Unset = UNSET
    subaccount_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.create_vehicle_in_metadata_type_0 import (
            CreateVehicleInMetadataType0,
        )

        type_ = self.type_.value

        vehicle_number: None | str | Unset
        if isinstance(self.vehicle_number, Unset):
            vehicle_number = UNSET
        else:
            vehicle_number = self.vehicle_number

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

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, CreateVehicleInMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        device_id: None | str | Unset
        if isinstance(self.device_id, Unset):
            device_id = UNSET
        else:
            device_id = self.device_id

        subaccount_id: None | str | Unset
        if isinstance(self.subaccount_id, Unset):
            subaccount_id = UNSET
        elif isinstance(self.subaccount_id, UUID):
            subaccount_id = str(self.subaccount_id)
        else:
            subaccount_id = self.subaccount_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if vehicle_number is not UNSET:
            field_dict["vehicle_number"] = vehicle_number
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
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if device_id is not UNSET:
            field_dict["device_id"] = device_id
        if subaccount_id is not UNSET:
            field_dict["subaccount_id"] = subaccount_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_vehicle_in_metadata_type_0 import (
            CreateVehicleInMetadataType0,
        )

        d = dict(src_dict)
        type_ = VehicleType(d.pop("type"))

        def _parse_vehicle_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        vehicle_number = _parse_vehicle_number(d.pop("vehicle_number", UNSET))

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

        def _parse_metadata(
            data: object,
        ) -> CreateVehicleInMetadataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = CreateVehicleInMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateVehicleInMetadataType0 | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        def _parse_device_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        device_id = _parse_device_id(d.pop("device_id", UNSET))

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

        create_vehicle_in = cls(
            type_=type_,
            vehicle_number=vehicle_number,
            registration=registration,
            make=make,
            model=model,
            year=year,
            fuel_type=fuel_type,
            capacity=capacity,
            battery_percent=battery_percent,
            latitude=latitude,
            longitude=longitude,
            metadata=metadata,
            device_id=device_id,
            subaccount_id=subaccount_id,
        )

        create_vehicle_in.additional_properties = d
        return create_vehicle_in

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
