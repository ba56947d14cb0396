//! Money and pay: what a job pays, and whether it meets a worker's lowest acceptable wage.
//!
//! # Money
//!
//! Amounts are whole fen (分, 1 yuan = 100 fen) in an integer, never floating point, so sums
//! and comparisons are exact. People enter yuan with at most two decimals (`180`, `180.5`,
//! `¥180.50`, `180元`); an amount is never negative and at most 1,000,000 yuan, far above any
//! wage, which keeps every figure derived here well inside `i64`.
//!
//! # Comparing pay quoted in different units
//!
//! Postings quote pay per hour, day, month or piece. To rank and filter them together we
//! turn every figure into a **daily equivalent in fen**:
//!
//! | unit  | daily equivalent | why |
//! |-------|------------------|-----|
//! | hour  | × 8              | the standard working day is 8 hours (《国务院关于职工工作时间的规定》) |
//! | day   | × 1              | |
//! | month | ÷ 21.75          | 21.75 paid days a month: (365 − 104 rest days) ÷ 12, the statutory figure for converting monthly wages (劳社部发〔2008〕3号) |
//! | piece | the employer's estimate of a typical day's earnings | a piece rate alone cannot be compared with anything |
//!
//! A monthly equivalent is the daily equivalent × 21.75; for pay quoted per month it is the
//! quoted figure itself, so it never drifts by a rounding. Every division rounds half up to a
//! whole fen (0.5 fen and more rounds up).
//!
//! These are comparison figures, not promises: they say what a full standard day or month of
//! the job would pay.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Coded;
use crate::account::UnknownVariant;

/// Fen in one yuan.
pub const FEN_PER_YUAN: i64 = 100;
/// The largest amount accepted: 1,000,000 yuan.
pub const MAX_FEN: i64 = 1_000_000 * FEN_PER_YUAN;
/// Hours in the standard working day.
pub const HOURS_PER_DAY: i64 = 8;
/// Paid working days per month, in hundredths (21.75).
pub const PAID_DAYS_PER_MONTH_X100: i64 = 2175;

/// `n / d` rounded half up, for `n >= 0`, `d > 0`.
fn div_round_half_up(n: i64, d: i64) -> i64 {
    (2 * n + d) / (2 * d)
}

/// An amount of money: whole fen, 0 to 1,000,000 yuan.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("amount must be a number of yuan with at most two decimals")]
    Invalid,
    #[error("amount must not be negative")]
    Negative,
    #[error("amount must be at most 1,000,000 yuan")]
    TooLarge,
}

impl Coded for MoneyError {
    fn code(&self) -> &'static str {
        match self {
            MoneyError::Invalid => "money_invalid",
            MoneyError::Negative => "money_negative",
            MoneyError::TooLarge => "money_too_large",
        }
    }
}

impl Money {
    pub const ZERO: Money = Money(0);

    /// An amount in fen, as stored.
    pub fn from_fen(fen: i64) -> Result<Self, MoneyError> {
        if fen < 0 {
            Err(MoneyError::Negative)
        } else if fen > MAX_FEN {
            Err(MoneyError::TooLarge)
        } else {
            Ok(Money(fen))
        }
    }

