from enum import StrEnum


class ZoneType(StrEnum):
    NO_PARKING = "no_parking"
    OPERATING_AREA = "operating_area"
    PARKING = "parking"
    SLOW_SPEED = "slow_speed"

    def __str__(self) -> str:
        return str(self.value)
