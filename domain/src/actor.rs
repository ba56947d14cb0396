//! Who is acting in a workflow step: the worker, the employer or the training school.
//!
//! The job-application and course-enrolment state machines ([`crate::application`],
//! [`crate::enrollment`]) decide who may make each move by [`Actor`], not by [`Role`]: a
//! bureau (`admin`) account is never a party to an application or an enrolment.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Role;
use crate::account::UnknownVariant;

/// A party to a workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    Worker,
    Employer,
    School,
}

impl Actor {
    pub const ALL: [Actor; 3] = [Actor::Worker, Actor::Employer, Actor::School];

    pub fn as_str(self) -> &'static str {
        match self {
            Actor::Worker => "worker",
            Actor::Employer => "employer",
            Actor::School => "school",
        }
    }

    /// The actor an account of `role` acts as; `None` for bureau accounts.
    pub fn from_role(role: Role) -> Option<Actor> {
        match role {
            Role::Worker => Some(Actor::Worker),
            Role::Employer => Some(Actor::Employer),
            Role::School => Some(Actor::School),
            Role::Admin => None,
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Actor {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Actor::ALL.into_iter().find(|a| a.as_str() == s).ok_or(UnknownVariant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for a in Actor::ALL {
            assert_eq!(a.as_str().parse::<Actor>(), Ok(a));
            assert_eq!(a.to_string(), a.as_str());
        }
        assert!("admin".parse::<Actor>().is_err());
    }

    #[test]
    fn maps_roles() {
        assert_eq!(Actor::from_role(Role::Worker), Some(Actor::Worker));
        assert_eq!(Actor::from_role(Role::Employer), Some(Actor::Employer));
        assert_eq!(Actor::from_role(Role::School), Some(Actor::School));
        assert_eq!(Actor::from_role(Role::Admin), None);
    }
}
