from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.zone_type import ZoneType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.geo_json_multi_polygon import GeoJsonMultiPolygon
    from ..models.geo_json_polygon import GeoJsonPolygon


T = TypeVar("T", bound="ZoneOut")


@_attrs_define
class ZoneOut:
    """A zone.

    Attributes:
        id (UUID):
        name (str):  Example: Mitte operating area.
        type_ (ZoneType): What a zone means for rides.
        geometry (GeoJsonMultiPolygon | GeoJsonPolygon): GeoJSON `Polygon` or `MultiPolygon`, positions `[longitude,
            latitude]`. Stored and returned as `type` and `coordinates` only.
        subaccount_id (UUID):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        speed_limit_kph (int | None | Unset): Set for `slow_speed` zones only.
    """

    id: UUID
    name: str
    type_: ZoneType
    geometry: GeoJsonMultiPolygon | GeoJsonPolygon
    subaccount_id: UUID
    created_at: datetime.datetime
    updated_at: datetime.datetime
    speed_limit_kph: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.geo_json_polygon import GeoJsonPolygon

        id = str(self.id)

        name = self.name

        type_ = self.type_.value

        geometry: dict[str, Any]
        if isinstance(self.geometry, GeoJsonPolygon):
            geometry = self.geometry.to_dict()
        else:
            geometry = self.geometry.to_dict()

        subaccount_id = str(self.subaccount_id)

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        speed_limit_kph: int | None | Unset
        if isinstance(self.speed_limit_kph, Unset):
            speed_limit_kph = UNSET
        else:
            speed_limit_kph = self.speed_limit_kph

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "type": type_,
                "geometry": geometry,
                "subaccount_id": subaccount_id,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if speed_limit_kph is not UNSET:
            field_dict["speed_limit_kph"] = speed_limit_kph

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.geo_json_multi_polygon import GeoJsonMultiPolygon
        from ..models.geo_json_polygon import GeoJsonPolygon

        d = dict(src_dict)
        id = UUID(d.pop("id"))

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

        subaccount_id = UUID(d.pop("subaccount_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_speed_limit_kph(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        speed_limit_kph = _parse_speed_limit_kph(d.pop("speed_limit_kph", UNSET))

        zone_out = cls(
            id=id,
            name=name,
            type_=type_,
            geometry=geometry,
            subaccount_id=subaccount_id,
            created_at=created_at,
            updated_at=updated_at,
            speed_limit_kph=speed_limit_kph,
        )

        zone_out.additional_properties = d
        return zone_out

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
