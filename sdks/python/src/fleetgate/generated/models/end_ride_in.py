from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="EndRideIn")


@_attrs_define
class EndRideIn:
    """End a ride.

    Example:
        {'end_latitude': 52.5163, 'end_longitude': 13.3777}

    Attributes:
        end_latitude (float):
        end_longitude (float):
        discount_cents (int | None | Unset): Discount on this ride in cents (promotions); never more than the fare.
    """

    end_latitude: float
    end_longitude: float
    discount_cents: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        end_latitude = self.end_latitude

        end_longitude = self.end_longitude

        discount_cents: int | None | Unset
        if isinstance(self.discount_cents, Unset):
            discount_cents = UNSET
        else:
            discount_cents = self.discount_cents

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "end_latitude": end_latitude,
                "end_longitude": end_longitude,
            }
        )
        if discount_cents is not UNSET:
            field_dict["discount_cents"] = discount_cents

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        end_latitude = d.pop("end_latitude")

        end_longitude = d.pop("end_longitude")

        def _parse_discount_cents(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        discount_cents = _parse_discount_cents(d.pop("discount_cents", UNSET))

        end_ride_in = cls(
            end_latitude=end_latitude,
            end_longitude=end_longitude,
            discount_cents=discount_cents,
        )

        end_ride_in.additional_properties = d
        return end_ride_in

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
