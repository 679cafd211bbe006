from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

T = TypeVar("T", bound="RideStateChanged")


@_attrs_define
class RideStateChanged:
    """Data of `ride.started`, `ride.paused` and `ride.resumed`: the ride after the change.

    Attributes:
        ride_id (UUID):
        customer_id (UUID):
        customer_number (int):  Example: 12345.
        vehicle_id (UUID):
        vehicle_number (str):  Example: V001.
        status (str): `active` or `paused`. Example: active.
        start_time (datetime.datetime):
        changed_at (datetime.datetime): When this change happened (start, pause or resume).
        subaccount_id (UUID):
    """

    ride_id: UUID
    customer_id: UUID
    customer_number: int
    vehicle_id: UUID
    vehicle_number: str
    status: str
    start_time: datetime.datetime
    changed_at: datetime.datetime
    subaccount_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ride_id = str(self.ride_id)

        customer_id = str(self.customer_id)

        customer_number = self.customer_number

        vehicle_id = str(self.vehicle_id)

        vehicle_number = self.vehicle_number

        status = self.status

        start_time = self.start_time.isoformat()

        changed_at = self.changed_at.isoformat()

        subaccount_id = str(self.subaccount_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ride_id": ride_id,
                "customer_id": customer_id,
                "customer_number": customer_number,
                "vehicle_id": vehicle_id,
                "vehicle_number": vehicle_number,
                "status": status,
                "start_time": start_time,
                "changed_at": changed_at,
                "subaccount_id": subaccount_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        ride_id = UUID(d.pop("ride_id"))

        customer_id = UUID(d.pop("customer_id"))

        customer_number = d.pop("customer_number")

        vehicle_id = UUID(d.pop("vehicle_id"))

        vehicle_number = d.pop("vehicle_number")

        status = d.pop("status")

        start_time = datetime.datetime.fromisoformat(d.pop("start_time"))

        changed_at = datetime.datetime.fromisoformat(d.pop("changed_at"))

        subaccount_id = UUID(d.pop("subaccount_id"))

        ride_state_changed = cls(
            ride_id=ride_id,
            customer_id=customer_id,
            customer_number=customer_number,
            vehicle_id=vehicle_id,
            vehicle_number=vehicle_number,
            status=status,
            start_time=start_time,
            changed_at=changed_at,
            subaccount_id=subaccount_id,
        )

        ride_state_changed.additional_properties = d
        return ride_state_changed

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
