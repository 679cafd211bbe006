from enum import StrEnum


class TransactionKind(StrEnum):
    CREDIT = "credit"
    DEBIT = "debit"
    REFUND = "refund"
    RIDE_CHARGE = "ride_charge"

    def __str__(self) -> str:
        return str(self.value)
