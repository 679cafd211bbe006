from enum import StrEnum


class RejectCode(StrEnum):
    FUTURE_TIMESTAMP = "future_timestamp"
    INVALID_PING = "invalid_ping"
    MISSING_FIELD = "missing_field"
    OUT_OF_RANGE = "out_of_range"
    TENANT_MISMATCH = "tenant_mismatch"
    VEHICLE_NOT_FOUND = "vehicle_not_found"

    def __str__(self) -> str:
        return str(self.value)
