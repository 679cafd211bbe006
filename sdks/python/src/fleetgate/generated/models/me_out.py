from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.key_out import KeyOut
    from ..models.plan_limits import PlanLimits
    from ..models.subaccount_out import SubaccountOut
    from ..models.tenant_out import TenantOut
    from ..models.usage import Usage


T = TypeVar("T", bound="MeOut")


@_attrs_define
class MeOut:
    """
    Attributes:
        key (KeyOut): A key as shown to its holders (never the secret).
        subaccounts (list[SubaccountOut]): The subaccounts this request reaches (narrowed by `X-Subaccount-Id` when
            sent).
        rate_limits (PlanLimits): Requests per window for one key.
        usage (Usage): Requests made with one key (UTC calendar periods, ISO weeks), from the daily roll-up.
        tenant (TenantOut):
    """

    key: KeyOut
    subaccounts: list[SubaccountOut]
    rate_limits: PlanLimits
    usage: Usage
    tenant: TenantOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key = self.key.to_dict()

        subaccounts = []
        for subaccounts_item_data in self.subaccounts:
            subaccounts_item = subaccounts_item_data.to_dict()
            subaccounts.append(subaccounts_item)

        rate_limits = self.rate_limits.to_dict()

        usage = self.usage.to_dict()

        tenant = self.tenant.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "key": key,
                "subaccounts": subaccounts,
                "rate_limits": rate_limits,
                "usage": usage,
                "tenant": tenant,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.key_out import KeyOut
        from ..models.plan_limits import PlanLimits
        from ..models.subaccount_out import SubaccountOut
        from ..models.tenant_out import TenantOut
        from ..models.usage import Usage

        d = dict(src_dict)
        key = KeyOut.from_dict(d.pop("key"))

        subaccounts = []
        _subaccounts = d.pop("subaccounts")
        for subaccounts_item_data in _subaccounts:
            subaccounts_item = SubaccountOut.from_dict(subaccounts_item_data)

            subaccounts.append(subaccounts_item)

        rate_limits = PlanLimits.from_dict(d.pop("rate_limits"))

        usage = Usage.from_dict(d.pop("usage"))

        tenant = TenantOut.from_dict(d.pop("tenant"))

        me_out = cls(
            key=key,
            subaccounts=subaccounts,
            rate_limits=rate_limits,
            usage=usage,
            tenant=tenant,
        )

        me_out.additional_properties = d
        return me_out

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
