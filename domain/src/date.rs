//! Calendar dates, without a clock.
//!
//! The domain never reads the time. A rule that depends on "today" (for example that a
//! birth date is not in the future) takes today's [`Date`] as a parameter, so the same input
//! always gives the same answer and tests need no fake clock. The caller decides which
//! time zone "today" is in (for us, China Standard Time, UTC+8).
//!
//! Proleptic Gregorian calendar, years 1 to 9999: a year is a leap year when it is divisible
//! by 4, except centuries, which must be divisible by 400 (2000 was a leap year, 1900 was
//! not).

use std::fmt;

use crate::Coded;

/// A real calendar day. Ordering is chronological.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    // Field order matters: the derived ordering compares year, then month, then day.
    year: u16,
    month: u8,
    day: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("not a real calendar date")]
    Invalid,
}

impl Coded for DateError {
    fn code(&self) -> &'static str {
        match self {
            DateError::Invalid => "date_invalid",
        }
    }
}

/// Whether `year` has a 29 February.
pub fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// The number of days in `month` (1–12) of `year`; 0 for a month outside 1–12.
pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The date `year`-`month`-`day`, if that day exists.
    pub fn new(year: u16, month: u8, day: u8) -> Result<Self, DateError> {
        if (1..=9999).contains(&year) && day >= 1 && day <= days_in_month(year, month) {
            Ok(Date { year, month, day })
        } else {
            Err(DateError::Invalid)
        }
    }

    /// Parses the ISO 8601 calendar form `YYYY-MM-DD` (exactly that shape).
    pub fn parse(raw: &str) -> Result<Self, DateError> {
        let b = raw.trim().as_bytes();
        let shaped = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shaped {
            return Err(DateError::Invalid);
        }
        let num = |r: std::ops::Range<usize>| b[r].iter().fold(0u16, |n, c| n * 10 + u16::from(c - b'0'));
        // Month and day have two digits, so they fit in a u8.
        Date::new(num(0..4), num(5..7) as u8, num(8..10) as u8)
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }
}

/// `YYYY-MM-DD`.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn leap_years() {
        assert!(is_leap_year(2000));
        assert!(is_leap_year(2024));
        assert!(!is_leap_year(1900));
        assert!(!is_leap_year(2023));
        assert!(!is_leap_year(2100));
    }

    #[test]
    fn only_real_days() {
        assert!(Date::new(2024, 2, 29).is_ok());
        assert!(Date::new(2000, 2, 29).is_ok());
        assert_eq!(Date::new(1900, 2, 29), Err(DateError::Invalid));
        assert_eq!(Date::new(2023, 2, 29), Err(DateError::Invalid));
        assert_eq!(Date::new(2023, 4, 31), Err(DateError::Invalid));
        assert_eq!(Date::new(2023, 13, 1), Err(DateError::Invalid));
        assert_eq!(Date::new(2023, 0, 1), Err(DateError::Invalid));
        assert_eq!(Date::new(2023, 1, 0), Err(DateError::Invalid));
        assert_eq!(Date::new(0, 1, 1), Err(DateError::Invalid));
        assert_eq!(Date::new(10000, 1, 1), Err(DateError::Invalid));
    }

    #[test]
    fn parses_iso_dates() {
        assert_eq!(Date::parse("2024-02-29"), Date::new(2024, 2, 29));
        assert_eq!(Date::parse(" 1990-01-01 "), Date::new(1990, 1, 1));
        for raw in ["2023-02-29", "2024-2-29", "20240229", "2024/02/29", "2024-02-2x", "", "２０２４-02-29"]
        {
            assert_eq!(Date::parse(raw), Err(DateError::Invalid), "{raw}");
        }
    }

    #[test]
    fn orders_chronologically_and_prints_iso() {
        let a = Date::new(1999, 12, 31).unwrap();
        let b = Date::new(2000, 1, 1).unwrap();
        assert!(a < b);
        assert_eq!(a.to_string(), "1999-12-31");
        assert_eq!(format!("{:?}", Date::new(7, 3, 9).unwrap()), "Date(0007-03-09)");
    }

    proptest! {
        #[test]
        fn display_round_trips(y in 1u16..=9999, m in 1u8..=12, d in 1u8..=31) {
            if let Ok(date) = Date::new(y, m, d) {
                prop_assert_eq!(Date::parse(&date.to_string()), Ok(date));
            } else {
                prop_assert!(d > days_in_month(y, m));
            }
        }

        #[test]
        fn parse_never_panics(raw in "\\PC{0,12}") {
            let _ = Date::parse(&raw);
        }
    }

    #[test]
    fn every_code_has_a_message() {
        for code in [DateError::Invalid.code()] {
            for lang in [crate::Lang::Zh, crate::Lang::En] {
                assert!(crate::i18n::message(code, lang).is_some(), "{code}");
            }
        }
    }
}
