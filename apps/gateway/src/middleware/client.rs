//! Who the client is: its address (peer, or the right-most untrusted `X-Forwarded-For` entry
//! behind a trusted proxy) and, once authentication got that far, the actor. Set by the
//! request-log and auth middleware, read by the request log, the brute-force guard and the
//! sign-in route. Imports only `state`, so every middleware may use it.

use std::net::IpAddr;

use actix_web::dev::ServiceRequest;
use fleet_domain::{ApiKeyId, OperatorId, TenantId};

use crate::state::AppState;

/// Who made the request, as far as authentication got (set by the auth middleware).
#[derive(Debug, Clone, Copy)]
pub struct RequestActor {
    pub tenant: TenantId,
    pub key: Option<ApiKeyId>,
    pub operator: Option<OperatorId>,
}

/// The client's address as resolved for this request (peer or trusted `X-Forwarded-For`).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

/// The client's address: the peer, or behind a trusted proxy the right-most untrusted
/// `X-Forwarded-For` entry.
pub fn client_ip(req: &ServiceRequest, state: &AppState) -> IpAddr {
    let peer = req
        .peer_addr()
        .map(|a| a.ip())
        .unwrap_or(IpAddr::from([0, 0, 0, 0]));
    if state.config.trusted_proxies.is_empty() {
        return keys::client_ip(peer, None, &[]);
    }
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .collect();
    let joined = forwarded.join(",");
    keys::client_ip(
        peer,
        (!joined.is_empty()).then_some(joined.as_str()),
        &state.config.trusted_proxies,
    )
}
