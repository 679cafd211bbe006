from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="RentalUrisIn")


@_attrs_define
class RentalUrisIn:
    """Deep links published per vehicle in `vehicle_status.json`; `{vehicle_id}` is replaced
    with the vehicle's public (rotating) id.

        Attributes:
            web (None | str | Unset):  Example: https://ride.example.com/v/{vehicle_id}.
            android (None | str | Unset):
            ios (None | str | Unset):
    """

    web: None | str | Unset = UNSET
    android: None | str | Unset = UNSET
    ios: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        web: None | str | Unset
        if isinstance(self.web, Unset):
            web = UNSET
        else:
            web = self.web

        android: None | str | Unset
        if isinstance(self.android, Unset):
            android = UNSET
        else:
            android = self.android

        ios: None | str | Unset
        if isinstance(self.ios, Unset):
            ios = UNSET
        else:
            ios = self.ios

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if web is not UNSET:
            field_dict["web"] = web
        if android is not UNSET:
            field_dict["android"] = android
        if ios is not UNSET:
            field_dict["ios"] = ios

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_web(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        web = _parse_web(d.pop("web", UNSET))

        def _parse_android(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        android = _parse_android(d.pop("android", UNSET))

        def _parse_ios(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ios = _parse_ios(d.pop("ios", UNSET))

        rental_uris_in = cls(
            web=web,
            android=android,
            ios=ios,
        )

        return rental_uris_in
