from enum import StrEnum


class Permission(StrEnum):
    ANALYTICSREAD = "analytics:read"
    CUSTOMERSREAD = "customers:read"
    CUSTOMERSWRITE = "customers:write"
    KEYSREAD = "keys:read"
    KEYSWRITE = "keys:write"
    PRICINGREAD = "pricing:read"
    PRICINGWRITE = "pricing:write"
    RIDESREAD = "rides:read"
    RIDESWRITE = "rides:write"
    TELEMATICSREAD = "telematics:read"
    TELEMATICSWRITE = "telematics:write"
    VEHICLESREAD = "vehicles:read"
    VEHICLESWRITE = "vehicles:write"
    WALLETREAD = "wallet:read"
    WALLETWRITE = "wallet:write"
    WEBHOOKSREAD = "webhooks:read"
    WEBHOOKSWRITE = "webhooks:write"
    ZONESREAD = "zones:read"
    ZONESWRITE = "zones:write"

    def __str__(self) -> str:
        return str(self.value)
