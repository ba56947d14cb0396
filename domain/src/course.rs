//! Training courses: how a school runs one, and the rules on its seats, subsidy and mode.
//!
//! ```text
//! draft ──open──► open ──close──► closed ──open──► open …
//! ```
//!
//! A course is drafted by a school with an organisation, opened only once the bureau has
//! verified that school, and closed when it stops taking trainees (it can open again).
//! Drafts are private to the school and the bureau; open and closed courses are public.
//!
//! A course has `capacity` seats; an enrolment takes one while it holds it (see
//! [`crate::enrollment::EnrollmentStatus::holds_seat`]). Capacity can never be lowered below
//! the seats already taken.
//!
//! The mode says who the course is for (the 职业技能培训 categories the bureau subsidises):
//!
//! | mode          | meaning |
//! |---------------|---------|
//! | `general`     | open to anyone (普通培训) |
//! | `order_based` | ordered by an employer that hires the graduates (订单式培训); names that employer |
//! | `targeted`    | for a target group, e.g. herders leaving grazing land (定向培训) |
//! | `on_the_job`  | for people already employed, at or near the workplace (岗位技能提升培训) |

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Coded;
use crate::account::UnknownVariant;
use crate::pay::Money;

/// The most seats one course may have.
pub const MAX_CAPACITY: u32 = 1_000;
/// The longest course, in class hours.
pub const MAX_HOURS: u32 = 2_000;

/// Where a course stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CourseStatus {
    Draft,
    Open,
    Closed,
}

/// A move between course statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CourseAction {
    Open,
    Close,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CourseTransitionError {
    #[error("the course cannot make this change from its current status")]
    NotAllowed,
}

impl Coded for CourseTransitionError {
    fn code(&self) -> &'static str {
        match self {
            CourseTransitionError::NotAllowed => "course_transition_not_allowed",
        }
    }
}

impl CourseStatus {
    pub const ALL: [CourseStatus; 3] = [CourseStatus::Draft, CourseStatus::Open, CourseStatus::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            CourseStatus::Draft => "draft",
            CourseStatus::Open => "open",
            CourseStatus::Closed => "closed",
        }
    }

    /// Whether anyone, logged in or not, may read the course.
    pub fn is_public(self) -> bool {
        matches!(self, CourseStatus::Open | CourseStatus::Closed)
    }

    /// Whether the public sees a course in this status whose school is in `school`
    /// status: only verified schools publish (and take enrolments).
    pub fn is_published(self, school: crate::organization::OrgStatus) -> bool {
        self.is_public() && school == crate::organization::OrgStatus::Verified
    }

    /// Whether workers may enrol.
    pub fn takes_enrollments(self) -> bool {
        self == CourseStatus::Open
    }

    /// The whole transition table.
    pub fn apply(self, action: CourseAction) -> Result<CourseStatus, CourseTransitionError> {
        use CourseStatus::*;
        match (self, action) {
            (Draft | Closed, CourseAction::Open) => Ok(Open),
            (Open, CourseAction::Close) => Ok(Closed),
            _ => Err(CourseTransitionError::NotAllowed),
        }
    }

    pub fn open(self) -> Result<CourseStatus, CourseTransitionError> {
        self.apply(CourseAction::Open)
    }

    pub fn close(self) -> Result<CourseStatus, CourseTransitionError> {
        self.apply(CourseAction::Close)
    }
}

impl fmt::Display for CourseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CourseStatus {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CourseStatus::ALL.into_iter().find(|c| c.as_str() == s).ok_or(UnknownVariant)
    }
}

/// Who a course is for; see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CourseMode {
    #[default]
    General,
    OrderBased,
    Targeted,
    OnTheJob,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CourseModeError {
    #[error("an order-based course names the employer that ordered it")]
    OrderingEmployerRequired,
    #[error("only an order-based course names an ordering employer")]
    OrderingEmployerNotAllowed,
}

impl Coded for CourseModeError {
    fn code(&self) -> &'static str {
        match self {
            CourseModeError::OrderingEmployerRequired => "ordering_employer_required",
            CourseModeError::OrderingEmployerNotAllowed => "ordering_employer_not_allowed",
        }
    }
}

impl CourseMode {
    pub const ALL: [CourseMode; 4] =
        [CourseMode::General, CourseMode::OrderBased, CourseMode::Targeted, CourseMode::OnTheJob];

    pub fn as_str(self) -> &'static str {
        match self {
            CourseMode::General => "general",
            CourseMode::OrderBased => "order_based",
            CourseMode::Targeted => "targeted",
            CourseMode::OnTheJob => "on_the_job",
        }
    }

    /// Whether the course names the employer that ordered it.
    pub fn needs_ordering_employer(self) -> bool {
        self == CourseMode::OrderBased
    }

    /// An ordering employer is named exactly when the mode is `order_based`.
    pub fn check_ordering_employer(self, named: bool) -> Result<(), CourseModeError> {
        match (self.needs_ordering_employer(), named) {
            (true, false) => Err(CourseModeError::OrderingEmployerRequired),
            (false, true) => Err(CourseModeError::OrderingEmployerNotAllowed),
            _ => Ok(()),
        }
    }
}

