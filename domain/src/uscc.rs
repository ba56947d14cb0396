//! Unified social credit codes (统一社会信用代码), GB 32100-2015: the registration number of
//! every employer and training school, printed on its business licence.
//!
//! A code has 18 characters from the 31-character set `0123456789ABCDEFGHJKLMNPQRTUWXY`
//! (the digits and the capital letters without I, O, S, V and Z, which are too easily
//! misread):
//!
//! | positions | meaning |
//! |-----------|---------|
//! | 1         | registration authority (e.g. `9` market regulation, `5` civil affairs, `1` establishment offices) |
//! | 2         | entity type within that authority (e.g. `91` company, `92` individual business) |
//! | 3–8       | address code of the registering authority (GB/T 2260) |
//! | 9–17      | organisation code (GB 11714) |
//! | 18        | check character |
//!
//! The check character: give each character its index in the set (`0`–`9` are 0–9, `A` is
//! 10, … `Y` is 30), multiply the first 17 by the weights
//! `1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28` (3^i mod 31), add the products, and the
//! check is `(31 − sum mod 31) mod 31`, written back through the set.
//!
//! We check only the character set and the check character. The authority and entity type
//! tables have been extended by amendments since 2015, so rejecting a pair we do not know
//! would lock out real employers; both characters are available for display.
//!
//! Input is what people copy from a licence: surrounding spaces are trimmed and lowercase
//! letters are accepted and stored in uppercase.

use std::fmt;

use crate::Coded;

const CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// A well-formed unified social credit code, in uppercase. Public information (it is printed
/// on the licence displayed at the workplace), so `Display` prints it whole.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Uscc(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UsccError {
    #[error("unified social credit code is empty")]
    Empty,
    #[error("unified social credit code must be 18 digits or capital letters other than I, O, S, V, Z")]
    InvalidFormat,
    #[error("the unified social credit code's check character does not match")]
    BadChecksum,
}

impl Coded for UsccError {
    fn code(&self) -> &'static str {
        match self {
            UsccError::Empty => "uscc_required",
            UsccError::InvalidFormat => "uscc_invalid_format",
            UsccError::BadChecksum => "uscc_bad_checksum",
        }
    }
}

/// The index of `c` in [`CHARSET`].
fn value(c: u8) -> Option<u32> {
    CHARSET.iter().position(|&x| x == c).map(|i| i as u32)
}

/// The check character for 17 characters already known to be in the set.
fn check_char(first17: &[u32]) -> u8 {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    CHARSET[((31 - sum % 31) % 31) as usize]
}

impl Uscc {
    /// Completes 17 leading characters with their check character (for generated data).
    pub fn complete(first17: &str) -> Result<Self, UsccError> {
        let values: Option<Vec<u32>> = first17.bytes().map(value).collect();
        match values {
            Some(v) if v.len() == 17 => Ok(Uscc(format!("{first17}{}", check_char(&v) as char))),
            _ => Err(UsccError::InvalidFormat),
        }
    }

