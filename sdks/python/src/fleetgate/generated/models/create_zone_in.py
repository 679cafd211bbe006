from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.zone_type import ZoneType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.geo_json_multi_polygon import GeoJsonMultiPolygon
    from ..models.geo_json_polygon import GeoJsonPolygon


T = TypeVar("T", bound="CreateZoneIn")


@_attrs_define
class CreateZoneIn:
    """A new zone.

    Example:
        {'geometry': {'coordinates': [[[13.38, 52.51], [13.42, 52.51], [13.42, 52.53], [13.38, 52.53], [13.38, 52.51]]],
            'type': 'Polygon'}, 'name': 'Old town slow zone', 'speed_limit_kph': 10, 'type': 'slow_speed'}

    Attributes:
        name (str):
        type_ (ZoneType): What a zone means for rides.
        geometry (GeoJsonMultiPolygon | GeoJsonPolygon): GeoJSON `Polygon` or `MultiPolygon`, positions `[longitude,
            latitude]`. Stored and returned as `type` and `coordinates` only.
        subaccount_id (None | Unset | UUID):
        speed_limit_kph (int | None | Unset): Required for `slow_speed` (1-200), not allowed otherwise.
    """

    name: str
    type_: ZoneType
    geometry: GeoJsonMultiPolygon | GeoJsonPolygon
    subaccount_id: None | Unset | UUID = UNSET
    speed_limit_kph: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.geo_json_polygon import GeoJsonPolygon

        name = self.name

        type_ = self.type_.value

        geometry: dict[str, Any]
        if isinstance(self.geometry, GeoJsonPolygon):
            geometry = self.geometry.to_dict()
        else:
            geometry = self.geometry.to_dict()

        subaccount_id: None | str | Unset
        if isinstance(self.subaccount_id, Unset):
            subaccount_id = UNSET
        elif isinstance(self.subaccount_id, UUID):
            subaccount_id = str(self.subaccount_id)
        else:
            subaccount_id = self.subaccount_id

        speed_limit_kph: int | None | Unset
        if isinstance(self.speed_limit_kph, Unset):
            speed_limit_kph = UNSET
        else:
            speed_limit_kph = self.speed_limit_kph

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "type": type_,
                "geometry": geometry,
            }
        )
        if subaccount_id is not UNSET:
            field_dict["subaccount_id"] = subaccount_id
        if speed_limit_kph is not UNSET:
            field_dict["speed_limit_kph"] = speed_limit_kph

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.geo_json_multi_polygon import GeoJsonMultiPolygon
        from ..models.geo_json_polygon import GeoJsonPolygon

        d = dict(src_dict)
        name = d.pop("name")

        type_ = ZoneType(d.pop("type"))

        def _parse_geometry(data: object) -> GeoJsonMultiPolygon | GeoJsonPolygon:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_zone_geometry_type_0 = GeoJsonPolygon.from_dict(data)

                return componentsschemas_zone_geometry_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_zone_geometry_type_1 = GeoJsonMultiPolygon.from_dict(data)

            return componentsschemas_zone_geometry_type_1

        geometry = _parse_geometry(d.pop("geometry"))

        def _parse_subaccount_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                subaccount_id_type_1 = UUID(data)

                return subaccount_id_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        subaccount_id = _parse_subaccount_id(d.pop("subaccount_id", UNSET))

        def _parse_speed_limit_kph(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        speed_limit_kph = _parse_speed_limit_kph(d.pop("speed_limit_kph", UNSET))

        create_zone_in = cls(
            name=name,
            type_=type_,
            geometry=geometry,
            subaccount_id=subaccount_id,
            speed_limit_kph=speed_limit_kph,
        )

        return create_zone_in
