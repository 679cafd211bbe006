from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

T = TypeVar("T", bound="TokenOut")


@_attrs_define
class TokenOut:
    """
    Attributes:
        token (str): A JWT (HS256). Send as `Authorization: Bearer <token>`.
        token_type (str):  Example: Bearer.
        expires_at (datetime.datetime):
        expires_in (int): Seconds until `expires_at`.
        api_key_id (UUID):
    """

    token: str
    token_type: str
    expires_at: datetime.datetime
    expires_in: int
    api_key_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        token = self.token

        token_type = self.token_type

        expires_at = self.expires_at.isoformat()

        expires_in = self.expires_in

        api_key_id = str(self.api_key_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "token": token,
                "token_type": token_type,
                "expires_at": expires_at,
                "expires_in": expires_in,
                "api_key_id": api_key_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        token = d.pop("token")

        token_type = d.pop("token_type")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        expires_in = d.pop("expires_in")

        api_key_id = UUID(d.pop("api_key_id"))

        token_out = cls(
            token=token,
            token_type=token_type,
            expires_at=expires_at,
            expires_in=expires_in,
            api_key_id=api_key_id,
        )

        token_out.additional_properties = d
        return token_out

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
