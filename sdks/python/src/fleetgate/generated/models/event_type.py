from enum import StrEnum


class EventType(StrEnum):
    CUSTOMER_BLOCKED = "customer.blocked"
    CUSTOMER_CREATED = "customer.created"
    CUSTOMER_UNBLOCKED = "customer.unblocked"
    CUSTOMER_UPDATED = "customer.updated"
    PRICING_UPDATED = "pricing.updated"
    RIDE_ENDED = "ride.ended"
    RIDE_PAUSED = "ride.paused"
    RIDE_RESUMED = "ride.resumed"
    RIDE_STARTED = "ride.started"
    VEHICLE_BATTERY_LOW = "vehicle.battery_low"
    VEHICLE_LOCATION_UPDATED = "vehicle.location_updated"
    VEHICLE_STATUS_CHANGED = "vehicle.status_changed"
    WEBHOOK_TEST = "webhook.test"
    ZONE_UPDATED = "zone.updated"

    def __str__(self) -> str:
        return str(self.value)
