from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.wallet_transaction_out import WalletTransactionOut


T = TypeVar("T", bound="WalletTransactionCreatedOut")


@_attrs_define
class WalletTransactionCreatedOut:
    """The entry written and the balance after it.

    Attributes:
        transaction (WalletTransactionOut): One ledger entry. `credit` and `refund` add `amount_cents`, `debit` and
            `ride_charge`
            subtract it.
        balance_cents (int):  Example: 3750.
    """

    transaction: WalletTransactionOut
    balance_cents: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        transaction = self.transaction.to_dict()

        balance_cents = self.balance_cents

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "transaction": transaction,
                "balance_cents": balance_cents,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.wallet_transaction_out import WalletTransactionOut

        d = dict(src_dict)
        transaction = WalletTransactionOut.from_dict(d.pop("transaction"))

        balance_cents = d.pop("balance_cents")

        wallet_transaction_created_out = cls(
            transaction=transaction,
            balance_cents=balance_cents,
        )

        wallet_transaction_created_out.additional_properties = d
        return wallet_transaction_created_out

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
