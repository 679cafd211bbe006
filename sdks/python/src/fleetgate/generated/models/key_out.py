from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.key_mode import KeyMode
from ..models.key_scope import KeyScope
from ..models.key_status import KeyStatus
from ..models.permission import Permission
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rate_limit_overrides import RateLimitOverrides


T = TypeVar("T", bound="KeyOut")


@_attrs_define
class KeyOut:
    """A key as shown to its holders (never the secret).

    Attributes:
        id (UUID):
        name (str):
        prefix (str): First 12 characters of the secret. Example: lf_pk_a1b2c3.
        mode (KeyMode): Whether a key acts on live or test data.
        status (KeyStatus): Where a key stands in its lifecycle, most final first.
        permissions (list[Permission]):
        scope (KeyScope): `subaccount`: exactly one subaccount. `global`: `allowed_subaccount_ids`, empty = all of
            the tenant's subaccounts of the key's mode.
        allowed_subaccount_ids (list[UUID]): `subaccount` scope: its one subaccount. `global`: the allowed list (empty =
            all).
        rate_limit_overrides (RateLimitOverrides): Per-key overrides of the plan's limits; `None` = the plan default.
        allowed_ips (list[str]):
        created_at (datetime.datetime):
        expires_at (datetime.datetime | None | Unset):
        last_used_at (datetime.datetime | None | Unset):
    """

    id: UUID
    name: str
    prefix: str
    mode: KeyMode
    status: KeyStatus
    permissions: list[Permission]
    scope: KeyScope
    allowed_subaccount_ids: list[UUID]
    rate_limit_overrides: RateLimitOverrides
    allowed_ips: list[str]
    created_at: datetime.datetime
    expires_at: datetime.datetime | None | Unset = UNSET
    last_used_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        prefix = self.prefix

        mode = self.mode.value

        status = self.status.value

        permissions = []
        for componentsschemas_permission_set_item_data in self.permissions:
            componentsschemas_permission_set_item = (
                componentsschemas_permission_set_item_data.value
            )
            permissions.append(componentsschemas_permission_set_item)

        scope = self.scope.value

        allowed_subaccount_ids = []
        for allowed_subaccount_ids_item_data in self.allowed_subaccount_ids:
            allowed_subaccount_ids_item = str(allowed_subaccount_ids_item_data)
            allowed_subaccount_ids.append(allowed_subaccount_ids_item)

        rate_limit_overrides = self.rate_limit_overrides.to_dict()

        allowed_ips = self.allowed_ips

        created_at = self.created_at.isoformat()

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        last_used_at: None | str | Unset
        if isinstance(self.last_used_at, Unset):
            last_used_at = UNSET
        elif isinstance(self.last_used_at, datetime.datetime):
            last_used_at = self.last_used_at.isoformat()
        else:
            last_used_at = self.last_used_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "prefix": prefix,
                "mode": mode,
                "status": status,
                "permissions": permissions,
                "scope": scope,
                "allowed_subaccount_ids": allowed_subaccount_ids,
                "rate_limit_overrides": rate_limit_overrides,
                "allowed_ips": allowed_ips,
                "created_at": created_at,
            }
        )
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if last_used_at is not UNSET:
            field_dict["last_used_at"] = last_used_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.rate_limit_overrides import RateLimitOverrides

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        prefix = d.pop("prefix")

        mode = KeyMode(d.pop("mode"))

        status = KeyStatus(d.pop("status"))

        permissions = []
        _permissions = d.pop("permissions")
        for componentsschemas_permission_set_item_data in _permissions:
            componentsschemas_permission_set_item = Permission(
                componentsschemas_permission_set_item_data
            )

            permissions.append(componentsschemas_permission_set_item)

        scope = KeyScope(d.pop("scope"))

        allowed_subaccount_ids = []
        _allowed_subaccount_ids = d.pop("allowed_subaccount_ids")
        for allowed_subaccount_ids_item_data in _allowed_subaccount_ids:
            allowed_subaccount_ids_item = UUID(allowed_subaccount_ids_item_data)

            allowed_subaccount_ids.append(allowed_subaccount_ids_item)

        rate_limit_overrides = RateLimitOverrides.from_dict(
            d.pop("rate_limit_overrides")
        )

        allowed_ips = cast(list[str], d.pop("allowed_ips"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        def _parse_last_used_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_used_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_used_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_used_at = _parse_last_used_at(d.pop("last_used_at", UNSET))

        key_out = cls(
            id=id,
            name=name,
            prefix=prefix,
            mode=mode,
            status=status,
            permissions=permissions,
            scope=scope,
            allowed_subaccount_ids=allowed_subaccount_ids,
            rate_limit_overrides=rate_limit_overrides,
            allowed_ips=allowed_ips,
            created_at=created_at,
            expires_at=expires_at,
            last_used_at=last_used_at,
        )

        key_out.additional_properties = d
        return key_out

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
