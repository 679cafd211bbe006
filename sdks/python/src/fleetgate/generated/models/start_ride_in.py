from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="StartRideIn")


@_attrs_define
class StartRideIn:
    """Start a ride.

    Example:
        {'customer_id': '0192f5c3-a1b2-7c3e-9d1a-6b2f0c4d5e6f', 'vehicle_id': '0192f5c3-a1b2-7c3e-9d1a-6b2f0c4d5e70'}

    Attributes:
        customer_id (UUID):
        vehicle_id (UUID):
        start_latitude (float | None | Unset): Where the ride starts (with `start_longitude`); the vehicle's last
            position when absent.
        start_longitude (float | None | Unset):
    """

    customer_id: UUID
    vehicle_id: UUID
    start_latitude: float | None | Unset = UNSET
    start_longitude: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        customer_id = str(self.customer_id)

        vehicle_id = str(self.vehicle_id)

        start_latitude: float | None | Unset
        if isinstance(self.start_latitude, Unset):
            start_latitude = UNSET
        else:
            start_latitude = self.start_latitude

        start_longitude: float | None | Unset
        if isinstance(self.start_longitude, Unset):
            start_longitude = UNSET
        else:
            start_longitude = self.start_longitude

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customer_id": customer_id,
                "vehicle_id": vehicle_id,
            }
        )
        if start_latitude is not UNSET:
            field_dict["start_latitude"] = start_latitude
        if start_longitude is not UNSET:
            field_dict["start_longitude"] = start_longitude

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        customer_id = UUID(d.pop("customer_id"))

        vehicle_id = UUID(d.pop("vehicle_id"))

        def _parse_start_latitude(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        start_latitude = _parse_start_latitude(d.pop("start_latitude", UNSET))

        def _parse_start_longitude(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        start_longitude = _parse_start_longitude(d.pop("start_longitude", UNSET))

        start_ride_in = cls(
            customer_id=customer_id,
            vehicle_id=vehicle_id,
            start_latitude=start_latitude,
            start_longitude=start_longitude,
        )

        start_ride_in.additional_properties = d
        return start_ride_in

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
