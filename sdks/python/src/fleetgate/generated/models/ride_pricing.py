from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

T = TypeVar("T", bound="RidePricing")


@_attrs_define
class RidePricing:
    """The priced ride: the `pricing` object of `ride.ended` and of a ride.
    `total_cents = unlock_cents + time_cents + distance_cents - discount_cents` always.

        Attributes:
            total_cents (int):  Example: 850.
            unlock_cents (int):  Example: 100.
            time_cents (int):  Example: 750.
            distance_cents (int):  Example: 0.
            discount_cents (int):  Example: 0.
    """

    total_cents: int
    unlock_cents: int
    time_cents: int
    distance_cents: int
    discount_cents: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_cents = self.total_cents

        unlock_cents = self.unlock_cents

        time_cents = self.time_cents

        distance_cents = self.distance_cents

        discount_cents = self.discount_cents

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total_cents": total_cents,
                "unlock_cents": unlock_cents,
                "time_cents": time_cents,
                "distance_cents": distance_cents,
                "discount_cents": discount_cents,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        total_cents = d.pop("total_cents")

        unlock_cents = d.pop("unlock_cents")

        time_cents = d.pop("time_cents")

        distance_cents = d.pop("distance_cents")

        discount_cents = d.pop("discount_cents")

        ride_pricing = cls(
            total_cents=total_cents,
            unlock_cents=unlock_cents,
            time_cents=time_cents,
            distance_cents=distance_cents,
            discount_cents=discount_cents,
        )

        ride_pricing.additional_properties = d
        return ride_pricing

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
