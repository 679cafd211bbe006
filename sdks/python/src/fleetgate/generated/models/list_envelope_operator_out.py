from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.cursor_pagination import CursorPagination
    from ..models.meta import Meta
    from ..models.operator_out import OperatorOut
    from ..models.page_pagination import PagePagination


T = TypeVar("T", bound="ListEnvelopeOperatorOut")


@_attrs_define
class ListEnvelopeOperatorOut:
    """A page of `OperatorOut`.

    Attributes:
        data (list[OperatorOut]):
        pagination (CursorPagination | PagePagination): Pagination block of a list response: page based (with a total)
            or cursor based.
        meta (Meta): Present on every response, errors included.
    """

    data: list[OperatorOut]
    pagination: CursorPagination | PagePagination
    meta: Meta
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.page_pagination import PagePagination

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        pagination: dict[str, Any]
        if isinstance(self.pagination, PagePagination):
            pagination = self.pagination.to_dict()
        else:
            pagination = self.pagination.to_dict()

        meta = self.meta.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "pagination": pagination,
                "meta": meta,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.cursor_pagination import CursorPagination
        from ..models.meta import Meta
        from ..models.operator_out import OperatorOut
        from ..models.page_pagination import PagePagination

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = OperatorOut.from_dict(data_item_data)

            data.append(data_item)

        def _parse_pagination(data: object) -> CursorPagination | PagePagination:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_pagination_type_0 = PagePagination.from_dict(data)

                return componentsschemas_pagination_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_pagination_type_1 = CursorPagination.from_dict(data)

            return componentsschemas_pagination_type_1

        pagination = _parse_pagination(d.pop("pagination"))

        meta = Meta.from_dict(d.pop("meta"))

        list_envelope_operator_out = cls(
            data=data,
            pagination=pagination,
            meta=meta,
        )

        list_envelope_operator_out.additional_properties = d
        return list_envelope_operator_out

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
