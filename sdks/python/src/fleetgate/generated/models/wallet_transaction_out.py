from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.transaction_kind import TransactionKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="WalletTransactionOut")


@_attrs_define
class WalletTransactionOut:
    """One ledger entry. `credit` and `refund` add `amount_cents`, `debit` and `ride_charge`
    subtract it.

        Attributes:
            id (UUID):
            kind (TransactionKind): What a ledger entry did. `credit` and `refund` add to the balance, `debit` and
                `ride_charge` subtract; `amount_cents` is always positive.
            amount_cents (int): Always positive; `kind` gives the direction. Example: 2500.
            balance_after_cents (int): The balance right after this entry. Example: 3750.
            currency (str):  Example: EUR.
            created_at (datetime.datetime):
            description (None | str | Unset):  Example: Top-up at the kiosk.
            ride_id (None | Unset | UUID): The ride of a `ride_charge` or `refund`.
    """

    id: UUID
    kind: TransactionKind
    amount_cents: int
    balance_after_cents: int
    currency: str
    created_at: datetime.datetime
    description: None | str | Unset = UNSET
    ride_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        kind = self.kind.value

        amount_cents = self.amount_cents

        balance_after_cents = self.balance_after_cents

        currency = self.currency

        created_at = self.created_at.isoformat()

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        ride_id: None | str | Unset
        if isinstance(self.ride_id, Unset):
            ride_id = UNSET
        elif isinstance(self.ride_id, UUID):
            ride_id = str(self.ride_id)
        else:
            ride_id = self.ride_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "amount_cents": amount_cents,
                "balance_after_cents": balance_after_cents,
                "currency": currency,
                "created_at": created_at,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if ride_id is not UNSET:
            field_dict["ride_id"] = ride_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        kind = TransactionKind(d.pop("kind"))

        amount_cents = d.pop("amount_cents")

        balance_after_cents = d.pop("balance_after_cents")

        currency = d.pop("currency")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_ride_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ride_id_type_0 = UUID(data)

                return ride_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        ride_id = _parse_ride_id(d.pop("ride_id", UNSET))

        wallet_transaction_out = cls(
            id=id,
            kind=kind,
            amount_cents=amount_cents,
            balance_after_cents=balance_after_cents,
            currency=currency,
            created_at=created_at,
            description=description,
            ride_id=ride_id,
        )

        wallet_transaction_out.additional_properties = d
        return wallet_transaction_out

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
