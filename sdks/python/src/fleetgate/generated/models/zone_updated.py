from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.config_action import ConfigAction
from ..models.zone_type import ZoneType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ZoneUpdated")


@_attrs_define
class ZoneUpdated:
    """Data of `zone.updated`: the zone after the change (for `deleted`, as it was). The
    geometry is not repeated (it can hold 10 000 positions): its bounding box is, and
    `GET /zones/{id}` returns the whole zone.

        Attributes:
            action (ConfigAction): What happened to a zone or pricing plan (`action` of `zone.updated` / `pricing.updated`).
            zone_id (UUID):
            name (str):  Example: Mitte operating area.
            type_ (ZoneType): What a zone means for rides.
            bbox (list[float]): `[min_lng, min_lat, max_lng, max_lat]` of the geometry. Example: [13.38, 52.51, 13.42,
                52.53].
            subaccount_id (UUID):
            updated_at (datetime.datetime):
            speed_limit_kph (int | None | Unset): Set for `slow_speed` zones only.
    """

    action: ConfigAction
    zone_id: UUID
    name: str
    type_: ZoneType
    bbox: list[float]
    subaccount_id: UUID
    updated_at: datetime.datetime
    speed_limit_kph: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        zone_id = str(self.zone_id)

        name = self.name

        type_ = self.type_.value

        bbox = self.bbox

        subaccount_id = str(self.subaccount_id)

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
                "action": action,
                "zone_id": zone_id,
                "name": name,
                "type": type_,
                "bbox": bbox,
                "subaccount_id": subaccount_id,
                "updated_at": updated_at,
            }
        )
        if speed_limit_kph is not UNSET:
            field_dict["speed_limit_kph"] = speed_limit_kph

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        action = ConfigAction(d.pop("action"))

        zone_id = UUID(d.pop("zone_id"))

        name = d.pop("name")

        type_ = ZoneType(d.pop("type"))

        bbox = cast(list[float], d.pop("bbox"))

        subaccount_id = UUID(d.pop("subaccount_id"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_speed_limit_kph(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        speed_limit_kph = _parse_speed_limit_kph(d.pop("speed_limit_kph", UNSET))

        zone_updated = cls(
            action=action,
            zone_id=zone_id,
            name=name,
            type_=type_,
            bbox=bbox,
            subaccount_id=subaccount_id,
            updated_at=updated_at,
            speed_limit_kph=speed_limit_kph,
        )

        zone_updated.additional_properties = d
        return zone_updated

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
