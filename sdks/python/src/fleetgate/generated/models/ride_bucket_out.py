from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

T = TypeVar("T", bound="RideBucketOut")


@_attrs_define
class RideBucketOut:
    """
    Attributes:
        start (datetime.datetime): Bucket start (UTC instant of the local hour, midnight or Monday).
        end (datetime.datetime): Bucket end (exclusive) = the next bucket's start.
        rides (int): Rides that ended in the bucket.
        riding_minutes (float): Riding time (pauses excluded), minutes, two decimals.
        distance_km (float): Distance, kilometres.
    """

    start: datetime.datetime
    end: datetime.datetime
    rides: int
    riding_minutes: float
    distance_km: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        start = self.start.isoformat()

        end = self.end.isoformat()

        rides = self.rides

        riding_minutes = self.riding_minutes

        distance_km = self.distance_km

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "start": start,
                "end": end,
                "rides": rides,
                "riding_minutes": riding_minutes,
                "distance_km": distance_km,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        start = datetime.datetime.fromisoformat(d.pop("start"))

        end = datetime.datetime.fromisoformat(d.pop("end"))

        rides = d.pop("rides")

        riding_minutes = d.pop("riding_minutes")

        distance_km = d.pop("distance_km")

        ride_bucket_out = cls(
            start=start,
            end=end,
            rides=rides,
            riding_minutes=riding_minutes,
            distance_km=distance_km,
        )

        ride_bucket_out.additional_properties = d
        return ride_bucket_out

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
