//! Pure business rules of laowu.
//!
//! Everything here is plain data and functions: no async, no I/O, no database, no HTTP.
//! Value types follow "parse, don't validate": a [`Phone`] or a [`Password`] can only be
//! built through its `parse` function, so code holding one never re-checks it.
//!
//! Every error a user can cause carries a stable machine `code` (see [`Coded`]); the
//! user-facing sentences for those codes, in Chinese and English, live in [`i18n`].

pub mod account;
pub mod actor;
pub mod application;
pub mod calendar;
pub mod course;
pub mod enrollment;
pub mod events;
pub mod geo;
pub mod i18n;
pub mod id_number;
pub mod job;
pub mod job_screen;
pub mod matching;
pub mod occupation;
pub mod organization;
pub mod password;
pub mod pay;
pub mod phone;
pub mod posting;
pub mod reference;
pub mod text;
pub mod throttle;
pub mod uscc;
pub mod violations;
pub mod work;

pub use account::{AccountStatus, Role};
pub use actor::Actor;
pub use application::ApplicationStatus;
pub use enrollment::EnrollmentStatus;
pub use i18n::Lang;
pub use id_number::IdNumber;
pub use occupation::{OccupationCode, SkillLevel};
pub use password::{Password, PasswordError};
pub use pay::{Money, Pay, PayCycle, PayUnit, WageFloor};
pub use phone::{Phone, PhoneError};

/// An error with a stable, machine-readable code (`snake_case`, never reworded once shipped).
///
/// Clients branch on the code; people read the message that [`i18n::message`] gives for it.
pub trait Coded {
    fn code(&self) -> &'static str;
}
