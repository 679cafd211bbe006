from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.event_type import EventType
from ..models.permission import Permission

if TYPE_CHECKING:
    from ..models.permission_out import PermissionOut
    from ..models.permission_preset_out import PermissionPresetOut


T = TypeVar("T", bound="CatalogOut")


@_attrs_define
class CatalogOut:
    """Every permission (in canonical order), the level presets and the webhook events.

    Attributes:
        permissions (list[PermissionOut]):
        presets (list[PermissionPresetOut]):
        default_permissions (list[Permission]):
        webhook_events (list[EventType]): The events a webhook endpoint can subscribe to (`webhook.test` is sent by the
            test
            button only).
    """

    permissions: list[PermissionOut]
    presets: list[PermissionPresetOut]
    default_permissions: list[Permission]
    webhook_events: list[EventType]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        permissions = []
        for permissions_item_data in self.permissions:
            permissions_item = permissions_item_data.to_dict()
            permissions.append(permissions_item)

        presets = []
        for presets_item_data in self.presets:
            presets_item = presets_item_data.to_dict()
            presets.append(presets_item)

        default_permissions = []
        for componentsschemas_permission_set_item_data in self.default_permissions:
            componentsschemas_permission_set_item = (
                componentsschemas_permission_set_item_data.value
            )
            default_permissions.append(componentsschemas_permission_set_item)

        webhook_events = []
        for webhook_events_item_data in self.webhook_events:
            webhook_events_item = webhook_events_item_data.value
            webhook_events.append(webhook_events_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "permissions": permissions,
                "presets": presets,
                "default_permissions": default_permissions,
                "webhook_events": webhook_events,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.permission_out import PermissionOut
        from ..models.permission_preset_out import PermissionPresetOut

        d = dict(src_dict)
        permissions = []
        _permissions = d.pop("permissions")
        for permissions_item_data in _permissions:
            permissions_item = PermissionOut.from_dict(permissions_item_data)

            permissions.append(permissions_item)

        presets = []
        _presets = d.pop("presets")
        for presets_item_data in _presets:
            presets_item = PermissionPresetOut.from_dict(presets_item_data)

            presets.append(presets_item)

        default_permissions = []
        _default_permissions = d.pop("default_permissions")
        for componentsschemas_permission_set_item_data in _default_permissions:
            componentsschemas_permission_set_item = Permission(
                componentsschemas_permission_set_item_data
            )

            default_permissions.append(componentsschemas_permission_set_item)

        webhook_events = []
        _webhook_events = d.pop("webhook_events")
        for webhook_events_item_data in _webhook_events:
            webhook_events_item = EventType(webhook_events_item_data)

            webhook_events.append(webhook_events_item)

        catalog_out = cls(
            permissions=permissions,
            presets=presets,
            default_permissions=default_permissions,
            webhook_events=webhook_events,
        )

        catalog_out.additional_properties = d
        return catalog_out

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
