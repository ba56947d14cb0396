//! Course enrolment: a worker takes a seat on a training course, attends, completes, and is
//! certified — or drops out.
//!
//! | from                | to        | who              |
//! |---------------------|-----------|------------------|
//! | enrolled            | attending | school           |
//! | attending           | completed | school           |
//! | completed           | certified | school, with the certificate number |
//! | enrolled, attending | dropped   | school or worker |
//!
//! Certified and dropped are final. Completed is not final (the certificate usually follows
//! the assessment weeks later) but no longer holds a seat: a seat counts against the course's
//! capacity only while enrolled or attending, so a place frees up as soon as a trainee
//! finishes or drops out.
//!
//! Refusals are worded as for applications ([`crate::application`]): `transition_not_yours`
//! when the actor never makes a move to that status (a worker cannot certify themselves, an
//! employer has no part in enrolments), `transition_not_allowed` when the actor could, but
//! not from the current status.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Coded;
use crate::account::UnknownVariant;
use crate::actor::Actor;

/// The longest certificate number, in characters.
pub const MAX_CERTIFICATE_NO_CHARS: usize = 64;

/// Where an enrolment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrollmentStatus {
    Enrolled,
    Attending,
    Completed,
    Certified,
    Dropped,
}

/// The number printed on a vocational skill level or training certificate, as the school
/// types it. Spaces (ordinary and ideographic) are removed, as certificates print numbers in
/// groups; what remains must be 1 to 64 visible characters (letters, digits, punctuation,
/// Chinese characters — no control or other whitespace characters).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CertificateNo(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CertificateNoError {
    #[error("certificate number is empty")]
    Required,
    #[error("certificate number must be 1 to {MAX_CERTIFICATE_NO_CHARS} visible characters")]
    Invalid,
}

impl Coded for CertificateNoError {
    fn code(&self) -> &'static str {
        match self {
            CertificateNoError::Required => "certificate_no_required",
            CertificateNoError::Invalid => "certificate_no_invalid",
        }
    }
}

impl CertificateNo {
    pub fn parse(raw: &str) -> Result<Self, CertificateNoError> {
        let no: String = raw.chars().filter(|c| !matches!(c, ' ' | '\u{3000}')).collect();
        if no.is_empty() {
            return Err(CertificateNoError::Required);
        }
        let visible = no.chars().all(|c| !c.is_control() && !c.is_whitespace());
        if !visible || no.chars().count() > MAX_CERTIFICATE_NO_CHARS {
            return Err(CertificateNoError::Invalid);
        }
        Ok(CertificateNo(no))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CertificateNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EnrollmentTransitionError {
    #[error("this step cannot be taken from the current status")]
    NotAllowed,
    #[error("this step is not one this party can take")]
    NotYours,
    #[error("certifying a trainee needs the certificate number")]
    CertificateNoRequired,
}

impl Coded for EnrollmentTransitionError {
    fn code(&self) -> &'static str {
        match self {
            EnrollmentTransitionError::NotAllowed => "transition_not_allowed",
            EnrollmentTransitionError::NotYours => "transition_not_yours",
            EnrollmentTransitionError::CertificateNoRequired => "certificate_no_required",
        }
    }
}

impl EnrollmentStatus {
    pub const ALL: [EnrollmentStatus; 5] = [
        EnrollmentStatus::Enrolled,
        EnrollmentStatus::Attending,
        EnrollmentStatus::Completed,
        EnrollmentStatus::Certified,
        EnrollmentStatus::Dropped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EnrollmentStatus::Enrolled => "enrolled",
            EnrollmentStatus::Attending => "attending",
            EnrollmentStatus::Completed => "completed",
            EnrollmentStatus::Certified => "certified",
            EnrollmentStatus::Dropped => "dropped",
        }
    }

    /// Whether the enrolment is closed for good (certified or dropped).
    pub fn is_terminal(self) -> bool {
        matches!(self, EnrollmentStatus::Certified | EnrollmentStatus::Dropped)
    }

    /// Whether the enrolment takes one of the course's seats (enrolled or attending).
    pub fn holds_seat(self) -> bool {
        matches!(self, EnrollmentStatus::Enrolled | EnrollmentStatus::Attending)
    }

