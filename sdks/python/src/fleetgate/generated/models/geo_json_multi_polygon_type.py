from enum import StrEnum


class GeoJsonMultiPolygonType(StrEnum):
    MULTIPOLYGON = "MultiPolygon"

    def __str__(self) -> str:
        return str(self.value)
