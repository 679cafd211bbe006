from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.meta import Meta
    from ..models.usage_out import UsageOut


T = TypeVar("T", bound="DataEnvelopeUsageOut")


@_attrs_define
class DataEnvelopeUsageOut:
    """A `UsageOut` in the envelope.

    Attributes:
        data (UsageOut): Usage of one window.
        meta (Meta): Present on every response, errors included.
    """

    data: UsageOut
    meta: Meta
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        meta = self.meta.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "meta": meta,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.meta import Meta
        from ..models.usage_out import UsageOut

        d = dict(src_dict)
        data = UsageOut.from_dict(d.pop("data"))

        meta = Meta.from_dict(d.pop("meta"))

        data_envelope_usage_out = cls(
            data=data,
            meta=meta,
        )

        data_envelope_usage_out.additional_properties = d
        return data_envelope_usage_out

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
