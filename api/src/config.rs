//! Typed configuration: built-in defaults, then an optional `laowu.toml`, then `LAOWU_*`
//! environment variables (nested keys with `__`, e.g. `LAOWU_THROTTLE__PHONE_MAX_FAILURES`).
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

/// Login throttling: failures counted per phone number and per client address.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ThrottleConfig {
    /// Failed logins for one phone number within the window before it is blocked.
    pub phone_max_failures: i32,
    /// Failed logins from one client address within the window before it is blocked.
    pub ip_max_failures: i32,
    pub window_secs: i64,
    pub block_secs: i64,
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        ThrottleConfig {
            phone_max_failures: 5,
            ip_max_failures: 30,
            window_secs: 15 * 60,
            block_secs: 15 * 60,
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
}

impl Default for Config {
    fn default() -> Self {
        Config {
            env: Environment::Development,
            addr: "127.0.0.1:8080".to_owned(),
            data_dir: PathBuf::from("./data"),
            database_url: None,
            database_max_connections: 16,
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
            .merge(Env::prefixed("LAOWU_").split("__").ignore(&["config"]))
            .extract()
            .map_err(Box::new)
    }

    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}?mode=rwc", self.data_dir.join("laowu.db").display()),
        }
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
                "addr = \"0.0.0.0:9000\"\nlog = \"debug\"\n[throttle]\nphone_max_failures = 3\n",
            )?;
            jail.set_env("LAOWU_ADDR", "127.0.0.1:9999");
            jail.set_env("LAOWU_THROTTLE__BLOCK_SECS", "60");
            jail.set_env("LAOWU_CORS_ORIGINS", "https://a.example, https://b.example");
            let c = Config::load_from(Path::new("laowu.toml")).map_err(|e| *e)?;
            assert_eq!(c.addr, "127.0.0.1:9999");
            assert_eq!(c.log, "debug");
            assert_eq!(c.throttle.phone_max_failures, 3);
            assert_eq!(c.throttle.block_secs, 60);
            assert_eq!(c.cors_origins(), vec!["https://a.example", "https://b.example"]);
            Ok(())
        });
    }
}
