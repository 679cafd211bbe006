from enum import StrEnum


class ConfigAction(StrEnum):
    CREATED = "created"
    DEACTIVATED = "deactivated"
    DELETED = "deleted"
    UPDATED = "updated"

    def __str__(self) -> str:
        return str(self.value)
