//! Lean job hits: a posting rebuilt from its columns (fast fields) instead of its stored
//! JSON. Retrieval for matching reads hundreds of candidates per request; decompressing and
//! parsing each stored document would cost more than the whole rest of the request.
//!
//! A lean document has every field matching uses; its text fields (title, description,
//! names, address), display pay, employer and region are empty. The matcher fetches the full documents of
//! the few it returns.

use std::cell::RefCell;
use std::collections::HashMap;

use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, SegmentReader};
use uuid::Uuid;

use crate::doc::{GeoPoint, JobDoc, SkillDoc};

/// The columns of one segment.
pub struct JobColumns {
    id_hi: Column<u64>,
    id_lo: Column<u64>,
    occupation_path: Cached,
    skill_levels: Cached,
    work_type: Cached,
    languages: Cached,
    bools: [Column<bool>; 5],
    numbers: [Column<i64>; 7],
    lat: Column<f64>,
    lng: Column<f64>,
}

const BOOLS: [&str; 5] = ["housing", "meals", "social_insurance", "transport", "open_to_all"];
const NUMBERS: [&str; 7] =
    ["daily_pay_min", "daily_pay_max", "openings_left", "start_day", "end_day", "opened_at", "expires_at"];

impl JobColumns {
    pub fn open(segment: &SegmentReader) -> tantivy::Result<JobColumns> {
        let ff = segment.fast_fields();
        Ok(JobColumns {
            id_hi: ff.u64("id_hi")?,
            id_lo: ff.u64("id_lo")?,
            occupation_path: Cached::new(ff.str("occupation_path")?),
            skill_levels: Cached::new(ff.str("skill_levels")?),
            work_type: Cached::new(ff.str("work_type")?),
            languages: Cached::new(ff.str("languages")?),
            bools: [
                ff.bool(BOOLS[0])?,
                ff.bool(BOOLS[1])?,
                ff.bool(BOOLS[2])?,
                ff.bool(BOOLS[3])?,
                ff.bool(BOOLS[4])?,
            ],
            numbers: [
                ff.i64(NUMBERS[0])?,
                ff.i64(NUMBERS[1])?,
                ff.i64(NUMBERS[2])?,
                ff.i64(NUMBERS[3])?,
                ff.i64(NUMBERS[4])?,
                ff.i64(NUMBERS[5])?,
                ff.i64(NUMBERS[6])?,
            ],
            lat: ff.f64("lat")?,
            lng: ff.f64("lng")?,
        })
    }

    pub fn job(&self, doc: DocId) -> JobDoc {
        let b = |i: usize| self.bools[i].first(doc).unwrap_or(false);
        let n = |i: usize| self.numbers[i].first(doc).unwrap_or(0);
        let id = (u128::from(self.id_hi.first(doc).unwrap_or(0)) << 64)
            | u128::from(self.id_lo.first(doc).unwrap_or(0));
        let occupation_path = self.occupation_path.values(doc);
        JobDoc {
            id: Uuid::from_u128(id),
            employer_id: Uuid::nil(),
            employer_name: String::new(),
            title: String::new(),
            description: String::new(),
            occupation_names: Vec::new(),
            occupation_code: occupation_path.iter().max_by_key(|s| s.len()).cloned().unwrap_or_default(),
            occupation_path,
            skills: self.skill_levels.values(doc).iter().filter_map(|s| parse_skill(s)).collect(),
            skill_path: Vec::new(),
            region_code: String::new(),
            region_path: Vec::new(),
            work_type: self.work_type.values(doc).pop().unwrap_or_default(),
            daily_pay_min: n(0),
            daily_pay_max: n(1),
            pay_min: 0,
            pay_max: 0,
            pay_unit: String::new(),
            pay_cycle: String::new(),
            piece_daily_estimate: None,
            address: String::new(),
            housing: b(0),
            meals: b(1),
            social_insurance: b(2),
            transport: b(3),
            languages: self.languages.values(doc),
            openings_left: n(2),
            open_to_all: b(4),
            status: "open".into(),
            start_day: n(3),
            end_day: n(4),
            opened_at: n(5),
            expires_at: n(6),
            geo: GeoPoint {
                lat: self.lat.first(doc).unwrap_or(0.0),
                lng: self.lng.first(doc).unwrap_or(0.0),
            },
        }
    }
}

/// A keyword column whose values are looked up once per query: the same few trades,
/// kinds of work and languages repeat across a whole pool, and turning a term number back
/// into its text is the costly part of reading a column.
struct Cached {
    column: Option<StrColumn>,
    seen: RefCell<HashMap<u64, String>>,
}

impl Cached {
    fn new(column: Option<StrColumn>) -> Cached {
        Cached { column, seen: RefCell::new(HashMap::new()) }
    }

    fn values(&self, doc: DocId) -> Vec<String> {
        let Some(c) = &self.column else { return Vec::new() };
        let mut seen = self.seen.borrow_mut();
        c.term_ords(doc)
            .filter_map(|ord| {
                if let Some(s) = seen.get(&ord) {
                    return Some(s.clone());
                }
                let mut s = String::new();
                c.ord_to_str(ord, &mut s).ok()?.then_some(())?;
                seen.insert(ord, s.clone());
                Some(s)
            })
            .collect()
    }
}

/// `6-18-02-04:3` as a skill.
pub fn skill_term(s: &SkillDoc) -> String {
    format!("{}:{}", s.code, s.level)
}

fn parse_skill(s: &str) -> Option<SkillDoc> {
    let (code, level) = s.rsplit_once(':')?;
    Some(SkillDoc { code: code.to_owned(), level: level.parse().ok()? })
}
