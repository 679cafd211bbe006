from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

T = TypeVar("T", bound="PlanSnapshot")


@_attrs_define
class PlanSnapshot:
    """The pricing plan in force when the ride started, kept with the ride so later price
    changes do not touch it.

        Attributes:
            unlock_cents (int):
            per_minute_cents (int):
            pause_per_minute_cents (int):
            per_km_cents (int):
            currency (str):  Example: EUR.
    """

    unlock_cents: int
    per_minute_cents: int
    pause_per_minute_cents: int
    per_km_cents: int
    currency: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        unlock_cents = self.unlock_cents

        per_minute_cents = self.per_minute_cents

        pause_per_minute_cents = self.pause_per_minute_cents

        per_km_cents = self.per_km_cents

        currency = self.currency

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "unlock_cents": unlock_cents,
                "per_minute_cents": per_minute_cents,
                "pause_per_minute_cents": pause_per_minute_cents,
                "per_km_cents": per_km_cents,
                "currency": currency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        unlock_cents = d.pop("unlock_cents")

        per_minute_cents = d.pop("per_minute_cents")

        pause_per_minute_cents = d.pop("pause_per_minute_cents")

        per_km_cents = d.pop("per_km_cents")

        currency = d.pop("currency")

        plan_snapshot = cls(
            unlock_cents=unlock_cents,
            per_minute_cents=per_minute_cents,
            pause_per_minute_cents=pause_per_minute_cents,
            per_km_cents=per_km_cents,
            currency=currency,
        )

        plan_snapshot.additional_properties = d
        return plan_snapshot

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
