from enum import StrEnum


class RideStartedEventEvent(StrEnum):
    RIDE_STARTED = "ride.started"

    def __str__(self) -> str:
        return str(self.value)
