from enum import StrEnum


class VehicleStatus(StrEnum):
    AVAILABLE = "available"
    CHARGING = "charging"
    IN_USE = "in_use"
    MAINTENANCE = "maintenance"
    OFFLINE = "offline"
    RESERVED = "reserved"
    RETIRED = "retired"

    def __str__(self) -> str:
        return str(self.value)
