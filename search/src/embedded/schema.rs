//! The tantivy schema of each index, derived from the query model: every [`Field`] a kind
//! has becomes an indexed fast field of its type, so filters, sorts and facets all read the
//! same column.

use std::collections::HashMap;

use tantivy::schema::{
    FAST, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::doc::Kind;
use crate::query::{Field, FieldType};

/// The name our Chinese analyzer is registered under.
pub const ANALYZER: &str = "zh";

/// Bumped whenever the schema changes; an index on disk with another version is rebuilt.
pub const VERSION: u32 = 3;

/// Handles to one index's fields.
#[derive(Clone)]
pub struct Fields {
    pub schema: Schema,
    /// The id as text (for deletes) and as two halves (for tie-breaking in order).
    pub id: tantivy::schema::Field,
    pub id_hi: tantivy::schema::Field,
    pub id_lo: tantivy::schema::Field,
    /// The whole document as JSON, returned with hits.
    pub stored: tantivy::schema::Field,
    pub lat: tantivy::schema::Field,
    pub lng: tantivy::schema::Field,
    /// Required or held skills as `code:level` (jobs and workers), for lean hits.
    pub skill_levels: tantivy::schema::Field,
    /// Geo cells, alone and with tags (see `cells`).
    pub geo_keys: tantivy::schema::Field,
    /// Full-text fields and their weights in relevance.
    pub text: Vec<(tantivy::schema::Field, f32)>,
    /// JSON attribute name of each text field, in the same order as `text`.
    pub text_names: Vec<&'static str>,
    pub filters: HashMap<Field, tantivy::schema::Field>,
}

/// The text attributes of a kind, most telling first, with their relevance weights.
pub fn text_attributes(kind: Kind) -> &'static [(&'static str, f32)] {
    match kind {
        Kind::Job => {
            &[("title", 3.0), ("occupation_names", 2.0), ("employer_name", 1.0), ("description", 1.0)]
        }
        Kind::Course => {
            &[("title", 3.0), ("occupation_names", 2.0), ("school_name", 1.0), ("description", 1.0)]
        }
        Kind::Worker => &[("occupation_names", 1.0)],
    }
}

pub fn build(kind: Kind) -> Fields {
    let mut b = Schema::builder();
    let id = b.add_text_field("id", STRING);
    let id_hi = b.add_u64_field("id_hi", FAST);
    let id_lo = b.add_u64_field("id_lo", FAST);
    let stored = b.add_bytes_field("doc", STORED);
    let lat = b.add_f64_field("lat", INDEXED | FAST);
    let lng = b.add_f64_field("lng", INDEXED | FAST);
    let skill_levels = b.add_text_field("skill_levels", STRING | FAST);
    let geo_keys = b.add_text_field("geo_keys", STRING);
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(ANALYZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let mut text = Vec::new();
    let mut text_names = Vec::new();
    for (name, weight) in text_attributes(kind) {
        text.push((
            b.add_text_field(name, TextOptions::default().set_indexing_options(indexing.clone())),
            *weight,
        ));
        text_names.push(*name);
    }
    let mut filters = HashMap::new();
    for f in Field::of(kind) {
        let handle = match f.field_type() {
            FieldType::Keyword => b.add_text_field(f.name(), STRING | FAST),
            FieldType::Bool => b.add_bool_field(f.name(), INDEXED | FAST),
            FieldType::Number => b.add_i64_field(f.name(), INDEXED | FAST),
        };
        filters.insert(*f, handle);
    }
    Fields {
        schema: b.build(),
        id,
        id_hi,
        id_lo,
        stored,
        lat,
        lng,
        skill_levels,
        geo_keys,
        text,
        text_names,
        filters,
    }
}
