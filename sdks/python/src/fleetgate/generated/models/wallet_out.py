from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

T = TypeVar("T", bound="WalletOut")


@_attrs_define
class WalletOut:
    """A customer's wallet.

    Attributes:
        customer_id (UUID):
        balance_cents (int): Equals the sum of the ledger. Negative only after a ride charge it did not cover. Example:
            1250.
        currency (str): ISO 4217. Example: EUR.
        updated_at (datetime.datetime):
    """

    customer_id: UUID
    balance_cents: int
    currency: str
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        customer_id = str(self.customer_id)

        balance_cents = self.balance_cents

        currency = self.currency

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customer_id": customer_id,
                "balance_cents": balance_cents,
                "currency": currency,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        customer_id = UUID(d.pop("customer_id"))

        balance_cents = d.pop("balance_cents")

        currency = d.pop("currency")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        wallet_out = cls(
            customer_id=customer_id,
            balance_cents=balance_cents,
            currency=currency,
            updated_at=updated_at,
        )

        wallet_out.additional_properties = d
        return wallet_out

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
