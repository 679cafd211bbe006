from enum import StrEnum


class CustomerStatus(StrEnum):
    ACTIVE = "active"
    BLOCKED = "blocked"

    def __str__(self) -> str:
        return str(self.value)
