from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.geo_json_multi_polygon_type import GeoJsonMultiPolygonType

T = TypeVar("T", bound="GeoJsonMultiPolygon")


@_attrs_define
class GeoJsonMultiPolygon:
    """A GeoJSON `MultiPolygon`: polygons that do not overlap one another.

    Attributes:
        type_ (GeoJsonMultiPolygonType):
        coordinates (list[list[list[list[float]]]]): 1 to 1000 polygons, each as a Polygon's `coordinates`.
    """

    type_: GeoJsonMultiPolygonType
    coordinates: list[list[list[list[float]]]]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        coordinates = []
        for coordinates_item_data in self.coordinates:
            coordinates_item = []
            for coordinates_item_item_data in coordinates_item_data:
                coordinates_item_item = []
                for (
                    componentsschemas_linear_ring_item_data
                ) in coordinates_item_item_data:
                    componentsschemas_linear_ring_item = []
                    for (
                        componentsschemas_position_item_data
                    ) in componentsschemas_linear_ring_item_data:
                        componentsschemas_position_item: float
                        componentsschemas_position_item = (
                            componentsschemas_position_item_data
                        )
                        componentsschemas_linear_ring_item.append(
                            componentsschemas_position_item
                        )

                    coordinates_item_item.append(componentsschemas_linear_ring_item)

                coordinates_item.append(coordinates_item_item)

            coordinates.append(coordinates_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "coordinates": coordinates,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = GeoJsonMultiPolygonType(d.pop("type"))

        coordinates = []
        _coordinates = d.pop("coordinates")
        for coordinates_item_data in _coordinates:
            coordinates_item = []
            _coordinates_item = coordinates_item_data
            for coordinates_item_item_data in _coordinates_item:
                coordinates_item_item = []
                _coordinates_item_item = coordinates_item_item_data
                for componentsschemas_linear_ring_item_data in _coordinates_item_item:
                    componentsschemas_linear_ring_item = []
                    _componentsschemas_linear_ring_item = (
                        componentsschemas_linear_ring_item_data
                    )
                    for (
                        componentsschemas_position_item_data
                    ) in _componentsschemas_linear_ring_item:

                        def _parse_componentsschemas_position_item(
                            data: object,
                        ) -> float:
                            return cast(float, data)

                        componentsschemas_position_item = (
                            _parse_componentsschemas_position_item(
                                componentsschemas_position_item_data
                            )
                        )

                        componentsschemas_linear_ring_item.append(
                            componentsschemas_position_item
                        )

                    coordinates_item_item.append(componentsschemas_linear_ring_item)

                coordinates_item.append(coordinates_item_item)

            coordinates.append(coordinates_item)

        geo_json_multi_polygon = cls(
            type_=type_,
            coordinates=coordinates,
        )

        geo_json_multi_polygon.additional_properties = d
        return geo_json_multi_polygon

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
