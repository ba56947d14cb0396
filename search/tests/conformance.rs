//! The search conformance suite: the same cases against every backend.
//!
//! Each case runs against
//! - the embedded backend, in a fresh temporary directory, always;
//! - Meilisearch, when `LAOWU_TEST_MEILI_URL` is set (and `LAOWU_TEST_MEILI_KEY`, if the
//!   server has a master key), in indexes with a prefix of its own that are deleted
//!   afterwards, even when the case fails. Without the variable these tests say so on
//!   stderr and pass.
//!
//! One `#[tokio::test]` per case and backend (`embedded::<case>`, `meilisearch::<case>`), so
//! a failure names both.

// The cases are test code that clippy's `allow-unwrap-in-tests` cannot see as such (they are
// plain async functions, called from the generated tests).
#![allow(clippy::unwrap_used)]

#[path = "conformance/cases.rs"]
mod cases;
#[path = "conformance/fixtures.rs"]
mod fixtures;

mod harness {
    use laowu_search::embedded::EmbeddedIndex;
    use laowu_search::{MeiliIndex, SearchIndex};
    use tempfile::TempDir;

    /// An empty embedded index in its own directory (removed when dropped).
    pub struct Embedded {
        pub index: EmbeddedIndex,
        _dir: TempDir,
    }

    pub async fn embedded() -> Embedded {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let index = EmbeddedIndex::open(dir.path()).expect("open the embedded index");
        index.prepare().await.expect("prepare the embedded index");
        Embedded { index, _dir: dir }
    }

    /// Empty Meilisearch indexes under a prefix of their own, deleted when dropped.
    pub struct Meili {
        pub index: MeiliIndex,
        url: String,
        key: Option<String>,
        prefix: String,
    }

    fn server() -> Option<(String, Option<String>)> {
        let url = std::env::var("LAOWU_TEST_MEILI_URL").ok().filter(|u| !u.trim().is_empty())?;
        let key = std::env::var("LAOWU_TEST_MEILI_KEY").ok().filter(|k| !k.is_empty());
        Some((url, key))
    }

    /// `None` (after saying so) when no server is configured.
    pub async fn meili(case: &str) -> Option<Meili> {
        let Some((url, key)) = server() else {
            // Straight to the process's stderr, not `eprintln!`: the test harness captures
            // that for passing tests, and a skip should show in every run's output.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "skipped: Meilisearch conformance ({case}): LAOWU_TEST_MEILI_URL is not set; \
                 no Meilisearch server on this machine"
            );
            return None;
        };
        let prefix = format!("laowu_test_{}_", uuid::Uuid::new_v4().simple());
        let index = MeiliIndex::new(&url, key.as_deref(), &prefix).expect("a Meilisearch client");
        // The guard exists before `prepare`, so half-created indexes are removed too.
        let guard = Meili { index, url, key, prefix };
        guard.index.prepare().await.expect("prepare the Meilisearch indexes");
        Some(guard)
    }

    impl Drop for Meili {
        fn drop(&mut self) {
            // Drop cannot await, and the test's runtime may be gone or busy: delete the
            // indexes from a thread of our own with a runtime of its own.
            let (url, key, prefix) = (self.url.clone(), self.key.clone(), self.prefix.clone());
            let cleanup = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
                let index = MeiliIndex::new(&url, key.as_deref(), &prefix)
                    .map_err(|e| std::io::Error::other(e.to_string()))?;
                runtime.block_on(index.drop_indexes()).map_err(|e| std::io::Error::other(e.to_string()))
            });
            match cleanup.join() {
                Ok(Ok(())) => {}
                Ok(Err(e)) => eprintln!("could not delete the test indexes {}*: {e}", self.prefix),
                Err(_) => eprintln!("could not delete the test indexes {}*", self.prefix),
            }
        }
    }
}

/// One test per case in `embedded` and in `meilisearch`.
macro_rules! conformance {
    ($($case:ident),* $(,)?) => {
        mod embedded {
            $(
                #[tokio::test]
                async fn $case() {
                    let backend = crate::harness::embedded().await;
                    crate::cases::$case(&backend.index).await;
                }
            )*
        }

        mod meilisearch {
            $(
                #[tokio::test]
                async fn $case() {
                    if let Some(backend) = crate::harness::meili(stringify!($case)).await {
                        crate::cases::$case(&backend.index).await;
                    }
                }
            )*
        }
    };
}

conformance!(
    upsert_then_find_documents_intact,
    upsert_replaces_the_document_with_that_id,
    delete_removes_and_ignores_missing_ids,
    clear_empties_one_kind,
    chinese_words_match_inside_longer_words,
    trade_synonyms_find_each_other,
    a_word_found_nowhere_finds_nothing,
    occupation_names_are_searched,
    empty_text_matches_everything,
    occupation_path_matches_every_level,
    region_path_matches_prefectures_and_counties,
    keyword_any_of_and_status,
    booleans_filter_both_ways,
    numbers_have_floors_and_ceilings,
    date_windows_with_sentinels,
    an_empty_any_of_matches_nothing,
    a_radius_keeps_only_near_documents,
    distances_are_reported_in_kilometres,
    distance_sort_is_nearest_first,
    workers_without_a_location_never_match_a_radius,
    pay_sort_is_best_paid_first,
    newest_first_and_relevance_without_text,
    ties_are_broken_by_id,
    facets_count_every_match_not_only_the_page,
    pages_are_disjoint_ordered_and_counted,
    invalid_queries_are_refused,
    text_filters_and_radius_sorted_by_distance,
    courses_filter_sort_and_search,
    workers_filter_sort_and_search,
    synonyms_of_several_segments_match,
    fetch_returns_documents_in_the_order_asked,
    lean_job_hits_keep_every_field_matching_uses,
);
