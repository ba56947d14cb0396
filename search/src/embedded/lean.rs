//! Lean job hits: a posting rebuilt from its columns (fast fields) instead of its stored
//! JSON. Retrieval for matching reads hundreds of candidates per request; decompressing and
//! parsing each stored document would cost more than the whole rest of the request.
//!
//! A lean document has every field matching uses; its text fields (title, description,
//! names, address) and display pay are empty. The matcher fetches the full documents of
//! the few it returns.

use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, SegmentReader};
use uuid::Uuid;

use crate::doc::{GeoPoint, JobDoc, SkillDoc};

/// The columns of one segment.
pub struct JobColumns {
    id_hi: Column<u64>,
    id_lo: Column<u64>,
    employer_id: Option<StrColumn>,
    occupation_path: Option<StrColumn>,
    skill_levels: Option<StrColumn>,
    skill_path: Option<StrColumn>,
    region_path: Option<StrColumn>,
    work_type: Option<StrColumn>,
    languages: Option<StrColumn>,
    status: Option<StrColumn>,
    bools: [Column<bool>; 4],
    numbers: [Column<i64>; 7],
    lat: Column<f64>,
    lng: Column<f64>,
}

const BOOLS: [&str; 4] = ["housing", "meals", "social_insurance", "transport"];
const NUMBERS: [&str; 7] =
    ["daily_pay_min", "daily_pay_max", "openings_left", "start_day", "end_day", "opened_at", "expires_at"];

impl JobColumns {
    pub fn open(segment: &SegmentReader) -> tantivy::Result<JobColumns> {
        let ff = segment.fast_fields();
        Ok(JobColumns {
            id_hi: ff.u64("id_hi")?,
            id_lo: ff.u64("id_lo")?,
            employer_id: ff.str("employer_id")?,
            occupation_path: ff.str("occupation_path")?,
            skill_levels: ff.str("skill_levels")?,
            skill_path: ff.str("skill_path")?,
            region_path: ff.str("region_path")?,
            work_type: ff.str("work_type")?,
            languages: ff.str("languages")?,
            status: ff.str("status")?,
            bools: [ff.bool(BOOLS[0])?, ff.bool(BOOLS[1])?, ff.bool(BOOLS[2])?, ff.bool(BOOLS[3])?],
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
        let strs = |c: &Option<StrColumn>| -> Vec<String> {
            let Some(c) = c else { return Vec::new() };
            let mut out = Vec::new();
            for ord in c.term_ords(doc) {
                let mut s = String::new();
                if c.ord_to_str(ord, &mut s).unwrap_or(false) {
                    out.push(s);
                }
            }
            out
        };
        let one = |c: &Option<StrColumn>| strs(c).into_iter().next().unwrap_or_default();
        let longest = |v: &[String]| v.iter().max_by_key(|s| s.len()).cloned().unwrap_or_default();
        let b = |i: usize| self.bools[i].first(doc).unwrap_or(false);
        let n = |i: usize| self.numbers[i].first(doc).unwrap_or(0);
        let id = (u128::from(self.id_hi.first(doc).unwrap_or(0)) << 64)
            | u128::from(self.id_lo.first(doc).unwrap_or(0));
        let occupation_path = strs(&self.occupation_path);
        let region_path = strs(&self.region_path);
        JobDoc {
            id: Uuid::from_u128(id),
            employer_id: one(&self.employer_id).parse().unwrap_or_default(),
            employer_name: String::new(),
            title: String::new(),
            description: String::new(),
            occupation_names: Vec::new(),
            occupation_code: longest(&occupation_path),
            occupation_path,
            skills: strs(&self.skill_levels).iter().filter_map(|s| parse_skill(s)).collect(),
            skill_path: strs(&self.skill_path),
            region_code: longest(&region_path),
            region_path,
            work_type: one(&self.work_type),
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
            languages: strs(&self.languages),
            openings_left: n(2),
            status: one(&self.status),
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

/// `6-18-02-04:3` as a skill.
pub fn skill_term(s: &SkillDoc) -> String {
    format!("{}:{}", s.code, s.level)
}

fn parse_skill(s: &str) -> Option<SkillDoc> {
    let (code, level) = s.rsplit_once(':')?;
    Some(SkillDoc { code: code.to_owned(), level: level.parse().ok()? })
}
