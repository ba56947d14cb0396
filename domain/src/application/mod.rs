//! The job application pipeline: a worker applies, the employer looks, interviews, offers and
//! hires or rejects; the worker may withdraw at any point before the end.
//!
//! | from                                   | to        | who      |
//! |----------------------------------------|-----------|----------|
//! | applied                                | viewed    | employer |
//! | applied, viewed                        | interview | employer |
//! | interview                              | interview | employer (reschedule) |
//! | applied, viewed, interview             | offered   | employer |
//! | offered                                | hired     | employer |
//! | applied, viewed, interview, offered    | rejected  | employer |
//! | applied, viewed, interview, offered    | withdrawn | worker   |
//!
//! Hired, rejected and withdrawn are final. Every move to `interview` (including a
//! reschedule) must say when and where, so the worker is never told "come for an interview"
//! without a time and a place.
//!
//! A refused move says why: `transition_not_yours` when the actor never makes a move to that
//! status at all (a worker cannot hire, an employer cannot withdraw, nobody moves back to
//! `applied`, a school has no part in applications); `transition_not_allowed` when the actor
//! could make it, but not from the current status (hiring straight from `applied`, rejecting
//! after `hired`).

pub mod aggregate;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Coded;
use crate::account::UnknownVariant;
use crate::actor::Actor;

/// The longest interview place, in characters.
pub const MAX_PLACE_CHARS: usize = 200;

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    Applied,
    Viewed,
    Interview,
    Offered,
    Hired,
    Rejected,
    Withdrawn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("this step cannot be taken from the current status")]
    NotAllowed,
    #[error("this step is not one this party can take")]
    NotYours,
    #[error("an interview needs a time and a place")]
    InterviewDetailsRequired,
}

impl Coded for TransitionError {
    fn code(&self) -> &'static str {
        match self {
            TransitionError::NotAllowed => "transition_not_allowed",
            TransitionError::NotYours => "transition_not_yours",
            TransitionError::InterviewDetailsRequired => "interview_details_required",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InterviewDetailsError {
    #[error("an interview needs a time and a place")]
    PlaceRequired,
    #[error("the interview place must have at most {MAX_PLACE_CHARS} characters")]
    PlaceTooLong,
}

impl Coded for InterviewDetailsError {
    fn code(&self) -> &'static str {
        match self {
            InterviewDetailsError::PlaceRequired => "interview_details_required",
            InterviewDetailsError::PlaceTooLong => "interview_place_too_long",
        }
    }
}

/// When and where an interview takes place.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InterviewDetails {
    starts_at: i64,
    place: String,
}

impl InterviewDetails {
    /// `starts_at` is seconds since the Unix epoch (UTC); the API converts from its own time
    /// type. `place` is trimmed and must not be blank: an address, or a meeting point such as
    /// "二连浩特市人力资源市场二楼". Whether the time is in the future is the caller's check, as
    /// the domain has no clock.
    pub fn new(starts_at: i64, place: &str) -> Result<Self, InterviewDetailsError> {
        let place = place.trim();
        if place.is_empty() {
            return Err(InterviewDetailsError::PlaceRequired);
        }
        if place.chars().count() > MAX_PLACE_CHARS {
            return Err(InterviewDetailsError::PlaceTooLong);
        }
        Ok(InterviewDetails { starts_at, place: place.to_owned() })
    }

    /// Seconds since the Unix epoch (UTC).
    pub fn starts_at(&self) -> i64 {
        self.starts_at
    }

