"""Distances on the Earth for "near me" searches: a bounding box for the database, the
great-circle distance for the exact test."""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import InstrumentedAttribute

KM_PER_DEGREE = 111.2
EARTH_RADIUS_KM = 6371.0
Point = tuple[float, float]
Column = ColumnElement[Any] | InstrumentedAttribute[Any]


def bounding_box(latitude_column: Column, longitude_column: Column, point: Point, radius_km: float) -> list[Any]:
    """A box around `point` an index on latitude can use; the exact distance is checked after."""
    latitude, longitude = point
    dlat = radius_km / KM_PER_DEGREE
    dlon = radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01))
    return [
        latitude_column.between(latitude - dlat, latitude + dlat),
        longitude_column.between(longitude - dlon, longitude + dlon),
    ]


def distance_km(a: Point, b: Point) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
