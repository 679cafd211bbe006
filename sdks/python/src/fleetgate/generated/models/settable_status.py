from enum import StrEnum


class SettableStatus(StrEnum):
    AVAILABLE = "available"
    CHARGING = "charging"
    MAINTENANCE = "maintenance"
    OFFLINE = "offline"

    def __str__(self) -> str:
        return str(self.value)
