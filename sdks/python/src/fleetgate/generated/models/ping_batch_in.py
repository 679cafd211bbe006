from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.ping_in import PingIn


T = TypeVar("T", bound="PingBatchIn")


@_attrs_define
class PingBatchIn:
    """Up to 1 000 pings.

    Attributes:
        pings (list[PingIn]):
    """

    pings: list[PingIn]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pings = []
        for pings_item_data in self.pings:
            pings_item = pings_item_data.to_dict()
            pings.append(pings_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "pings": pings,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.ping_in import PingIn

        d = dict(src_dict)
        pings = []
        _pings = d.pop("pings")
        for pings_item_data in _pings:
            pings_item = PingIn.from_dict(pings_item_data)

            pings.append(pings_item)

        ping_batch_in = cls(
            pings=pings,
        )

        ping_batch_in.additional_properties = d
        return ping_batch_in

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
