//! The server's secrets: the access-token signing key and the data key that protects
//! personal data at rest.
//!
//! In production both must be configured (`LAOWU_JWT_SECRET`, `LAOWU_DATA_KEY`) and the
//! server refuses to start without them. In development, missing ones are generated once
//! and kept in the data directory (mode 0600) with a warning, so a new user needs nothing.
//! All API nodes of one deployment must share both.

use std::path::Path;

use aes_gcm::aead::{Aead, KeyInit, OsRng, Payload};
use aes_gcm::{AeadCore, Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

use crate::config::Config;

/// Shortest accepted access-token signing secret, in bytes (HS256 wants at least 256 bits).
pub const MIN_JWT_SECRET_BYTES: usize = 32;

const JWT_FILE: &str = "jwt-secret";
const DATA_KEY_FILE: &str = "data-key";

#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    #[error(
        "LAOWU_JWT_SECRET is not set: in production the server needs an access-token signing secret of at least {MIN_JWT_SECRET_BYTES} bytes (generate one with `openssl rand -base64 48`)"
    )]
    MissingJwtSecret,
    #[error("LAOWU_JWT_SECRET is too short: it needs at least {MIN_JWT_SECRET_BYTES} bytes")]
    ShortJwtSecret,
    #[error(
        "LAOWU_DATA_KEY is not set: in production the server needs a 32-byte data key, base64-encoded (generate one with `openssl rand -base64 32`)"
    )]
    MissingDataKey,
    #[error("LAOWU_DATA_KEY must be exactly 32 bytes, base64-encoded")]
    BadDataKey,
    #[error("could not read or write the development secrets in {0}: {1}")]
    Io(String, std::io::Error),
}

/// Everything derived from the two configured secrets.
pub struct Secrets {
    pub jwt_secret: SecretString,
    pub pii: PiiCipher,
}

impl Secrets {
    pub fn load(config: &Config) -> Result<Secrets, SecretsError> {
        let jwt = match &config.jwt_secret {
            Some(s) => s.clone(),
            None if config.is_production() => return Err(SecretsError::MissingJwtSecret),
            None => dev_secret(&config.data_dir, JWT_FILE, 48)?,
        };
        if jwt.expose_secret().len() < MIN_JWT_SECRET_BYTES {
            return Err(SecretsError::ShortJwtSecret);
        }
        let data_key = match &config.data_key {
            Some(s) => s.clone(),
            None if config.is_production() => return Err(SecretsError::MissingDataKey),
            None => dev_secret(&config.data_dir, DATA_KEY_FILE, 32)?,
        };
        let key: [u8; 32] = STANDARD
            .decode(data_key.expose_secret().trim())
            .ok()
            .and_then(|k| k.try_into().ok())
            .ok_or(SecretsError::BadDataKey)?;
        Ok(Secrets { jwt_secret: jwt, pii: PiiCipher::new(&key) })
    }
}

/// Reads `<dir>/<name>`, or creates it with `bytes` random bytes (base64) and warns.
fn dev_secret(dir: &Path, name: &str, bytes: usize) -> Result<SecretString, SecretsError> {
    let path = dir.join(name);
    let io = |e| SecretsError::Io(path.display().to_string(), e);
    match std::fs::read_to_string(&path) {
        Ok(s) => return Ok(SecretString::from(s.trim().to_owned())),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
        Err(_) => {}
    }
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut raw = vec![0u8; bytes];
    OsRng.fill_bytes(&mut raw);
    let encoded = STANDARD.encode(&raw);
    write_private(&path, &encoded).map_err(io)?;
    tracing::warn!(
        file = %path.display(),
        "generated a development secret; set LAOWU_JWT_SECRET and LAOWU_DATA_KEY in production"
    );
    Ok(SecretString::from(encoded))
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(contents.as_bytes())
}

/// Encrypts personal data (phone numbers, ID numbers) for storage, and computes the keyed
/// hashes used to look such values up without storing them in clear.
///
/// Both keys are derived from the one data key with HMAC-SHA-256 under distinct labels.
pub struct PiiCipher {
    aead: Aes256Gcm,
    lookup_key: [u8; 32],
}

#[derive(Debug, thiserror::Error)]
#[error("stored personal data could not be decrypted (wrong LAOWU_DATA_KEY?)")]
pub struct DecryptError;

type HmacSha256 = Hmac<Sha256>;

fn derive(key: &[u8; 32], label: &[u8]) -> [u8; 32] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(label);
    mac.finalize().into_bytes().into()
}

impl PiiCipher {
    pub fn new(data_key: &[u8; 32]) -> PiiCipher {
        let enc = derive(data_key, b"laowu/pii-encryption/v1");
        PiiCipher { aead: Aes256Gcm::new(&enc.into()), lookup_key: derive(data_key, b"laowu/pii-lookup/v1") }
    }

