from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.api_key_out import ApiKeyOut


T = TypeVar("T", bound="ApiKeySecretOut")


@_attrs_define
class ApiKeySecretOut:
    """A key with its secret: only in the create and regenerate responses.

    Attributes:
        key (ApiKeyOut): A key as shown in lists and on reads (never its secret).
        secret (str): The full key. Shown exactly once: store it now. Example: lf_pk_AbCdEfGhIjKlMnOpQrStUvWxYz012345.
    """

    key: ApiKeyOut
    secret: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key = self.key.to_dict()

        secret = self.secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "key": key,
                "secret": secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.api_key_out import ApiKeyOut

        d = dict(src_dict)
        key = ApiKeyOut.from_dict(d.pop("key"))

        secret = d.pop("secret")

        api_key_secret_out = cls(
            key=key,
            secret=secret,
        )

        api_key_secret_out.additional_properties = d
        return api_key_secret_out

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
