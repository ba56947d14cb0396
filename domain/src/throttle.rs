//! How long a (phone, address) pair waits between login attempts once it has used its
//! free ones: nothing for the first `free` attempts, then `base` seconds, doubling with
//! every further attempt up to `max`. A correct password clears the count, so only
//! failures accumulate.

/// The backoff schedule of one (phone, address) pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Attempts allowed back to back.
    pub free: u32,
    /// The first wait, in seconds.
    pub base_secs: u64,
    /// The longest wait, in seconds.
    pub max_secs: u64,
}

impl Backoff {
    /// Seconds to wait after the last of `attempts` counted attempts before the next one
    /// is allowed: 0 while attempts are still free.
    pub fn wait_after(&self, attempts: u32) -> u64 {
        if attempts < self.free {
            return 0;
        }
        let doublings = attempts - self.free;
        let factor = 1u64.checked_shl(doublings).unwrap_or(u64::MAX);
        self.base_secs.saturating_mul(factor).min(self.max_secs)
    }

    /// The distinct waits in order, `(attempts, wait)` from the first attempt count that
    /// waits up to the first one whose wait is the maximum; every higher count waits the
    /// maximum. A database condition is built from these steps.
    pub fn steps(&self) -> Vec<(u32, u64)> {
        let mut steps = Vec::new();
        let mut attempts = self.free;
        loop {
            let wait = self.wait_after(attempts);
            steps.push((attempts, wait));
            if wait >= self.max_secs || steps.len() >= 64 {
                return steps;
            }
            attempts += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT: Backoff = Backoff { free: 5, base_secs: 30, max_secs: 900 };

    #[test]
    fn free_then_doubling_then_capped() {
        let waits: Vec<u64> = (0..12).map(|a| DEFAULT.wait_after(a)).collect();
        assert_eq!(waits, [0, 0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900]);
        assert_eq!(DEFAULT.wait_after(u32::MAX), 900, "no overflow");
    }

    #[test]
    fn steps_end_at_the_cap() {
        assert_eq!(DEFAULT.steps(), vec![(5, 30), (6, 60), (7, 120), (8, 240), (9, 480), (10, 900)]);
        let flat = Backoff { free: 1, base_secs: 60, max_secs: 60 };
        assert_eq!(flat.steps(), vec![(1, 60)]);
        let no_wait = Backoff { free: 3, base_secs: 0, max_secs: 0 };
        assert_eq!(no_wait.steps(), vec![(3, 0)]);
    }

    #[test]
    fn every_count_past_the_steps_waits_the_maximum() {
        let b = Backoff { free: 2, base_secs: 7, max_secs: 1000 };
        let steps = b.steps();
        let (last, wait) = *steps.last().unwrap_or(&(0, 0));
        assert_eq!(wait, 1000);
        for a in last..last + 50 {
            assert_eq!(b.wait_after(a), 1000);
        }
        for (a, w) in steps {
            assert_eq!(b.wait_after(a), w);
        }
    }
}
