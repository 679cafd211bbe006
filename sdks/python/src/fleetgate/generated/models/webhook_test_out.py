from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.attempt_out import AttemptOut
    from ..models.delivery_out import DeliveryOut


T = TypeVar("T", bound="WebhookTestOut")


@_attrs_define
class WebhookTestOut:
    """The outcome of the test button.

    Attributes:
        attempt (AttemptOut): One HTTP attempt.
        delivery (DeliveryOut): One event on its way to one endpoint, with every attempt.
    """

    attempt: AttemptOut
    delivery: DeliveryOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempt = self.attempt.to_dict()

        delivery = self.delivery.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempt": attempt,
                "delivery": delivery,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.attempt_out import AttemptOut
        from ..models.delivery_out import DeliveryOut

        d = dict(src_dict)
        attempt = AttemptOut.from_dict(d.pop("attempt"))

        delivery = DeliveryOut.from_dict(d.pop("delivery"))

        webhook_test_out = cls(
            attempt=attempt,
            delivery=delivery,
        )

        webhook_test_out.additional_properties = d
        return webhook_test_out

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
