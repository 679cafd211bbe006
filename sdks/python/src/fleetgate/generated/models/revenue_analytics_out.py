from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.interval import Interval

if TYPE_CHECKING:
    from ..models.revenue_bucket_out import RevenueBucketOut


T = TypeVar("T", bound="RevenueAnalyticsOut")


@_attrs_define
class RevenueAnalyticsOut:
    """
    Attributes:
        timezone (str):  Example: Europe/Berlin.
        currency (str):  Example: EUR.
        interval (Interval): Bucket width.
        from_ (datetime.datetime):
        to (datetime.datetime):
        buckets (list[RevenueBucketOut]):
        totals (RevenueBucketOut):
    """

    timezone: str
    currency: str
    interval: Interval
    from_: datetime.datetime
    to: datetime.datetime
    buckets: list[RevenueBucketOut]
    totals: RevenueBucketOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        timezone = self.timezone

        currency = self.currency

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
                "currency": currency,
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
        from ..models.revenue_bucket_out import RevenueBucketOut

        d = dict(src_dict)
        timezone = d.pop("timezone")

        currency = d.pop("currency")

        interval = Interval(d.pop("interval"))

        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        to = datetime.datetime.fromisoformat(d.pop("to"))

        buckets = []
        _buckets = d.pop("buckets")
        for buckets_item_data in _buckets:
            buckets_item = RevenueBucketOut.from_dict(buckets_item_data)

            buckets.append(buckets_item)

        totals = RevenueBucketOut.from_dict(d.pop("totals"))

        revenue_analytics_out = cls(
            timezone=timezone,
            currency=currency,
            interval=interval,
            from_=from_,
            to=to,
            buckets=buckets,
            totals=totals,
        )

        revenue_analytics_out.additional_properties = d
        return revenue_analytics_out

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
