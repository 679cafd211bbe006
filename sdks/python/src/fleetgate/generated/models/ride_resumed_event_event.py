from enum import StrEnum


class RideResumedEventEvent(StrEnum):
    RIDE_RESUMED = "ride.resumed"

    def __str__(self) -> str:
        return str(self.value)
