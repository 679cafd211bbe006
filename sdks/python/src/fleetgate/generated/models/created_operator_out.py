from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.operator_out import OperatorOut


T = TypeVar("T", bound="CreatedOperatorOut")


@_attrs_define
class CreatedOperatorOut:
    """
    Attributes:
        operator (OperatorOut): An operator as shown to operators (never the password hash).
        initial_password (None | str | Unset): The generated password, shown once (absent when one was given).
    """

    operator: OperatorOut
    initial_password: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        operator = self.operator.to_dict()

        initial_password: None | str | Unset
        if isinstance(self.initial_password, Unset):
            initial_password = UNSET
        else:
            initial_password = self.initial_password

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "operator": operator,
            }
        )
        if initial_password is not UNSET:
            field_dict["initial_password"] = initial_password

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.operator_out import OperatorOut

        d = dict(src_dict)
        operator = OperatorOut.from_dict(d.pop("operator"))

        def _parse_initial_password(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        initial_password = _parse_initial_password(d.pop("initial_password", UNSET))

        created_operator_out = cls(
            operator=operator,
            initial_password=initial_password,
        )

        created_operator_out.additional_properties = d
        return created_operator_out

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
