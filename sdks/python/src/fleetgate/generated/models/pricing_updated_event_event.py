from enum import StrEnum


class PricingUpdatedEventEvent(StrEnum):
    PRICING_UPDATED = "pricing.updated"

    def __str__(self) -> str:
        return str(self.value)
