from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="LoginIn")


@_attrs_define
class LoginIn:
    """
    Example:
        {'email': 'ops@example.com', 'password': 'correct horse battery staple'}

    Attributes:
        email (str): 1-254 characters, not blank, no control characters.
        password (str): 1-256 characters.
    """

    email: str
    password: str

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        password = self.password

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
                "password": password,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        email = d.pop("email")

        password = d.pop("password")

        login_in = cls(
            email=email,
            password=password,
        )

        return login_in
