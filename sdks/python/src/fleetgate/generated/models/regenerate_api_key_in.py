from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="RegenerateApiKeyIn")


@_attrs_define
class RegenerateApiKeyIn:
    """Regeneration options.

    Attributes:
        grace_period_seconds (int | None | Unset): Seconds (0–86400) during which the old secret keeps working; default
            0.
    """

    grace_period_seconds: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        grace_period_seconds: int | None | Unset
        if isinstance(self.grace_period_seconds, Unset):
            grace_period_seconds = UNSET
        else:
            grace_period_seconds = self.grace_period_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if grace_period_seconds is not UNSET:
            field_dict["grace_period_seconds"] = grace_period_seconds

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_grace_period_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        grace_period_seconds = _parse_grace_period_seconds(
            d.pop("grace_period_seconds", UNSET)
        )

        regenerate_api_key_in = cls(
            grace_period_seconds=grace_period_seconds,
        )

        return regenerate_api_key_in
