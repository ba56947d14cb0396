//! Typed configuration: built-in defaults, then an optional `laowu.toml`, then `LAOWU_*`
//! environment variables (nested keys with `__`, e.g. `LAOWU_THROTTLE__PHONE_MAX_ATTEMPTS`).
//!
//! With no configuration at all the server runs on SQLite under `./data` and generates its
//! development secrets there. `LAOWU_ENV=production` turns that convenience off.

use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    #[default]
    Development,
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// How hard SQLite works to make each commit durable (its `synchronous` pragma).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SqliteSynchronous {
    #[default]
    Full,
    Normal,
}

/// Which search engine holds the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SearchBackend {
    /// An on-disk index inside the data directory; needs no service.
    #[default]
    Embedded,
    /// A Meilisearch server at `search.meili_url`.
    Meilisearch,
}

/// Where the outbox indexer runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum IndexerMode {
    /// `laowu serve` runs the indexer next to the HTTP server.
    #[default]
    InProcess,
    /// This node does not index (a separate `laowu indexer` process does).
    Off,
}

/// The search index and the indexer that keeps it in step with the database.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchConfig {
    /// `embedded` (default) or `meilisearch`; also `LAOWU_SEARCH`.
    pub backend: SearchBackend,
    /// Meilisearch address, e.g. `http://127.0.0.1:7700`; also `LAOWU_MEILI_URL`.
    pub meili_url: Option<String>,
    /// Meilisearch API key; also `LAOWU_MEILI_KEY`. Never logged.
    #[serde(skip_serializing)]
    pub meili_key: Option<SecretString>,
    /// Prefix of every index name, so several installations can share one engine.
    pub index_prefix: String,
    /// Directory of the embedded index; defaults to `<data_dir>/index`.
    pub index_dir: Option<PathBuf>,
    /// `in_process` (default) or `off`.
    pub indexer: IndexerMode,
    /// Outbox events one indexer takes at a time.
    pub batch_size: u64,
    /// How often an idle indexer looks for events written by other nodes.
    pub poll_interval_ms: u64,
    /// How long a claimed batch stays reserved for its indexer; longer than any batch takes.
    pub lease_secs: u64,
    /// First retry delay after a failure; it doubles with every further failure…
    pub retry_base_ms: u64,
    /// …up to this.
    pub retry_max_secs: u64,
    /// Processed events are deleted after this many days.
    pub retention_days: i64,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            backend: SearchBackend::Embedded,
            meili_url: None,
            meili_key: None,
            index_prefix: "laowu_".to_owned(),
            index_dir: None,
            indexer: IndexerMode::InProcess,
            batch_size: 500,
            poll_interval_ms: 1000,
            lease_secs: 60,
            retry_base_ms: 1000,
            retry_max_secs: 300,
            retention_days: 7,
        }
    }
}

/// Login and registration throttling (docs/operations.md, "Login throttling"). Every
/// attempt is counted before the password is checked.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ThrottleConfig {
    /// Login attempts one phone number gets from one client address back to back; a
    /// correct password starts the count again.
    pub pair_free_attempts: u32,
    /// Past those, the wait before the next attempt from that address; it doubles with
    /// every further attempt…
    pub backoff_base_secs: u64,
    /// …up to this.
    pub backoff_max_secs: u64,
    /// A (phone, address) pair with no attempt for this long starts again from zero.
    pub pair_forget_secs: i64,
    /// Login attempts for one phone number from all addresses within `phone_window_secs`,
    /// so that guessing from many addresses stops too.
    pub phone_max_attempts: i32,
    pub phone_window_secs: i64,
    /// Login attempts from one address for all phone numbers within `ip_window_secs`:
    /// high, since a carrier's NAT puts many people behind one address.
    pub ip_max_attempts: i32,
    pub ip_window_secs: i64,
    /// Registrations from one address within `register_window_secs`.
    pub register_ip_max: i32,
    /// Registrations for one phone number within `register_window_secs`.
    pub register_phone_max: i32,
    pub register_window_secs: i64,
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        ThrottleConfig {
            pair_free_attempts: 5,
            backoff_base_secs: 30,
            backoff_max_secs: 15 * 60,
            pair_forget_secs: 24 * 3600,
            phone_max_attempts: 20,
            phone_window_secs: 3600,
            ip_max_attempts: 300,
            ip_window_secs: 15 * 60,
            register_ip_max: 50,
            register_phone_max: 3,
            register_window_secs: 10 * 60,
        }
    }
}

