//! Registration, login with throttling, refresh-token rotation with reuse detection, and
//! logout.

use std::net::IpAddr;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration, Utc};
use laowu_domain::{AccountStatus, Password, Phone, Role};
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::auth::passwords;
use crate::error::{ApiError, ApiResult};
use crate::secrets::hex;
use crate::state::AppState;
use crate::store::{accounts, refresh_tokens, throttle};

/// A new account's identity, as registration returns it.
pub struct Registered {
    pub id: Uuid,
    pub phone: Phone,
    pub role: Role,
}

/// An access token and the refresh token that can renew it.
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: i64,
}

pub async fn register(
    state: &AppState,
    phone: Phone,
    password: Password,
    role: Role,
) -> ApiResult<Registered> {
    if !role.self_registrable() {
        return Err(ApiError::field("/role", &RoleNotAllowed));
    }
    create_account(state, phone, password, role).await
}

/// Creates an account of any role (bureau accounts come here from `laowu admin create`).
pub async fn create_account(
    state: &AppState,
    phone: Phone,
    password: Password,
    role: Role,
) -> ApiResult<Registered> {
    let id = Uuid::now_v7();
    let password_hash = passwords::hash(password.expose().to_owned()).await?;
    let new = accounts::NewAccount {
        id,
        phone_lookup: state.pii.lookup_hash(phone.as_str()),
        phone_enc: state.pii.encrypt(phone.as_str()),
        password_hash,
        role,
        now: Utc::now(),
    };
    let tx = state.begin_write().await?;
    accounts::insert(tx.conn(), new).await.map_err(|e| match ApiError::from(e) {
        ApiError::Conflict(_) => ApiError::Conflict("phone_taken"),
        other => other,
    })?;
    tx.commit().await?;
    Ok(Registered { id, phone, role })
}

/// Checks the password and opens a new token family.
///
/// Blocked phone numbers and client addresses get 429 before anything else is looked at,
/// so a blocked attempt says nothing about whether the phone has an account. Unknown
/// phones and wrong passwords count as the same failure and take the same time.
pub async fn login(
    state: &AppState,
    phone: Phone,
    password: String,
    client: Option<IpAddr>,
) -> ApiResult<TokenPair> {
    let now = Utc::now();
    let lookup = state.pii.lookup_hash(phone.as_str());
    let phone_key = format!("phone:{lookup}");
    let mut keys = vec![phone_key.clone()];
    if let Some(ip) = client {
        keys.push(format!("ip:{ip}"));
    }
    if let Some(until) = throttle::blocked_until(&state.db, &keys, now).await? {
        let retry_after = (until - now).num_seconds().max(1) as u64;
        return Err(ApiError::RateLimited { retry_after });
    }

    let account = accounts::find_by_phone_lookup(&state.db, &lookup).await?;
    let ok = passwords::verify(password, account.as_ref().map(|a| a.password_hash.clone())).await?;
    let account = match account {
        Some(a) if ok && a.status == AccountStatus::Active => a,
        _ => {
            let t = &state.config.throttle;
            let window = Duration::seconds(t.window_secs);
            let block = Duration::seconds(t.block_secs);
            throttle::record_failure(&state.db, &phone_key, now, window, t.phone_max_failures, block).await?;
            if let Some(ip_key) = keys.get(1) {
                throttle::record_failure(&state.db, ip_key, now, window, t.ip_max_failures, block).await?;
            }
            return Err(ApiError::Unauthorized("invalid_credentials"));
        }
    };
    throttle::reset(&state.db, &phone_key).await?;
    issue_pair(state, account.id, account.role, Uuid::now_v7()).await
}

/// Exchanges a refresh token for a new pair. The old token is spent; presenting a spent
/// token again means it was copied, so its whole family is revoked.
pub async fn refresh(state: &AppState, refresh_token: &str) -> ApiResult<TokenPair> {
    let now = Utc::now();
    let invalid = ApiError::Unauthorized("refresh_token_invalid");
    let Some(token) = refresh_tokens::find_by_hash(&state.db, &token_hash(refresh_token)).await? else {
        return Err(invalid);
    };
    if token.revoked_at.is_some() || token.expires_at <= now {
        return Err(invalid);
    }
    let tx = state.begin_write().await?;
    let txn = tx.conn();
    if token.used_at.is_some() || !refresh_tokens::mark_used(txn, token.id, now).await? {
        refresh_tokens::revoke_family(txn, token.family_id, now).await?;
        tx.commit().await?;
        tracing::warn!(family = %token.family_id, "refresh token reused; family revoked");
        return Err(ApiError::Unauthorized("refresh_token_reused"));
    }
    let account = accounts::find_by_id(txn, token.account_id).await?;
    let Some(account) = account.filter(|a| a.status == AccountStatus::Active) else {
        refresh_tokens::revoke_family(txn, token.family_id, now).await?;
        tx.commit().await?;
        return Err(invalid);
    };
    let pair = issue_pair_in(txn, state, account.id, account.role, token.family_id).await?;
    tx.commit().await?;
    Ok(pair)
}

/// Ends the login the refresh token belongs to. Unknown tokens are ignored, so logout
/// is safe to repeat and reveals nothing.
pub async fn logout(state: &AppState, refresh_token: &str) -> ApiResult<()> {
    if let Some(token) = refresh_tokens::find_by_hash(&state.db, &token_hash(refresh_token)).await? {
        let tx = state.begin_write().await?;
        refresh_tokens::revoke_family(tx.conn(), token.family_id, Utc::now()).await?;
        tx.commit().await?;
    }
    Ok(())
}

async fn issue_pair(state: &AppState, account: Uuid, role: Role, family: Uuid) -> ApiResult<TokenPair> {
    issue_pair_in(&state.db, state, account, role, family).await
}

async fn issue_pair_in(
    db: &impl sea_orm::ConnectionTrait,
    state: &AppState,
    account: Uuid,
    role: Role,
    family: Uuid,
) -> ApiResult<TokenPair> {
    let mut raw = [0u8; 32];
    OsRng.fill_bytes(&mut raw);
    let refresh_token = format!("lwr_{}", URL_SAFE_NO_PAD.encode(raw));
    let now = Utc::now();
    refresh_tokens::insert(
        db,
        refresh_tokens::NewRefreshToken {
            account_id: account,
            family_id: family,
            token_hash: token_hash(&refresh_token),
            now,
            expires_at: now + Duration::days(state.config.refresh_token_ttl_days),
        },
    )
    .await?;
    Ok(TokenPair {
        access_token: state.tokens.issue(account, role),
        refresh_token,
        expires_in: state.tokens.ttl_secs(),
    })
}

fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Bureau accounts can't be self-registered.
struct RoleNotAllowed;

impl laowu_domain::Coded for RoleNotAllowed {
    fn code(&self) -> &'static str {
        "role_invalid"
    }
}
