//! Random numbers: secrets straight from the operating system, retry jitter from a cheap
//! generator seeded once from it.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// `N` bytes from the operating system's secure random source (OAuth `state`, PKCE verifiers).
///
/// # Panics
///
/// When the operating system cannot give random bytes (no `getrandom(2)` and no
/// `/dev/urandom`): a secret must not come from anywhere weaker.
#[cfg_attr(not(feature = "egnyte"), allow(dead_code))]
pub(crate) fn os_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    if let Err(error) = getrandom::fill(&mut bytes) {
        panic!("the operating system's random source failed ({error}); no secret can be made");
    }
    bytes
}

/// A number uniformly drawn from `0..=max` (to within 2^-64), for retry jitter: not for secrets.
pub(crate) fn jitter_up_to(max: u64) -> u64 {
    let draw = u128::from(next_u64());
    let bound = u128::from(max) + 1;
    // Lemire's multiply-shift: the high 64 bits of draw * bound lie in 0..bound.
    u64::try_from((draw * bound) >> 64).unwrap_or(max)
}

/// SplitMix64 over a shared counter: lock-free, and the seed comes from the OS once.
fn next_u64() -> u64 {
    static SEED: OnceLock<u64> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;
    let seed = *SEED.get_or_init(|| {
        let mut bytes = [0u8; 8];
        match getrandom::fill(&mut bytes) {
            Ok(()) => u64::from_le_bytes(bytes),
            // Jitter only spreads retries out: the time is a good enough seed then.
            Err(_) => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(GAMMA, |since| since.as_nanos() as u64),
        }
    });
    let mut z = seed.wrapping_add(
        COUNTER
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_add(1)
            .wrapping_mul(GAMMA),
    );
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_bytes_differ_between_calls() {
        assert_ne!(os_bytes::<16>(), os_bytes::<16>());
    }

    #[test]
    fn jitter_stays_in_range_and_spreads() {
        assert_eq!(jitter_up_to(0), 0);
        let draws: Vec<u64> = (0..1000).map(|_| jitter_up_to(9)).collect();
        assert!(draws.iter().all(|&d| d <= 9));
        for value in 0..=9 {
            assert!(draws.contains(&value), "{value} never drawn");
        }
        let _ = jitter_up_to(u64::MAX);
    }
}
