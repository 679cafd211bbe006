from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="GbfsFeedOut")


@_attrs_define
class GbfsFeedOut:
    """A subaccount's GBFS feed settings.

    Attributes:
        subaccount_id (UUID):
        enabled (bool):
        url (None | str | Unset): `gbfs.json` of the feed (share this); `null` until the feed is configured. Example:
            https://api.example.com/gbfs/Ab12…/gbfs.json.
        feed_contact_email (None | str | Unset):
        rental_uri_web (None | str | Unset):
        rental_uri_android (None | str | Unset):
        rental_uri_ios (None | str | Unset):
        updated_at (datetime.datetime | None | Unset):
    """

    subaccount_id: UUID
    enabled: bool
    url: None | str | Unset = UNSET
    feed_contact_email: None | str | Unset = UNSET
    rental_uri_web: None | str | Unset = UNSET
    rental_uri_android: None | str | Unset = UNSET
    rental_uri_ios: None | str | Unset = UNSET
    updated_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        subaccount_id = str(self.subaccount_id)

        enabled = self.enabled

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        feed_contact_email: None | str | Unset
        if isinstance(self.feed_contact_email, Unset):
            feed_contact_email = UNSET
        else:
            feed_contact_email = self.feed_contact_email

        rental_uri_web: None | str | Unset
        if isinstance(self.rental_uri_web, Unset):
            rental_uri_web = UNSET
        else:
            rental_uri_web = self.rental_uri_web

        rental_uri_android: None | str | Unset
        if isinstance(self.rental_uri_android, Unset):
            rental_uri_android = UNSET
        else:
            rental_uri_android = self.rental_uri_android

        rental_uri_ios: None | str | Unset
        if isinstance(self.rental_uri_ios, Unset):
            rental_uri_ios = UNSET
        else:
            rental_uri_ios = self.rental_uri_ios

        updated_at: None | str | Unset
        if isinstance(self.updated_at, Unset):
            updated_at = UNSET
        elif isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "subaccount_id": subaccount_id,
                "enabled": enabled,
            }
        )
        if url is not UNSET:
            field_dict["url"] = url
        if feed_contact_email is not UNSET:
            field_dict["feed_contact_email"] = feed_contact_email
        if rental_uri_web is not UNSET:
            field_dict["rental_uri_web"] = rental_uri_web
        if rental_uri_android is not UNSET:
            field_dict["rental_uri_android"] = rental_uri_android
        if rental_uri_ios is not UNSET:
            field_dict["rental_uri_ios"] = rental_uri_ios
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        subaccount_id = UUID(d.pop("subaccount_id"))

        enabled = d.pop("enabled")

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        def _parse_feed_contact_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        feed_contact_email = _parse_feed_contact_email(
            d.pop("feed_contact_email", UNSET)
        )

        def _parse_rental_uri_web(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rental_uri_web = _parse_rental_uri_web(d.pop("rental_uri_web", UNSET))

        def _parse_rental_uri_android(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rental_uri_android = _parse_rental_uri_android(
            d.pop("rental_uri_android", UNSET)
        )

        def _parse_rental_uri_ios(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rental_uri_ios = _parse_rental_uri_ios(d.pop("rental_uri_ios", UNSET))

        def _parse_updated_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        updated_at = _parse_updated_at(d.pop("updated_at", UNSET))

        gbfs_feed_out = cls(
            subaccount_id=subaccount_id,
            enabled=enabled,
            url=url,
            feed_contact_email=feed_contact_email,
            rental_uri_web=rental_uri_web,
            rental_uri_android=rental_uri_android,
            rental_uri_ios=rental_uri_ios,
            updated_at=updated_at,
        )

        gbfs_feed_out.additional_properties = d
        return gbfs_feed_out

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
