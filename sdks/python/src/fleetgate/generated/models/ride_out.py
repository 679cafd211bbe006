from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.payment_status import PaymentStatus
from ..models.ride_status import RideStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.plan_snapshot import PlanSnapshot
    from ..models.ride_pricing import RidePricing


T = TypeVar("T", bound="RideOut")


@_attrs_define
class RideOut:
    """A ride.

    Attributes:
        id (UUID):
        customer_id (UUID):
        vehicle_id (UUID):
        subaccount_id (UUID):
        status (RideStatus): Where a ride is.
        start_time (datetime.datetime):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        end_time (datetime.datetime | None | Unset): Set when the ride ended.
        paused_at (datetime.datetime | None | Unset): Set while the ride is paused: when the pause began.
        start_latitude (float | None | Unset):  Example: 52.520008.
        start_longitude (float | None | Unset):  Example: 13.404954.
        end_latitude (float | None | Unset):
        end_longitude (float | None | Unset):
        duration_minutes (int | None | Unset): Whole minutes from start to end, rounded up (ended rides). Example: 30.
        distance_km (float | None | Unset): Kilometres, two decimals (ended rides): the telematics track when there is
            one, else
            the great-circle distance start → end. Example: 5.2.
        pricing (None | RidePricing | Unset):
        payment_status (None | PaymentStatus | Unset):
        plan (None | PlanSnapshot | Unset):
    """

    id: UUID
    customer_id: UUID
    vehicle_id: UUID
    subaccount_id: UUID
    status: RideStatus
    start_time: datetime.datetime
    created_at: datetime.datetime
    updated_at: datetime.datetime
    end_time: datetime.datetime | None | Unset = UNSET
    paused_at: datetime.datetime | None | Unset = UNSET
    start_latitude: float | None | Unset = UNSET
    start_longitude: float | None | Unset = UNSET
    end_latitude: float | None | Unset = UNSET
    end_longitude: float | None | Unset = UNSET
    duration_minutes: int | None | Unset = UNSET
    distance_km: float | None | Unset = UNSET
    pricing: None | RidePricing | Unset = UNSET
    payment_status: None | PaymentStatus | Unset = UNSET
    plan: None | PlanSnapshot | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.plan_snapshot import PlanSnapshot
        from ..models.ride_pricing import RidePricing

        id = str(self.id)

        customer_id = str(self.customer_id)

        vehicle_id = str(self.vehicle_id)

        subaccount_id = str(self.subaccount_id)

        status = self.status.value

        start_time = self.start_time.isoformat()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        end_time: None | str | Unset
        if isinstance(self.end_time, Unset):
            end_time = UNSET
        elif isinstance(self.end_time, datetime.datetime):
            end_time = self.end_time.isoformat()
        else:
            end_time = self.end_time

        paused_at: None | str | Unset
        if isinstance(self.paused_at, Unset):
            paused_at = UNSET
        elif isinstance(self.paused_at, datetime.datetime):
            paused_at = self.paused_at.isoformat()
        else:
            paused_at = self.paused_at

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

        end_latitude: float | None | Unset
        if isinstance(self.end_latitude, Unset):
            end_latitude = UNSET
        else:
            end_latitude = self.end_latitude

        end_longitude: float | None | Unset
        if isinstance(self.end_longitude, Unset):
            end_longitude = UNSET
        else:
            end_longitude = self.end_longitude

        duration_minutes: int | None | Unset
        if isinstance(self.duration_minutes, Unset):
            duration_minutes = UNSET
        else:
            duration_minutes = self.duration_minutes

        distance_km: float | None | Unset
        if isinstance(self.distance_km, Unset):
            distance_km = UNSET
        else:
            distance_km = self.distance_km

        pricing: dict[str, Any] | None | Unset
        if isinstance(self.pricing, Unset):
            pricing = UNSET
        elif isinstance(self.pricing, RidePricing):
            pricing = self.pricing.to_dict()
        else:
            pricing = self.pricing

        payment_status: None | str | Unset
        if isinstance(self.payment_status, Unset):
            payment_status = UNSET
        elif isinstance(self.payment_status, PaymentStatus):
            payment_status = self.payment_status.value
        else:
            payment_status = self.payment_status

        plan: dict[str, Any] | None | Unset
        if isinstance(self.plan, Unset):
            plan = UNSET
        elif isinstance(self.plan, PlanSnapshot):
            plan = self.plan.to_dict()
        else:
            plan = self.plan

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "customer_id": customer_id,
                "vehicle_id": vehicle_id,
                "subaccount_id": subaccount_id,
                "status": status,
                "start_time": start_time,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if end_time is not UNSET:
            field_dict["end_time"] = end_time
        if paused_at is not UNSET:
            field_dict["paused_at"] = paused_at
        if start_latitude is not UNSET:
            field_dict["start_latitude"] = start_latitude
        if start_longitude is not UNSET:
            field_dict["start_longitude"] = start_longitude
        if end_latitude is not UNSET:
            field_dict["end_latitude"] = end_latitude
        if end_longitude is not UNSET:
            field_dict["end_longitude"] = end_longitude
        if duration_minutes is not UNSET:
            field_dict["duration_minutes"] = duration_minutes
        if distance_km is not UNSET:
            field_dict["distance_km"] = distance_km
        if pricing is not UNSET:
            field_dict["pricing"] = pricing
        if payment_status is not UNSET:
            field_dict["payment_status"] = payment_status
        if plan is not UNSET:
            field_dict["plan"] = plan

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.plan_snapshot import PlanSnapshot
        from ..models.ride_pricing import RidePricing

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        customer_id = UUID(d.pop("customer_id"))

        vehicle_id = UUID(d.pop("vehicle_id"))

        subaccount_id = UUID(d.pop("subaccount_id"))

        status = RideStatus(d.pop("status"))

        start_time = datetime.datetime.fromisoformat(d.pop("start_time"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_end_time(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_time_type_0 = datetime.datetime.fromisoformat(data)

                return end_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        end_time = _parse_end_time(d.pop("end_time", UNSET))

        def _parse_paused_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paused_at_type_0 = datetime.datetime.fromisoformat(data)

                return paused_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        paused_at = _parse_paused_at(d.pop("paused_at", UNSET))

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

        def _parse_end_latitude(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        end_latitude = _parse_end_latitude(d.pop("end_latitude", UNSET))

        def _parse_end_longitude(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        end_longitude = _parse_end_longitude(d.pop("end_longitude", UNSET))

        def _parse_duration_minutes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        duration_minutes = _parse_duration_minutes(d.pop("duration_minutes", UNSET))

        def _parse_distance_km(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        distance_km = _parse_distance_km(d.pop("distance_km", UNSET))

        def _parse_pricing(data: object) -> None | RidePricing | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                pricing_type_1 = RidePricing.from_dict(data)

                return pricing_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RidePricing | Unset, data)

        pricing = _parse_pricing(d.pop("pricing", UNSET))

        def _parse_payment_status(data: object) -> None | PaymentStatus | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                payment_status_type_1 = PaymentStatus(data)

                return payment_status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PaymentStatus | Unset, data)

        payment_status = _parse_payment_status(d.pop("payment_status", UNSET))

        def _parse_plan(data: object) -> None | PlanSnapshot | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                plan_type_1 = PlanSnapshot.from_dict(data)

                return plan_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PlanSnapshot | Unset, data)

        plan = _parse_plan(d.pop("plan", UNSET))

        ride_out = cls(
            id=id,
            customer_id=customer_id,
            vehicle_id=vehicle_id,
            subaccount_id=subaccount_id,
            status=status,
            start_time=start_time,
            created_at=created_at,
            updated_at=updated_at,
            end_time=end_time,
            paused_at=paused_at,
            start_latitude=start_latitude,
            start_longitude=start_longitude,
            end_latitude=end_latitude,
            end_longitude=end_longitude,
            duration_minutes=duration_minutes,
            distance_km=distance_km,
            pricing=pricing,
            payment_status=payment_status,
            plan=plan,
        )

        ride_out.additional_properties = d
        return ride_out

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
