//! The fare of a ride (SPEC §8), in integer cents — no floating point touches money:
//!
//! ```text
//! total = unlock + ⌈riding minutes⌉ × per_minute + ⌈paused minutes⌉ × pause_per_minute
//!       + round(distance_km × per_km) − discount
//! ```
//!
//! Time is measured on the ride's **whole-second clock** ([`ride_second`]): every instant of
//! the ride (start, each pause, each resume, end) is placed at ⌈t − start⌉ seconds, and
//! riding and paused seconds are the lengths of the riding and paused stretches on that
//! clock. So they always add up to the ride's seconds (⌈end − start⌉), a part never counts
//! more than its own stretches rounded up (⌈b⌉ − ⌈a⌉ ≤ ⌈b − a⌉), and a pause that starts and
//! ends within one second counts nothing. Riding and paused seconds are then rounded up to
//! whole minutes separately; the distance charge is
//! `distance_m × per_km_cents / 1000` rounded half up to whole cents; the discount is capped
//! at the rest, so the total is never negative and `total = unlock + time + distance −
//! discount` always holds.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
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

/// The ride's whole-second clock: the second of the ride instant `t` falls in, ⌈t − start⌉
/// (never negative). A ride's seconds are `ride_second(start, end)`; a pause from `p` to `r`
/// counts `ride_second(start, r) − ride_second(start, p)` paused seconds.
pub fn ride_second(started_at: OffsetDateTime, t: OffsetDateTime) -> i64 {
    let d = t - started_at;
    (d.whole_seconds() + i64::from(d.subsec_nanoseconds() > 0)).max(0)
}

/// Paused seconds of one pause from `paused_at` to `until` on the ride's clock.
pub fn pause_seconds(
    started_at: OffsetDateTime,
    paused_at: OffsetDateTime,
    until: OffsetDateTime,
) -> i64 {
    (ride_second(started_at, until) - ride_second(started_at, paused_at)).max(0)
}

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

    fn at(start: OffsetDateTime, ms: i64) -> OffsetDateTime {
        start + time::Duration::milliseconds(ms)
    }

    /// Riding and paused seconds of a ride given as (pause, resume) instants in ms after its
    /// start, ended at `end_ms` (a pause without resume runs to the end), exactly as the
    /// service accumulates them.
    fn split(pauses: &[(i64, Option<i64>)], end_ms: i64) -> (i64, i64) {
        let start = OffsetDateTime::UNIX_EPOCH + time::Duration::milliseconds(1_733_000_000_123);
        let end = at(start, end_ms);
        let total = ride_second(start, end);
        let paused: i64 = pauses
            .iter()
            .map(|&(p, r)| pause_seconds(start, at(start, p), at(start, r.unwrap_or(end_ms))))
            .sum();
        (total - paused, paused)
    }

    #[test]
    fn twenty_ms_riding_and_nine_ms_paused_is_one_riding_second() {
        // The edge that used to charge a pause minute and no riding minute: start, ride
        // 20 ms, pause 9 ms, end (paused, or just after resuming).
        for pauses in [[(20, None)], [(20, Some(29))]] {
            let (riding, paused) = split(&pauses, 29);
            assert_eq!((riding, paused), (1, 0), "{pauses:?}");
            let fare = calculate(
                &plan(100, 25, 10, 0),
                FareInput {
                    riding_seconds: riding,
                    paused_seconds: paused,
                    ..FareInput::default()
                },
            );
            assert_eq!((fare.time_cents, fare.total_cents), (25, 125), "{pauses:?}");
        }
    }

    #[test]
    fn the_documented_worked_example() {
        // docs/rides-and-wallet.md: start 10:00:00.400, pause 10:03:10.900, resume
        // 10:05:00.200, end 10:09:30.700 → on the ride's clock the pause runs from second
        // 191 to 300 (109 s), the ride ends in second 571, so 462 s riding.
        let start = OffsetDateTime::UNIX_EPOCH + time::Duration::milliseconds(36_000_400);
        let t = |ms: i64| OffsetDateTime::UNIX_EPOCH + time::Duration::milliseconds(ms);
        let (pause, resume, end) = (t(36_190_900), t(36_300_200), t(36_570_700));
        let total = ride_second(start, end);
        let paused = pause_seconds(start, pause, resume);
        assert_eq!((total, paused, total - paused), (571, 109, 462));
        let fare = calculate(
            &plan(100, 25, 10, 0),
            FareInput {
                riding_seconds: total - paused,
                paused_seconds: paused,
                ..FareInput::default()
            },
        );
        // ⌈462/60⌉ = 8 riding minutes × 25 + ⌈109/60⌉ = 2 paused minutes × 10 = 220.
        assert_eq!((fare.time_cents, fare.total_cents), (220, 320));
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
        fn time_parts_add_up_and_never_exceed_what_happened(
            gaps in proptest::collection::vec(0i64..5_000, 0..8),
            tail in 0i64..5_000,
            open_pause in any::<bool>(),
        ) {
            // Alternate riding/paused stretches of the given lengths (ms), ending riding or paused.
            let mut t = 0;
            let mut pauses = Vec::new();
            let (mut riding_ms, mut paused_ms) = (Vec::new(), Vec::new());
            for (i, g) in gaps.iter().enumerate() {
                if i % 2 == 0 { riding_ms.push(*g) } else { pauses.push((t, Some(t + g))); paused_ms.push(*g) }
                t += g;
            }
            if open_pause { pauses.push((t, None)); paused_ms.push(tail) } else { riding_ms.push(tail) }
            let end = t + tail;
            let (riding, paused) = split(&pauses, end);
            let up = |ms: &i64| ms / 1000 + i64::from(ms % 1000 != 0);
            prop_assert_eq!(riding + paused, up(&end));
            prop_assert!(riding >= 0 && paused >= 0);
            prop_assert!(paused <= paused_ms.iter().map(up).sum::<i64>());
            prop_assert!(riding <= riding_ms.iter().map(up).sum::<i64>());
        }

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
