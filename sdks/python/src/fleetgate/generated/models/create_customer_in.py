from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_customer_in_metadata_type_0 import (
        CreateCustomerInMetadataType0,
    )


T = TypeVar("T", bound="CreateCustomerIn")


@_attrs_define
class CreateCustomerIn:
    """A new customer. Its wallet is created with it (balance 0, the subaccount's currency).

    Example:
        {'email': 'ada@example.com', 'metadata': {'crm_id': 'C-991'}, 'name': 'Ada Lovelace', 'phone': '+49 30 1234567'}

    Attributes:
        email (str): Required; unique per tenant ignoring case (`409` otherwise).
        name (None | str | Unset):
        phone (None | str | Unset):
        metadata (CreateCustomerInMetadataType0 | None | Unset): At most 50 keys, string values of at most 500
            characters.
        subaccount_id (None | Unset | UUID):
    """

    email: str
    name: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    metadata: CreateCustomerInMetadataType0 | None | Unset = UNSET
    subaccount_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.create_customer_in_metadata_type_0 import (
            CreateCustomerInMetadataType0,
        )

        email = self.email

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, CreateCustomerInMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        subaccount_id: None | str | Unset
        if isinstance(self.subaccount_id, Unset):
            subaccount_id = UNSET
        elif isinstance(self.subaccount_id, UUID):
            subaccount_id = str(self.subaccount_id)
        else:
            subaccount_id = self.subaccount_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email": email,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if phone is not UNSET:
            field_dict["phone"] = phone
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if subaccount_id is not UNSET:
            field_dict["subaccount_id"] = subaccount_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_customer_in_metadata_type_0 import (
            CreateCustomerInMetadataType0,
        )

        d = dict(src_dict)
        email = d.pop("email")

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_metadata(
            data: object,
        ) -> CreateCustomerInMetadataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = CreateCustomerInMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateCustomerInMetadataType0 | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

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

        create_customer_in = cls(
            email=email,
            name=name,
            phone=phone,
            metadata=metadata,
            subaccount_id=subaccount_id,
        )

        create_customer_in.additional_properties = d
        return create_customer_in

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
