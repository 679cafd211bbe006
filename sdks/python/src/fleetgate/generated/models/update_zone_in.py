from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.zone_type import ZoneType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.geo_json_multi_polygon import GeoJsonMultiPolygon
    from ..models.geo_json_polygon import GeoJsonPolygon


T = TypeVar("T", bound="UpdateZoneIn")


@_attrs_define
class UpdateZoneIn:
    """Changes to a zone; absent fields stay.

    Example:
        {'name': 'Old town (20 km/h)', 'speed_limit_kph': 20}

    Attributes:
        name (None | str | Unset):
        type_ (None | Unset | ZoneType):
        geometry (GeoJsonMultiPolygon | GeoJsonPolygon | None | Unset):
        speed_limit_kph (int | None | Unset): `null` clears it; leaving `slow_speed` without sending it clears it too.
    """

    name: None | str | Unset = UNSET
    type_: None | Unset | ZoneType = UNSET
    geometry: GeoJsonMultiPolygon | GeoJsonPolygon | None | Unset = UNSET
    speed_limit_kph: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.geo_json_multi_polygon import GeoJsonMultiPolygon
        from ..models.geo_json_polygon import GeoJsonPolygon

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        type_: None | str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        elif isinstance(self.type_, ZoneType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        geometry: dict[str, Any] | None | Unset
        if isinstance(self.geometry, Unset):
            geometry = UNSET
        elif isinstance(self.geometry, GeoJsonPolygon) or isinstance(
            self.geometry, GeoJsonMultiPolygon
        ):
            geometry = self.geometry.to_dict()
        else:
            geometry = self.geometry

        speed_limit_kph: int | None | Unset
        if isinstance(self.speed_limit_kph, Unset):
            speed_limit_kph = UNSET
        else:
            speed_limit_kph = self.speed_limit_kph

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if type_ is not UNSET:
            field_dict["type"] = type_
        if geometry is not UNSET:
            field_dict["geometry"] = geometry
        if speed_limit_kph is not UNSET:
            field_dict["speed_limit_kph"] = speed_limit_kph

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.geo_json_multi_polygon import GeoJsonMultiPolygon
        from ..models.geo_json_polygon import GeoJsonPolygon

        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_type_(data: object) -> None | Unset | ZoneType:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_1 = ZoneType(data)

                return type_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | ZoneType, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        def _parse_geometry(
            data: object,
        ) -> GeoJsonMultiPolygon | GeoJsonPolygon | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_zone_geometry_type_0 = GeoJsonPolygon.from_dict(data)

                return componentsschemas_zone_geometry_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_zone_geometry_type_1 = GeoJsonMultiPolygon.from_dict(
                    data
                )

                return componentsschemas_zone_geometry_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GeoJsonMultiPolygon | GeoJsonPolygon | None | Unset, data)

        geometry = _parse_geometry(d.pop("geometry", UNSET))

        def _parse_speed_limit_kph(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        speed_limit_kph = _parse_speed_limit_kph(d.pop("speed_limit_kph", UNSET))

        update_zone_in = cls(
            name=name,
            type_=type_,
            geometry=geometry,
            speed_limit_kph=speed_limit_kph,
        )

        return update_zone_in
