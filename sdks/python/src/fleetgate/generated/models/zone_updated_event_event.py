from enum import StrEnum


class ZoneUpdatedEventEvent(StrEnum):
    ZONE_UPDATED = "zone.updated"

    def __str__(self) -> str:
        return str(self.value)
