//! The fare of a ride (SPEC §8), in integer cents — no floating point touches money:
//!
//! ```text
//! total = unlock + ⌈riding minutes⌉ × per_minute + ⌈paused minutes⌉ × pause_per_minute
//!       + round(distance_km × per_km) − discount
//! ```
//!
//! Riding and paused time are rounded up to whole minutes separately; the distance charge is
//! `distance_m × per_km_cents / 1000` rounded half up to whole cents; the discount is capped
//! at the rest, so the total is never negative and `total = unlock + time + distance −
//! discount` always holds.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The pricing plan in force when the ride started, kept with the ride so later price
/// changes do not touch it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PlanSnapshot {
    pub unlock_cents: i64,
    pub per_minute_cents: i64,
    pub pause_per_minute_cents: i64,
    pub per_km_cents: i64,
    #[schema(example = "EUR")]
    pub currency: String,
}

/// What the ride did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FareInput {
    /// Seconds spent active (not paused).
    pub riding_seconds: i64,
    /// Seconds spent paused.
    pub paused_seconds: i64,
    /// Distance travelled, whole metres.
    pub distance_m: i64,
    /// Discount requested (promotions); capped at the rest of the fare.
    pub discount_cents: i64,
}

/// The priced ride, exactly the `pricing` object of the `ride.ended` payload (the type
/// lives with the event schemas in `fleet-domain`).
pub use fleet_domain::events::RidePricing as Fare;

/// ⌈seconds / 60⌉ for non-negative seconds (negative inputs count as zero).
pub fn whole_minutes_up(seconds: i64) -> i64 {
    let s = seconds.max(0);
    s / 60 + i64::from(s % 60 != 0)
}

/// Prices a ride. Negative inputs count as zero; arithmetic saturates instead of wrapping
/// (inputs are bounded long before that by the API).
pub fn calculate(plan: &PlanSnapshot, input: FareInput) -> Fare {
    let unlock = plan.unlock_cents.max(0);
    let time = whole_minutes_up(input.riding_seconds)
        .saturating_mul(plan.per_minute_cents.max(0))
        .saturating_add(
            whole_minutes_up(input.paused_seconds)
                .saturating_mul(plan.pause_per_minute_cents.max(0)),
        );
    let distance = input
        .distance_m
        .max(0)
        .saturating_mul(plan.per_km_cents.max(0))
        .saturating_add(500)
        / 1000;
    let gross = unlock.saturating_add(time).saturating_add(distance);
    let discount = input.discount_cents.clamp(0, gross);
    Fare {
        total_cents: gross - discount,
        unlock_cents: unlock,
        time_cents: time,
        distance_cents: distance,
        discount_cents: discount,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn plan(unlock: i64, per_minute: i64, pause: i64, per_km: i64) -> PlanSnapshot {
        PlanSnapshot {
            unlock_cents: unlock,
            per_minute_cents: per_minute,
            pause_per_minute_cents: pause,
            per_km_cents: per_km,
            currency: "EUR".into(),
        }
    }

    #[test]
    fn the_documented_ride() {
        // ride.ended example: 30 minutes, 5.2 km, 100 unlock + 30 × 25, no distance price.
        let fare = calculate(
            &plan(100, 25, 10, 0),
            FareInput {
                riding_seconds: 30 * 60,
                distance_m: 5_200,
                ..FareInput::default()
            },
        );
        assert_eq!(
            fare,
            Fare {
                total_cents: 850,
                unlock_cents: 100,
                time_cents: 750,
                distance_cents: 0,
                discount_cents: 0
            }
        );
    }

    #[test]
    fn table() {
        // (riding s, paused s, metres, discount) with plan 100 / 25 / 10 / 30 per km.
        let p = plan(100, 25, 10, 30);
        let cases = [
            ((0, 0, 0, 0), (100, 0, 0, 0, 100)),
            ((1, 0, 0, 0), (100, 25, 0, 0, 125)),
            ((60, 0, 0, 0), (100, 25, 0, 0, 125)),
            ((61, 0, 0, 0), (100, 50, 0, 0, 150)),
            ((60, 1, 0, 0), (100, 35, 0, 0, 135)),
            ((600, 120, 0, 0), (100, 270, 0, 0, 370)),
            // 1 234 m × 30 ct/km = 37.02 ct → 37; 1 250 m → 37.5 → 38 (half up).
            ((0, 0, 1_234, 0), (100, 0, 37, 0, 137)),
            ((0, 0, 1_250, 0), (100, 0, 38, 0, 138)),
            ((0, 0, 16, 0), (100, 0, 0, 0, 100)),
            ((0, 0, 17, 0), (100, 0, 1, 0, 101)),
            ((60, 0, 0, 50), (100, 25, 0, 50, 75)),
            // The discount never exceeds the fare.
            ((60, 0, 0, 10_000), (100, 25, 0, 125, 0)),
            ((-5, -5, -5, -5), (100, 0, 0, 0, 100)),
        ];
        for ((riding, paused, metres, discount), (unlock, time, distance, disc, total)) in cases {
            let fare = calculate(
                &p,
                FareInput {
                    riding_seconds: riding,
                    paused_seconds: paused,
                    distance_m: metres,
                    discount_cents: discount,
                },
            );
            assert_eq!(
                (
                    fare.unlock_cents,
                    fare.time_cents,
                    fare.distance_cents,
                    fare.discount_cents,
                    fare.total_cents
                ),
                (unlock, time, distance, disc, total),
                "{riding} {paused} {metres} {discount}"
            );
        }
    }

    fn plans() -> impl Strategy<Value = PlanSnapshot> {
        (0i64..10_000, 0i64..1_000, 0i64..1_000, 0i64..1_000)
            .prop_map(|(u, m, p, k)| plan(u, m, p, k))
    }

    fn inputs() -> impl Strategy<Value = FareInput> {
        (
            0i64..86_400 * 7,
            0i64..86_400,
            0i64..1_000_000,
            0i64..100_000,
        )
            .prop_map(
                |(riding_seconds, paused_seconds, distance_m, discount_cents)| FareInput {
                    riding_seconds,
                    paused_seconds,
                    distance_m,
                    discount_cents,
                },
            )
    }

    proptest! {
        #[test]
        fn parts_add_up_and_never_go_negative(p in plans(), i in inputs()) {
            let f = calculate(&p, i);
            prop_assert_eq!(f.total_cents, f.unlock_cents + f.time_cents + f.distance_cents - f.discount_cents);
            prop_assert!(f.total_cents >= 0);
            prop_assert!(f.discount_cents >= 0 && f.discount_cents <= i.discount_cents);
        }

        #[test]
        fn monotonic_in_time_and_distance(
            p in plans(),
            i in inputs(),
            more_riding in 0i64..10_000,
            more_paused in 0i64..10_000,
            more_metres in 0i64..100_000,
        ) {
            let base = calculate(&p, i);
            let longer = calculate(&p, FareInput { riding_seconds: i.riding_seconds + more_riding, ..i });
            let paused = calculate(&p, FareInput { paused_seconds: i.paused_seconds + more_paused, ..i });
            let further = calculate(&p, FareInput { distance_m: i.distance_m + more_metres, ..i });
            prop_assert!(longer.total_cents >= base.total_cents);
            prop_assert!(paused.total_cents >= base.total_cents);
            prop_assert!(further.total_cents >= base.total_cents);
        }
    }
}
