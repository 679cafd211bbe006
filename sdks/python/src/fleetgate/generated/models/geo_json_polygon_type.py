from enum import StrEnum


class GeoJsonPolygonType(StrEnum):
    POLYGON = "Polygon"

    def __str__(self) -> str:
        return str(self.value)
