from enum import StrEnum


class VehicleStatusChangedEventEvent(StrEnum):
    VEHICLE_STATUS_CHANGED = "vehicle.status_changed"

    def __str__(self) -> str:
        return str(self.value)
