from enum import StrEnum


class VehicleBatteryLowEventEvent(StrEnum):
    VEHICLE_BATTERY_LOW = "vehicle.battery_low"

    def __str__(self) -> str:
        return str(self.value)
