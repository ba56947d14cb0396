//! Mainland China mobile numbers: the login identifier of every account.

use std::fmt;

use crate::Coded;

/// A mainland mobile number in canonical form: 11 digits, `1[3-9]` and nine more.
///
/// Parsing accepts what people type — spaces, hyphens, a `+86`/`0086`/`86` prefix — and
/// keeps only the 11 digits.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("phone number is empty")]
    Empty,
    #[error("phone number must be an 11-digit mainland mobile number")]
    Invalid,
}

impl Coded for PhoneError {
    fn code(&self) -> &'static str {
        match self {
            PhoneError::Empty => "phone_required",
            PhoneError::Invalid => "phone_invalid",
        }
    }
}

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, PhoneError> {
        let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-' | '\u{3000}')).collect();
        if digits.is_empty() {
            return Err(PhoneError::Empty);
        }
        let national = digits
            .strip_prefix("+86")
            .or_else(|| digits.strip_prefix("0086"))
            .or_else(|| if digits.len() == 13 { digits.strip_prefix("86") } else { None })
            .unwrap_or(&digits);
        let bytes = national.as_bytes();
        let valid = bytes.len() == 11
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1]);
        if valid { Ok(Phone(national.to_owned())) } else { Err(PhoneError::Invalid) }
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as shown to anyone but its owner: `138****5678`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Debug output masks the number so that it never lands whole in a log line.
impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_what_people_type() {
        for raw in [
            "13812345678",
            "138 1234 5678",
            "138-1234-5678",
            "+8613812345678",
            "008613812345678",
            "8613812345678",
        ] {
            assert_eq!(Phone::parse(raw).map(|p| p.0), Ok("13812345678".to_owned()), "{raw}");
        }
    }

    #[test]
    fn rejects_non_mobile_numbers() {
        for raw in [
            "12812345678",
            "1381234567",
            "138123456789",
            "0471-1234567",
            "1381234567a",
            "２３８１２３４５６７８",
        ] {
            assert_eq!(Phone::parse(raw), Err(PhoneError::Invalid), "{raw}");
        }
        assert_eq!(Phone::parse("  "), Err(PhoneError::Empty));
    }

    #[test]
    fn masks_the_middle() {
        let p = Phone::parse("13812345678").unwrap();
        assert_eq!(p.masked(), "138****5678");
        assert_eq!(format!("{p:?}"), "Phone(138****5678)");
    }

    proptest! {
        #[test]
        fn every_valid_number_round_trips(second in 3u8..=9, rest in "[0-9]{9}") {
            let raw = format!("1{second}{rest}");
            let phone = Phone::parse(&raw).unwrap();
            prop_assert_eq!(phone.as_str(), raw.as_str());
            prop_assert_eq!(Phone::parse(phone.as_str()).unwrap(), phone);
        }

        #[test]
        fn never_panics(raw in "\\PC{0,20}") {
            let _ = Phone::parse(&raw);
        }
    }
}
