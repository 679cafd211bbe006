from enum import StrEnum


class RideEndedEventEvent(StrEnum):
    RIDE_ENDED = "ride.ended"

    def __str__(self) -> str:
        return str(self.value)
