from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.permission import Permission

T = TypeVar("T", bound="PermissionOut")


@_attrs_define
class PermissionOut:
    """One permission a key can hold.

    Attributes:
        permission (Permission): One permission a key can hold. The wire form is the `resource:action` string.
        resource (str): `vehicles` of `vehicles:read`. Example: vehicles.
    """

    permission: Permission
    resource: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        permission = self.permission.value

        resource = self.resource

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "permission": permission,
                "resource": resource,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        permission = Permission(d.pop("permission"))

        resource = d.pop("resource")

        permission_out = cls(
            permission=permission,
            resource=resource,
        )

        permission_out.additional_properties = d
        return permission_out

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
