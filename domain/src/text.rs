//! Free text that people type: names, titles, addresses, descriptions.
//!
//! Trimmed, with control characters (other than newlines in long text) refused, and
//! measured in characters, not bytes — a Chinese name of 4 characters is 12 bytes.

use crate::Coded;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("this text is required")]
    Required,
    #[error("this text is too short")]
    TooShort,
    #[error("this text is too long")]
    TooLong,
    #[error("this text contains control characters")]
    ControlCharacters,
}

impl Coded for TextError {
    fn code(&self) -> &'static str {
        match self {
            TextError::Required => "text_required",
            TextError::TooShort => "text_too_short",
            TextError::TooLong => "text_too_long",
            TextError::ControlCharacters => "text_control_characters",
        }
    }
}

/// A single line (a name, a title, an address): `min..=max` characters after trimming.
pub fn line(raw: &str, min: usize, max: usize) -> Result<String, TextError> {
    checked(raw, min, max, false)
}

/// Multi-line text (a description): newlines and tabs allowed.
pub fn paragraph(raw: &str, min: usize, max: usize) -> Result<String, TextError> {
    checked(raw, min, max, true)
}

fn checked(raw: &str, min: usize, max: usize, multiline: bool) -> Result<String, TextError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(if min == 0 { TextError::TooShort } else { TextError::Required });
    }
    if text.chars().any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\t' | '\r'))) {
        return Err(TextError::ControlCharacters);
    }
    let n = text.chars().count();
    if n < min {
        return Err(TextError::TooShort);
    }
    if n > max {
        return Err(TextError::TooLong);
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_and_trims() {
        assert_eq!(line("  二连浩特口岸物流  ", 2, 10), Ok("二连浩特口岸物流".to_owned()));
        assert_eq!(line("二", 2, 10), Err(TextError::TooShort));
        assert_eq!(line("二连浩特口岸物流有限公司", 2, 10), Err(TextError::TooLong));
        assert_eq!(line("   ", 1, 10), Err(TextError::Required));
        assert_eq!(line("a\u{0}b", 1, 10), Err(TextError::ControlCharacters));
        assert_eq!(line("a\nb", 1, 10), Err(TextError::ControlCharacters));
        assert_eq!(paragraph("第一行\n第二行", 1, 10), Ok("第一行\n第二行".to_owned()));
    }
}

/// A name as shown to someone the person has not dealt with yet: the first character and
/// a star for each of the rest (`王小明` → `王**`, `巴特尔` → `巴**`, `Li` → `L*`).
pub fn masked_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let rest = chars.count().max(1);
            std::iter::once(first).chain(std::iter::repeat_n('*', rest)).collect()
        }
    }
}

#[cfg(test)]
mod masked_name_tests {
    use super::masked_name;

    #[test]
    fn keeps_only_the_first_character() {
        assert_eq!(masked_name("王小明"), "王**");
        assert_eq!(masked_name("巴特尔"), "巴**");
        assert_eq!(masked_name("李"), "李*");
        assert_eq!(masked_name("  "), "");
    }
}
