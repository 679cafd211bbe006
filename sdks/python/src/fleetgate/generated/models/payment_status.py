from enum import StrEnum


class PaymentStatus(StrEnum):
    PAID = "paid"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
