from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.interval import Interval

if TYPE_CHECKING:
    from ..models.ride_bucket_out import RideBucketOut


T = TypeVar("T", bound="RideAnalyticsOut")


@_attrs_define
class RideAnalyticsOut:
    """
    Attributes:
        timezone (str): The IANA zone the buckets follow. Example: Europe/Berlin.
        interval (Interval): Bucket width.
        from_ (datetime.datetime):
        to (datetime.datetime):
        buckets (list[RideBucketOut]): Every bucket of the range, empty ones included, in time order.
        totals (RideBucketOut):
    """

    timezone: str
    interval: Interval
    from_: datetime.datetime
    to: datetime.datetime
    buckets: list[RideBucketOut]
    totals: RideBucketOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        timezone = self.timezone

        interval = self.interval.value

        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        buckets = []
        for buckets_item_data in self.buckets:
            buckets_item = buckets_item_data.to_dict()
            buckets.append(buckets_item)

        totals = self.totals.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "timezone": timezone,
                "interval": interval,
                "from": from_,
                "to": to,
                "buckets": buckets,
                "totals": totals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.ride_bucket_out import RideBucketOut

        d = dict(src_dict)
        timezone = d.pop("timezone")

        interval = Interval(d.pop("interval"))

        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        to = datetime.datetime.fromisoformat(d.pop("to"))

        buckets = []
        _buckets = d.pop("buckets")
        for buckets_item_data in _buckets:
            buckets_item = RideBucketOut.from_dict(buckets_item_data)

            buckets.append(buckets_item)

        totals = RideBucketOut.from_dict(d.pop("totals"))

        ride_analytics_out = cls(
            timezone=timezone,
            interval=interval,
            from_=from_,
            to=to,
            buckets=buckets,
            totals=totals,
        )

        ride_analytics_out.additional_properties = d
        return ride_analytics_out

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