    /// Parses a yuan amount as people type it: digits with an optional `.` and one or two
    /// decimals, optionally with `¥`/`￥` before or `元` after and spaces around. No thousands
    /// separators (`1,000` is ambiguous to many users) and no exponents.
    pub fn parse(raw: &str) -> Result<Self, MoneyError> {
        let s = raw.trim();
        let s = s.strip_prefix(['¥', '￥']).unwrap_or(s).trim_start();
        let s = s.strip_suffix('元').unwrap_or(s).trim_end();
        let (negative, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (int, frac) = match s.split_once('.') {
            Some((int, frac)) => (int, Some(frac)),
            None => (s, None),
        };
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        let shaped = digits(int) && frac.is_none_or(|f| digits(f) && f.len() <= 2);
        if !shaped {
            return Err(MoneyError::Invalid);
        }
        if negative {
            return Err(MoneyError::Negative);
        }
        let int = int.trim_start_matches('0');
        // More than 7 integer digits is above the maximum; checking first avoids overflow.
        if int.len() > 7 {
            return Err(MoneyError::TooLarge);
        }
        let num = |t: &str| t.bytes().fold(0i64, |n, b| n * 10 + i64::from(b - b'0'));
        let frac_fen = match frac {
            None => 0,
            Some(f) if f.len() == 1 => num(f) * 10,
            Some(f) => num(f),
        };
        Money::from_fen(num(int) * FEN_PER_YUAN + frac_fen)
    }

    /// The amount in fen.
    pub fn fen(self) -> i64 {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }
}

/// Yuan with two decimals: `180.50`.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / FEN_PER_YUAN, self.0 % FEN_PER_YUAN)
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({self})")
    }
}

/// What a quoted pay figure is per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayUnit {
    Hour,
    Day,
    Month,
    Piece,
}

impl PayUnit {
    pub const ALL: [PayUnit; 4] = [PayUnit::Hour, PayUnit::Day, PayUnit::Month, PayUnit::Piece];

    pub fn as_str(self) -> &'static str {
        match self {
            PayUnit::Hour => "hour",
            PayUnit::Day => "day",
            PayUnit::Month => "month",
            PayUnit::Piece => "piece",
        }
    }
}

impl fmt::Display for PayUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PayUnit {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PayUnit::ALL.into_iter().find(|u| u.as_str() == s).ok_or(UnknownVariant)
    }
}

/// When wages are paid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayCycle {
    /// Every day (日结).
    Daily,
    /// Every week (周结).
    Weekly,
    /// Every month (月结).
    Monthly,
    /// When the job is done (完工结).
    OnCompletion,
}

impl PayCycle {
    pub const ALL: [PayCycle; 4] =
        [PayCycle::Daily, PayCycle::Weekly, PayCycle::Monthly, PayCycle::OnCompletion];

    pub fn as_str(self) -> &'static str {
        match self {
            PayCycle::Daily => "daily",
            PayCycle::Weekly => "weekly",
            PayCycle::Monthly => "monthly",
            PayCycle::OnCompletion => "on_completion",
        }
    }
}

impl fmt::Display for PayCycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PayCycle {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PayCycle::ALL.into_iter().find(|c| c.as_str() == s).ok_or(UnknownVariant)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PayError {
    #[error("the lowest pay must be more than zero")]
    MinRequired,
    #[error("the highest pay must not be below the lowest")]
    MaxBelowMin,
    #[error("piece-rate pay needs an estimate of a typical day's earnings")]
    PieceEstimateRequired,
    #[error("a lowest acceptable wage must be per hour, day or month")]
    FloorUnitInvalid,
}

impl Coded for PayError {
    fn code(&self) -> &'static str {
        match self {
            PayError::MinRequired => "pay_min_required",
            PayError::MaxBelowMin => "pay_max_below_min",
            PayError::PieceEstimateRequired => "pay_piece_estimate_required",
            PayError::FloorUnitInvalid => "wage_floor_unit_invalid",
        }
    }
}

/// The exact daily equivalent of `amount` per `unit` as a fraction of fen
/// (numerator, denominator); `None` for pieces.
fn daily_ratio(amount: Money, unit: PayUnit) -> Option<(i64, i64)> {
    match unit {
        PayUnit::Hour => Some((amount.0 * HOURS_PER_DAY, 1)),
        PayUnit::Day => Some((amount.0, 1)),
        PayUnit::Month => Some((amount.0 * 100, PAID_DAYS_PER_MONTH_X100)),
        PayUnit::Piece => None,
    }
}

/// The monthly equivalent in fen of a daily figure in fen.
fn monthly_from_daily(daily: i64) -> i64 {
    div_round_half_up(daily * PAID_DAYS_PER_MONTH_X100, 100)
}

