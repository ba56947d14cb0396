//! Calendar days as people in Erenhot count them.
//!
//! The domain never reads the clock: a rule that depends on "today" takes the time as a
//! parameter. Days are counted in China Standard Time (UTC+8, no daylight saving), the
//! time on every worker's phone, so a deadline "today" ends at local midnight.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// China Standard Time.
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The calendar day in China at `at`.
pub fn china_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&china()).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_turns_at_local_midnight() {
        let before = DateTime::parse_from_rfc3339("2026-12-01T15:59:59Z").unwrap().to_utc();
        let after = DateTime::parse_from_rfc3339("2026-12-01T16:00:00Z").unwrap().to_utc();
        assert_eq!(china_date(before), NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        assert_eq!(china_date(after), NaiveDate::from_ymd_opt(2026, 12, 2).unwrap());
    }
}
