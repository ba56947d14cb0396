//! Short-lived access tokens: HS256 JWTs with a pinned algorithm, issuer and audience.
//!
//! Refresh tokens are not JWTs: they are opaque random strings, stored as hashes, so they
//! can be rotated and revoked (see `services::auth`).

use chrono::Utc;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use laowu_domain::Role;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const ISSUER: &str = "laowu";
pub const AUDIENCE: &str = "laowu-api";
const ALGORITHM: Algorithm = Algorithm::HS256;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The account id.
    pub sub: Uuid,
    pub role: Role,
    pub iat: i64,
    pub exp: i64,
    pub jti: Uuid,
    /// The login (refresh-token family) the token belongs to; ending the login ends the
    /// token too (see `auth::revocation`).
    pub sid: Uuid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Expired,
    Invalid,
}

pub struct TokenService {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl_secs: i64,
}

impl TokenService {
    pub fn new(secret: &SecretString, ttl_secs: i64) -> Result<TokenService, jsonwebtoken::errors::Error> {
        let bytes = secret.expose_secret().as_bytes();
        let mut validation = Validation::new(ALGORITHM);
        validation.algorithms = vec![ALGORITHM];
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        // `sid` is required by the `Claims` type itself: a token without one is invalid.
        validation.leeway = 5;
        validation.validate_nbf = true;
        Ok(TokenService {
            encoding: EncodingKey::from_secret(bytes)?,
            decoding: DecodingKey::from_secret(bytes)?,
            validation,
            ttl_secs,
        })
    }

    pub fn ttl_secs(&self) -> i64 {
        self.ttl_secs
    }

    /// A signed access token for the account, in the login `session`.
    pub fn issue(&self, account: Uuid, role: Role, session: Uuid) -> String {
        let now = Utc::now().timestamp();
        let claims = Claims {
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            sub: account,
            role,
            iat: now,
            exp: now + self.ttl_secs,
            jti: Uuid::new_v4(),
            sid: session,
        };
        jsonwebtoken::encode(&Header::new(ALGORITHM), &claims, &self.encoding)
            .expect("HS256 signing with an in-memory key cannot fail")
    }

    /// Checks signature, algorithm, issuer, audience and expiry.
    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn service() -> TokenService {
        TokenService::new(&SecretString::from("k".repeat(48)), 900).unwrap()
    }

    #[test]
    fn issues_and_verifies() {
        let s = service();
        let id = Uuid::new_v4();
        let session = Uuid::new_v4();
        let claims = s.verify(&s.issue(id, Role::Worker, session)).unwrap();
        assert_eq!(claims.sub, id);
        assert_eq!(claims.sid, session);
        assert_eq!(claims.role, Role::Worker);
    }

    #[test]
    fn rejects_other_keys_and_none() {
        let s = service();
        let other = TokenService::new(&SecretString::from("z".repeat(48)), 900).unwrap();
        assert_eq!(
            s.verify(&other.issue(Uuid::new_v4(), Role::Admin, Uuid::new_v4())).err(),
            Some(TokenError::Invalid)
        );
        let token = s.issue(Uuid::new_v4(), Role::Worker, Uuid::new_v4());
        let payload = token.split('.').nth(1).unwrap();
        let none = format!("{}.{payload}.", URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#));
        assert_eq!(s.verify(&none).err(), Some(TokenError::Invalid));
    }

    #[test]
    fn reports_expiry() {
        let s = TokenService::new(&SecretString::from("k".repeat(48)), -60).unwrap();
        assert_eq!(
            s.verify(&s.issue(Uuid::new_v4(), Role::Worker, Uuid::new_v4())).err(),
            Some(TokenError::Expired)
        );
    }
}