    /// `v1.` + base64url(nonce ‖ ciphertext ‖ tag); a fresh random nonce every time.
    pub fn encrypt(&self, plain: &str) -> String {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let sealed = self
            .aead
            .encrypt(&nonce, plain.as_bytes())
            .expect("AES-GCM encryption of a short value cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!("v1.{}", URL_SAFE_NO_PAD.encode(out))
    }

    pub fn decrypt(&self, stored: &str) -> Result<String, DecryptError> {
        let raw = stored
            .strip_prefix("v1.")
            .and_then(|b| URL_SAFE_NO_PAD.decode(b).ok())
            .filter(|r| r.len() > 12)
            .ok_or(DecryptError)?;
        let (nonce, sealed) = raw.split_at(12);
        let plain = self.aead.decrypt(Nonce::from_slice(nonce), sealed).map_err(|_| DecryptError)?;
        String::from_utf8(plain).map_err(|_| DecryptError)
    }

    /// Encrypts bytes bound to `context` (which must be given again to open them, so a
    /// sealed value can't be moved to another row): nonce ‖ ciphertext ‖ tag.
    pub fn seal(&self, plain: &[u8], context: &[u8]) -> Vec<u8> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let sealed = self
            .aead
            .encrypt(&nonce, Payload { msg: plain, aad: context })
            .expect("AES-GCM encryption of a buffer in memory cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        out
    }

    pub fn open(&self, sealed: &[u8], context: &[u8]) -> Result<Vec<u8>, DecryptError> {
        if sealed.len() <= 12 {
            return Err(DecryptError);
        }
        let (nonce, body) = sealed.split_at(12);
        self.aead
            .decrypt(Nonce::from_slice(nonce), Payload { msg: body, aad: context })
            .map_err(|_| DecryptError)
    }

    /// A keyed hash (hex) of several parts, for fingerprints that must not be guessable
    /// from what they cover (a request body with a password in it, say).
    pub fn keyed_digest(&self, parts: &[&[u8]]) -> String {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(&self.lookup_key).expect("HMAC takes any key length");
        // A label of its own, so a digest can never equal a lookup hash.
        mac.update(b"laowu/digest/v1\0");
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        hex(&mac.finalize().into_bytes())
    }

    /// A stable keyed hash (hex) for finding a value, e.g. an account by phone number.
    pub fn lookup_hash(&self, value: &str) -> String {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(&self.lookup_key).expect("HMAC takes any key length");
        mac.update(value.as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encrypts_with_fresh_nonces_and_round_trips() {
        let c = PiiCipher::new(&[7u8; 32]);
        let a = c.encrypt("13812345678");
        let b = c.encrypt("13812345678");
        assert_ne!(a, b);
        assert!(!a.contains("13812345678"));
        assert_eq!(c.decrypt(&a).unwrap(), "13812345678");
        assert_eq!(c.lookup_hash("13812345678"), c.lookup_hash("13812345678"));
        assert_ne!(c.lookup_hash("13812345678"), c.lookup_hash("13812345679"));
    }

    #[test]
    fn another_key_cannot_read_or_find() {
        let a = PiiCipher::new(&[7u8; 32]);
        let b = PiiCipher::new(&[8u8; 32]);
        assert!(b.decrypt(&a.encrypt("13812345678")).is_err());
        assert!(a.decrypt("v1.garbage").is_err());
        assert_ne!(a.lookup_hash("x"), b.lookup_hash("x"));
    }

    #[test]
    fn production_requires_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config {
            data_dir: dir.path().to_owned(),
            env: crate::config::Environment::Production,
            ..Config::default()
        };
        assert!(matches!(Secrets::load(&config), Err(SecretsError::MissingJwtSecret)));
        config.jwt_secret = Some(SecretString::from("short"));
        assert!(matches!(Secrets::load(&config), Err(SecretsError::ShortJwtSecret)));
        config.jwt_secret = Some(SecretString::from("x".repeat(40)));
        assert!(matches!(Secrets::load(&config), Err(SecretsError::MissingDataKey)));
        config.data_key = Some(SecretString::from(STANDARD.encode([1u8; 16])));
        assert!(matches!(Secrets::load(&config), Err(SecretsError::BadDataKey)));
        config.data_key = Some(SecretString::from(STANDARD.encode([1u8; 32])));
        assert!(Secrets::load(&config).is_ok());
        assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "production writes no secrets");
    }

    #[test]
    fn development_generates_once_and_keeps() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config { data_dir: dir.path().join("data"), ..Config::default() };
        let first = Secrets::load(&config).unwrap();
        let second = Secrets::load(&config).unwrap();
        assert_eq!(first.jwt_secret.expose_secret(), second.jwt_secret.expose_secret());
        assert_eq!(first.pii.lookup_hash("a"), second.pii.lookup_hash("a"));
    }
}
