//! The settings of each index: what is searched, filtered and sorted, and how.

use std::collections::HashMap;

use meilisearch_sdk::settings::{FacetingSettings, LocalizedAttributes, PaginationSetting, Settings};

use crate::doc::Kind;
use crate::meili::translate::recency_field;
use crate::query::{Field, MAX_LIMIT, MAX_OFFSET};
use crate::synonyms;

/// Searched attributes, most important first (Meilisearch's `attribute` rule ranks a match
/// in the title above one in the description).
pub(crate) fn searchable(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Job => &["title", "occupation_names", "employer_name", "description"],
        Kind::Course => &["title", "occupation_names", "school_name", "description"],
        Kind::Worker => &["occupation_names"],
    }
}

/// Every filter field of the kind, plus the location and the id.
pub(crate) fn filterable(kind: Kind) -> Vec<&'static str> {
    let mut out: Vec<&str> = Field::of(kind).iter().map(|f| f.name()).collect();
    out.extend(["_geo", "id"]);
    out
}

/// The attributes [`crate::meili::translate::sort`] sorts on.
pub(crate) fn sortable(kind: Kind) -> Vec<&'static str> {
    let pay = match kind {
        Kind::Job => "daily_pay_max",
        Kind::Course => "subsidy_amount",
        Kind::Worker => "min_daily_wage",
    };
    vec![recency_field(kind), pay, "_geo", "id"]
}

/// Ranking rules. `sort` comes first so that an explicit order (distance, pay, newest)
/// dominates: every hit matches all query words anyway (`matchingStrategy: all`). Without
/// a `sort` parameter (relevance with text) the rule does nothing and the usual relevance
/// rules decide; the final `id:asc` breaks their ties the way the other backends do.
pub(crate) const RANKING_RULES: &[&str] =
    &["sort", "words", "typo", "proximity", "attribute", "exactness", "id:asc"];

/// Every word of a group maps to all the others of its group.
pub(crate) fn synonym_map() -> HashMap<String, Vec<String>> {
    let mut out = HashMap::new();
    for group in synonyms::GROUPS {
        for word in group.iter() {
            let others = group.iter().filter(|w| *w != word).map(|w| (*w).to_owned()).collect();
            out.insert((*word).to_owned(), others);
        }
    }
    out
}

pub(crate) fn settings(kind: Kind) -> Settings {
    Settings::new()
        .with_searchable_attributes(searchable(kind))
        .with_filterable_attributes(filterable(kind))
        .with_sortable_attributes(sortable(kind))
        .with_ranking_rules(RANKING_RULES)
        .with_synonyms(synonym_map())
        // Han text alone is often detected as Japanese, which segments it differently;
        // everything we index is Chinese (Mandarin), so say so. Searches say so too.
        // Typo tolerance keeps its defaults: it starts at five-character words, longer
        // than most Chinese words, and codes are only filtered on, never searched.
        .with_localized_attributes(vec![LocalizedAttributes {
            locales: vec![LOCALE.to_owned()],
            attribute_patterns: vec!["*".to_owned()],
        }])
        .with_pagination(PaginationSetting { max_total_hits: MAX_OFFSET + MAX_LIMIT })
        .with_faceting(FacetingSettings { max_values_per_facet: 1000, sort_facet_values_by: None })
}

/// Meilisearch's name for Mandarin Chinese.
pub(crate) const LOCALE: &str = "cmn";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_are_symmetric() {
        let map = synonym_map();
        assert!(map["焊工"].contains(&"电焊工".to_owned()));
        assert!(map["电焊工"].contains(&"焊工".to_owned()));
        assert!(!map["焊工"].contains(&"焊工".to_owned()));
    }

    #[test]
    fn sorted_attributes_are_sortable_and_filters_filterable() {
        for kind in Kind::ALL {
            assert!(sortable(kind).contains(&recency_field(kind)));
            let filterable = filterable(kind);
            assert!(Field::of(kind).iter().all(|f| filterable.contains(&f.name())));
        }
    }
}
