//! PRC resident identity card numbers (公民身份号码), GB 11643-1999.
//!
//! A number has 18 characters:
//!
//! | positions | meaning |
//! |-----------|---------|
//! | 1–6       | address code: the county-level region that first issued the number (GB/T 2260) |
//! | 7–14      | birth date, `YYYYMMDD` |
//! | 15–17     | sequence code; the 17th digit is odd for men and even for women |
//! | 18        | check character (ISO 7064 MOD 11-2) |
//!
//! The check character: multiply each of the first 17 digits by its weight
//! `7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2` (that is, 2^(18−i) mod 11 for position i), add the
//! products, and look the sum mod 11 up in `1 0 X 9 8 7 6 5 4 3 2`. The check catches every
//! single mistyped digit and every swap of two neighbouring digits. A check value of 10 is
//! written `X`; people often type a lowercase `x`, which we accept and store as `X`.
//!
//! We check that the address code is plausible (first digit 1–9) but not that it is in the
//! current GB/T 2260 list: a number keeps the code of the place that issued it even after
//! that county is merged or renamed, so a current table would reject real numbers. (First
//! digit 9 is also used by the 2023 foreigner's permanent residence card, which has the same
//! layout and check.) The birth date must be a real day between 1900-01-01 and today, which
//! the caller passes in: the domain has no clock.
//!
//! The old 15-digit numbers stopped being valid in 2013 and are not accepted.
//!
//! An ID number identifies a person for life and is treated as sensitive personal
//! information: [`IdNumber`] has no `Display`, and its `Debug` prints only the masked form.

use std::fmt;

use crate::Coded;
use crate::work::Gender;
use chrono::{Datelike, NaiveDate};

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [u8; 11] = *b"10X98765432";
/// Birth dates start on 1 January of this year.
const EARLIEST_BIRTH_YEAR: u16 = 1900;

/// A well-formed 18-character identity card number, check character in uppercase.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber {
    number: String,
    birth: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error("ID number is empty")]
    Empty,
    #[error("ID number must be 17 digits and a final digit or X, starting with a region code")]
    InvalidFormat,
    #[error("the birth date in the ID number is not a real date between 1900-01-01 and today")]
    InvalidDate,
    #[error("the ID number's check character does not match")]
    BadChecksum,
}

impl Coded for IdNumberError {
    fn code(&self) -> &'static str {
        match self {
            IdNumberError::Empty => "id_number_required",
            IdNumberError::InvalidFormat => "id_number_invalid_format",
            IdNumberError::InvalidDate => "id_number_invalid_date",
            IdNumberError::BadChecksum => "id_number_bad_checksum",
        }
    }
}

/// The check character for the first 17 digits (which must be ASCII digits).
fn check_char(first17: &[u8]) -> u8 {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    CHECK_CHARS[(sum % 11) as usize]
}

fn decimal(digits: &[u8]) -> u16 {
    digits.iter().fold(0, |n, d| n * 10 + u16::from(d - b'0'))
}

impl IdNumber {
    /// Checks a number as typed. Spaces anywhere are ignored and a lowercase `x` is accepted.
    /// `today` bounds the birth date.
    pub fn parse(raw: &str, today: NaiveDate) -> Result<Self, IdNumberError> {
        let mut number: String = raw.chars().filter(|c| !matches!(c, ' ' | '\u{3000}')).collect();
        if number.is_empty() {
            return Err(IdNumberError::Empty);
        }
        number.make_ascii_uppercase();
        let b = number.as_bytes();
        let shaped = b.len() == 18
            && b[..17].iter().all(u8::is_ascii_digit)
            && (b[17].is_ascii_digit() || b[17] == b'X')
            && b[0] != b'0';
        if !shaped {
            return Err(IdNumberError::InvalidFormat);
        }
        // Two-digit month and day fit in a u8.
        let birth = NaiveDate::from_ymd_opt(
            i32::from(decimal(&b[6..10])),
            u32::from(decimal(&b[10..12])),
            u32::from(decimal(&b[12..14])),
        )
        .ok_or(IdNumberError::InvalidDate)?;
        if birth.year() < i32::from(EARLIEST_BIRTH_YEAR) || birth > today {
            return Err(IdNumberError::InvalidDate);
        }
        if check_char(&b[..17]) != b[17] {
            return Err(IdNumberError::BadChecksum);
        }
        Ok(IdNumber { number, birth })
    }

