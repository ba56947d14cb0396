//! The plain vocabularies of a job posting and a worker profile: kind of work, benefits,
//! gender, education and language.
//!
//! Each enum has a stable `snake_case` wire name, shared by `as_str`, [`FromStr`] and serde,
//! so the database, the API and the clients all spell a value the same way.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::account::UnknownVariant;

/// Implements `ALL`, `as_str`, `Display` and `FromStr` for a plain enum from one table of
/// (variant, wire name) pairs, so the names cannot drift apart.
macro_rules! plain_enum {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The stable wire name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = UnknownVariant;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($name => Ok($ty::$variant),)+
                    _ => Err(UnknownVariant),
                }
            }
        }
    };
}

/// How a job is engaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkType {
    /// A standing job on a labour contract (全职).
    FullTime,
    /// For a season: shearing, haymaking, building season, the autumn port rush (季节工).
    Seasonal,
    /// Paid by the day, often found and settled the same day (日结/零工).
    DayLabour,
    /// Part-time work (兼职/非全日制).
    PartTime,
}

plain_enum!(WorkType {
    FullTime => "full_time",
    Seasonal => "seasonal",
    DayLabour => "day_labour",
    PartTime => "part_time",
});

/// What an employer provides besides the wage. Plain yes/no facts, all `false` by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Benefits {
    /// Housing or a dormitory (包住).
    pub housing: bool,
    /// Meals (包吃).
    pub meals: bool,
    /// Social insurance paid (缴纳社保).
    pub social_insurance: bool,
    /// Transport to and from the site, or the fare paid (接送/报销路费).
    pub transport: bool,
}

impl Benefits {
    /// How many of the benefits are provided.
    pub fn count(self) -> usize {
        [self.housing, self.meals, self.social_insurance, self.transport].into_iter().filter(|b| *b).count()
    }
}

/// Gender as recorded on the identity card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

plain_enum!(Gender {
    Male => "male",
    Female => "female",
});

/// Highest completed education.
///
/// Not totally ordered: secondary vocational school (中专/职高/技校) sits at the same stage
/// as senior secondary school (普通高中); see [`Education::meets`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Education {
    /// No schooling completed.
    None,
    /// Primary school (小学).
    Primary,
    /// Junior secondary school (初中).
    JuniorSecondary,
    /// Senior secondary school (高中).
    SeniorSecondary,
    /// Secondary vocational school (中专/职高/技校).
    Vocational,
    /// Junior college, including higher vocational college (大专/高职).
    College,
    /// Bachelor's degree or above (本科及以上).
    BachelorOrAbove,
}

plain_enum!(Education {
    None => "none",
    Primary => "primary",
    JuniorSecondary => "junior_secondary",
    SeniorSecondary => "senior_secondary",
    Vocational => "vocational",
    College => "college",
    BachelorOrAbove => "bachelor_or_above",
});

impl Education {
    /// The stage of schooling, 0 (none) to 5 (bachelor or above). Senior secondary and
    /// secondary vocational school are the same stage (3).
    pub fn stage(self) -> u8 {
        match self {
            Education::None => 0,
            Education::Primary => 1,
            Education::JuniorSecondary => 2,
            Education::SeniorSecondary | Education::Vocational => 3,
            Education::College => 4,
            Education::BachelorOrAbove => 5,
        }
    }

    /// Whether this education satisfies a posting that asks for at least `required`: a
    /// 中专 certificate meets a 高中 requirement and the other way round.
    pub fn meets(self, required: Education) -> bool {
        self.stage() >= required.stage()
    }
}

/// A language a worker speaks or a posting needs, by ISO 639-1 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// Chinese (中文).
    Zh,
    /// Mongolian (蒙古语), in either script.
    Mn,
    /// English (英语).
    En,
    /// Russian (俄语).
    Ru,
}

plain_enum!(Language {
    Zh => "zh",
    Mn => "mn",
    En => "en",
    Ru => "ru",
});

#[cfg(test)]
mod tests {
    use super::*;

    /// Every variant's name parses back, is `snake_case`, and is what serde accepts.
    fn round_trip<T>(all: &[T])
    where
        T: Copy + PartialEq + fmt::Debug + fmt::Display + FromStr + for<'de> Deserialize<'de>,
    {
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, StrDeserializer};
        for v in all {
            let name = v.to_string();
            assert_eq!(name.parse::<T>().ok(), Some(*v), "{name}");
            assert!(!name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            let de: StrDeserializer<'_, Error> = name.as_str().into_deserializer();
            assert_eq!(T::deserialize(de).ok(), Some(*v), "serde name of {name}");
        }
    }

    #[test]
    fn names_round_trip() {
        round_trip(WorkType::ALL);
        round_trip(Gender::ALL);
        round_trip(Education::ALL);
        round_trip(Language::ALL);
        assert!("Full_Time".parse::<WorkType>().is_err());
        assert!("mongolian".parse::<Language>().is_err());
    }

    #[test]
    fn vocational_equals_senior_secondary() {
        assert!(Education::Vocational.meets(Education::SeniorSecondary));
        assert!(Education::SeniorSecondary.meets(Education::Vocational));
        assert!(Education::College.meets(Education::Vocational));
        assert!(!Education::JuniorSecondary.meets(Education::Vocational));
        assert!(Education::None.meets(Education::None));
        assert!(!Education::None.meets(Education::Primary));
    }

    #[test]
    fn counts_benefits() {
        assert_eq!(Benefits::default().count(), 0);
        let b = Benefits { housing: true, meals: true, ..Benefits::default() };
        assert_eq!(b.count(), 2);
    }
}
