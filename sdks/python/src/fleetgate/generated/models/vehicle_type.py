from enum import StrEnum


class VehicleType(StrEnum):
    CAR = "car"
    EBIKE = "ebike"
    MOPED = "moped"
    SCOOTER = "scooter"
    VAN = "van"

    def __str__(self) -> str:
        return str(self.value)
