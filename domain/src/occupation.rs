//! Occupations and vocational skill levels.
//!
//! Occupations are coded by the national occupational classification, 《中华人民共和国职业分类大典》
//! (2022 edition; the 2015 edition uses the same scheme). Its four levels are written
//! `6`, `6-29`, `6-29-01`, `6-29-01-01`:
//!
//! | depth | level | example |
//! |-------|-------|---------|
//! | 1     | major class (大类), one digit            | `6`          |
//! | 2     | medium class (中类), two more digits     | `6-29`       |
//! | 3     | small class (小类), two more digits      | `6-29-01`    |
//! | 4     | occupation (细类/职业), two more digits  | `6-29-01-01` |
//!
//! A posting names an occupation (depth 4); a worker may name a broader class. Matching uses
//! [`relation`]: two jobs in the same small class are close, in the same major class
//! distant, in different major classes unrelated.
//!
//! Skill levels are the five levels of the national vocational skill level system
//! (国家职业资格/职业技能等级): 五级/初级工, 四级/中级工, 三级/高级工, 二级/技师,
//! 一级/高级技师. **Our numbers run the other way from the Chinese names**: [`SkillLevel`] 1 is
//! 五级 (entry) and 5 is 一级 (senior technician), so that a higher number is more skilled
//! and "at least level 3" reads naturally. (The 2022 reform adds 特级技师 and 首席技师 above
//! 一级 and 学徒工 below 五级; those are not certified by the ordinary assessment bodies and
//! are not modelled.)

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Coded;

/// A code of the national occupational classification at any of its four levels: a digit,
/// then up to three groups of `-` and two digits (`^\d(-\d{2}){0,3}$`).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OccupationCode(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OccupationCodeError {
    #[error("occupation code must look like 6, 6-29, 6-29-01 or 6-29-01-01")]
    Invalid,
}

impl Coded for OccupationCodeError {
    fn code(&self) -> &'static str {
        match self {
            OccupationCodeError::Invalid => "occupation_code_invalid",
        }
    }
}

/// How close two occupations are in the classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OccupationRelation {
    /// The same code.
    Same,
    /// Different, but in the same small class (first three levels equal).
    SameSmallClass,
    /// In the same medium class (first two levels equal), not the same small class.
    SameMediumClass,
    /// In the same major class (first digit equal), not the same medium class.
    SameMajorClass,
    /// In different major classes.
    Unrelated,
}

impl OccupationCode {
    /// Accepts a code with surrounding spaces trimmed; nothing else is rewritten.
    pub fn parse(raw: &str) -> Result<Self, OccupationCodeError> {
        let code = raw.trim();
        let b = code.as_bytes();
        let shaped = matches!(b.len(), 1 | 4 | 7 | 10)
            && b[0].is_ascii_digit()
            && b[1..].chunks(3).all(|g| g[0] == b'-' && g[1].is_ascii_digit() && g[2].is_ascii_digit());
        if shaped { Ok(OccupationCode(code.to_owned())) } else { Err(OccupationCodeError::Invalid) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// 1 for a major class, 2 medium, 3 small, 4 an occupation.
    pub fn depth(&self) -> u8 {
        // Lengths 1, 4, 7, 10.
        (self.0.len() / 3 + 1) as u8
    }

    /// The class one level up; `None` for a major class.
    pub fn parent(&self) -> Option<OccupationCode> {
        (self.0.len() > 1).then(|| OccupationCode(self.0[..self.0.len() - 3].to_owned()))
    }

    /// Whether `other` is this code or lies inside it (`6-29` is a prefix of `6-29-01-01`
    /// and of itself, not of `6-2` — which is no code — nor of `6-30`). Groups have a fixed
    /// width, so a string prefix is always a whole-level prefix.
    pub fn is_prefix_of(&self, other: &OccupationCode) -> bool {
        other.0.starts_with(&self.0)
    }

    /// The levels of the code: the major-class digit, then each two-digit group.
    fn levels(&self) -> impl Iterator<Item = &str> {
        self.0.split('-')
    }

    /// Shorthand for [`relation`]`(self, other)`.
    pub fn relation(&self, other: &OccupationCode) -> OccupationRelation {
        relation(self, other)
    }
}

/// How close `a` and `b` are: [`OccupationRelation::Same`] when the codes are equal,
/// otherwise named after the deepest level whose code the two share.
///
/// Made for two occupations (depth 4), but defined for any depths by comparing only the
/// levels both codes have: a broader code relates to a code inside it at its own depth, never
/// as `Same` — `6-29` against `6-29-01-01` is [`SameMediumClass`](OccupationRelation::SameMediumClass),
/// `6-29-01` against `6-29-01-01` is [`SameSmallClass`](OccupationRelation::SameSmallClass),
/// `6` against `6-29-01-01` is [`SameMajorClass`](OccupationRelation::SameMajorClass). Symmetric.
pub fn relation(a: &OccupationCode, b: &OccupationCode) -> OccupationRelation {
    if a == b {
        return OccupationRelation::Same;
    }
    match a.levels().zip(b.levels()).take_while(|(x, y)| x == y).count() {
        0 => OccupationRelation::Unrelated,
        1 => OccupationRelation::SameMajorClass,
        2 => OccupationRelation::SameMediumClass,
        _ => OccupationRelation::SameSmallClass,
    }
}

impl fmt::Display for OccupationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for OccupationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OccupationCode({})", self.0)
    }
}