impl fmt::Display for CourseMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CourseMode {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CourseMode::ALL.into_iter().find(|m| m.as_str() == s).ok_or(UnknownVariant)
    }
}

/// Whether trainees can have the course paid for by the vocational training subsidy
/// (职业培训补贴), and how much it pays per trainee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Subsidy {
    eligible: bool,
    amount: Money,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SubsidyError {
    #[error("an eligible course names the subsidy amount")]
    AmountRequired,
    #[error("a course that is not eligible has no subsidy amount")]
    AmountNotAllowed,
}

impl Coded for SubsidyError {
    fn code(&self) -> &'static str {
        match self {
            SubsidyError::AmountRequired => "subsidy_amount_required",
            SubsidyError::AmountNotAllowed => "subsidy_amount_not_allowed",
        }
    }
}

impl Subsidy {
    /// None at all.
    pub const NONE: Subsidy = Subsidy { eligible: false, amount: Money::ZERO };

    /// An eligible course pays more than nothing; one that is not eligible pays nothing.
    pub fn new(eligible: bool, amount: Money) -> Result<Subsidy, SubsidyError> {
        match (eligible, amount.is_zero()) {
            (true, true) => Err(SubsidyError::AmountRequired),
            (false, false) => Err(SubsidyError::AmountNotAllowed),
            _ => Ok(Subsidy { eligible, amount }),
        }
    }

    pub fn eligible(self) -> bool {
        self.eligible
    }

    pub fn amount(self) -> Money {
        self.amount
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CourseSizeError {
    #[error("capacity must be 1 to {MAX_CAPACITY} seats")]
    CapacityOutOfRange,
    #[error("capacity cannot be lower than the seats already taken")]
    CapacityBelowTaken,
    #[error("a course lasts 1 to {MAX_HOURS} class hours")]
    HoursOutOfRange,
}

impl Coded for CourseSizeError {
    fn code(&self) -> &'static str {
        match self {
            CourseSizeError::CapacityOutOfRange => "capacity_out_of_range",
            CourseSizeError::CapacityBelowTaken => "capacity_below_taken",
            CourseSizeError::HoursOutOfRange => "hours_out_of_range",
        }
    }
}

/// A course's number of seats, 1 to [`MAX_CAPACITY`].
pub fn capacity(seats: u32) -> Result<u32, CourseSizeError> {
    if (1..=MAX_CAPACITY).contains(&seats) { Ok(seats) } else { Err(CourseSizeError::CapacityOutOfRange) }
}

/// A new capacity for a course with `taken` seats taken: never below them.
pub fn resize(seats: u32, taken: u32) -> Result<u32, CourseSizeError> {
    let seats = capacity(seats)?;
    if seats < taken { Err(CourseSizeError::CapacityBelowTaken) } else { Ok(seats) }
}

/// Seats still free.
pub fn seats_left(capacity: u32, taken: u32) -> u32 {
    capacity.saturating_sub(taken)
}

/// A course's length in class hours, 1 to [`MAX_HOURS`].
pub fn hours(h: u32) -> Result<u32, CourseSizeError> {
    if (1..=MAX_HOURS).contains(&h) { Ok(h) } else { Err(CourseSizeError::HoursOutOfRange) }
}

#[cfg(test)]
mod tests {
    use super::CourseStatus::{Closed, Draft};
    use super::*;

    const OPEN: CourseStatus = CourseStatus::Open;
    const OPEN_IT: CourseAction = CourseAction::Open;
    const CLOSE_IT: CourseAction = CourseAction::Close;

    /// The table from the product brief: (from, action, to).
    const TABLE: &[(CourseStatus, CourseAction, CourseStatus)] =
        &[(Draft, OPEN_IT, OPEN), (OPEN, CLOSE_IT, Closed), (Closed, OPEN_IT, OPEN)];

    #[test]
    fn every_combination_follows_the_table() {
        let mut allowed = 0;
        for from in CourseStatus::ALL {
            for action in [OPEN_IT, CLOSE_IT] {
                let expected = match TABLE.iter().find(|&&(f, a, _)| f == from && a == action) {
                    Some(&(_, _, to)) => {
                        allowed += 1;
                        Ok(to)
                    }
                    None => Err(CourseTransitionError::NotAllowed),
                };
                assert_eq!(from.apply(action), expected, "{from} {action:?}");
            }
        }
        assert_eq!(allowed, TABLE.len());
        assert_eq!(Draft.open(), Ok(OPEN));
        assert_eq!(Draft.close(), Err(CourseTransitionError::NotAllowed));
        assert_eq!(OPEN.open(), Err(CourseTransitionError::NotAllowed));
        assert_eq!(Closed.close(), Err(CourseTransitionError::NotAllowed));
    }