    /// The whole transition table.
    fn allows(self, to: EnrollmentStatus, actor: Actor) -> bool {
        use EnrollmentStatus::*;
        matches!(
            (actor, self, to),
            (Actor::School, Enrolled, Attending)
                | (Actor::School, Attending, Completed)
                | (Actor::School, Completed, Certified)
                | (Actor::School | Actor::Worker, Enrolled | Attending, Dropped)
        )
    }

    /// The statuses `actor` may move an enrolment to from here.
    pub fn next_statuses(self, actor: Actor) -> Vec<EnrollmentStatus> {
        EnrollmentStatus::ALL.into_iter().filter(|&to| self.allows(to, actor)).collect()
    }

    /// Moves the enrolment to `to` on behalf of `actor`. Certifying needs the certificate
    /// number; it is ignored for every other move.
    pub fn transition(
        self,
        to: EnrollmentStatus,
        actor: Actor,
        certificate: Option<&CertificateNo>,
    ) -> Result<EnrollmentStatus, EnrollmentTransitionError> {
        if !self.allows(to, actor) {
            let ever = EnrollmentStatus::ALL.into_iter().any(|from| from.allows(to, actor));
            return Err(if ever {
                EnrollmentTransitionError::NotAllowed
            } else {
                EnrollmentTransitionError::NotYours
            });
        }
        if to == EnrollmentStatus::Certified && certificate.is_none() {
            return Err(EnrollmentTransitionError::CertificateNoRequired);
        }
        Ok(to)
    }
}

impl fmt::Display for EnrollmentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EnrollmentStatus {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EnrollmentStatus::ALL.into_iter().find(|st| st.as_str() == s).ok_or(UnknownVariant)
    }
}

#[cfg(test)]
mod tests {
    use super::EnrollmentStatus::*;
    use super::*;
    use proptest::prelude::*;

    /// The table from the product brief, move by move: (from, to, actor).
    const TABLE: &[(EnrollmentStatus, EnrollmentStatus, Actor)] = &[
        (Enrolled, Attending, Actor::School),
        (Attending, Completed, Actor::School),
        (Completed, Certified, Actor::School),
        (Enrolled, Dropped, Actor::School),
        (Attending, Dropped, Actor::School),
        (Enrolled, Dropped, Actor::Worker),
        (Attending, Dropped, Actor::Worker),
    ];

    fn cert() -> CertificateNo {
        CertificateNo::parse("S000015250001254000123").unwrap()
    }

    #[test]
    fn every_combination_follows_the_table() {
        let c = cert();
        let mut allowed = 0;
        for from in EnrollmentStatus::ALL {
            for to in EnrollmentStatus::ALL {
                for actor in Actor::ALL {
                    let expected = if TABLE.contains(&(from, to, actor)) {
                        allowed += 1;
                        Ok(to)
                    } else if TABLE.iter().any(|&(_, t, a)| t == to && a == actor) {
                        Err(EnrollmentTransitionError::NotAllowed)
                    } else {
                        Err(EnrollmentTransitionError::NotYours)
                    };
                    assert_eq!(from.transition(to, actor, Some(&c)), expected, "{from} -> {to} by {actor}");
                    if to != Certified {
                        assert_eq!(from.transition(to, actor, None), expected, "{from} -> {to} by {actor}");
                    }
                }
            }
        }
        assert_eq!(allowed, TABLE.len());
    }

    #[test]
    fn certifying_needs_the_number() {
        assert_eq!(
            Completed.transition(Certified, Actor::School, None),
            Err(EnrollmentTransitionError::CertificateNoRequired)
        );
        assert_eq!(Completed.transition(Certified, Actor::School, Some(&cert())), Ok(Certified));
        assert_eq!(
            Completed.transition(Certified, Actor::Worker, Some(&cert())),
            Err(EnrollmentTransitionError::NotYours)
        );
        assert_eq!(
            Attending.transition(Certified, Actor::School, Some(&cert())),
            Err(EnrollmentTransitionError::NotAllowed)
        );
    }

