from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.meta import Meta
    from ..models.zone_deleted_out import ZoneDeletedOut


T = TypeVar("T", bound="DataEnvelopeZoneDeletedOut")


@_attrs_define
class DataEnvelopeZoneDeletedOut:
    """A `ZoneDeletedOut` in the envelope.

    Attributes:
        data (ZoneDeletedOut): A deleted zone.
        meta (Meta): Present on every response, errors included.
    """

    data: ZoneDeletedOut
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
        from ..models.zone_deleted_out import ZoneDeletedOut

        d = dict(src_dict)
        data = ZoneDeletedOut.from_dict(d.pop("data"))

        meta = Meta.from_dict(d.pop("meta"))

        data_envelope_zone_deleted_out = cls(
            data=data,
            meta=meta,
        )

        data_envelope_zone_deleted_out.additional_properties = d
        return data_envelope_zone_deleted_out

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
