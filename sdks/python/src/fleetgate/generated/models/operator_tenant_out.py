from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.plan import Plan
from ..models.tenant_status import TenantStatus

if TYPE_CHECKING:
    from ..models.plan_limits import PlanLimits


T = TypeVar("T", bound="OperatorTenantOut")


@_attrs_define
class OperatorTenantOut:
    """
    Attributes:
        id (UUID):
        name (str):
        plan (Plan): Commercial plan; decides default rate limits (SPEC §4).
        status (TenantStatus): Suspended and archived tenants' keys are refused (`403 tenant_inactive`).
        max_api_keys (int):
        default_limits (PlanLimits): Requests per window for one key.
    """

    id: UUID
    name: str
    plan: Plan
    status: TenantStatus
    max_api_keys: int
    default_limits: PlanLimits
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        plan = self.plan.value

        status = self.status.value

        max_api_keys = self.max_api_keys

        default_limits = self.default_limits.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "plan": plan,
                "status": status,
                "max_api_keys": max_api_keys,
                "default_limits": default_limits,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.plan_limits import PlanLimits

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        plan = Plan(d.pop("plan"))

        status = TenantStatus(d.pop("status"))

        max_api_keys = d.pop("max_api_keys")

        default_limits = PlanLimits.from_dict(d.pop("default_limits"))

        operator_tenant_out = cls(
            id=id,
            name=name,
            plan=plan,
            status=status,
            max_api_keys=max_api_keys,
            default_limits=default_limits,
        )

        operator_tenant_out.additional_properties = d
        return operator_tenant_out

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
