from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.wallet_action import WalletAction
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateWalletTransactionIn")


@_attrs_define
class CreateWalletTransactionIn:
    """A partner credit or debit.

    Example:
        {'action': 'credit', 'amount_cents': 2500, 'description': 'Top-up at the kiosk'}

    Attributes:
        action (WalletAction): What a partner may do to a wallet through the API.
        amount_cents (int): 1 … 10 000 000. Example: 2500.
        description (None | str | Unset): Up to 500 characters, shown in the ledger. Example: Top-up at the kiosk.
    """

    action: WalletAction
    amount_cents: int
    description: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        amount_cents = self.amount_cents

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "amount_cents": amount_cents,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        action = WalletAction(d.pop("action"))

        amount_cents = d.pop("amount_cents")

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        create_wallet_transaction_in = cls(
            action=action,
            amount_cents=amount_cents,
            description=description,
        )

        create_wallet_transaction_in.additional_properties = d
        return create_wallet_transaction_in

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