    pub fn place(&self) -> &str {
        &self.place
    }
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 7] = [
        ApplicationStatus::Applied,
        ApplicationStatus::Viewed,
        ApplicationStatus::Interview,
        ApplicationStatus::Offered,
        ApplicationStatus::Hired,
        ApplicationStatus::Rejected,
        ApplicationStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Applied => "applied",
            ApplicationStatus::Viewed => "viewed",
            ApplicationStatus::Interview => "interview",
            ApplicationStatus::Offered => "offered",
            ApplicationStatus::Hired => "hired",
            ApplicationStatus::Rejected => "rejected",
            ApplicationStatus::Withdrawn => "withdrawn",
        }
    }

    /// Whether the application is still open: not hired, rejected or withdrawn.
    pub fn is_active(self) -> bool {
        !self.is_terminal()
    }

    /// Whether the application is closed for good.
    pub fn is_terminal(self) -> bool {
        matches!(self, ApplicationStatus::Hired | ApplicationStatus::Rejected | ApplicationStatus::Withdrawn)
    }

    /// The whole transition table: whether `actor` may move an application from `self` to
    /// `to`.
    fn allows(self, to: ApplicationStatus, actor: Actor) -> bool {
        use ApplicationStatus::*;
        matches!(
            (actor, self, to),
            (Actor::Employer, Applied, Viewed)
                | (Actor::Employer, Applied | Viewed | Interview, Interview)
                | (Actor::Employer, Applied | Viewed | Interview, Offered)
                | (Actor::Employer, Offered, Hired)
                | (Actor::Employer, Applied | Viewed | Interview | Offered, Rejected)
                | (Actor::Worker, Applied | Viewed | Interview | Offered, Withdrawn)
        )
    }

    /// The statuses `actor` may move an application to from here, in pipeline order.
    pub fn next_statuses(self, actor: Actor) -> Vec<ApplicationStatus> {
        ApplicationStatus::ALL.into_iter().filter(|&to| self.allows(to, actor)).collect()
    }

    /// Moves the application to `to` on behalf of `actor`. A move to `interview` needs the
    /// interview's details; they are ignored for every other move.
    pub fn transition(
        self,
        to: ApplicationStatus,
        actor: Actor,
        interview: Option<&InterviewDetails>,
    ) -> Result<ApplicationStatus, TransitionError> {
        if !self.allows(to, actor) {
            let ever = ApplicationStatus::ALL.into_iter().any(|from| from.allows(to, actor));
            return Err(if ever { TransitionError::NotAllowed } else { TransitionError::NotYours });
        }
        if to == ApplicationStatus::Interview && interview.is_none() {
            return Err(TransitionError::InterviewDetailsRequired);
        }
        Ok(to)
    }
}

impl fmt::Display for ApplicationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ApplicationStatus {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ApplicationStatus::ALL.into_iter().find(|st| st.as_str() == s).ok_or(UnknownVariant)
    }
}

#[cfg(test)]
mod tests {
    use super::ApplicationStatus::*;
    use super::*;

    /// The table from the product brief, written out move by move, independently of
    /// `allows`: (from, to, actor).
    const TABLE: &[(ApplicationStatus, ApplicationStatus, Actor)] = &[
        (Applied, Viewed, Actor::Employer),
        (Applied, Interview, Actor::Employer),
        (Viewed, Interview, Actor::Employer),
        (Interview, Interview, Actor::Employer),
        (Applied, Offered, Actor::Employer),
        (Viewed, Offered, Actor::Employer),
        (Interview, Offered, Actor::Employer),
        (Offered, Hired, Actor::Employer),
        (Applied, Rejected, Actor::Employer),
        (Viewed, Rejected, Actor::Employer),
        (Interview, Rejected, Actor::Employer),
        (Offered, Rejected, Actor::Employer),
        (Applied, Withdrawn, Actor::Worker),
        (Viewed, Withdrawn, Actor::Worker),
        (Interview, Withdrawn, Actor::Worker),
        (Offered, Withdrawn, Actor::Worker),
    ];

    fn details() -> InterviewDetails {
        InterviewDetails::new(1_780_000_000, "二连浩特市人力资源市场二楼").unwrap()
    }

    #[test]
    fn every_combination_follows_the_table() {
        let d = details();
        let mut allowed = 0;
        for from in ApplicationStatus::ALL {
            for to in ApplicationStatus::ALL {
                for actor in Actor::ALL {
                    let got = from.transition(to, actor, Some(&d));
                    let expected = if TABLE.contains(&(from, to, actor)) {
                        allowed += 1;
                        Ok(to)
                    } else if TABLE.iter().any(|&(_, t, a)| t == to && a == actor) {
                        Err(TransitionError::NotAllowed)
                    } else {
                        Err(TransitionError::NotYours)
                    };
                    assert_eq!(got, expected, "{from} -> {to} by {actor}");
                    // Details never turn a refused move into an allowed one, nor the reverse
                    // for moves other than to `interview`.
                    if to != Interview {
                        assert_eq!(from.transition(to, actor, None), expected, "{from} -> {to} by {actor}");
                    }
                }
            }
        }
        assert_eq!(allowed, TABLE.len());
    }