/// Serialised as the plain code string, `"6-29-01-01"`.
impl Serialize for OccupationCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Accepts only a well-formed code (see [`OccupationCode::parse`]).
impl<'de> Deserialize<'de> for OccupationCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        OccupationCode::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// A national vocational skill level; higher is more skilled. Serialised as the plain
/// integer 1–5. See the module documentation for how it maps to 五级 … 一级.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum SkillLevel {
    /// 1 = 五级/初级工.
    Entry = 1,
    /// 2 = 四级/中级工.
    Intermediate = 2,
    /// 3 = 三级/高级工.
    Advanced = 3,
    /// 4 = 二级/技师.
    Technician = 4,
    /// 5 = 一级/高级技师.
    SeniorTechnician = 5,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SkillLevelError {
    #[error("skill level must be 1 to 5")]
    OutOfRange,
}

impl Coded for SkillLevelError {
    fn code(&self) -> &'static str {
        match self {
            SkillLevelError::OutOfRange => "skill_level_out_of_range",
        }
    }
}

impl SkillLevel {
    pub const ALL: [SkillLevel; 5] = [
        SkillLevel::Entry,
        SkillLevel::Intermediate,
        SkillLevel::Advanced,
        SkillLevel::Technician,
        SkillLevel::SeniorTechnician,
    ];

    /// The level from its number, 1 (entry) to 5 (senior technician).
    pub fn new(level: u8) -> Result<Self, SkillLevelError> {
        match level {
            1 => Ok(SkillLevel::Entry),
            2 => Ok(SkillLevel::Intermediate),
            3 => Ok(SkillLevel::Advanced),
            4 => Ok(SkillLevel::Technician),
            5 => Ok(SkillLevel::SeniorTechnician),
            _ => Err(SkillLevelError::OutOfRange),
        }
    }

    /// The number, 1–5.
    pub fn level(self) -> u8 {
        self as u8
    }

    /// The name printed on certificates, national level first: `五级/初级工`.
    pub fn name_zh(self) -> &'static str {
        match self {
            SkillLevel::Entry => "五级/初级工",
            SkillLevel::Intermediate => "四级/中级工",
            SkillLevel::Advanced => "三级/高级工",
            SkillLevel::Technician => "二级/技师",
            SkillLevel::SeniorTechnician => "一级/高级技师",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            SkillLevel::Entry => "Entry",
            SkillLevel::Intermediate => "Intermediate",
            SkillLevel::Advanced => "Advanced",
            SkillLevel::Technician => "Technician",
            SkillLevel::SeniorTechnician => "Senior technician",
        }
    }
}

impl TryFrom<u8> for SkillLevel {
    type Error = SkillLevelError;
    fn try_from(level: u8) -> Result<Self, Self::Error> {
        SkillLevel::new(level)
    }
}

