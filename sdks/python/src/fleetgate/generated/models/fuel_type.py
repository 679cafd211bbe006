from enum import StrEnum


class FuelType(StrEnum):
    DIESEL = "diesel"
    ELECTRIC = "electric"
    HYBRID = "hybrid"
    PETROL = "petrol"

    def __str__(self) -> str:
        return str(self.value)
