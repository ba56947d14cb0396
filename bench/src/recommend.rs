//! Recommendation latency: the matcher alone (retrieval in the index and re-ranking in
//! the domain, in process), for generated workers against an index built by `index`.

use std::path::PathBuf;
use std::time::Instant;

use laowu_domain::matching::{Now, Weights};
use laowu_fixtures::synth;
use laowu_search::embedded::EmbeddedIndex;
use laowu_search::matcher::{self, Pools};

use crate::{stats, synth_docs};

pub async fn run(dir: PathBuf, workers: usize) -> anyhow::Result<()> {
    let idx = EmbeddedIndex::open(&dir)?;
    let people: Vec<_> =
        synth::workers(workers, 99).iter().enumerate().map(|(i, w)| synth_docs::worker_doc(i, w)).collect();
    let weights = Weights::default();
    let now = Now::new(synth_docs::NOW, 8 * 3600);
    let mut samples = Vec::new();
    let mut returned = 0;
    // Two passes: the first warms the caches and is not counted.
    for pass in 0..2 {
        for w in &people {
            let t = Instant::now();
            let top = matcher::recommend_jobs(&idx, w, &weights, now, Pools::default(), 20).await?;
            if pass == 1 {
                samples.push(t.elapsed());
                returned += top.len();
            }
        }
    }
    println!(
        "recommendations, matcher alone (retrieval + re-ranking, top 20): {}",
        stats::Latency::of(samples)
    );
    println!("mean recommendations returned: {:.1}", returned as f64 / people.len() as f64);
    // Where the time goes: each retrieval query on its own.
    let mut per_query: Vec<Vec<std::time::Duration>> = Vec::new();
    let mut matched: Vec<u64> = Vec::new();
    for w in &people {
        for (k, q) in matcher::job_retrieval(w, now, Pools::default()).into_iter().enumerate() {
            let t = Instant::now();
            let r = laowu_search::SearchIndex::search(&idx, &q).await?;
            if per_query.len() <= k {
                per_query.push(Vec::new());
                matched.push(0);
            }
            per_query[k].push(t.elapsed());
            matched[k] += r.total;
        }
    }
    for (k, samples) in per_query.into_iter().enumerate() {
        let mean = matched[k] as f64 / people.len() as f64;
        println!("  retrieval query {k} alone: {} (mean matches {mean:.0})", stats::Latency::of(samples));
    }
    println!("peak resident memory: {:.0} MiB", stats::memory_mib("VmHWM:").unwrap_or(f64::NAN));
    Ok(())
}