    #[test]
    fn visibility_and_enrolment() {
        for (status, public, enrols) in [(Draft, false, false), (OPEN, true, true), (Closed, true, false)] {
            assert_eq!(status.is_public(), public, "{status}");
            assert_eq!(status.takes_enrollments(), enrols, "{status}");
        }
    }

    #[test]
    fn ordering_employer_exactly_when_order_based() {
        let cases = [
            (CourseMode::General, false, Ok(())),
            (CourseMode::General, true, Err(CourseModeError::OrderingEmployerNotAllowed)),
            (CourseMode::OrderBased, true, Ok(())),
            (CourseMode::OrderBased, false, Err(CourseModeError::OrderingEmployerRequired)),
            (CourseMode::Targeted, false, Ok(())),
            (CourseMode::Targeted, true, Err(CourseModeError::OrderingEmployerNotAllowed)),
            (CourseMode::OnTheJob, false, Ok(())),
            (CourseMode::OnTheJob, true, Err(CourseModeError::OrderingEmployerNotAllowed)),
        ];
        for (mode, named, expected) in cases {
            assert_eq!(mode.check_ordering_employer(named), expected, "{mode} named={named}");
        }
        assert_eq!(cases.len(), CourseMode::ALL.len() * 2);
    }

    #[test]
    fn subsidies() {
        let yuan = |y: i64| Money::from_fen(y * 100).unwrap();
        let cases = [
            (true, yuan(1200), Ok(())),
            (true, Money::ZERO, Err(SubsidyError::AmountRequired)),
            (false, Money::ZERO, Ok(())),
            (false, yuan(1), Err(SubsidyError::AmountNotAllowed)),
        ];
        for (eligible, amount, expected) in cases {
            assert_eq!(Subsidy::new(eligible, amount).map(|_| ()), expected, "{eligible} {amount}");
        }
        let s = Subsidy::new(true, yuan(1200)).unwrap();
        assert!(s.eligible());
        assert_eq!(s.amount().fen(), 120_000);
        assert_eq!(Subsidy::new(false, Money::ZERO), Ok(Subsidy::NONE));
    }

    #[test]
    fn sizes() {
        type Check = fn(u32) -> Result<u32, CourseSizeError>;
        let cases: [(Check, u32, Result<u32, CourseSizeError>); 8] = [
            (capacity, 0, Err(CourseSizeError::CapacityOutOfRange)),
            (capacity, 1, Ok(1)),
            (capacity, MAX_CAPACITY, Ok(MAX_CAPACITY)),
            (capacity, MAX_CAPACITY + 1, Err(CourseSizeError::CapacityOutOfRange)),
            (hours, 0, Err(CourseSizeError::HoursOutOfRange)),
            (hours, 1, Ok(1)),
            (hours, MAX_HOURS, Ok(MAX_HOURS)),
            (hours, MAX_HOURS + 1, Err(CourseSizeError::HoursOutOfRange)),
        ];
        for (f, input, expected) in cases {
            assert_eq!(f(input), expected, "{input}");
        }
        let resizes = [
            (10, 3, Ok(10)),
            (3, 3, Ok(3)),
            (2, 3, Err(CourseSizeError::CapacityBelowTaken)),
            (0, 0, Err(CourseSizeError::CapacityOutOfRange)),
        ];
        for (seats, taken, expected) in resizes {
            assert_eq!(resize(seats, taken), expected, "{seats} with {taken} taken");
        }
        assert_eq!(seats_left(5, 2), 3);
        assert_eq!(seats_left(5, 5), 0);
        assert_eq!(seats_left(3, 5), 0);
    }

    #[test]
    fn names_round_trip() {
        for s in CourseStatus::ALL {
            assert_eq!(s.as_str().parse::<CourseStatus>(), Ok(s));
        }
        for m in CourseMode::ALL {
            assert_eq!(m.as_str().parse::<CourseMode>(), Ok(m));
            assert_eq!(m.to_string(), m.as_str());
        }
        assert!("archived".parse::<CourseStatus>().is_err());
        assert!("online".parse::<CourseMode>().is_err());
    }

    #[test]
    fn every_code_has_a_message() {
        let codes = [
            CourseTransitionError::NotAllowed.code(),
            CourseModeError::OrderingEmployerRequired.code(),
            CourseModeError::OrderingEmployerNotAllowed.code(),
            SubsidyError::AmountRequired.code(),
            SubsidyError::AmountNotAllowed.code(),
            CourseSizeError::CapacityOutOfRange.code(),
            CourseSizeError::CapacityBelowTaken.code(),
            CourseSizeError::HoursOutOfRange.code(),
            "course_not_open",
            "course_full",
            "enrollment_exists",
            "ordering_employer_invalid",
        ];
        for code in codes {
            for lang in [crate::Lang::Zh, crate::Lang::En] {
                assert!(crate::i18n::message(code, lang).is_some(), "{code}");
            }
        }
    }
}