    #[test]
    fn examples_of_refusals() {
        assert_eq!(
            Enrolled.transition(Attending, Actor::Worker, None),
            Err(EnrollmentTransitionError::NotYours)
        );
        assert_eq!(
            Enrolled.transition(Dropped, Actor::Employer, None),
            Err(EnrollmentTransitionError::NotYours)
        );
        assert_eq!(
            Completed.transition(Dropped, Actor::Worker, None),
            Err(EnrollmentTransitionError::NotAllowed)
        );
        assert_eq!(
            Dropped.transition(Enrolled, Actor::School, None),
            Err(EnrollmentTransitionError::NotYours)
        );
        assert_eq!(
            Dropped.transition(Attending, Actor::School, None),
            Err(EnrollmentTransitionError::NotAllowed)
        );
    }

    #[test]
    fn seats_and_final_states() {
        for s in EnrollmentStatus::ALL {
            assert_eq!(s.holds_seat(), matches!(s, Enrolled | Attending), "{s}");
            assert_eq!(s.is_terminal(), matches!(s, Certified | Dropped), "{s}");
            if s.is_terminal() {
                assert!(Actor::ALL.into_iter().all(|a| s.next_statuses(a).is_empty()), "{s}");
            }
        }
        assert_eq!(Attending.next_statuses(Actor::School), vec![Completed, Dropped]);
        assert_eq!(Attending.next_statuses(Actor::Worker), vec![Dropped]);
        assert_eq!(Completed.next_statuses(Actor::School), vec![Certified]);
    }

    #[test]
    fn certificate_numbers() {
        assert_eq!(CertificateNo::parse(" 1525 0012 3456 ").map(|c| c.0), Ok("152500123456".to_owned()));
        assert_eq!(
            CertificateNo::parse("蒙人社职证字第2025-0017号").map(|c| c.to_string()),
            Ok("蒙人社职证字第2025-0017号".to_owned())
        );
        assert_eq!(CertificateNo::parse(""), Err(CertificateNoError::Required));
        assert_eq!(CertificateNo::parse(" \u{3000} "), Err(CertificateNoError::Required));
        assert_eq!(CertificateNo::parse("A1\tB2"), Err(CertificateNoError::Invalid));
        assert_eq!(CertificateNo::parse("A1\nB2"), Err(CertificateNoError::Invalid));
        assert_eq!(CertificateNo::parse("A1\u{0}"), Err(CertificateNoError::Invalid));
        assert!(CertificateNo::parse(&"9".repeat(MAX_CERTIFICATE_NO_CHARS)).is_ok());
        assert_eq!(
            CertificateNo::parse(&"9".repeat(MAX_CERTIFICATE_NO_CHARS + 1)),
            Err(CertificateNoError::Invalid)
        );
    }

    #[test]
    fn names_and_codes() {
        for s in EnrollmentStatus::ALL {
            assert_eq!(s.as_str().parse::<EnrollmentStatus>(), Ok(s));
        }
        assert_eq!(EnrollmentTransitionError::NotAllowed.code(), "transition_not_allowed");
        assert_eq!(EnrollmentTransitionError::NotYours.code(), "transition_not_yours");
        assert_eq!(EnrollmentTransitionError::CertificateNoRequired.code(), "certificate_no_required");
        assert_eq!(CertificateNoError::Required.code(), "certificate_no_required");
        assert_eq!(CertificateNoError::Invalid.code(), "certificate_no_invalid");
    }

    proptest! {
        #[test]
        fn certificate_numbers_round_trip(raw in "[0-9A-Z\\-/]{1,64}") {
            let c = CertificateNo::parse(&raw).unwrap();
            prop_assert_eq!(c.as_str(), raw.as_str());
        }

        #[test]
        fn certificate_parse_never_panics(raw in "\\PC{0,80}") {
            if let Ok(c) = CertificateNo::parse(&raw) {
                prop_assert!((1..=MAX_CERTIFICATE_NO_CHARS).contains(&c.as_str().chars().count()));
            }
        }
    }

    #[test]
    fn every_code_has_a_message() {
        for code in [
            EnrollmentTransitionError::NotAllowed.code(),
            EnrollmentTransitionError::NotYours.code(),
            EnrollmentTransitionError::CertificateNoRequired.code(),
            CertificateNoError::Required.code(),
            CertificateNoError::Invalid.code(),
        ] {
            for lang in [crate::Lang::Zh, crate::Lang::En] {
                assert!(crate::i18n::message(code, lang).is_some(), "{code}");
            }
        }
    }
}