/// What a job pays: a range per unit, a pay cycle, and for piece rates an estimate of a
/// typical day's earnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pay {
    min: Money,
    max: Money,
    unit: PayUnit,
    cycle: PayCycle,
    piece_daily_estimate: Option<Money>,
}

impl Pay {
    /// A pay range. A single figure is `min == max`.
    ///
    /// Rules: `min` more than zero; `max` not below `min`; a piece rate needs a
    /// `piece_daily_estimate` above zero, because a rate per piece cannot be compared with
    /// anything else. For other units the estimate means nothing and is dropped.
    pub fn new(
        min: Money,
        max: Money,
        unit: PayUnit,
        cycle: PayCycle,
        piece_daily_estimate: Option<Money>,
    ) -> Result<Self, PayError> {
        if min.is_zero() {
            return Err(PayError::MinRequired);
        }
        if max < min {
            return Err(PayError::MaxBelowMin);
        }
        let piece_daily_estimate = match unit {
            PayUnit::Piece => match piece_daily_estimate {
                Some(e) if !e.is_zero() => Some(e),
                _ => return Err(PayError::PieceEstimateRequired),
            },
            _ => None,
        };
        Ok(Pay { min, max, unit, cycle, piece_daily_estimate })
    }

    pub fn min(&self) -> Money {
        self.min
    }

    pub fn max(&self) -> Money {
        self.max
    }

    pub fn unit(&self) -> PayUnit {
        self.unit
    }

    pub fn cycle(&self) -> PayCycle {
        self.cycle
    }

    /// The employer's estimate of a typical day's earnings; always `Some` for piece rates,
    /// always `None` otherwise.
    pub fn piece_daily_estimate(&self) -> Option<Money> {
        self.piece_daily_estimate
    }

    /// The exact daily equivalent of `amount` as a fraction of fen.
    fn daily_ratio(&self, amount: Money) -> (i64, i64) {
        // `new` guarantees an estimate for piece rates.
        daily_ratio(amount, self.unit).or(self.piece_daily_estimate.map(|e| (e.0, 1))).unwrap_or((0, 1))
    }

    fn daily(&self, amount: Money) -> i64 {
        let (n, d) = self.daily_ratio(amount);
        div_round_half_up(n, d)
    }

    /// The lowest pay as a daily equivalent in fen (see the module documentation). For piece
    /// rates, the daily estimate.
    pub fn daily_equivalent_min(&self) -> i64 {
        self.daily(self.min)
    }

    /// The highest pay as a daily equivalent in fen. For piece rates, the daily estimate.
    pub fn daily_equivalent_max(&self) -> i64 {
        self.daily(self.max)
    }

    /// The lowest pay as a monthly equivalent in fen: the daily equivalent × 21.75, or the
    /// quoted figure itself for monthly pay.
    pub fn monthly_equivalent_min(&self) -> i64 {
        match self.unit {
            PayUnit::Month => self.min.0,
            _ => monthly_from_daily(self.daily_equivalent_min()),
        }
    }

    /// The highest pay as a monthly equivalent in fen, like [`Pay::monthly_equivalent_min`].
    pub fn monthly_equivalent_max(&self) -> i64 {
        match self.unit {
            PayUnit::Month => self.max.0,
            _ => monthly_from_daily(self.daily_equivalent_max()),
        }
    }

    /// Whether the job can pay at least `floor`: its highest daily equivalent reaches the
    /// floor's daily equivalent. (The top of the range, because a worker filtering by a floor
    /// should still see a job that pays enough to its better workers.) Compared exactly,
    /// before rounding to fen, so 3999.99 a month does not meet a floor of 4000 a month.
    pub fn meets(&self, floor: &WageFloor) -> bool {
        let (a, b) = self.daily_ratio(self.max);
        let (c, d) = floor.daily_ratio();
        a * d >= c * b
    }
}