    /// The 18 characters, check character in uppercase. Show it only to its owner.
    pub fn as_str(&self) -> &str {
        &self.number
    }

    pub fn birth_date(&self) -> NaiveDate {
        self.birth
    }

    pub fn birth_year(&self) -> u16 {
        u16::try_from(self.birth.year()).unwrap_or(0)
    }

    /// From the 17th digit: odd for men, even for women.
    pub fn gender(&self) -> Gender {
        if (self.number.as_bytes()[16] - b'0') % 2 == 1 { Gender::Male } else { Gender::Female }
    }

    /// The number as shown to anyone but its owner: the first 4 and last 4 characters
    /// (province and city, and the tail) kept, the 10 between hidden — `1525**********123X`.
    pub fn masked(&self) -> String {
        format!("{}{}{}", &self.number[..4], "*".repeat(10), &self.number[14..])
    }
}

/// Debug output masks the number so that it never lands whole in a log line.
impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
    }

    fn parse(raw: &str) -> Result<IdNumber, IdNumberError> {
        IdNumber::parse(raw, today())
    }

    /// The first 17 characters plus their check character.
    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_char(first17.as_bytes()) as char)
    }

    #[test]
    fn the_standards_example() {
        // The worked example printed in GB 11643-1999.
        let id = parse("11010519491231002X").unwrap();
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(id.gender(), Gender::Female);
    }

    #[test]
    fn reads_birth_date_and_gender() {
        let id = parse("152501199001011238").unwrap();
        assert_eq!(id.as_str(), "152501199001011238");
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1990, 1, 1).unwrap());
        assert_eq!(id.birth_year(), 1990);
        assert_eq!(id.gender(), Gender::Male);
        assert_eq!(parse("152501198503154621").unwrap().gender(), Gender::Female);
    }

    #[test]
    fn accepts_lowercase_x_and_spaces() {
        let id = parse(" 110105 19491231 002x ").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
    }

    #[test]
    fn leap_days() {
        assert!(parse("152501200002290318").is_ok());
        let not_leap = with_check("15250119000229031");
        assert_eq!(parse(&not_leap), Err(IdNumberError::InvalidDate));
        let not_leap = with_check("15250120230229031");
        assert_eq!(parse(&not_leap), Err(IdNumberError::InvalidDate));
    }

    #[test]
    fn birth_date_must_be_between_1900_and_today() {
        assert!(parse(&with_check("15250119000101031")).is_ok());
        assert_eq!(parse(&with_check("15250118991231031")), Err(IdNumberError::InvalidDate));
        assert!(parse(&with_check("15250120250601031")).is_ok());
        assert_eq!(parse(&with_check("15250120250602031")), Err(IdNumberError::InvalidDate));
        assert_eq!(parse(&with_check("15250119901301031")), Err(IdNumberError::InvalidDate));
        assert_eq!(parse(&with_check("15250119900100031")), Err(IdNumberError::InvalidDate));
        assert_eq!(parse(&with_check("15250119900431031")), Err(IdNumberError::InvalidDate));
    }

    #[test]
    fn rejects_bad_shapes() {
        for raw in [
            "15250119900101123",                    // 17 characters
            "1525011990010112388",                  // 19 characters
            "15250119900101123A",                   // check character not a digit or X
            "1525011990010X1238",                   // X before the end
            "052501199001011238",                   // region code starts with 0
            "000000199001011238",                   // no region at all
            "152501900101123",                      // old 15-digit number
            "１５２５０１１９９００１０１１２３８", // full-width digits
            "152501-19900101-1238",
        ] {
            assert_eq!(parse(raw), Err(IdNumberError::InvalidFormat), "{raw}");
        }
        assert_eq!(parse(""), Err(IdNumberError::Empty));
        assert_eq!(parse("\u{3000} "), Err(IdNumberError::Empty));
    }

    #[test]
    fn rejects_a_wrong_check_character() {
        assert_eq!(parse("152501199001011239"), Err(IdNumberError::BadChecksum));
        assert_eq!(parse("110105194912310021"), Err(IdNumberError::BadChecksum));
        // Two neighbouring digits swapped.
        assert_eq!(parse("152501199001012138"), Err(IdNumberError::BadChecksum));
    }

    #[test]
    fn masks_everything_but_the_ends() {
        let id = parse("152501199001011238").unwrap();
        assert_eq!(id.masked(), "1525**********1238");
        assert_eq!(format!("{id:?}"), "IdNumber(1525**********1238)");
        assert!(!format!("{id:?}").contains("19900101"));
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(IdNumberError::Empty.code(), "id_number_required");
        assert_eq!(IdNumberError::InvalidFormat.code(), "id_number_invalid_format");
        assert_eq!(IdNumberError::InvalidDate.code(), "id_number_invalid_date");
        assert_eq!(IdNumberError::BadChecksum.code(), "id_number_bad_checksum");
    }

    fn days_in_month(y: u16, m: u8) -> u8 {
        let first = NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), 1).unwrap();
        let next = if m == 12 {
            NaiveDate::from_ymd_opt(i32::from(y) + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(i32::from(y), u32::from(m) + 1, 1)
        };
        (next.unwrap() - first).num_days() as u8
    }

    /// The first 17 characters of a well-formed number born between 1900 and 2025-06-01.
    fn first17() -> impl Strategy<Value = String> {
        ("[1-9][0-9]{5}", 1900u16..=2024, 1u8..=12, 0u8..31, "[0-9]{3}").prop_map(|(region, y, m, d, seq)| {
            let day = d % days_in_month(y, m) + 1;
            format!("{region}{y:04}{m:02}{day:02}{seq}")
        })
    }

    proptest! {
        #[test]
        fn every_valid_number_round_trips(first in first17()) {
            let raw = with_check(&first);
            let id = parse(&raw).unwrap();
            prop_assert_eq!(id.as_str(), raw.as_str());
            prop_assert_eq!(parse(&raw.to_lowercase()), Ok(id.clone()));
            prop_assert_eq!(id.masked().len(), 18);
            prop_assert!(id.masked().starts_with(&raw[..4]) && id.masked().ends_with(&raw[14..]));
        }

        #[test]
        fn any_single_mistyped_character_is_caught(first in first17(), pos in 0usize..18, new in 0u8..11) {
            let raw = with_check(&first);
            let mut bytes = raw.clone().into_bytes();
            let replacement = if new == 10 { b'X' } else { b'0' + new };
            prop_assume!(bytes[pos] != replacement);
            bytes[pos] = replacement;
            let typo = String::from_utf8(bytes).unwrap();
            prop_assert!(parse(&typo).is_err(), "{} accepted", typo);
        }

        #[test]
        fn never_panics(raw in "\\PC{0,24}") {
            let _ = parse(&raw);
        }
    }

    #[test]
    fn every_code_has_a_message() {
        for code in [
            IdNumberError::Empty.code(),
            IdNumberError::InvalidFormat.code(),
            IdNumberError::InvalidDate.code(),
            IdNumberError::BadChecksum.code(),
        ] {
            for lang in [crate::Lang::Zh, crate::Lang::En] {
                assert!(crate::i18n::message(code, lang).is_some(), "{code}");
            }
        }
    }
}
