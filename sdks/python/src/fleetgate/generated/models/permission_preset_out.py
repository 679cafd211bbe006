from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.permission import Permission
from ..models.permission_preset import PermissionPreset

T = TypeVar("T", bound="PermissionPresetOut")


@_attrs_define
class PermissionPresetOut:
    """A level preset and what it grants.

    Attributes:
        preset (PermissionPreset): A permission level a new key can start from; its checkboxes can then be adjusted.
        label (str):  Example: Read only.
        permissions (list[Permission]):
    """

    preset: PermissionPreset
    label: str
    permissions: list[Permission]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        preset = self.preset.value

        label = self.label

        permissions = []
        for componentsschemas_permission_set_item_data in self.permissions:
            componentsschemas_permission_set_item = (
                componentsschemas_permission_set_item_data.value
            )
            permissions.append(componentsschemas_permission_set_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "preset": preset,
                "label": label,
                "permissions": permissions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        preset = PermissionPreset(d.pop("preset"))

        label = d.pop("label")

        permissions = []
        _permissions = d.pop("permissions")
        for componentsschemas_permission_set_item_data in _permissions:
            componentsschemas_permission_set_item = Permission(
                componentsschemas_permission_set_item_data
            )

            permissions.append(componentsschemas_permission_set_item)

        permission_preset_out = cls(
            preset=preset,
            label=label,
            permissions=permissions,
        )

        permission_preset_out.additional_properties = d
        return permission_preset_out

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
