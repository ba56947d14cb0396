//! The whole request path: the real `laowu` server (a release build), started on an index
//! built by `index`, with its indexer off; generated workers register, fill in their
//! profiles, then ask for their top 20 over HTTP, one request at a time. Also times the
//! public search endpoint, and reads the server's resident memory from /proc.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use laowu_fixtures::synth;
use serde_json::{Value, json};

use crate::stats;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn server_memory_mib(pid: u32, key: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    Some(line.split_whitespace().nth(1)?.parse::<f64>().ok()? / 1024.0)
}

pub async fn run(laowu: PathBuf, index: PathBuf, workers: usize, rounds: usize) -> anyhow::Result<()> {
    let data = std::env::temp_dir().join(format!("laowu-bench-http-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data)?;
    let port = 18_000 + (std::process::id() % 2000) as u16;
    let base = format!("http://127.0.0.1:{port}");
    let child = Command::new(&laowu)
        .arg("serve")
        .env("LAOWU_ADDR", format!("127.0.0.1:{port}"))
        .env("LAOWU_DATA_DIR", &data)
        .env("LAOWU_LOG", "warn")
        .env("LAOWU_SEARCH__INDEXER", "off")
        .env("LAOWU_SEARCH__INDEX_DIR", &index)
        // Every generated worker registers from this one address.
        .env("LAOWU_THROTTLE__REGISTER_IP_MAX", "1000000")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| format!("starting {}", laowu.display()))?;
    let pid = child.id();
    let _server = Server(child);
    let client = reqwest::Client::new();
    let started = Instant::now();
    loop {
        if let Ok(r) = client.get(format!("{base}/readyz")).send().await
            && r.status().is_success()
        {
            break;
        }
        if started.elapsed() > Duration::from_secs(60) {
            bail!("the server did not become ready");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!("server ready in {:.1} s", started.elapsed().as_secs_f64());

    // Workers with the generated profiles (the same generator as `recommend`).
    let mut tokens = Vec::new();
    for (i, w) in synth::workers(workers, 99).iter().enumerate() {
        let phone = format!("1390{:07}", i + 1);
        let password = "bench-worker-2026";
        let r = client
            .post(format!("{base}/api/v1/auth/register"))
            .json(&json!({"phone": phone, "password": password, "role": "worker"}))
            .send()
            .await?;
        if !r.status().is_success() {
            bail!("register: {} {}", r.status(), r.text().await?);
        }
        let login: Value = client
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({"phone": phone, "password": password}))
            .send()
            .await?
            .json()
            .await?;
        let token = login["access_token"].as_str().context("access token")?.to_owned();
        let profile = json!({
            "name": w.name,
            "gender": w.gender,
            "birth_year": w.birth_year,
            "hukou_region_code": w.hukou_region_code,
            "location": {"lat": w.lat, "lng": w.lng},
            "region_code": w.region_code,
            "languages": w.languages,
            "education": w.education,
            "skills": w.skills.iter().map(|(c, l, y)| json!({"occupation_code": c, "level": l, "years": y})).collect::<Vec<_>>(),
            "desired_occupations": w.desired_occupations,
            "min_wage": {"amount": w.min_wage, "unit": w.min_wage_unit},
            "work_types": w.work_types,
            "max_travel_km": w.max_travel_km,
            "wants_training": w.wants_training,
            "discoverable": w.discoverable,
        });
        let r = client
            .put(format!("{base}/api/v1/workers/me/profile"))
            .bearer_auth(&token)
            .json(&profile)
            .send()
            .await?;
        if !r.status().is_success() {
            bail!("profile: {} {}", r.status(), r.text().await?);
        }
        tokens.push(token);
    }

    let mut samples = Vec::new();
    let mut items = 0usize;
    let mut bytes = 0usize;
    for round in 0..=rounds {
        for token in &tokens {
            let t = Instant::now();
            let r = client
                .get(format!("{base}/api/v1/workers/me/recommendations/jobs?limit=20"))
                .bearer_auth(token)
                .send()
                .await?;
            let status = r.status();
            let body = r.bytes().await?;
            let elapsed = t.elapsed();
            if !status.is_success() {
                bail!("recommendations: {status} {}", String::from_utf8_lossy(&body));
            }
            if round > 0 {
                // round 0 warms the caches
                samples.push(elapsed);
                bytes += body.len();
                items += serde_json::from_slice::<Value>(&body)?["items"].as_array().map_or(0, Vec::len);
            }
        }
    }
    let n = samples.len().max(1);
    println!("recommendations over HTTP (top 20, JSON out): {}", stats::Latency::of(samples));
    println!(
        "mean items {:.1}, mean response {:.1} KiB (uncompressed)",
        items as f64 / n as f64,
        bytes as f64 / n as f64 / 1024.0
    );

    let mut rng = synth::Rng::new(7);
    const WORDS: &[&str] =
        &["焊工", "司机", "装卸", "服务员", "电工", "厨师", "保洁", "叉车", "钢筋工", "牧工"];
    let mut samples = Vec::new();
    for i in 0..(rounds * workers).max(200) {
        let url = format!(
            "{base}/api/v1/jobs/search?q={}&work_type=full_time,day_labour&min_pay=200&lat={:.4}&lng={:.4}&radius_km={}&sort={}&facets=work_type,housing",
            rng.pick(WORDS),
            43.6531 + (rng.unit() - 0.5) * 0.1,
            111.9771 + (rng.unit() - 0.5) * 0.1,
            rng.range(10, 50),
            if i % 2 == 0 { "distance" } else { "relevance" },
        );
        let t = Instant::now();
        let r = client.get(&url).send().await?;
        let status = r.status();
        let _ = r.bytes().await?;
        if !status.is_success() {
            bail!("search: {status}");
        }
        samples.push(t.elapsed());
    }
    println!(
        "search over HTTP (text + 3 filters + radius, 20 hits, 2 facets): {}",
        stats::Latency::of(samples)
    );
    println!(
        "server resident memory: {:.0} MiB now, {:.0} MiB peak",
        server_memory_mib(pid, "VmRSS:").unwrap_or(f64::NAN),
        server_memory_mib(pid, "VmHWM:").unwrap_or(f64::NAN)
    );
    let _ = std::fs::remove_dir_all(&data);
    Ok(())
}
