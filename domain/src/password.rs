//! Password policy for self-registered accounts.
//!
//! Following current guidance (NIST SP 800-63B) rather than composition rules that push
//! people towards `Aa123456`: at least 8 characters, at most 128, not one character
//! repeated, not a well-known common password, and not the account's own phone number.
//! Many of our users type on cheap phones; length matters more than symbols.

use std::fmt;

use crate::{Coded, Phone};

pub const MIN_CHARS: usize = 8;
pub const MAX_CHARS: usize = 128;

/// The most common passwords seen in Chinese and global breach lists (lowercase).
const COMMON: &[&str] = &[
    "12345678",
    "123456789",
    "1234567890",
    "87654321",
    "11111111",
    "88888888",
    "66666666",
    "00000000",
    "12341234",
    "11223344",
    "12121212",
    "123123123",
    "password",
    "password1",
    "qwertyui",
    "qwerty123",
    "abc12345",
    "abcd1234",
    "a1234567",
    "a12345678",
    "aa123456",
    "iloveyou",
    "woaini1314",
    "5201314520",
    "1qaz2wsx",
    "qwe123456",
    "zxcvbnm1",
    "admin123",
    "12345678a",
    "123456aa",
    "147258369",
    "159357456",
    "asdfghjk",
    "1q2w3e4r",
    "111111111",
];

/// A password that meets the policy. Debug never prints it.
#[derive(Clone)]
pub struct Password(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("password must have at least {MIN_CHARS} characters")]
    TooShort,
    #[error("password must have at most {MAX_CHARS} characters")]
    TooLong,
    #[error("password is too easy to guess")]
    TooCommon,
    #[error("password must not be the phone number")]
    SameAsPhone,
}

impl Coded for PasswordError {
    fn code(&self) -> &'static str {
        match self {
            PasswordError::TooShort => "password_too_short",
            PasswordError::TooLong => "password_too_long",
            PasswordError::TooCommon => "password_too_common",
            PasswordError::SameAsPhone => "password_same_as_phone",
        }
    }
}

impl Password {
    /// Checks a new password against the policy. `phone` is the account's own number.
    pub fn parse(raw: &str, phone: Option<&Phone>) -> Result<Self, PasswordError> {
        let chars = raw.chars().count();
        if chars < MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if chars > MAX_CHARS {
            return Err(PasswordError::TooLong);
        }
        let mut distinct = raw.chars();
        let first = distinct.next();
        if distinct.all(|c| Some(c) == first) || COMMON.contains(&raw.to_lowercase().as_str()) {
            return Err(PasswordError::TooCommon);
        }
        if phone.is_some_and(|p| raw.contains(p.as_str())) {
            return Err(PasswordError::SameAsPhone);
        }
        Ok(Password(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        let phone = Phone::parse("13812345678").unwrap();
        assert_eq!(Password::parse("short1", None).err(), Some(PasswordError::TooShort));
        assert_eq!(Password::parse(&"x1".repeat(65), None).err(), Some(PasswordError::TooLong));
        assert_eq!(Password::parse("aaaaaaaaaa", None).err(), Some(PasswordError::TooCommon));
        assert_eq!(Password::parse("Password1", None).err(), Some(PasswordError::TooCommon));
        assert_eq!(Password::parse("x13812345678", Some(&phone)).err(), Some(PasswordError::SameAsPhone));
        assert!(Password::parse("草原上的骏马跑得快", Some(&phone)).is_ok());
        assert!(Password::parse("erlian-welder-7", Some(&phone)).is_ok());
    }

    #[test]
    fn counts_characters_not_bytes() {
        // Seven Chinese characters are 21 bytes but still too short.
        assert_eq!(Password::parse("二连浩特口岸站", None).err(), Some(PasswordError::TooShort));
    }

    #[test]
    fn debug_hides_the_secret() {
        let p = Password::parse("erlian-welder-7", None).unwrap();
        assert_eq!(format!("{p:?}"), "Password(***)");
    }
}
