from enum import StrEnum


class VehicleLocationUpdatedEventEvent(StrEnum):
    VEHICLE_LOCATION_UPDATED = "vehicle.location_updated"

    def __str__(self) -> str:
        return str(self.value)