impl ThrottleConfig {
    /// The longest any throttle row matters; idle rows older than this can go.
    pub fn longest_memory_secs(&self) -> i64 {
        [
            self.pair_forget_secs,
            self.backoff_max_secs as i64,
            self.phone_window_secs,
            self.ip_window_secs,
            self.register_window_secs,
        ]
        .into_iter()
        .max()
        .unwrap_or(0)
    }
}

/// Password hashing and access-token revocation (`[auth]`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthConfig {
    /// Argon2 computations (hash or verify, 19 MiB each) running at once; 0 means one per
    /// CPU core.
    pub hash_concurrency: usize,
    /// Requests that may wait for a free computation slot; past that, `503 busy` at once.
    pub hash_queue: usize,
    /// Longest a request waits for a slot before `503 busy`.
    pub hash_wait_ms: u64,
    /// How often each node reloads the list of ended logins from the database; another
    /// node's logout takes at most this long to reach this one.
    pub revocation_refresh_ms: u64,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig { hash_concurrency: 0, hash_queue: 32, hash_wait_ms: 2000, revocation_refresh_ms: 1000 }
    }
}

impl AuthConfig {
    /// The number of concurrent Argon2 computations, with 0 resolved to the core count.
    pub fn hash_permits(&self) -> usize {
        match self.hash_concurrency {
            0 => std::thread::available_parallelism().map(usize::from).unwrap_or(1),
            n => n,
        }
    }
}

