from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="RevenueBucketOut")


@_attrs_define
class RevenueBucketOut:
    """
    Attributes:
        start (datetime.datetime):
        end (datetime.datetime):
        rides (int):
        revenue_cents (int): Fares charged, minor units of `currency`.
        average_fare_cents (int | None | Unset): `revenue_cents / rides`, rounded half up; `null` without rides.
    """

    start: datetime.datetime
    end: datetime.datetime
    rides: int
    revenue_cents: int
    average_fare_cents: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        start = self.start.isoformat()

        end = self.end.isoformat()

        rides = self.rides

        revenue_cents = self.revenue_cents

        average_fare_cents: int | None | Unset
        if isinstance(self.average_fare_cents, Unset):
            average_fare_cents = UNSET
        else:
            average_fare_cents = self.average_fare_cents

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "start": start,
                "end": end,
                "rides": rides,
                "revenue_cents": revenue_cents,
            }
        )
        if average_fare_cents is not UNSET:
            field_dict["average_fare_cents"] = average_fare_cents

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        start = datetime.datetime.fromisoformat(d.pop("start"))

        end = datetime.datetime.fromisoformat(d.pop("end"))

        rides = d.pop("rides")

        revenue_cents = d.pop("revenue_cents")

        def _parse_average_fare_cents(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        average_fare_cents = _parse_average_fare_cents(
            d.pop("average_fare_cents", UNSET)
        )

        revenue_bucket_out = cls(
            start=start,
            end=end,
            rides=rides,
            revenue_cents=revenue_cents,
            average_fare_cents=average_fare_cents,
        )

        revenue_bucket_out.additional_properties = d
        return revenue_bucket_out

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
