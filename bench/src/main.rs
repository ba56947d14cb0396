//! `laowu-bench`: measures the search index and the matcher on generated Erenhot data.
//! Every figure in BENCHMARKS.md comes from one of these commands.

mod eval;
mod http;
mod recommend;
mod stats;
mod synth_docs;

use std::path::PathBuf;
use std::time::Instant;

use clap::{Parser, Subcommand};
use laowu_search::embedded::EmbeddedIndex;
use laowu_search::{Document, SearchIndex};

#[derive(Parser)]
#[command(name = "laowu-bench", about = "Benchmarks for laowu search and matching")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build an embedded job index of `--jobs` generated postings from scratch.
    Index {
        #[arg(long, default_value_t = 100_000)]
        jobs: usize,
        #[arg(long)]
        dir: PathBuf,
        #[arg(long, default_value_t = 20_000)]
        batch: usize,
    },
    /// Text + filters + geo radius searches against an index built by `index`.
    Search {
        #[arg(long)]
        dir: PathBuf,
        #[arg(long, default_value_t = 2_000)]
        queries: usize,
    },
    /// Top-20 recommendations for generated workers (the matcher alone, in process).
    Recommend {
        #[arg(long)]
        dir: PathBuf,
        #[arg(long, default_value_t = 500)]
        workers: usize,
    },
    /// Recommendations and search through the real server over HTTP (start it on an index
    /// built by `index`).
    Http {
        /// The `laowu` binary (a release build: `cargo build --release -p laowu-api`).
        #[arg(long, default_value = "target/release/laowu")]
        laowu: PathBuf,
        /// The index directory built by `index`.
        #[arg(long)]
        dir: PathBuf,
        #[arg(long, default_value_t = 50)]
        workers: usize,
        #[arg(long, default_value_t = 10)]
        rounds: usize,
    },
    /// NDCG@10 and recall@20 on the labelled evaluation set, ours against plain text search.
    Eval {
        /// Rewrite bench/eval/judgments.tsv from the judging rules instead of checking it.
        #[arg(long)]
        write: bool,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Index { jobs, dir, batch } => index(jobs, dir, batch).await,
        Command::Search { dir, queries } => search(dir, queries).await,
        Command::Recommend { dir, workers } => recommend::run(dir, workers).await,
        Command::Eval { write } => eval::run(write).await,
        Command::Http { laowu, dir, workers, rounds } => http::run(laowu, dir, workers, rounds).await,
    }
}

async fn index(jobs: usize, dir: PathBuf, batch: usize) -> anyhow::Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    let idx = EmbeddedIndex::open(&dir)?;
    let employers = synth_docs::employers_for(jobs);
    let mut generating = std::time::Duration::ZERO;
    let started = Instant::now();
    let mut from = 0;
    while from < jobs {
        let n = batch.min(jobs - from);
        let t = Instant::now();
        let docs: Vec<Document> =
            synth_docs::jobs(&employers, from, n).into_iter().map(Document::Job).collect();
        generating += t.elapsed();
        idx.upsert(docs).await?;
        from += n;
    }
    let total = started.elapsed();
    let indexing = total - generating;
    println!(
        "indexed {jobs} jobs in {:.1} s ({:.1} s generating data, not counted)",
        total.as_secs_f64(),
        generating.as_secs_f64()
    );
    println!("indexing throughput: {:.0} jobs/s", jobs as f64 / indexing.as_secs_f64());
    println!("peak resident memory: {:.0} MiB", stats::memory_mib("VmHWM:").unwrap_or(f64::NAN));
    println!("index on disk: {:.0} MiB", stats::disk_bytes(&dir) as f64 / 1048576.0);
    println!("documents: {}", idx.count(laowu_search::Kind::Job).await?);
    Ok(())
}

async fn search(dir: PathBuf, queries: usize) -> anyhow::Result<()> {
    use laowu_search::{Condition, Field, Kind, Near, SearchQuery, Sort};
    let idx = EmbeddedIndex::open(&dir)?;
    const WORDS: &[&str] =
        &["焊工", "司机", "装卸", "服务员", "电工", "厨师", "保洁", "叉车", "钢筋工", "牧工"];
    const WORK_TYPES: &[&str] = &["full_time", "day_labour", "seasonal"];
    let mut rng = laowu_fixtures::synth::Rng::new(42);
    let mut samples = Vec::with_capacity(queries);
    let mut matched = 0u64;
    for i in 0..queries + queries / 10 {
        let mut q = SearchQuery::new(Kind::Job);
        q.text = Some((*rng.pick(WORDS)).to_owned());
        q.filter = vec![
            Condition::AnyOf(Field::WorkType, vec![(*rng.pick(WORK_TYPES)).to_owned(), "full_time".into()]),
            Condition::AtLeast(Field::DailyPayMax, rng.range(150, 300) * 100),
            Condition::AtLeast(Field::ExpiresAt, synth_docs::NOW),
        ];
        // Somewhere in Erenhot, within 10–50 km.
        q.near = Some(Near {
            lat: 43.6531 + (rng.unit() - 0.5) * 0.1,
            lng: 111.9771 + (rng.unit() - 0.5) * 0.1,
            radius_km: Some(rng.range(10, 50) as f64),
        });
        q.sort = if i % 2 == 0 { Sort::Distance } else { Sort::Relevance };
        q.facets = vec![Field::WorkType, Field::Housing];
        let t = Instant::now();
        let r = idx.search(&q).await?;
        if i >= queries / 10 {
            // the first tenth warms the caches
            samples.push(t.elapsed());
            matched += r.total;
        }
    }
    println!("search (text + 3 filters + geo radius, 20 hits, 2 facets): {}", stats::Latency::of(samples));
    println!("mean matches per query: {:.0}", matched as f64 / queries as f64);
    Ok(())
}
