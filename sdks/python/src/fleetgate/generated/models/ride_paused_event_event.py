from enum import StrEnum


class RidePausedEventEvent(StrEnum):
    RIDE_PAUSED = "ride.paused"

    def __str__(self) -> str:
        return str(self.value)
