from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

T = TypeVar("T", bound="StatusCountsOut")


@_attrs_define
class StatusCountsOut:
    """Requests by outcome; the five parts add up to `total`.

    Attributes:
        total (int):
        success (int): 2xx.
        client_error (int): 4xx other than 429.
        server_error (int): 5xx.
        rate_limited (int): 429.
        other (int): 1xx and 3xx.
    """

    total: int
    success: int
    client_error: int
    server_error: int
    rate_limited: int
    other: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        success = self.success

        client_error = self.client_error

        server_error = self.server_error

        rate_limited = self.rate_limited

        other = self.other

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total": total,
                "success": success,
                "client_error": client_error,
                "server_error": server_error,
                "rate_limited": rate_limited,
                "other": other,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        total = d.pop("total")

        success = d.pop("success")

        client_error = d.pop("client_error")

        server_error = d.pop("server_error")

        rate_limited = d.pop("rate_limited")

        other = d.pop("other")

        status_counts_out = cls(
            total=total,
            success=success,
            client_error=client_error,
            server_error=server_error,
            rate_limited=rate_limited,
            other=other,
        )

        status_counts_out.additional_properties = d
        return status_counts_out

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