impl From<SkillLevel> for u8 {
    fn from(level: SkillLevel) -> u8 {
        level.level()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(raw: &str) -> OccupationCode {
        OccupationCode::parse(raw).unwrap()
    }

    #[test]
    fn parses_all_four_levels() {
        for (raw, depth) in [("6", 1), ("6-29", 2), ("6-29-01", 3), ("6-29-01-01", 4), (" 4-02-06-03 ", 4)] {
            let c = code(raw);
            assert_eq!(c.depth(), depth, "{raw}");
            assert_eq!(c.as_str(), raw.trim());
        }
    }

    #[test]
    fn rejects_other_shapes() {
        for raw in [
            "",
            "-",
            "61",
            "6-2",
            "6-291",
            "6-29-",
            "6--29",
            "6-29-01-01-01",
            "6.29.01",
            "6_29",
            "a-29",
            "6-2x",
            "6－29",
            "６-29",
            "629-01",
        ] {
            assert_eq!(OccupationCode::parse(raw), Err(OccupationCodeError::Invalid), "{raw}");
        }
    }

    #[test]
    fn parents_and_prefixes() {
        assert_eq!(code("6-29-01-01").parent(), Some(code("6-29-01")));
        assert_eq!(code("6-29-01").parent(), Some(code("6-29")));
        assert_eq!(code("6-29").parent(), Some(code("6")));
        assert_eq!(code("6").parent(), None);
        assert!(code("6-29").is_prefix_of(&code("6-29-01-01")));
        assert!(code("6-29").is_prefix_of(&code("6-29")));
        assert!(code("6").is_prefix_of(&code("6-30-01")));
        assert!(!code("6-29").is_prefix_of(&code("6-30-01")));
        assert!(!code("6-29-01-01").is_prefix_of(&code("6-29")));
        assert!(!code("6").is_prefix_of(&code("4-02")));
    }

    #[test]
    fn relations_between_occupations() {
        let r = |a: &str, b: &str| relation(&code(a), &code(b));
        assert_eq!(r("6-29-01-01", "6-29-01-01"), OccupationRelation::Same);
        assert_eq!(r("6-29-01-01", "6-29-01-02"), OccupationRelation::SameSmallClass);
        assert_eq!(r("6-29-01-01", "6-29-02-01"), OccupationRelation::SameMediumClass);
        assert_eq!(r("6-29-01-01", "6-30-01-01"), OccupationRelation::SameMajorClass);
        assert_eq!(r("6-29-01-01", "4-29-01-01"), OccupationRelation::Unrelated);
    }

    #[test]
    fn relations_with_broader_codes() {
        let r = |a: &str, b: &str| code(a).relation(&code(b));
        assert_eq!(r("6-29", "6-29"), OccupationRelation::Same);
        assert_eq!(r("6", "6"), OccupationRelation::Same);
        assert_eq!(r("6-29-01", "6-29-01-01"), OccupationRelation::SameSmallClass);
        assert_eq!(r("6-29", "6-29-01-01"), OccupationRelation::SameMediumClass);
        assert_eq!(r("6", "6-29-01-01"), OccupationRelation::SameMajorClass);
        assert_eq!(r("6-29", "6-30"), OccupationRelation::SameMajorClass);
        assert_eq!(r("4", "6-29-01-01"), OccupationRelation::Unrelated);
    }

    #[test]
    fn skill_levels() {
        for (n, level) in (1u8..).zip(SkillLevel::ALL) {
            assert_eq!(SkillLevel::new(n), Ok(level));
            assert_eq!(level.level(), n);
            assert_eq!(u8::from(level), n);
        }
        assert_eq!(SkillLevel::new(0), Err(SkillLevelError::OutOfRange));
        assert_eq!(SkillLevel::new(6), Err(SkillLevelError::OutOfRange));
        assert!(SkillLevel::SeniorTechnician > SkillLevel::Entry);
        assert_eq!(SkillLevel::Entry.name_zh(), "五级/初级工");
        assert_eq!(SkillLevel::SeniorTechnician.name_zh(), "一级/高级技师");
        assert_eq!(SkillLevel::Technician.name_en(), "Technician");
        assert_eq!(SkillLevelError::OutOfRange.code(), "skill_level_out_of_range");
        assert_eq!(OccupationCodeError::Invalid.code(), "occupation_code_invalid");
    }

    #[test]
    fn skill_level_serde_is_a_plain_integer() {
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, U8Deserializer};
        let de: U8Deserializer<Error> = 4u8.into_deserializer();
        assert_eq!(SkillLevel::deserialize(de).ok(), Some(SkillLevel::Technician));
        let de: U8Deserializer<Error> = 9u8.into_deserializer();
        assert!(SkillLevel::deserialize(de).is_err());
    }

    #[test]
    fn occupation_code_serde_is_the_code_string() {
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, StrDeserializer};
        let de: StrDeserializer<'_, Error> = "6-29-01-01".into_deserializer();
        assert_eq!(OccupationCode::deserialize(de).ok(), Some(code("6-29-01-01")));
        let de: StrDeserializer<'_, Error> = "6-2".into_deserializer();
        assert!(OccupationCode::deserialize(de).is_err());
        assert_eq!(serde_json::to_string(&code("6-29")).ok().as_deref(), Some("\"6-29\""));
    }

    fn any_code() -> impl Strategy<Value = String> {
        ("[0-9]", proptest::collection::vec("[0-9]{2}", 0..=3))
            .prop_map(|(major, groups)| groups.iter().fold(major, |acc, g| format!("{acc}-{g}")))
    }

    proptest! {
        #[test]
        fn valid_codes_round_trip(raw in any_code()) {
            let c = OccupationCode::parse(&raw).unwrap();
            prop_assert_eq!(c.as_str(), raw.as_str());
            prop_assert_eq!(usize::from(c.depth()), raw.split('-').count());
            if let Some(p) = c.parent() {
                prop_assert_eq!(p.depth() + 1, c.depth());
                prop_assert!(p.is_prefix_of(&c));
            }
        }

        #[test]
        fn relation_is_symmetric_and_agrees_with_prefixes(a in any_code(), b in any_code()) {
            let (a, b) = (code(&a), code(&b));
            prop_assert_eq!(relation(&a, &b), relation(&b, &a));
            prop_assert_eq!(relation(&a, &b) == OccupationRelation::Same, a == b);
            if a.is_prefix_of(&b) && a != b {
                let expected = match a.depth() {
                    1 => OccupationRelation::SameMajorClass,
                    2 => OccupationRelation::SameMediumClass,
                    _ => OccupationRelation::SameSmallClass,
                };
                prop_assert_eq!(relation(&a, &b), expected);
            }
        }

        #[test]
        fn never_panics(raw in "\\PC{0,14}") {
            let _ = OccupationCode::parse(&raw);
        }
    }

    #[test]
    fn every_code_has_a_message() {
        for code in [OccupationCodeError::Invalid.code(), SkillLevelError::OutOfRange.code()] {
            for lang in [crate::Lang::Zh, crate::Lang::En] {
                assert!(crate::i18n::message(code, lang).is_some(), "{code}");
            }
        }
    }
}
