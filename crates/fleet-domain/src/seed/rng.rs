//! A tiny seedable PRNG (SplitMix64, Steele/Lea/Flood 2014). Seeding data needs
//! reproducibility (`--seed`), speed and no new dependency, not unpredictability: this is
//! never used for secrets (keys and webhook secrets come from the OS CSPRNG elsewhere).

/// SplitMix64: 64 bits of state, passes BigCrush, one add and three xor-shift-multiplies
/// per output.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` ≥ 1; 0 gives 0), by multiply-shift (Lemire), bias < 2^-32
    /// for the small ranges used here.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1_u64 << 53) as f64)
    }

    /// Uniform in `[lo, hi)`.
    pub fn range_f64(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Uniform in `lo..=hi`.
    pub fn range_i32(&mut self, lo: i32, hi: i32) -> i32 {
        let span = u64::try_from(i64::from(hi) - i64::from(lo) + 1).unwrap_or(1);
        let offset = i64::try_from(self.below(span)).unwrap_or(0);
        i32::try_from(i64::from(lo) + offset).unwrap_or(lo)
    }

    /// `true` with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One element of a non-empty slice (`None` when empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let len = u64::try_from(items.len()).unwrap_or(0);
        items.get(usize::try_from(self.below(len)).unwrap_or(0))
    }

    /// One value of a weighted list (`None` when all weights are 0).
    pub fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> Option<T> {
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut roll = self.below(total);
        for (item, weight) in items {
            let w = u64::from(*weight);
            if roll < w {
                return Some(*item);
            }
            roll -= w;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reproducible_and_in_range() {
        let a: Vec<u64> = {
            let mut r = Rng::new(42);
            (0..5).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::new(42);
            (0..5).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
        let mut r = Rng::new(7);
        let mut seen = [0_u32; 6];
        for _ in 0..60_000 {
            let v = r.range_i32(5, 10);
            assert!((5..=10).contains(&v));
            seen[usize::try_from(v - 5).unwrap_or(0)] += 1;
            let u = r.unit();
            assert!((0.0..1.0).contains(&u));
        }
        // Roughly uniform: each bucket within 10 % of 10 000.
        assert!(
            seen.iter().all(|&n| (9_000..11_000).contains(&n)),
            "{seen:?}"
        );
        assert_eq!(r.weighted(&[("a", 0), ("b", 1)]), Some("b"));
        assert_eq!(r.weighted::<u8>(&[]), None);
        assert_eq!(r.pick::<u8>(&[]), None);
    }
}
