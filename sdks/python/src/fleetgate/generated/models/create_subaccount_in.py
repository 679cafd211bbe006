from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateSubaccountIn")


@_attrs_define
class CreateSubaccountIn:
    """
    Example:
        {'currency': 'EUR', 'name': 'Berlin', 'sandbox': False, 'timezone': 'Europe/Berlin'}

    Attributes:
        name (str):
        currency (None | str | Unset): ISO 4217; default `EUR`.
        timezone (None | str | Unset): IANA time zone; default `UTC`.
        sandbox (bool | None | Unset): Default `false`.
    """

    name: str
    currency: None | str | Unset = UNSET
    timezone: None | str | Unset = UNSET
    sandbox: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        timezone: None | str | Unset
        if isinstance(self.timezone, Unset):
            timezone = UNSET
        else:
            timezone = self.timezone

        sandbox: bool | None | Unset
        if isinstance(self.sandbox, Unset):
            sandbox = UNSET
        else:
            sandbox = self.sandbox

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if sandbox is not UNSET:
            field_dict["sandbox"] = sandbox

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        def _parse_timezone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        timezone = _parse_timezone(d.pop("timezone", UNSET))

        def _parse_sandbox(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        sandbox = _parse_sandbox(d.pop("sandbox", UNSET))

        create_subaccount_in = cls(
            name=name,
            currency=currency,
            timezone=timezone,
            sandbox=sandbox,
        )

        return create_subaccount_in
