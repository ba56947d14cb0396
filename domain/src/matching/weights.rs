//! The weights and tunables of the score, read from the `[matching]` section of the
//! configuration. Every field has a default, so a configuration names only what it changes.

use serde::{Deserialize, Serialize};

/// How much each component counts, and the shapes of the decays.
///
/// The component weights need not sum to one: the score divides by their sum (see
/// [`crate::matching::score_job`]). A weight of zero removes the component's influence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    /// Skill fit: occupation and required skills against the hierarchy. Default 0.35.
    pub skill: f64,
    /// Distance decay. Default 0.15.
    pub distance: f64,
    /// Pay against the worker's minimum. Default 0.15.
    pub pay: f64,
    /// Housing, meals, social insurance, transport. Default 0.10.
    pub benefits: f64,
    /// Languages asked for against languages spoken. Default 0.05.
    pub language: f64,
    /// How recently the posting opened. Default 0.05.
    pub freshness: f64,
    /// The kind of work is one the worker accepts. Default 0.10.
    pub work_type: f64,
    /// The worker is free when the work starts. Default 0.05.
    pub dates: f64,

    /// Kilometres at which the distance component halves. Default 30.
    pub distance_half_life_km: f64,
    /// Days at which the freshness component halves. Default 14.
    pub freshness_half_life_days: f64,
    /// Days of late start at which the dates component halves, for postings without an end
    /// date. Default 14.
    pub late_start_half_life_days: f64,
    /// What the whole score is multiplied by when the posting lies beyond the worker's
    /// stated travel distance, 0 to 1 (1 turns the penalty off). Default 0.3.
    pub beyond_reach_factor: f64,
    /// The daily wage, fen, that pay is compared with when the worker states no minimum.
    /// Default 20,000 (200 yuan a day, a typical local day wage).
    pub pay_reference_daily_fen: f64,
    /// How sharply the pay component rises around the worker's minimum. Default 4.
    pub pay_steepness: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            skill: 0.35,
            distance: 0.15,
            pay: 0.15,
            benefits: 0.10,
            language: 0.05,
            freshness: 0.05,
            work_type: 0.10,
            dates: 0.05,
            distance_half_life_km: 30.0,
            freshness_half_life_days: 14.0,
            late_start_half_life_days: 14.0,
            beyond_reach_factor: 0.3,
            pay_reference_daily_fen: 20_000.0,
            pay_steepness: 4.0,
        }
    }
}

/// A configuration value the scorer cannot work with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("matching.{field}: {problem}")]
pub struct WeightsError {
    pub field: &'static str,
    pub problem: &'static str,
}

impl Weights {
    /// The component weights by name, in breakdown order.
    pub fn components(&self) -> [(&'static str, f64); 8] {
        [
            ("skill", self.skill),
            ("distance", self.distance),
            ("pay", self.pay),
            ("benefits", self.benefits),
            ("language", self.language),
            ("freshness", self.freshness),
            ("work_type", self.work_type),
            ("dates", self.dates),
        ]
    }

    /// The sum of the component weights.
    pub fn total(&self) -> f64 {
        self.components().iter().map(|(_, w)| w).sum()
    }

    /// Checks that every weight is a finite number not below zero and that at least one is
    /// above zero; that half-lives, the pay reference and the steepness are finite and above
    /// zero; and that the beyond-reach factor lies in 0..=1.
    pub fn validate(&self) -> Result<(), WeightsError> {
        let err = |field, problem| Err(WeightsError { field, problem });
        for (field, w) in self.components() {
            if !w.is_finite() || w < 0.0 {
                return err(field, "must be a finite number, zero or more");
            }
        }
        if self.total() <= 0.0 {
            return err("skill", "at least one component weight must be above zero");
        }
        for (field, v) in [
            ("distance_half_life_km", self.distance_half_life_km),
            ("freshness_half_life_days", self.freshness_half_life_days),
            ("late_start_half_life_days", self.late_start_half_life_days),
            ("pay_reference_daily_fen", self.pay_reference_daily_fen),
            ("pay_steepness", self.pay_steepness),
        ] {
            if !v.is_finite() || v <= 0.0 {
                return err(field, "must be a finite number above zero");
            }
        }
        if !(0.0..=1.0).contains(&self.beyond_reach_factor) {
            return err("beyond_reach_factor", "must be between 0 and 1");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_sum_to_one() {
        let w = Weights::default();
        assert_eq!(w.validate(), Ok(()));
        assert!((w.total() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn rejects_negative_nan_and_all_zero() {
        let bad = |w: Weights| w.validate().err().map(|e| e.field);
        let d = Weights::default();
        assert_eq!(bad(Weights { pay: -0.1, ..d }), Some("pay"));
        assert_eq!(bad(Weights { language: f64::NAN, ..d }), Some("language"));
        assert_eq!(bad(Weights { dates: f64::INFINITY, ..d }), Some("dates"));
        let zero = Weights {
            skill: 0.0,
            distance: 0.0,
            pay: 0.0,
            benefits: 0.0,
            language: 0.0,
            freshness: 0.0,
            work_type: 0.0,
            dates: 0.0,
            ..d
        };
        assert_eq!(bad(zero), Some("skill"));
        assert_eq!(bad(Weights { distance_half_life_km: 0.0, ..d }), Some("distance_half_life_km"));
        assert_eq!(
            bad(Weights { freshness_half_life_days: f64::NAN, ..d }),
            Some("freshness_half_life_days")
        );
        assert_eq!(bad(Weights { pay_steepness: -1.0, ..d }), Some("pay_steepness"));
        assert_eq!(bad(Weights { beyond_reach_factor: 1.5, ..d }), Some("beyond_reach_factor"));
        assert_eq!(bad(Weights { beyond_reach_factor: f64::NAN, ..d }), Some("beyond_reach_factor"));
        assert_eq!(bad(Weights { skill: 0.0, ..d }), None);
    }

    #[test]
    fn a_configuration_names_only_what_it_changes() {
        let w: Weights = serde_json::from_str(r#"{"skill": 0.5, "distance_half_life_km": 10}"#).unwrap();
        assert_eq!(w, Weights { skill: 0.5, distance_half_life_km: 10.0, ..Weights::default() });
        assert!(serde_json::from_str::<Weights>(r#"{"skil": 0.5}"#).is_err());
        let round: Weights = serde_json::from_str(&serde_json::to_string(&w).unwrap()).unwrap();
        assert_eq!(round, w);
    }
}
