//! Public vehicle ids (GBFS: "`vehicle_id` … MUST be rotated to a random string after each
//! trip"). The id is HMAC-SHA256 keyed by the feed's secret over the vehicle's UUID and the
//! instant of its last status change (`updated_at`, which every ride start and end sets), cut
//! to 32 hex digits. Stable while the vehicle stands, new after every rental, never the
//! vehicle's id or number, and mappable back only by whoever holds the secret (the gateway).

use hmac::{Hmac, Mac};
use sha2::Sha256;
use time::OffsetDateTime;
use uuid::Uuid;

/// The public id of a vehicle whose last status change was at `changed_at`.
pub fn public_vehicle_id(secret: &[u8], vehicle: Uuid, changed_at: OffsetDateTime) -> String {
    // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(vehicle.as_bytes());
    mac.update(&changed_at.unix_timestamp_nanos().to_be_bytes());
    let digest = mac.finalize().into_bytes();
    hex::encode(&digest[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_per_change_and_rotating_across_changes() {
        let secret = [7u8; 32];
        let v = Uuid::now_v7();
        let t = OffsetDateTime::UNIX_EPOCH + time::Duration::seconds(1_800_000_000);
        let a = public_vehicle_id(&secret, v, t);
        assert_eq!(a.len(), 32);
        assert_eq!(a, public_vehicle_id(&secret, v, t));
        assert_ne!(
            a,
            public_vehicle_id(&secret, v, t + time::Duration::microseconds(1))
        );
        assert_ne!(a, public_vehicle_id(&[8u8; 32], v, t));
        assert_ne!(a, public_vehicle_id(&secret, Uuid::now_v7(), t));
        assert!(!a.contains(&v.simple().to_string()[..8]));
    }
}
