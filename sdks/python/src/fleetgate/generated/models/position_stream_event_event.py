from enum import StrEnum


class PositionStreamEventEvent(StrEnum):
    DROPPED = "dropped"
    END = "end"
    POSITION = "position"

    def __str__(self) -> str:
        return str(self.value)
