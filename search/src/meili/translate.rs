//! [`SearchQuery`] → Meilisearch search parameters: filter expressions, sort rules and the
//! page that covers an offset window. Pure functions, tested without a server.

use crate::doc::Kind;
use crate::query::{Condition, SearchQuery, Sort};

/// A value as a double-quoted Meilisearch filter string.
///
/// Meilisearch's filter parser ends a quoted value at the first quote not preceded by a
/// backslash, then turns `\"` into `"` and reads the remaining backslash escapes the way
/// Rust does (`\\` → `\`). Escaping every backslash and quote is therefore enough for any
/// value to come back unchanged and never end the string early.
pub(crate) fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '\\' || c == '"' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// The filter expressions (all of which must hold), or `None` when the query can match
/// nothing (an empty `AnyOf`).
pub(crate) fn filter(query: &SearchQuery) -> Option<Vec<String>> {
    let mut out = Vec::with_capacity(query.filter.len() + 1);
    for c in &query.filter {
        let name = c.field().name();
        out.push(match c {
            Condition::AnyOf(_, values) if values.is_empty() => return None,
            Condition::AnyOf(_, values) => {
                let list: Vec<String> = values.iter().map(|v| quote(v)).collect();
                format!("{name} IN [{}]", list.join(", "))
            }
            Condition::Is(_, b) => format!("{name} = {b}"),
            Condition::AtLeast(_, n) => format!("{name} >= {n}"),
            Condition::AtMost(_, n) => format!("{name} <= {n}"),
        });
    }
    if let Some(near) = query.near
        && let Some(km) = near.radius_km
    {
        out.push(format!("_geoRadius({}, {}, {})", near.lat, near.lng, km * 1000.0));
    }
    Some(out)
}

/// The attribute "newest" sorts on.
pub(crate) fn recency_field(kind: Kind) -> &'static str {
    match kind {
        Kind::Job => "opened_at",
        Kind::Course | Kind::Worker => "updated_at",
    }
}

/// The sort rule of [`Sort::Pay`].
pub(crate) fn pay_rule(kind: Kind) -> &'static str {
    match kind {
        Kind::Job => "daily_pay_max:desc",
        Kind::Course => "subsidy_amount:desc",
        Kind::Worker => "min_daily_wage:asc",
    }
}

/// The `sort` parameter. Empty for relevance with text: the ranking rules decide, and the
/// last of them (`id:asc`) breaks ties, so relevance is not overruled by the id.
pub(crate) fn sort(query: &SearchQuery) -> Vec<String> {
    let first = match query.sort {
        Sort::Relevance if query.text().is_some() => return Vec::new(),
        Sort::Relevance | Sort::Newest => format!("{}:desc", recency_field(query.kind)),
        Sort::Pay => pay_rule(query.kind).to_owned(),
        Sort::Distance => match query.near {
            Some(n) => format!("_geoPoint({}, {}):asc", n.lat, n.lng),
            // validate() refuses this; fall back to the id order rather than fail here.
            None => return vec!["id:asc".to_owned()],
        },
    };
    vec![first, "id:asc".to_owned()]
}

/// Which page (1-based) of which size holds the hits `offset..offset + limit`, and how many
/// hits of that page to skip.
///
/// Meilisearch counts matches exactly (`totalHits`) only in page mode, and pages are
/// aligned to their size; the smallest size from `limit` up whose page holds the whole
/// window is found (`offset + limit` always works: page 1).
pub(crate) fn window(offset: usize, limit: usize) -> (usize, usize, usize) {
    let limit = limit.max(1);
    let last = offset + limit - 1;
    let size = (limit..=offset + limit).find(|size| offset / size == last / size).unwrap_or(offset + limit);
    let page = offset / size;
    (page + 1, size, offset - page * size)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{Field, Near};

    #[test]
    fn quoting_escapes_quotes_and_backslashes() {
        assert_eq!(quote("6-18"), r#""6-18""#);
        assert_eq!(quote(r#"a" OR id EXISTS OR "b"#), r#""a\" OR id EXISTS OR \"b""#);
        assert_eq!(quote(r"\"), r#""\\""#);
        assert_eq!(quote(r#"\""#), r#""\\\"""#);
        assert_eq!(quote("焊工"), "\"焊工\"");
    }

    #[test]
    fn conditions_become_expressions() {
        let mut q = SearchQuery::new(Kind::Job);
        q.filter = vec![
            Condition::AnyOf(Field::OccupationPath, vec!["6-18".into(), "4".into()]),
            Condition::Is(Field::Housing, true),
            Condition::AtLeast(Field::DailyPayMax, 20_000),
            Condition::AtMost(Field::StartDay, 20_000),
        ];
        q.near = Some(Near { lat: 43.65, lng: 111.98, radius_km: Some(2.5) });
        assert_eq!(
            filter(&q).unwrap(),
            [
                r#"occupation_path IN ["6-18", "4"]"#,
                "housing = true",
                "daily_pay_max >= 20000",
                "start_day <= 20000",
                "_geoRadius(43.65, 111.98, 2500)",
            ]
        );
    }

    #[test]
    fn an_empty_list_matches_nothing() {
        let mut q = SearchQuery::new(Kind::Job);
        q.filter = vec![Condition::AnyOf(Field::WorkType, vec![])];
        assert_eq!(filter(&q), None);
    }

    #[test]
    fn sorts_end_with_the_id() {
        let mut q = SearchQuery::new(Kind::Course);
        assert_eq!(sort(&q), ["updated_at:desc", "id:asc"]);
        q.text = Some("焊工".into());
        assert!(sort(&q).is_empty());
        q.sort = Sort::Pay;
        assert_eq!(sort(&q), ["subsidy_amount:desc", "id:asc"]);
        q.sort = Sort::Distance;
        q.near = Some(Near { lat: 43.65, lng: 111.98, radius_km: None });
        assert_eq!(sort(&q), ["_geoPoint(43.65, 111.98):asc", "id:asc"]);
    }

    #[test]
    fn windows_fit_in_one_page() {
        assert_eq!(window(0, 20), (1, 20, 0));
        assert_eq!(window(40, 20), (3, 20, 0));
        assert_eq!(window(7, 5), (2, 6, 1));
        for offset in 0..300 {
            for limit in 1..40 {
                let (page, size, skip) = window(offset, limit);
                assert!(size >= limit && page >= 1);
                assert_eq!((page - 1) * size + skip, offset);
                assert!(skip + limit <= size, "{offset} {limit}");
            }
        }
        let (_, size, _) = window(10_000, 1_000);
        assert!(size <= 11_000);
    }
}
