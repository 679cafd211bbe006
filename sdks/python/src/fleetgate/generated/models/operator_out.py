from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.role import Role
from ..types import UNSET, Unset

T = TypeVar("T", bound="OperatorOut")


@_attrs_define
class OperatorOut:
    """An operator as shown to operators (never the password hash).

    Attributes:
        id (UUID):
        tenant_id (UUID):
        email (str):  Example: ops@example.com.
        name (str):
        role (Role): `viewer`: reads everything of the tenant. `admin`: also changes keys, webhooks and
            subaccounts. `owner`: also manages operators.
        created_at (datetime.datetime):
        last_login_at (datetime.datetime | None | Unset):
    """

    id: UUID
    tenant_id: UUID
    email: str
    name: str
    role: Role
    created_at: datetime.datetime
    last_login_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        tenant_id = str(self.tenant_id)

        email = self.email

        name = self.name

        role = self.role.value

        created_at = self.created_at.isoformat()

        last_login_at: None | str | Unset
        if isinstance(self.last_login_at, Unset):
            last_login_at = UNSET
        elif isinstance(self.last_login_at, datetime.datetime):
            last_login_at = self.last_login_at.isoformat()
        else:
            last_login_at = self.last_login_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "tenant_id": tenant_id,
                "email": email,
                "name": name,
                "role": role,
                "created_at": created_at,
            }
        )
        if last_login_at is not UNSET:
            field_dict["last_login_at"] = last_login_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        tenant_id = UUID(d.pop("tenant_id"))

        email = d.pop("email")

        name = d.pop("name")

        role = Role(d.pop("role"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_last_login_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_login_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_login_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_login_at = _parse_last_login_at(d.pop("last_login_at", UNSET))

        operator_out = cls(
            id=id,
            tenant_id=tenant_id,
            email=email,
            name=name,
            role=role,
            created_at=created_at,
            last_login_at=last_login_at,
        )

        operator_out.additional_properties = d
        return operator_out

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
