from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.payment_status import PaymentStatus

if TYPE_CHECKING:
    from ..models.ride_pricing import RidePricing


T = TypeVar("T", bound="RideEnded")


@_attrs_define
class RideEnded:
    """Data of `ride.ended`, exactly the documented shape.

    Attributes:
        ride_id (UUID):
        customer_id (UUID):
        customer_number (int):  Example: 12345.
        vehicle_id (UUID):
        vehicle_number (str):  Example: V001.
        start_time (datetime.datetime):
        end_time (datetime.datetime):
        duration_minutes (int):  Example: 30.
        distance_km (float):  Example: 5.2.
        pricing (RidePricing): The priced ride: the `pricing` object of `ride.ended` and of a ride.
            `total_cents = unlock_cents + time_cents + distance_cents - discount_cents` always.
        payment_status (PaymentStatus): Whether a ride's fare was covered by the wallet when it ended (`pending`: the
            wallet
            was left negative).
        subaccount_id (UUID):
    """

    ride_id: UUID
    customer_id: UUID
    customer_number: int
    vehicle_id: UUID
    vehicle_number: str
    start_time: datetime.datetime
    end_time: datetime.datetime
    duration_minutes: int
    distance_km: float
    pricing: RidePricing
    payment_status: PaymentStatus
    subaccount_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ride_id = str(self.ride_id)

        customer_id = str(self.customer_id)

        customer_number = self.customer_number

        vehicle_id = str(self.vehicle_id)

        vehicle_number = self.vehicle_number

        start_time = self.start_time.isoformat()

        end_time = self.end_time.isoformat()

        duration_minutes = self.duration_minutes

        distance_km = self.distance_km

        pricing = self.pricing.to_dict()

        payment_status = self.payment_status.value

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
                "start_time": start_time,
                "end_time": end_time,
                "duration_minutes": duration_minutes,
                "distance_km": distance_km,
                "pricing": pricing,
                "payment_status": payment_status,
                "subaccount_id": subaccount_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.ride_pricing import RidePricing

        d = dict(src_dict)
        ride_id = UUID(d.pop("ride_id"))

        customer_id = UUID(d.pop("customer_id"))

        customer_number = d.pop("customer_number")

        vehicle_id = UUID(d.pop("vehicle_id"))

        vehicle_number = d.pop("vehicle_number")

        start_time = datetime.datetime.fromisoformat(d.pop("start_time"))

        end_time = datetime.datetime.fromisoformat(d.pop("end_time"))

        duration_minutes = d.pop("duration_minutes")

        distance_km = d.pop("distance_km")

        pricing = RidePricing.from_dict(d.pop("pricing"))

        payment_status = PaymentStatus(d.pop("payment_status"))

        subaccount_id = UUID(d.pop("subaccount_id"))

        ride_ended = cls(
            ride_id=ride_id,
            customer_id=customer_id,
            customer_number=customer_number,
            vehicle_id=vehicle_id,
            vehicle_number=vehicle_number,
            start_time=start_time,
            end_time=end_time,
            duration_minutes=duration_minutes,
            distance_km=distance_km,
            pricing=pricing,
            payment_status=payment_status,
            subaccount_id=subaccount_id,
        )

        ride_ended.additional_properties = d
        return ride_ended

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