    pub fn parse(raw: &str) -> Result<Self, UsccError> {
        let code = raw.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(UsccError::Empty);
        }
        let values: Option<Vec<u32>> = code.bytes().map(value).collect();
        let values = match values {
            Some(v) if v.len() == 18 => v,
            _ => return Err(UsccError::InvalidFormat),
        };
        if check_char(&values[..17]) != code.as_bytes()[17] {
            return Err(UsccError::BadChecksum);
        }
        Ok(Uscc(code))
    }

    /// The 18 characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Position 1: the registration authority (登记管理部门代码).
    pub fn registration_authority(&self) -> char {
        char::from(self.0.as_bytes()[0])
    }

    /// Position 2: the entity type (机构类别代码), meaningful together with the authority.
    pub fn entity_type(&self) -> char {
        char::from(self.0.as_bytes()[1])
    }

    /// Positions 3–8: the address code of the registering authority (`152501` is Erenhot).
    pub fn region_code(&self) -> &str {
        &self.0[2..8]
    }

    /// Positions 9–17: the organisation code.
    pub fn organization_code(&self) -> &str {
        &self.0[8..17]
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Codes computed with the algorithm above for made-up Erenhot (152501) registrants; the
    /// organisation-code parts also carry a correct GB 11714 check character.
    const VALID: [&str; 5] = [
        "91152501MA0N3K7F66", // company
        "92152501MA0Q8R2T8F", // individual business
        "93152501MA0RJ5Y64R", // farmers' cooperative
        "52152501MJY4153622", // private non-enterprise unit (e.g. a training school)
        "12152501460601480L", // public institution
    ];

    #[test]
    fn accepts_valid_codes() {
        for raw in VALID {
            let code = Uscc::parse(raw).unwrap();
            assert_eq!(code.as_str(), raw);
            assert_eq!(code.region_code(), "152501");
            assert_eq!(code.to_string(), raw);
        }
        let c = Uscc::parse(VALID[0]).unwrap();
        assert_eq!(c.registration_authority(), '9');
        assert_eq!(c.entity_type(), '1');
        assert_eq!(c.organization_code(), "MA0N3K7F6");
    }

    #[test]
    fn normalises_case_and_surrounding_spaces() {
        let c = Uscc::parse("  92152501ma0q8r2t8f\u{3000}").unwrap();
        assert_eq!(c.as_str(), "92152501MA0Q8R2T8F");
    }

    #[test]
    fn rejects_bad_shapes() {
        for raw in [
            "91152501MA0N3K7F6",   // 17 characters
            "91152501MA0N3K7F666", // 19 characters
            "91152501MA0N3K7I66",  // I is not in the set
            "91152501MA0N3K7O66",  // nor O
            "91152501MA0N3K7S66",  // nor S
            "91152501MA0N3K7V66",  // nor V
            "91152501MA0N3K7Z66",  // nor Z
            "91152501 MA0N3K7F66", // space inside
            "91152501-MA0N3K7F6",
            "９１152501MA0N3K7F66",
        ] {
            assert_eq!(Uscc::parse(raw), Err(UsccError::InvalidFormat), "{raw}");
        }
        assert_eq!(Uscc::parse(" "), Err(UsccError::Empty));
    }

    #[test]
    fn rejects_a_wrong_check_character() {
        assert_eq!(Uscc::parse("91152501MA0N3K7F67"), Err(UsccError::BadChecksum));
        assert_eq!(Uscc::parse("91152501MA0N3K7F6Y"), Err(UsccError::BadChecksum));
        // Two neighbouring characters swapped.
        assert_eq!(Uscc::parse("91152501AM0N3K7F66"), Err(UsccError::BadChecksum));
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(UsccError::Empty.code(), "uscc_required");
        assert_eq!(UsccError::InvalidFormat.code(), "uscc_invalid_format");
        assert_eq!(UsccError::BadChecksum.code(), "uscc_bad_checksum");
    }

    fn with_check(first17: &str) -> String {
        let values: Vec<u32> = first17.bytes().map(|c| value(c).unwrap()).collect();
        format!("{first17}{}", check_char(&values) as char)
    }

    proptest! {
        #[test]
        fn every_valid_code_round_trips(first in "[0-9A-HJ-NPQRTUWXY]{17}") {
            let raw = with_check(&first);
            let code = Uscc::parse(&raw).unwrap();
            prop_assert_eq!(code.as_str(), raw.as_str());
            prop_assert_eq!(Uscc::parse(&format!(" {} ", raw.to_lowercase())), Ok(code));
        }

        #[test]
        fn any_single_mistyped_character_is_caught(
            first in "[0-9A-HJ-NPQRTUWXY]{17}",
            pos in 0usize..18,
            new in 0usize..31,
        ) {
            let raw = with_check(&first);
            let mut bytes = raw.clone().into_bytes();
            prop_assume!(bytes[pos] != CHARSET[new]);
            bytes[pos] = CHARSET[new];
            let typo = String::from_utf8(bytes).unwrap();
            prop_assert_eq!(Uscc::parse(&typo), Err(UsccError::BadChecksum));
        }

        #[test]
        fn never_panics(raw in "\\PC{0,24}") {
            let _ = Uscc::parse(&raw);
        }
    }

    #[test]
    fn every_code_has_a_message() {
        for code in [UsccError::Empty.code(), UsccError::InvalidFormat.code(), UsccError::BadChecksum.code()]
        {
            for lang in [crate::Lang::Zh, crate::Lang::En] {
                assert!(crate::i18n::message(code, lang).is_some(), "{code}");
            }
        }
    }
}
