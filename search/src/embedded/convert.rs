//! Documents into tantivy documents, through their JSON form: the attribute names of the
//! JSON are the field names of the schema, so one loop serves every kind.

use serde_json::Value;
use tantivy::TantivyDocument;

use super::schema::Fields;
use crate::SearchError;
use crate::doc::{Document, Kind};
use crate::query::{Field, FieldType};

pub fn to_tantivy(fields: &Fields, doc: &Document) -> Result<TantivyDocument, SearchError> {
    let json =
        serde_json::to_value(doc).map_err(|e| SearchError::Internal(format!("document to JSON: {e}")))?;
    let id = doc.id();
    let mut t = TantivyDocument::new();
    t.add_text(fields.id, id.to_string());
    let n = id.as_u128();
    t.add_u64(fields.id_hi, (n >> 64) as u64);
    t.add_u64(fields.id_lo, n as u64);
    t.add_bytes(fields.stored, &serde_json::to_vec(doc).unwrap_or_default());
    if let Some(g) = doc.geo() {
        t.add_f64(fields.lat, g.lat);
        t.add_f64(fields.lng, g.lng);
        for k in super::cells::keys(g.lat, g.lng, &tags(doc)) {
            t.add_text(fields.geo_keys, k);
        }
    }
    let skills = match doc {
        Document::Job(d) => d.skills.as_slice(),
        Document::Worker(d) => d.skills.as_slice(),
        Document::Course(_) => &[],
    };
    for s in skills {
        t.add_text(fields.skill_levels, super::lean::skill_term(s));
    }
    for ((field, _), name) in fields.text.iter().zip(&fields.text_names) {
        each(&json[*name], |v| {
            if let Some(s) = v.as_str() {
                t.add_text(*field, s);
            }
        });
    }
    for f in Field::of(doc.kind()) {
        let handle = fields.filters[f];
        let mut bad = false;
        each(&json[f.name()], |v| match (f.field_type(), v) {
            (FieldType::Keyword, Value::String(s)) => t.add_text(handle, s),
            (FieldType::Bool, Value::Bool(b)) => t.add_bool(handle, *b),
            (FieldType::Number, Value::Number(x)) if x.is_i64() => t.add_i64(handle, x.as_i64().unwrap_or(0)),
            _ => bad = true,
        });
        if bad {
            return Err(SearchError::Internal(format!(
                "{} has an unexpected value in {}",
                f.name(),
                kind_name(doc.kind())
            )));
        }
    }
    Ok(t)
}

/// What a document's geo cells are tagged with (see `cells`).
fn tags(doc: &Document) -> Vec<String> {
    match doc {
        Document::Job(d) => super::cells::job_tags(&d.occupation_path, d.open_to_all),
        Document::Worker(d) => super::cells::job_tags(&d.skill_path, false),
        Document::Course(_) => Vec::new(),
    }
}

/// Calls `f` on a value, or on each element when it is an array.
fn each(v: &Value, mut f: impl FnMut(&Value)) {
    match v {
        Value::Array(items) => items.iter().for_each(f),
        Value::Null => {}
        other => f(other),
    }
}

fn kind_name(kind: Kind) -> &'static str {
    kind.index_name()
}