/// A worker's lowest acceptable wage, per hour, day or month (not per piece: a worker cannot
/// know in advance what a piece is worth).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WageFloor {
    amount: Money,
    unit: PayUnit,
}

impl WageFloor {
    pub fn new(amount: Money, unit: PayUnit) -> Result<Self, PayError> {
        match unit {
            PayUnit::Piece => Err(PayError::FloorUnitInvalid),
            _ => Ok(WageFloor { amount, unit }),
        }
    }

    pub fn amount(&self) -> Money {
        self.amount
    }

    pub fn unit(&self) -> PayUnit {
        self.unit
    }

    /// The exact daily equivalent as a fraction of fen.
    fn daily_ratio(&self) -> (i64, i64) {
        // `new` rejects pieces.
        daily_ratio(self.amount, self.unit).unwrap_or((0, 1))
    }

    /// The floor as a daily equivalent in fen.
    pub fn daily_equivalent(&self) -> i64 {
        let (n, d) = self.daily_ratio();
        div_round_half_up(n, d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn yuan(raw: &str) -> Money {
        Money::parse(raw).unwrap()
    }

    fn pay(min: &str, max: &str, unit: PayUnit) -> Pay {
        Pay::new(yuan(min), yuan(max), unit, PayCycle::Monthly, None).unwrap()
    }

    #[test]
    fn parses_yuan_as_typed() {
        for (raw, fen) in [
            ("180", 18_000),
            ("180.5", 18_050),
            ("180.50", 18_050),
            ("0.01", 1),
            ("0", 0),
            ("007", 700),
            (" ¥180 ", 18_000),
            ("￥ 4500.00", 450_000),
            ("260元", 26_000),
            ("+12.3", 1_230),
            ("1000000", 100_000_000),
            ("1000000.00", 100_000_000),
            ("0000000001000000", 100_000_000),
        ] {
            assert_eq!(Money::parse(raw).map(Money::fen), Ok(fen), "{raw}");
        }
    }

    #[test]
    fn rejects_other_amounts() {
        for raw in [
            "",
            " ",
            "元",
            "abc",
            "1.234",
            "1.",
            ".5",
            "1..2",
            "1.2.3",
            "1,000",
            "1e3",
            "１８０",
            "180 元 元",
            "¥",
            "- 5",
            "12 3",
        ] {
            assert_eq!(Money::parse(raw), Err(MoneyError::Invalid), "{raw}");
        }
        assert_eq!(Money::parse("-5"), Err(MoneyError::Negative));
        assert_eq!(Money::parse("¥-0.50"), Err(MoneyError::Negative));
        assert_eq!(Money::parse("1000000.01"), Err(MoneyError::TooLarge));
        assert_eq!(Money::parse("99999999999999999999999"), Err(MoneyError::TooLarge));
        assert_eq!(Money::from_fen(-1), Err(MoneyError::Negative));
        assert_eq!(Money::from_fen(MAX_FEN + 1), Err(MoneyError::TooLarge));
        assert_eq!(Money::from_fen(MAX_FEN), Ok(yuan("1000000")));
    }

    #[test]
    fn prints_yuan() {
        assert_eq!(yuan("180.5").to_string(), "180.50");
        assert_eq!(yuan("0.07").to_string(), "0.07");
        assert_eq!(format!("{:?}", yuan("4500")), "Money(4500.00)");
    }

    #[test]
    fn pay_rules() {
        let m = yuan;
        let new = |min, max, unit, est| Pay::new(m(min), m(max), unit, PayCycle::Daily, est);
        assert_eq!(new("0", "200", PayUnit::Day, None), Err(PayError::MinRequired));
        assert_eq!(new("200", "180", PayUnit::Day, None), Err(PayError::MaxBelowMin));
        assert_eq!(new("0.5", "0.8", PayUnit::Piece, None), Err(PayError::PieceEstimateRequired));
        assert_eq!(
            new("0.5", "0.8", PayUnit::Piece, Some(Money::ZERO)),
            Err(PayError::PieceEstimateRequired)
        );
        assert!(new("200", "200", PayUnit::Day, None).is_ok());
        // An estimate on a day rate is dropped.
        let p = new("200", "260", PayUnit::Day, Some(m("300"))).unwrap();
        assert_eq!(p.piece_daily_estimate(), None);
    }

    #[test]
    fn daily_equivalents() {
        // 25 yuan an hour: 200 a day.
        let p = pay("25", "30", PayUnit::Hour);
        assert_eq!((p.daily_equivalent_min(), p.daily_equivalent_max()), (20_000, 24_000));
        let p = pay("180", "260", PayUnit::Day);
        assert_eq!((p.daily_equivalent_min(), p.daily_equivalent_max()), (18_000, 26_000));
        // 2175 yuan a month is exactly 100 a day.
        let p = pay("2175", "4350", PayUnit::Month);
        assert_eq!((p.daily_equivalent_min(), p.daily_equivalent_max()), (10_000, 20_000));
        // Piece rate: both ends are the estimate.
        let p =
            Pay::new(yuan("0.6"), yuan("0.8"), PayUnit::Piece, PayCycle::Weekly, Some(yuan("240"))).unwrap();
        assert_eq!((p.daily_equivalent_min(), p.daily_equivalent_max()), (24_000, 24_000));
        assert_eq!(p.monthly_equivalent_min(), 522_000);
    }

    #[test]
    fn rounds_half_up_to_whole_fen() {
        // 5000 yuan / 21.75 = 229.885057… yuan = 22988.5057 fen: up.
        assert_eq!(pay("5000", "5000", PayUnit::Month).daily_equivalent_min(), 22_989);
        // 4000 / 21.75 = 18390.80 fen: up.
        assert_eq!(pay("4000", "4000", PayUnit::Month).daily_equivalent_min(), 18_391);
        // 3000 / 21.75 = 13793.10 fen: down.
        assert_eq!(pay("3000", "3000", PayUnit::Month).daily_equivalent_min(), 13_793);
        // An exact half: 100.02 yuan × 21.75 = 217543.5 fen, rounds up to 217544.
        assert_eq!(pay("100.02", "100.02", PayUnit::Day).monthly_equivalent_min(), 217_544);
        // 100.01 × 21.75 = 217521.75 fen: up; 100.03 × 21.75 = 217565.25 fen: down.
        assert_eq!(pay("100.01", "100.01", PayUnit::Day).monthly_equivalent_min(), 217_522);
        assert_eq!(pay("100.03", "100.03", PayUnit::Day).monthly_equivalent_min(), 217_565);
        assert_eq!(div_round_half_up(5, 2), 3);
        assert_eq!(div_round_half_up(7, 2), 4);
        assert_eq!(div_round_half_up(4, 3), 1);
        assert_eq!(div_round_half_up(0, 3), 0);
    }

    #[test]
    fn monthly_pay_keeps_its_quoted_figure() {
        let p = pay("4500", "6000", PayUnit::Month);
        assert_eq!(p.monthly_equivalent_min(), 450_000);
        assert_eq!(p.monthly_equivalent_max(), 600_000);
        // Whereas 25 yuan an hour is 200 a day, 4350 a month.
        assert_eq!(pay("25", "25", PayUnit::Hour).monthly_equivalent_max(), 435_000);
    }

    #[test]
    fn wage_floors() {
        assert_eq!(WageFloor::new(yuan("1"), PayUnit::Piece), Err(PayError::FloorUnitInvalid));
        let floor = WageFloor::new(yuan("4000"), PayUnit::Month).unwrap();
        assert_eq!(floor.daily_equivalent(), 18_391);
        // 180 a day is 3915 a month: below a 4000 floor; 200 a day (4350) meets it.
        assert!(!pay("150", "180", PayUnit::Day).meets(&floor));
        assert!(pay("150", "200", PayUnit::Day).meets(&floor));
        // 23 an hour is 184 a day: 4002 a month.
        assert!(pay("23", "23", PayUnit::Hour).meets(&floor));
        assert!(pay("4000", "4000", PayUnit::Month).meets(&floor));
        assert!(!pay("3999.99", "3999.99", PayUnit::Month).meets(&floor));
        let day_floor = WageFloor::new(yuan("200"), PayUnit::Day).unwrap();
        let piece =
            Pay::new(yuan("1"), yuan("1"), PayUnit::Piece, PayCycle::Daily, Some(yuan("199.99"))).unwrap();
        assert!(!piece.meets(&day_floor));
        assert!(WageFloor::new(Money::ZERO, PayUnit::Hour).is_ok_and(|f| piece.meets(&f)));
    }

    #[test]
    fn names_and_codes() {
        for u in PayUnit::ALL {
            assert_eq!(u.as_str().parse::<PayUnit>(), Ok(u));
        }
        for c in PayCycle::ALL {
            assert_eq!(c.as_str().parse::<PayCycle>(), Ok(c));
        }
        assert_eq!(PayCycle::OnCompletion.to_string(), "on_completion");
        assert_eq!(MoneyError::Invalid.code(), "money_invalid");
        assert_eq!(MoneyError::Negative.code(), "money_negative");
        assert_eq!(MoneyError::TooLarge.code(), "money_too_large");
        assert_eq!(PayError::MinRequired.code(), "pay_min_required");
        assert_eq!(PayError::MaxBelowMin.code(), "pay_max_below_min");
        assert_eq!(PayError::PieceEstimateRequired.code(), "pay_piece_estimate_required");
        assert_eq!(PayError::FloorUnitInvalid.code(), "wage_floor_unit_invalid");
    }

    fn pay_month(fen: i64) -> Pay {
        Pay::new(Money(fen), Money(fen), PayUnit::Month, PayCycle::Monthly, None).unwrap()
    }

    fn unit() -> impl Strategy<Value = PayUnit> {
        prop_oneof![Just(PayUnit::Hour), Just(PayUnit::Day), Just(PayUnit::Month)]
    }

    proptest! {
        #[test]
        fn display_round_trips(fen in 0..=MAX_FEN) {
            let money = Money::from_fen(fen).unwrap();
            prop_assert_eq!(Money::parse(&money.to_string()), Ok(money));
        }

        #[test]
        fn parse_never_panics(raw in "\\PC{0,16}") {
            let _ = Money::parse(&raw);
        }

        #[test]
        fn equivalents_are_monotonic(a in 1..=MAX_FEN, b in 1..=MAX_FEN, unit in unit()) {
            let (lo, hi) = (a.min(b), a.max(b));
            let p = Pay::new(Money(lo), Money(hi), unit, PayCycle::Monthly, None).unwrap();
            prop_assert!(p.daily_equivalent_min() <= p.daily_equivalent_max());
            prop_assert!(p.monthly_equivalent_min() <= p.monthly_equivalent_max());
            // A job meets a floor equal to its own top figure in the same unit.
            prop_assert!(p.meets(&WageFloor::new(Money(hi), unit).unwrap()));
        }

        #[test]
        fn monthly_round_trip_is_within_a_few_fen(fen in 1..=MAX_FEN) {
            // Month -> day -> month drifts by at most 21.75 × 0.5 fen.
            let daily = pay_month(fen).daily_equivalent_min();
            prop_assert!((monthly_from_daily(daily) - fen).abs() <= 11);
        }
    }

    #[test]
    fn every_code_has_a_message() {
        for code in [
            MoneyError::Invalid.code(),
            MoneyError::Negative.code(),
            MoneyError::TooLarge.code(),
            PayError::MinRequired.code(),
            PayError::MaxBelowMin.code(),
            PayError::PieceEstimateRequired.code(),
            PayError::FloorUnitInvalid.code(),
        ] {
            for lang in [crate::Lang::Zh, crate::Lang::En] {
                assert!(crate::i18n::message(code, lang).is_some(), "{code}");
            }
        }
    }
}
