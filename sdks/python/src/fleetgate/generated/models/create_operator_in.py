from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.role import Role
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateOperatorIn")


@_attrs_define
class CreateOperatorIn:
    """A new operator. Without `password` one is generated and returned once.

    Example:
        {'email': 'new.ops@example.com', 'name': 'Alex Doe', 'role': 'viewer'}

    Attributes:
        email (str):
        name (str):
        role (Role): `viewer`: reads everything of the tenant. `admin`: also changes keys, webhooks and
            subaccounts. `owner`: also manages operators.
        password (None | str | Unset): 12–256 characters; absent = generated.
    """

    email: str
    name: str
    role: Role
    password: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        name = self.name

        role = self.role.value

        password: None | str | Unset
        if isinstance(self.password, Unset):
            password = UNSET
        else:
            password = self.password

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
                "name": name,
                "role": role,
            }
        )
        if password is not UNSET:
            field_dict["password"] = password

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        email = d.pop("email")

        name = d.pop("name")

        role = Role(d.pop("role"))

        def _parse_password(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        password = _parse_password(d.pop("password", UNSET))

        create_operator_in = cls(
            email=email,
            name=name,
            role=role,
            password=password,
        )

        return create_operator_in
