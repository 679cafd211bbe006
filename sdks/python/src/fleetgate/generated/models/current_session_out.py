from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.operator_out import OperatorOut
    from ..models.operator_tenant_out import OperatorTenantOut


T = TypeVar("T", bound="CurrentSessionOut")


@_attrs_define
class CurrentSessionOut:
    """The signed-in operator.

    Attributes:
        operator (OperatorOut): An operator as shown to operators (never the password hash).
        tenant (OperatorTenantOut):
        expires_at (datetime.datetime):
    """

    operator: OperatorOut
    tenant: OperatorTenantOut
    expires_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        operator = self.operator.to_dict()

        tenant = self.tenant.to_dict()

        expires_at = self.expires_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "operator": operator,
                "tenant": tenant,
                "expires_at": expires_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.operator_out import OperatorOut
        from ..models.operator_tenant_out import OperatorTenantOut

        d = dict(src_dict)
        operator = OperatorOut.from_dict(d.pop("operator"))

        tenant = OperatorTenantOut.from_dict(d.pop("tenant"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        current_session_out = cls(
            operator=operator,
            tenant=tenant,
            expires_at=expires_at,
        )

        current_session_out.additional_properties = d
        return current_session_out

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
