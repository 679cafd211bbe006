from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.customer_status import CustomerStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.customer_out_metadata import CustomerOutMetadata


T = TypeVar("T", bound="CustomerOut")


@_attrs_define
class CustomerOut:
    """A customer (rider).

    Attributes:
        id (UUID):
        customer_number (int): Sequential per tenant, from 1. Example: 12345.
        email (str): As given at creation; unique per tenant ignoring case. Example: ada@example.com.
        status (CustomerStatus): Blocked customers cannot start rides (their wallet can still be credited).
        subaccount_id (UUID):
        metadata (CustomerOutMetadata): Partner-set custom data: string values only.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        name (None | str | Unset):  Example: Ada Lovelace.
        phone (None | str | Unset):  Example: +49 30 1234567.
        blocked_reason (None | str | Unset): Why the customer is blocked (`null` when active).
    """

    id: UUID
    customer_number: int
    email: str
    status: CustomerStatus
    subaccount_id: UUID
    metadata: CustomerOutMetadata
    created_at: datetime.datetime
    updated_at: datetime.datetime
    name: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    blocked_reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        customer_number = self.customer_number

        email = self.email

        status = self.status.value

        subaccount_id = str(self.subaccount_id)

        metadata = self.metadata.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

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

        blocked_reason: None | str | Unset
        if isinstance(self.blocked_reason, Unset):
            blocked_reason = UNSET
        else:
            blocked_reason = self.blocked_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "customer_number": customer_number,
                "email": email,
                "status": status,
                "subaccount_id": subaccount_id,
                "metadata": metadata,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if phone is not UNSET:
            field_dict["phone"] = phone
        if blocked_reason is not UNSET:
            field_dict["blocked_reason"] = blocked_reason

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.customer_out_metadata import CustomerOutMetadata

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        customer_number = d.pop("customer_number")

        email = d.pop("email")

        status = CustomerStatus(d.pop("status"))

        subaccount_id = UUID(d.pop("subaccount_id"))

        metadata = CustomerOutMetadata.from_dict(d.pop("metadata"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

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

        def _parse_blocked_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        blocked_reason = _parse_blocked_reason(d.pop("blocked_reason", UNSET))

        customer_out = cls(
            id=id,
            customer_number=customer_number,
            email=email,
            status=status,
            subaccount_id=subaccount_id,
            metadata=metadata,
            created_at=created_at,
            updated_at=updated_at,
            name=name,
            phone=phone,
            blocked_reason=blocked_reason,
        )

        customer_out.additional_properties = d
        return customer_out

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
