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
    from ..models.usage import Usage


T = TypeVar("T", bound="ApiKeyOut")


@_attrs_define
class ApiKeyOut:
    """A key as shown in lists and on reads (never its secret).

    Attributes:
        id (UUID):
        name (str):
        prefix (str): First 12 characters of the secret. Example: lf_pk_a1b2c3.
        mode (KeyMode): Whether a key acts on live or test data.
        status (KeyStatus): Where a key stands in its lifecycle, most final first.
        active (bool):
        permissions (list[Permission]):
        scope (KeyScope): `subaccount`: exactly one subaccount. `global`: `allowed_subaccount_ids`, empty = all of
            the tenant's subaccounts of the key's mode.
        allowed_subaccount_ids (list[UUID]): `global` scope: the allowed subaccounts (empty = all of the key's mode).
        rate_limits (RateLimitOverrides): Per-key overrides of the plan's limits; `None` = the plan default.
        allowed_ips (list[str]):
        created_at (datetime.datetime):
        usage (Usage): Requests made with one key (UTC calendar periods, ISO weeks), from the daily roll-up.
        subaccount_id (None | Unset | UUID):
        expires_at (datetime.datetime | None | Unset):
        revoked_at (datetime.datetime | None | Unset):
        created_by (None | str | Unset): Who created it: `operator:<id>`, `api_key:<id>`, `cli`, `demo`.
    """

    id: UUID
    name: str
    prefix: str
    mode: KeyMode
    status: KeyStatus
    active: bool
    permissions: list[Permission]
    scope: KeyScope
    allowed_subaccount_ids: list[UUID]
    rate_limits: RateLimitOverrides
    allowed_ips: list[str]
    created_at: datetime.datetime
    usage: Usage
    subaccount_id: None | Unset | UUID = UNSET
    expires_at: datetime.datetime | None | Unset = UNSET
    revoked_at: datetime.datetime | None | Unset = UNSET
    created_by: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        prefix = self.prefix

        mode = self.mode.value

        status = self.status.value

        active = self.active

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

        rate_limits = self.rate_limits.to_dict()

        allowed_ips = self.allowed_ips

        created_at = self.created_at.isoformat()

        usage = self.usage.to_dict()

        subaccount_id: None | str | Unset
        if isinstance(self.subaccount_id, Unset):
            subaccount_id = UNSET
        elif isinstance(self.subaccount_id, UUID):
            subaccount_id = str(self.subaccount_id)
        else:
            subaccount_id = self.subaccount_id

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        revoked_at: None | str | Unset
        if isinstance(self.revoked_at, Unset):
            revoked_at = UNSET
        elif isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        created_by: None | str | Unset
        if isinstance(self.created_by, Unset):
            created_by = UNSET
        else:
            created_by = self.created_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "prefix": prefix,
                "mode": mode,
                "status": status,
                "active": active,
                "permissions": permissions,
                "scope": scope,
                "allowed_subaccount_ids": allowed_subaccount_ids,
                "rate_limits": rate_limits,
                "allowed_ips": allowed_ips,
                "created_at": created_at,
                "usage": usage,
            }
        )
        if subaccount_id is not UNSET:
            field_dict["subaccount_id"] = subaccount_id
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if revoked_at is not UNSET:
            field_dict["revoked_at"] = revoked_at
        if created_by is not UNSET:
            field_dict["created_by"] = created_by

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.rate_limit_overrides import RateLimitOverrides
        from ..models.usage import Usage

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        prefix = d.pop("prefix")

        mode = KeyMode(d.pop("mode"))

        status = KeyStatus(d.pop("status"))

        active = d.pop("active")

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

        rate_limits = RateLimitOverrides.from_dict(d.pop("rate_limits"))

        allowed_ips = cast(list[str], d.pop("allowed_ips"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        usage = Usage.from_dict(d.pop("usage"))

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

        def _parse_revoked_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)

                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at", UNSET))

        def _parse_created_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        created_by = _parse_created_by(d.pop("created_by", UNSET))

        api_key_out = cls(
            id=id,
            name=name,
            prefix=prefix,
            mode=mode,
            status=status,
            active=active,
            permissions=permissions,
            scope=scope,
            allowed_subaccount_ids=allowed_subaccount_ids,
            rate_limits=rate_limits,
            allowed_ips=allowed_ips,
            created_at=created_at,
            usage=usage,
            subaccount_id=subaccount_id,
            expires_at=expires_at,
            revoked_at=revoked_at,
            created_by=created_by,
        )

        api_key_out.additional_properties = d
        return api_key_out

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
