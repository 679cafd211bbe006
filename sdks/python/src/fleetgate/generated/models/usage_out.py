from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.route_usage_out import RouteUsageOut
    from ..models.status_counts_out import StatusCountsOut
    from ..models.usage_bucket_out import UsageBucketOut


T = TypeVar("T", bound="UsageOut")


@_attrs_define
class UsageOut:
    """Usage of one window.

    Attributes:
        range_ (str):  Example: 24h.
        bucket_seconds (int):
        from_ (datetime.datetime):
        to (datetime.datetime):
        buckets (list[UsageBucketOut]): Every bucket of the window, oldest first (empty ones included).
        totals (StatusCountsOut): Requests by outcome; the five parts add up to `total`.
        top_routes (list[RouteUsageOut]): The ten busiest routes, busiest first.
        api_key_id (None | Unset | UUID):
        p50_ms (float | None | Unset): Median duration in milliseconds (`null` without requests).
        p95_ms (float | None | Unset): 95th percentile duration in milliseconds.
    """

    range_: str
    bucket_seconds: int
    from_: datetime.datetime
    to: datetime.datetime
    buckets: list[UsageBucketOut]
    totals: StatusCountsOut
    top_routes: list[RouteUsageOut]
    api_key_id: None | Unset | UUID = UNSET
    p50_ms: float | None | Unset = UNSET
    p95_ms: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        range_ = self.range_

        bucket_seconds = self.bucket_seconds

        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        buckets = []
        for buckets_item_data in self.buckets:
            buckets_item = buckets_item_data.to_dict()
            buckets.append(buckets_item)

        totals = self.totals.to_dict()

        top_routes = []
        for top_routes_item_data in self.top_routes:
            top_routes_item = top_routes_item_data.to_dict()
            top_routes.append(top_routes_item)

        api_key_id: None | str | Unset
        if isinstance(self.api_key_id, Unset):
            api_key_id = UNSET
        elif isinstance(self.api_key_id, UUID):
            api_key_id = str(self.api_key_id)
        else:
            api_key_id = self.api_key_id

        p50_ms: float | None | Unset
        if isinstance(self.p50_ms, Unset):
            p50_ms = UNSET
        else:
            p50_ms = self.p50_ms

        p95_ms: float | None | Unset
        if isinstance(self.p95_ms, Unset):
            p95_ms = UNSET
        else:
            p95_ms = self.p95_ms

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "range": range_,
                "bucket_seconds": bucket_seconds,
                "from": from_,
                "to": to,
                "buckets": buckets,
                "totals": totals,
                "top_routes": top_routes,
            }
        )
        if api_key_id is not UNSET:
            field_dict["api_key_id"] = api_key_id
        if p50_ms is not UNSET:
            field_dict["p50_ms"] = p50_ms
        if p95_ms is not UNSET:
            field_dict["p95_ms"] = p95_ms

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.route_usage_out import RouteUsageOut
        from ..models.status_counts_out import StatusCountsOut
        from ..models.usage_bucket_out import UsageBucketOut

        d = dict(src_dict)
        range_ = d.pop("range")

        bucket_seconds = d.pop("bucket_seconds")

        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        to = datetime.datetime.fromisoformat(d.pop("to"))

        buckets = []
        _buckets = d.pop("buckets")
        for buckets_item_data in _buckets:
            buckets_item = UsageBucketOut.from_dict(buckets_item_data)

            buckets.append(buckets_item)

        totals = StatusCountsOut.from_dict(d.pop("totals"))

        top_routes = []
        _top_routes = d.pop("top_routes")
        for top_routes_item_data in _top_routes:
            top_routes_item = RouteUsageOut.from_dict(top_routes_item_data)

            top_routes.append(top_routes_item)

        def _parse_api_key_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                api_key_id_type_1 = UUID(data)

                return api_key_id_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        api_key_id = _parse_api_key_id(d.pop("api_key_id", UNSET))

        def _parse_p50_ms(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        p50_ms = _parse_p50_ms(d.pop("p50_ms", UNSET))

        def _parse_p95_ms(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        p95_ms = _parse_p95_ms(d.pop("p95_ms", UNSET))

        usage_out = cls(
            range_=range_,
            bucket_seconds=bucket_seconds,
            from_=from_,
            to=to,
            buckets=buckets,
            totals=totals,
            top_routes=top_routes,
            api_key_id=api_key_id,
            p50_ms=p50_ms,
            p95_ms=p95_ms,
        )

        usage_out.additional_properties = d
        return usage_out

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
