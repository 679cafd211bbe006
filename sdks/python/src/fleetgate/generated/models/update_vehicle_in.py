from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.fuel_type import FuelType
from ..models.settable_status import SettableStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.update_vehicle_in_metadata_type_0 import UpdateVehicleInMetadataType0


T = TypeVar("T", bound="UpdateVehicleIn")


@_attrs_define
class UpdateVehicleIn:
    """Changes to a vehicle; fields not given stay as they are.

    Example:
        {'metadata': {'note': 'brake check'}, 'status': 'maintenance'}

    Attributes:
        status (None | SettableStatus | Unset):
        registration (None | str | Unset):
        make (None | str | Unset):
        model (None | str | Unset):
        year (int | None | Unset):
        fuel_type (FuelType | None | Unset):
        capacity (int | None | Unset):
        metadata (None | Unset | UpdateVehicleInMetadataType0): JSON merge patch: each key given replaces that key, a
            key set to `null` is removed.
        device_id (None | str | Unset): A tracker id, unique per tenant; `null` unregisters it.
    """

    status: None | SettableStatus | Unset = UNSET
    registration: None | str | Unset = UNSET
    make: None | str | Unset = UNSET
    model: None | str | Unset = UNSET
    year: int | None | Unset = UNSET
    fuel_type: FuelType | None | Unset = UNSET
    capacity: int | None | Unset = UNSET
    metadata: None | Unset | UpdateVehicleInMetadataType0 = UNSET
    device_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.update_vehicle_in_metadata_type_0 import (
            UpdateVehicleInMetadataType0,
        )

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, SettableStatus):
            status = self.status.value
        else:
            status = self.status

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

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, UpdateVehicleInMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        device_id: None | str | Unset
        if isinstance(self.device_id, Unset):
            device_id = UNSET
        else:
            device_id = self.device_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if status is not UNSET:
            field_dict["status"] = status
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
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if device_id is not UNSET:
            field_dict["device_id"] = device_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.update_vehicle_in_metadata_type_0 import (
            UpdateVehicleInMetadataType0,
        )

        d = dict(src_dict)

        def _parse_status(data: object) -> None | SettableStatus | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_1 = SettableStatus(data)

                return status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SettableStatus | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

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

        def _parse_metadata(
            data: object,
        ) -> None | Unset | UpdateVehicleInMetadataType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = UpdateVehicleInMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UpdateVehicleInMetadataType0, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        def _parse_device_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        device_id = _parse_device_id(d.pop("device_id", UNSET))

        update_vehicle_in = cls(
            status=status,
            registration=registration,
            make=make,
            model=model,
            year=year,
            fuel_type=fuel_type,
            capacity=capacity,
            metadata=metadata,
            device_id=device_id,
        )

        update_vehicle_in.additional_properties = d
        return update_vehicle_in

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
