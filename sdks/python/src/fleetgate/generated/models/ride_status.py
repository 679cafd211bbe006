from enum import StrEnum


class RideStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"
    PAUSED = "paused"

    def __str__(self) -> str:
        return str(self.value)
