from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.key_mode import KeyMode
from ..models.key_scope import KeyScope
from ..models.permission import Permission
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rate_limit_overrides import RateLimitOverrides


T = TypeVar("T", bound="CreateApiKeyIn")


@_attrs_define
class CreateApiKeyIn:
    """A new key.

    Example:
        {'name': 'booking app', 'permissions': ['vehicles:read', 'rides:read']}

    Attributes:
        name (str):
        mode (KeyMode | None | Unset):
        permissions (list[Permission] | None | Unset): Default: `vehicles:read rides:read customers:read zones:read
            pricing:read`.
        scope (KeyScope | None | Unset):
        subaccount_id (None | Unset | UUID):
        allowed_subaccount_ids (list[UUID] | None | Unset): `global` scope: the allowed subaccounts; empty or absent =
            all (management API only;
            a key must list them).
        rate_limits (None | RateLimitOverrides | Unset):
        expires_at (datetime.datetime | None | Unset): RFC 3339; absent = never.
        allowed_ips (list[str] | None | Unset): IPs or CIDRs; empty = any.
    """

    name: str
    mode: KeyMode | None | Unset = UNSET
    permissions: list[Permission] | None | Unset = UNSET
    scope: KeyScope | None | Unset = UNSET
    subaccount_id: None | Unset | UUID = UNSET
    allowed_subaccount_ids: list[UUID] | None | Unset = UNSET
    rate_limits: None | RateLimitOverrides | Unset = UNSET
    expires_at: datetime.datetime | None | Unset = UNSET
    allowed_ips: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.rate_limit_overrides import RateLimitOverrides

        name = self.name

        mode: None | str | Unset
        if isinstance(self.mode, Unset):
            mode = UNSET
        elif isinstance(self.mode, KeyMode):
            mode = self.mode.value
        else:
            mode = self.mode

        permissions: list[str] | None | Unset
        if isinstance(self.permissions, Unset):
            permissions = UNSET
        elif isinstance(self.permissions, list):
            permissions = []
            for permissions_type_0_item_data in self.permissions:
                permissions_type_0_item = permissions_type_0_item_data.value
                permissions.append(permissions_type_0_item)

        else:
            permissions = self.permissions

        scope: None | str | Unset
        if isinstance(self.scope, Unset):
            scope = UNSET
        elif isinstance(self.scope, KeyScope):
            scope = self.scope.value
        else:
            scope = self.scope

        subaccount_id: None | str | Unset
        if isinstance(self.subaccount_id, Unset):
            subaccount_id = UNSET
        elif isinstance(self.subaccount_id, UUID):
            subaccount_id = str(self.subaccount_id)
        else:
            subaccount_id = self.subaccount_id

        allowed_subaccount_ids: list[str] | None | Unset
        if isinstance(self.allowed_subaccount_ids, Unset):
            allowed_subaccount_ids = UNSET
        elif isinstance(self.allowed_subaccount_ids, list):
            allowed_subaccount_ids = []
            for allowed_subaccount_ids_type_0_item_data in self.allowed_subaccount_ids:
                allowed_subaccount_ids_type_0_item = str(
                    allowed_subaccount_ids_type_0_item_data
                )
                allowed_subaccount_ids.append(allowed_subaccount_ids_type_0_item)

        else:
            allowed_subaccount_ids = self.allowed_subaccount_ids

        rate_limits: dict[str, Any] | None | Unset
        if isinstance(self.rate_limits, Unset):
            rate_limits = UNSET
        elif isinstance(self.rate_limits, RateLimitOverrides):
            rate_limits = self.rate_limits.to_dict()
        else:
            rate_limits = self.rate_limits

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        allowed_ips: list[str] | None | Unset
        if isinstance(self.allowed_ips, Unset):
            allowed_ips = UNSET
        elif isinstance(self.allowed_ips, list):
            allowed_ips = self.allowed_ips

        else:
            allowed_ips = self.allowed_ips

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if mode is not UNSET:
            field_dict["mode"] = mode
        if permissions is not UNSET:
            field_dict["permissions"] = permissions
        if scope is not UNSET:
            field_dict["scope"] = scope
        if subaccount_id is not UNSET:
            field_dict["subaccount_id"] = subaccount_id
        if allowed_subaccount_ids is not UNSET:
            field_dict["allowed_subaccount_ids"] = allowed_subaccount_ids
        if rate_limits is not UNSET:
            field_dict["rate_limits"] = rate_limits
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if allowed_ips is not UNSET:
            field_dict["allowed_ips"] = allowed_ips

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.rate_limit_overrides import RateLimitOverrides

        d = dict(src_dict)
        name = d.pop("name")

        def _parse_mode(data: object) -> KeyMode | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                mode_type_1 = KeyMode(data)

                return mode_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KeyMode | None | Unset, data)

        mode = _parse_mode(d.pop("mode", UNSET))

        def _parse_permissions(data: object) -> list[Permission] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                permissions_type_0 = []
                _permissions_type_0 = data
                for permissions_type_0_item_data in _permissions_type_0:
                    permissions_type_0_item = Permission(permissions_type_0_item_data)

                    permissions_type_0.append(permissions_type_0_item)

                return permissions_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Permission] | None | Unset, data)

        permissions = _parse_permissions(d.pop("permissions", UNSET))

        def _parse_scope(data: object) -> KeyScope | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                scope_type_1 = KeyScope(data)

                return scope_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KeyScope | None | Unset, data)

        scope = _parse_scope(d.pop("scope", UNSET))

        def _parse_subaccount_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                subaccount_id_type_1 = UUID(data)

                return subaccount_id_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        subaccount_id = _parse_subaccount_id(d.pop("subaccount_id", UNSET))

        def _parse_allowed_subaccount_ids(data: object) -> list[UUID] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                allowed_subaccount_ids_type_0 = []
                _allowed_subaccount_ids_type_0 = data
                for (
                    allowed_subaccount_ids_type_0_item_data
                ) in _allowed_subaccount_ids_type_0:
                    allowed_subaccount_ids_type_0_item = UUID(
                        allowed_subaccount_ids_type_0_item_data
                    )

                    allowed_subaccount_ids_type_0.append(
                        allowed_subaccount_ids_type_0_item
                    )

                return allowed_subaccount_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[UUID] | None | Unset, data)

        allowed_subaccount_ids = _parse_allowed_subaccount_ids(
            d.pop("allowed_subaccount_ids", UNSET)
        )

        def _parse_rate_limits(data: object) -> None | RateLimitOverrides | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                rate_limits_type_1 = RateLimitOverrides.from_dict(data)

                return rate_limits_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RateLimitOverrides | Unset, data)

        rate_limits = _parse_rate_limits(d.pop("rate_limits", UNSET))

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

        def _parse_allowed_ips(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                allowed_ips_type_0 = cast(list[str], data)

                return allowed_ips_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        allowed_ips = _parse_allowed_ips(d.pop("allowed_ips", UNSET))

        create_api_key_in = cls(
            name=name,
            mode=mode,
            permissions=permissions,
            scope=scope,
            subaccount_id=subaccount_id,
            allowed_subaccount_ids=allowed_subaccount_ids,
            rate_limits=rate_limits,
            expires_at=expires_at,
            allowed_ips=allowed_ips,
        )

        return create_api_key_in
