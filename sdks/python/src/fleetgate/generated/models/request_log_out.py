from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="RequestLogOut")


@_attrs_define
class RequestLogOut:
    """One recorded request.

    Attributes:
        id (UUID):
        request_id (str):  Example: req_01HZX3YQ5V8K2M4N6P8R0T2W4Y.
        method (str):  Example: GET.
        path (str):
        status (int):
        duration_ms (int):
        client_ip (str):
        created_at (datetime.datetime):
        api_key_id (None | Unset | UUID): The key that made it (partner API).
        operator_id (None | Unset | UUID): The operator who made it (management API).
        route (None | str | Unset): The route template, e.g. `/api/partner/v1/vehicles/{id}`.
        query (None | str | Unset):
        user_agent (None | str | Unset):
        origin_app (None | str | Unset): The client's `X-Origin-App`.
    """

    id: UUID
    request_id: str
    method: str
    path: str
    status: int
    duration_ms: int
    client_ip: str
    created_at: datetime.datetime
    api_key_id: None | Unset | UUID = UNSET
    operator_id: None | Unset | UUID = UNSET
    route: None | str | Unset = UNSET
    query: None | str | Unset = UNSET
    user_agent: None | str | Unset = UNSET
    origin_app: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        request_id = self.request_id

        method = self.method

        path = self.path

        status = self.status

        duration_ms = self.duration_ms

        client_ip = self.client_ip

        created_at = self.created_at.isoformat()

        api_key_id: None | str | Unset
        if isinstance(self.api_key_id, Unset):
            api_key_id = UNSET
        elif isinstance(self.api_key_id, UUID):
            api_key_id = str(self.api_key_id)
        else:
            api_key_id = self.api_key_id

        operator_id: None | str | Unset
        if isinstance(self.operator_id, Unset):
            operator_id = UNSET
        elif isinstance(self.operator_id, UUID):
            operator_id = str(self.operator_id)
        else:
            operator_id = self.operator_id

        route: None | str | Unset
        if isinstance(self.route, Unset):
            route = UNSET
        else:
            route = self.route

        query: None | str | Unset
        if isinstance(self.query, Unset):
            query = UNSET
        else:
            query = self.query

        user_agent: None | str | Unset
        if isinstance(self.user_agent, Unset):
            user_agent = UNSET
        else:
            user_agent = self.user_agent

        origin_app: None | str | Unset
        if isinstance(self.origin_app, Unset):
            origin_app = UNSET
        else:
            origin_app = self.origin_app

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "request_id": request_id,
                "method": method,
                "path": path,
                "status": status,
                "duration_ms": duration_ms,
                "client_ip": client_ip,
                "created_at": created_at,
            }
        )
        if api_key_id is not UNSET:
            field_dict["api_key_id"] = api_key_id
        if operator_id is not UNSET:
            field_dict["operator_id"] = operator_id
        if route is not UNSET:
            field_dict["route"] = route
        if query is not UNSET:
            field_dict["query"] = query
        if user_agent is not UNSET:
            field_dict["user_agent"] = user_agent
        if origin_app is not UNSET:
            field_dict["origin_app"] = origin_app

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        request_id = d.pop("request_id")

        method = d.pop("method")

        path = d.pop("path")

        status = d.pop("status")

        duration_ms = d.pop("duration_ms")

        client_ip = d.pop("client_ip")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_api_key_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                api_key_id_type_0 = UUID(data)

                return api_key_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        api_key_id = _parse_api_key_id(d.pop("api_key_id", UNSET))

        def _parse_operator_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                operator_id_type_0 = UUID(data)

                return operator_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        operator_id = _parse_operator_id(d.pop("operator_id", UNSET))

        def _parse_route(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        route = _parse_route(d.pop("route", UNSET))

        def _parse_query(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        query = _parse_query(d.pop("query", UNSET))

        def _parse_user_agent(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_agent = _parse_user_agent(d.pop("user_agent", UNSET))

        def _parse_origin_app(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        origin_app = _parse_origin_app(d.pop("origin_app", UNSET))

        request_log_out = cls(
            id=id,
            request_id=request_id,
            method=method,
            path=path,
            status=status,
            duration_ms=duration_ms,
            client_ip=client_ip,
            created_at=created_at,
            api_key_id=api_key_id,
            operator_id=operator_id,
            route=route,
            query=query,
            user_agent=user_agent,
            origin_app=origin_app,
        )

        request_log_out.additional_properties = d
        return request_log_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