    #[test]
    fn interviews_need_details() {
        for from in [Applied, Viewed, Interview] {
            assert_eq!(
                from.transition(Interview, Actor::Employer, None),
                Err(TransitionError::InterviewDetailsRequired)
            );
            assert_eq!(from.transition(Interview, Actor::Employer, Some(&details())), Ok(Interview));
        }
        // A refused move is refused for that reason first.
        assert_eq!(Offered.transition(Interview, Actor::Employer, None), Err(TransitionError::NotAllowed));
        assert_eq!(Applied.transition(Interview, Actor::Worker, None), Err(TransitionError::NotYours));
    }

    #[test]
    fn examples_of_refusals() {
        assert_eq!(Offered.transition(Hired, Actor::Worker, None), Err(TransitionError::NotYours));
        assert_eq!(Applied.transition(Withdrawn, Actor::Employer, None), Err(TransitionError::NotYours));
        assert_eq!(Viewed.transition(Applied, Actor::Employer, None), Err(TransitionError::NotYours));
        assert_eq!(Applied.transition(Viewed, Actor::School, None), Err(TransitionError::NotYours));
        assert_eq!(Applied.transition(Hired, Actor::Employer, None), Err(TransitionError::NotAllowed));
        assert_eq!(Hired.transition(Rejected, Actor::Employer, None), Err(TransitionError::NotAllowed));
        assert_eq!(Hired.transition(Withdrawn, Actor::Worker, None), Err(TransitionError::NotAllowed));
        assert_eq!(Viewed.transition(Viewed, Actor::Employer, None), Err(TransitionError::NotAllowed));
    }

    #[test]
    fn terminal_and_active() {
        for s in ApplicationStatus::ALL {
            let terminal = matches!(s, Hired | Rejected | Withdrawn);
            assert_eq!(s.is_terminal(), terminal, "{s}");
            assert_eq!(s.is_active(), !terminal, "{s}");
            // Final means no move out, by anyone.
            if terminal {
                assert!(Actor::ALL.into_iter().all(|a| s.next_statuses(a).is_empty()), "{s}");
            }
        }
    }

    #[test]
    fn next_statuses() {
        assert_eq!(Applied.next_statuses(Actor::Employer), vec![Viewed, Interview, Offered, Rejected]);
        assert_eq!(Interview.next_statuses(Actor::Employer), vec![Interview, Offered, Rejected]);
        assert_eq!(Offered.next_statuses(Actor::Employer), vec![Hired, Rejected]);
        assert_eq!(Offered.next_statuses(Actor::Worker), vec![Withdrawn]);
        assert!(Applied.next_statuses(Actor::School).is_empty());
    }

    #[test]
    fn interview_details() {
        let d = InterviewDetails::new(1_780_000_000, "  口岸物流园 3 号库  ").unwrap();
        assert_eq!(d.place(), "口岸物流园 3 号库");
        assert_eq!(d.starts_at(), 1_780_000_000);
        assert_eq!(InterviewDetails::new(0, " \u{3000}"), Err(InterviewDetailsError::PlaceRequired));
        assert!(InterviewDetails::new(0, &"站".repeat(MAX_PLACE_CHARS)).is_ok());
        assert_eq!(
            InterviewDetails::new(0, &"站".repeat(MAX_PLACE_CHARS + 1)),
            Err(InterviewDetailsError::PlaceTooLong)
        );
    }

    #[test]
    fn names_and_codes() {
        for s in ApplicationStatus::ALL {
            assert_eq!(s.as_str().parse::<ApplicationStatus>(), Ok(s));
        }
        assert!("pending".parse::<ApplicationStatus>().is_err());
        assert_eq!(TransitionError::NotAllowed.code(), "transition_not_allowed");
        assert_eq!(TransitionError::NotYours.code(), "transition_not_yours");
        assert_eq!(TransitionError::InterviewDetailsRequired.code(), "interview_details_required");
        assert_eq!(InterviewDetailsError::PlaceRequired.code(), "interview_details_required");
        assert_eq!(InterviewDetailsError::PlaceTooLong.code(), "interview_place_too_long");
    }

    #[test]
    fn every_code_has_a_message() {
        for code in [
            TransitionError::NotAllowed.code(),
            TransitionError::NotYours.code(),
            TransitionError::InterviewDetailsRequired.code(),
            InterviewDetailsError::PlaceRequired.code(),
            InterviewDetailsError::PlaceTooLong.code(),
        ] {
            for lang in [crate::Lang::Zh, crate::Lang::En] {
                assert!(crate::i18n::message(code, lang).is_some(), "{code}");
            }
        }
    }
}
