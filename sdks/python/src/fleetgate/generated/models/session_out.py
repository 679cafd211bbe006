from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.operator_out import OperatorOut


T = TypeVar("T", bound="SessionOut")


@_attrs_define
class SessionOut:
    """A new session. The token is shown only here.

    Attributes:
        token (str): Send as `Authorization: Bearer <token>`. Example: fgs_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ABCD.
        token_type (str):  Example: Bearer.
        expires_at (datetime.datetime): Idle expiry; each use moves it forward, up to `absolute_expires_at`.
        absolute_expires_at (datetime.datetime):
        operator (OperatorOut): An operator as shown to operators (never the password hash).
    """

    token: str
    token_type: str
    expires_at: datetime.datetime
    absolute_expires_at: datetime.datetime
    operator: OperatorOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        token = self.token

        token_type = self.token_type

        expires_at = self.expires_at.isoformat()

        absolute_expires_at = self.absolute_expires_at.isoformat()

        operator = self.operator.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "token": token,
                "token_type": token_type,
                "expires_at": expires_at,
                "absolute_expires_at": absolute_expires_at,
                "operator": operator,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.operator_out import OperatorOut

        d = dict(src_dict)
        token = d.pop("token")

        token_type = d.pop("token_type")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        absolute_expires_at = datetime.datetime.fromisoformat(
            d.pop("absolute_expires_at")
        )

        operator = OperatorOut.from_dict(d.pop("operator"))

        session_out = cls(
            token=token,
            token_type=token_type,
            expires_at=expires_at,
            absolute_expires_at=absolute_expires_at,
            operator=operator,
        )

        session_out.additional_properties = d
        return session_out

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