/// How `laowu serve` holds its connections (`[server]` in `laowu.toml`,
/// `LAOWU_SERVER__*`); every limit is explained in docs/operations.md.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerConfig {
    /// A request's headers must arrive within this long of its first byte (of the
    /// connection opening, for the first request); otherwise the connection is closed.
    pub header_read_timeout_ms: u64,
    /// A request's body must arrive within this long of its headers; otherwise the
    /// request is answered 408 `body_timeout` and the connection closed.
    pub body_read_timeout_ms: u64,
    /// A kept-alive connection with no request under way is closed after this long.
    pub idle_timeout_ms: u64,
    /// Most connections open at once. When all are taken, a new connection closes the
    /// oldest one that has no request under way, or waits (in the listen queue) for one
    /// to finish. Lowered automatically to fit under the process's descriptor limit.
    pub max_connections: usize,
    /// On SIGTERM: how long requests under way may take to finish before whatever is
    /// still open is closed.
    pub shutdown_grace_ms: u64,
    /// Bearer token that `/metrics` asks for; without one, `/metrics` is not served.
    /// Never logged.
    #[serde(skip_serializing)]
    pub metrics_token: Option<SecretString>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            header_read_timeout_ms: 10_000,
            body_read_timeout_ms: 30_000,
            idle_timeout_ms: 60_000,
            max_connections: 1024,
            shutdown_grace_ms: 20_000,
            metrics_token: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// `development` (default) or `production`.
    pub env: Environment,
    /// Address the server listens on.
    pub addr: String,
    /// Where the embedded database, the search index and development secrets live.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; defaults to `sqlite://<data_dir>/laowu.db`.
    pub database_url: Option<String>,
    /// Most pooled database connections per API node.
    pub database_max_connections: u32,
    /// SQLite only: `full` (default; a commit is on disk before it is answered, so not even
    /// a power cut loses it) or `normal` (faster; the last commits before a power cut or an
    /// OS crash may be lost, never on a crash of the server alone).
    pub database_sqlite_synchronous: SqliteSynchronous,
    /// HMAC secret that signs access tokens (at least 32 bytes). Required in production.
    #[serde(skip_serializing)]
    pub jwt_secret: Option<SecretString>,
    /// Key that encrypts personal data at rest: 32 bytes, base64. Required in production.
    #[serde(skip_serializing)]
    pub data_key: Option<SecretString>,
    /// `text` (default) or `json` log lines.
    pub log_format: LogFormat,
    /// tracing filter, e.g. `info` or `laowu_api=debug,info`.
    pub log: String,
    /// Origins allowed by CORS, comma-separated; empty for none, `*` for any.
    pub cors_origins: String,
    /// Largest request body accepted, in bytes.
    pub body_limit_bytes: usize,
    /// Longest a request may take before it is answered with a timeout problem.
    pub request_timeout_secs: u64,
    pub access_token_ttl_secs: i64,
    pub refresh_token_ttl_days: i64,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    pub throttle: ThrottleConfig,
    pub auth: AuthConfig,
    /// Connection limits and timeouts, the metrics token.
    pub server: ServerConfig,
    pub search: SearchConfig,
    /// The weights and tunables of the recommendation score (docs/matching.md),
    /// `[matching]` in `laowu.toml` or `LAOWU_MATCHING__SKILL=0.4` and so on.
    pub matching: laowu_domain::matching::Weights,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            env: Environment::Development,
            addr: "127.0.0.1:8080".to_owned(),
            data_dir: PathBuf::from("./data"),
            database_url: None,
            database_max_connections: 16,
            database_sqlite_synchronous: SqliteSynchronous::Full,
            jwt_secret: None,
            data_key: None,
            log_format: LogFormat::Text,
            log: "info".to_owned(),
            cors_origins: String::new(),
            body_limit_bytes: 1024 * 1024,
            request_timeout_secs: 30,
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_days: 30,
            trust_forwarded_for: false,
            throttle: ThrottleConfig::default(),
            auth: AuthConfig::default(),
            server: ServerConfig::default(),
            search: SearchConfig::default(),
            matching: laowu_domain::matching::Weights::default(),
        }
    }
}

