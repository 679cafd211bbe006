from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rental_uris_in import RentalUrisIn


T = TypeVar("T", bound="UpdateGbfsFeedIn")


@_attrs_define
class UpdateGbfsFeedIn:
    """Changes to a subaccount's feed; absent fields stay.

    Example:
        {'enabled': True, 'feed_contact_email': 'opendata@example.com'}

    Attributes:
        enabled (bool | None | Unset): Publish the feed (never for sandbox subaccounts).
        feed_contact_email (None | str | Unset): Published in `system_information.json`; required to enable the feed the
            first time.
        rental_uris (None | RentalUrisIn | Unset):
    """

    enabled: bool | None | Unset = UNSET
    feed_contact_email: None | str | Unset = UNSET
    rental_uris: None | RentalUrisIn | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.rental_uris_in import RentalUrisIn

        enabled: bool | None | Unset
        if isinstance(self.enabled, Unset):
            enabled = UNSET
        else:
            enabled = self.enabled

        feed_contact_email: None | str | Unset
        if isinstance(self.feed_contact_email, Unset):
            feed_contact_email = UNSET
        else:
            feed_contact_email = self.feed_contact_email

        rental_uris: dict[str, Any] | None | Unset
        if isinstance(self.rental_uris, Unset):
            rental_uris = UNSET
        elif isinstance(self.rental_uris, RentalUrisIn):
            rental_uris = self.rental_uris.to_dict()
        else:
            rental_uris = self.rental_uris

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if feed_contact_email is not UNSET:
            field_dict["feed_contact_email"] = feed_contact_email
        if rental_uris is not UNSET:
            field_dict["rental_uris"] = rental_uris

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.rental_uris_in import RentalUrisIn

        d = dict(src_dict)

        def _parse_enabled(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        enabled = _parse_enabled(d.pop("enabled", UNSET))

        def _parse_feed_contact_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        feed_contact_email = _parse_feed_contact_email(
            d.pop("feed_contact_email", UNSET)
        )

        def _parse_rental_uris(data: object) -> None | RentalUrisIn | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                rental_uris_type_1 = RentalUrisIn.from_dict(data)

                return rental_uris_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RentalUrisIn | Unset, data)

        rental_uris = _parse_rental_uris(d.pop("rental_uris", UNSET))

        update_gbfs_feed_in = cls(
            enabled=enabled,
            feed_contact_email=feed_contact_email,
            rental_uris=rental_uris,
        )

        return update_gbfs_feed_in
