from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.role import Role

T = TypeVar("T", bound="UpdateOperatorIn")


@_attrs_define
class UpdateOperatorIn:
    """A role change.

    Example:
        {'role': 'admin'}

    Attributes:
        role (Role): `viewer`: reads everything of the tenant. `admin`: also changes keys, webhooks and
            subaccounts. `owner`: also manages operators.
    """

    role: Role

    def to_dict(self) -> dict[str, Any]:
        role = self.role.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        role = Role(d.pop("role"))

        update_operator_in = cls(
            role=role,
        )

        return update_operator_in