impl Config {
    /// Defaults, then the TOML file (`LAOWU_CONFIG`, else `./laowu.toml` when present), then
    /// `LAOWU_*` variables.
    pub fn load() -> Result<Config, Box<figment::Error>> {
        let file = std::env::var_os("LAOWU_CONFIG")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("laowu.toml"));
        Config::load_from(&file)
    }

    pub fn load_from(file: &Path) -> Result<Config, Box<figment::Error>> {
        Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(file))
            .merge(Env::prefixed("LAOWU_").split("__").ignore(&[
                "config",
                "search",
                "meili_url",
                "meili_key",
            ]))
            // Flat names for the settings operators reach for most: `LAOWU_SEARCH=meilisearch`,
            // `LAOWU_MEILI_URL`, `LAOWU_MEILI_KEY`.
            .merge(Env::prefixed("LAOWU_").filter_map(|key| {
                let nested = if key == "search" {
                    "search.backend"
                } else if key == "meili_url" {
                    "search.meili_url"
                } else if key == "meili_key" {
                    "search.meili_key"
                } else {
                    return None;
                };
                Some(nested.into())
            }))
            .extract()
            .map_err(Box::new)
    }

    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}?mode=rwc", self.data_dir.join("laowu.db").display()),
        }
    }

    /// Where the embedded search index lives.
    pub fn index_dir(&self) -> PathBuf {
        self.search.index_dir.clone().unwrap_or_else(|| self.data_dir.join("index"))
    }

    pub fn is_production(&self) -> bool {
        self.env == Environment::Production
    }

    pub fn cors_origins(&self) -> Vec<String> {
        self.cors_origins.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_need_nothing() {
        let c = Config::default();
        assert_eq!(c.addr, "127.0.0.1:8080");
        assert!(c.database_url().starts_with("sqlite://./data/laowu.db"));
        assert!(!c.is_production());
        assert!(c.cors_origins().is_empty());
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's Jail API
    fn file_then_environment() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "laowu.toml",
                "addr = \"0.0.0.0:9000\"\nlog = \"debug\"\n[throttle]\nphone_max_attempts = 3\n[auth]\nhash_concurrency = 3\n",
            )?;
            jail.set_env("LAOWU_ADDR", "127.0.0.1:9999");
            jail.set_env("LAOWU_THROTTLE__BACKOFF_BASE_SECS", "60");
            jail.set_env("LAOWU_AUTH__REVOCATION_REFRESH_MS", "250");
            jail.set_env("LAOWU_CORS_ORIGINS", "https://a.example, https://b.example");
            let c = Config::load_from(Path::new("laowu.toml")).map_err(|e| *e)?;
            assert_eq!(c.addr, "127.0.0.1:9999");
            assert_eq!(c.log, "debug");
            assert_eq!(c.throttle.phone_max_attempts, 3);
            assert_eq!(c.throttle.backoff_base_secs, 60);
            assert_eq!(c.throttle.pair_free_attempts, 5, "unset keys keep their defaults");
            assert_eq!(c.auth.hash_permits(), 3);
            assert_eq!(c.auth.revocation_refresh_ms, 250);
            assert_eq!(c.cors_origins(), vec!["https://a.example", "https://b.example"]);
            assert_eq!(c.search.backend, SearchBackend::Embedded);
            assert_eq!(c.index_dir(), PathBuf::from("./data/index"));
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's Jail API
    fn server_settings_come_from_the_environment() {
        use secrecy::ExposeSecret;
        figment::Jail::expect_with(|jail| {
            jail.set_env("LAOWU_SERVER__HEADER_READ_TIMEOUT_MS", "2500");
            jail.set_env("LAOWU_SERVER__MAX_CONNECTIONS", "300");
            jail.set_env("LAOWU_SERVER__METRICS_TOKEN", "scrape-me-very-secret");
            let c = Config::load_from(Path::new("laowu.toml")).map_err(|e| *e)?;
            assert_eq!(c.server.header_read_timeout_ms, 2500);
            assert_eq!(c.server.max_connections, 300);
            assert_eq!(c.server.idle_timeout_ms, ServerConfig::default().idle_timeout_ms);
            assert_eq!(
                c.server.metrics_token.as_ref().map(|t| t.expose_secret()),
                Some("scrape-me-very-secret")
            );
            assert!(!format!("{c:?}").contains("very-secret"), "the token never shows in debug output");
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's Jail API
    fn search_settings_have_flat_names() {
        use secrecy::ExposeSecret;
        figment::Jail::expect_with(|jail| {
            jail.set_env("LAOWU_SEARCH", "meilisearch");
            jail.set_env("LAOWU_MEILI_URL", "http://10.0.0.5:7700");
            jail.set_env("LAOWU_MEILI_KEY", "masterKey-very-secret");
            jail.set_env("LAOWU_SEARCH__INDEXER", "off");
            jail.set_env("LAOWU_SEARCH__BATCH_SIZE", "100");
            let c = Config::load_from(Path::new("laowu.toml")).map_err(|e| *e)?;
            assert_eq!(c.search.backend, SearchBackend::Meilisearch);
            assert_eq!(c.search.meili_url.as_deref(), Some("http://10.0.0.5:7700"));
            assert_eq!(c.search.meili_key.as_ref().map(|k| k.expose_secret()), Some("masterKey-very-secret"));
            assert_eq!(c.search.indexer, IndexerMode::Off);
            assert_eq!(c.search.batch_size, 100);
            assert_eq!(c.search.index_prefix, "laowu_");
            assert!(!format!("{c:?}").contains("very-secret"), "the key never shows in debug output");
            Ok(())
        });
    }
}
