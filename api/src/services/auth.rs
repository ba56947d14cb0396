//! Registration and login (throttled, with bounded password hashing), refresh-token
//! rotation with reuse detection, and ending logins (logout, reuse, "everywhere").

use std::net::IpAddr;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use laowu_domain::{AccountStatus, Password, Phone, Role};
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::auth::throttle::{self, Attempt};
use crate::error::{ApiError, ApiResult};
use crate::secrets::hex;
use crate::state::AppState;
use crate::store::write::WriteTx;
use crate::store::{accounts, refresh_tokens, revoked_sessions};

/// A new account's identity, as `laowu admin create` reports it.
pub struct Registered {
    pub id: Uuid,
    pub phone: Phone,
    pub role: Role,
}

/// What self-registration answers, whether or not the phone number already had an
/// account: the number in canonical form and the role asked for, nothing more.
pub struct RegistrationAccepted {
    pub phone: Phone,
    pub role: Role,
}

/// An access token and the refresh token that can renew it.
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: i64,
}

/// Self-registration. It does not reveal whether the phone number has an account: a
/// taken number gets the same answer as a new one, after the same work (the password is
/// hashed either way), and the existing account is left as it is. Whoever registered it
/// logs in with their password; the SMS flow of a later issue will confirm ownership.
///
/// Throttled per address and per phone number before any hashing.
pub async fn register(
    state: &AppState,
    phone: Phone,
    password: Password,
    role: Role,
    client: Option<IpAddr>,
) -> ApiResult<RegistrationAccepted> {
    if !role.self_registrable() {
        return Err(ApiError::field("/role", &RoleNotAllowed));
    }
    let lookup = state.pii.lookup_hash(phone.as_str());
    let attempt = Attempt::registration(&state.config.throttle, &lookup, client);
    attempt.admit(&state.db, state.clock.now()).await?;
    let password_hash = match state.passwords.hash(password.expose().to_owned()).await {
        Ok(h) => h,
        Err(e) => {
            attempt.give_back(&state.db).await?;
            return Err(e.into());
        }
    };
    match insert_account(state, &phone, password_hash, role).await {
        Ok(_) | Err(ApiError::Conflict(_)) => Ok(RegistrationAccepted { phone, role }),
        Err(other) => Err(other),
    }
}

/// Creates an account of any role (bureau accounts come here from `laowu admin create`,
/// an operator's tool, which may say that the number is taken: `phone_taken`).
pub async fn create_account(
    state: &AppState,
    phone: Phone,
    password: Password,
    role: Role,
) -> ApiResult<Registered> {
    let password_hash = state.passwords.hash(password.expose().to_owned()).await?;
    let id = insert_account(state, &phone, password_hash, role).await.map_err(|e| match e {
        ApiError::Conflict(_) => ApiError::Conflict("phone_taken"),
        other => other,
    })?;
    Ok(Registered { id, phone, role })
}

async fn insert_account(
    state: &AppState,
    phone: &Phone,
    password_hash: String,
    role: Role,
) -> ApiResult<Uuid> {
    let id = Uuid::now_v7();
    let new = accounts::NewAccount {
        id,
        phone_lookup: state.pii.lookup_hash(phone.as_str()),
        phone_enc: state.pii.encrypt(phone.as_str()),
        password_hash,
        role,
        now: state.clock.now(),
    };
    let tx = state.begin_write().await?;
    accounts::insert(tx.conn(), new).await?;
    tx.commit().await?;
    Ok(id)
}

/// Checks the password and opens a new token family (a new login).
///
/// The attempt is counted (`auth::throttle`) before anything else is looked at, so a
/// refused attempt says nothing about whether the phone has an account, and concurrent
/// guesses cannot all slip in before the first failure is recorded. Unknown phones and
/// wrong passwords count as the same failure and take the same time.
pub async fn login(
    state: &AppState,
    phone: Phone,
    password: String,
    client: Option<IpAddr>,
) -> ApiResult<TokenPair> {
    let lookup = state.pii.lookup_hash(phone.as_str());
    let attempt = Attempt::login(&state.config.throttle, &lookup, client);
    attempt.admit(&state.db, state.clock.now()).await?;

    let account = accounts::find_by_phone_lookup(&state.db, &lookup).await?;
    let ok = match state.passwords.verify(password, account.as_ref().map(|a| a.password_hash.clone())).await {
        Ok(ok) => ok,
        Err(e) => {
            // Not checked, so not counted.
            attempt.give_back(&state.db).await?;
            return Err(e.into());
        }
    };
    match account {
        Some(a) if ok && a.status == AccountStatus::Active => {
            attempt.succeeded(&state.db).await?;
            issue_pair(state, a.id, a.role, Uuid::now_v7()).await
        }
        _ => Err(ApiError::Unauthorized("invalid_credentials")),
    }
}

/// Lifts every login block on `phone` (its ceiling and the backoff at every address).
///
/// The seam for "a way back in": the SMS login of a later issue calls this once the code
/// it sent to the phone checks out, since that proves the caller holds the phone. Until
/// then the owner of a blocked phone waits for the backoff of their own address, which
/// guessing from other addresses does not lengthen.
pub async fn clear_login_blocks(state: &AppState, phone: &Phone) -> ApiResult<()> {
    throttle::clear_phone(&state.db, &state.pii.lookup_hash(phone.as_str())).await
}

/// Exchanges a refresh token for a new pair. The old token is spent; presenting a spent
/// token again means it was copied, so its whole family (login) is ended.
pub async fn refresh(state: &AppState, refresh_token: &str) -> ApiResult<TokenPair> {
    let now = state.clock.now();
    let invalid = ApiError::Unauthorized("refresh_token_invalid");
    let Some(token) = refresh_tokens::find_by_hash(&state.db, &token_hash(refresh_token)).await? else {
        return Err(invalid);
    };
    if token.revoked_at.is_some() || token.expires_at <= now {
        return Err(invalid);
    }
    let tx = state.begin_write().await?;
    if token.used_at.is_some() || !refresh_tokens::mark_used(tx.conn(), token.id, now).await? {
        tracing::warn!(family = %token.family_id, "refresh token reused; family revoked");
        end_family(state, tx, token.account_id, token.family_id, now).await?;
        return Err(ApiError::Unauthorized("refresh_token_reused"));
    }
    let account = accounts::find_by_id(tx.conn(), token.account_id).await?;
    let Some(account) = account.filter(|a| a.status == AccountStatus::Active) else {
        end_family(state, tx, token.account_id, token.family_id, now).await?;
        return Err(invalid);
    };
    let pair = issue_pair_in(tx.conn(), state, account.id, account.role, token.family_id).await?;
    tx.commit().await?;
    Ok(pair)
}

/// Ends the login the refresh token belongs to: its refresh tokens and, at once, its
/// access tokens. Unknown tokens are ignored, so logout is safe to repeat and reveals
/// nothing.
pub async fn logout(state: &AppState, refresh_token: &str) -> ApiResult<()> {
    if let Some(token) = refresh_tokens::find_by_hash(&state.db, &token_hash(refresh_token)).await? {
        end_sessions(state, Sessions::Family { account: token.account_id, family: token.family_id }).await?;
    }
    Ok(())
}

/// Which logins to end.
#[derive(Debug, Clone, Copy)]
pub enum Sessions {
    /// One login: a refresh-token family of `account`.
    Family { account: Uuid, family: Uuid },
    /// Every login of the account ("log out everywhere", e.g. after a password change).
    Account(Uuid),
}

/// Ends logins: revokes their refresh tokens and puts them on the deny-list, so their
/// access tokens are refused from now on (at once on this node, within
/// `auth.revocation_refresh_ms` on the others).
pub async fn end_sessions(state: &AppState, which: Sessions) -> ApiResult<()> {
    let now = state.clock.now();
    let tx = state.begin_write().await?;
    match which {
        Sessions::Family { account, family } => end_family(state, tx, account, family, now).await,
        Sessions::Account(account) => {
            // Only families that issued a token within the access-token lifetime can
            // still have an unexpired access token.
            let since = now - access_token_lifetime(state);
            let families = refresh_tokens::families_issued_since(tx.conn(), account, since).await?;
            refresh_tokens::revoke_account(tx.conn(), account, now).await?;
            deny_sessions(state, tx, account, &families, now).await
        }
    }
}

/// Ends one login in `tx`: its refresh tokens and its access tokens.
async fn end_family(
    state: &AppState,
    tx: WriteTx,
    account: Uuid,
    family: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    refresh_tokens::revoke_family(tx.conn(), family, now).await?;
    deny_sessions(state, tx, account, &[family], now).await
}

/// Puts `sessions` on the deny-list until the last access token they could have issued
/// has expired, committing `tx` with it.
async fn deny_sessions(
    state: &AppState,
    tx: WriteTx,
    account: Uuid,
    sessions: &[Uuid],
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let until = now + access_token_lifetime(state);
    revoked_sessions::insert(tx.conn(), account, sessions, now, until).await?;
    tx.commit().await?;
    state.revoked.remember(sessions.iter().copied(), until);
    Ok(())
}

/// The access-token TTL with room for the verifier's leeway and for a refresh that was
/// already under way when its login ended.
fn access_token_lifetime(state: &AppState) -> Duration {
    Duration::seconds(state.tokens.ttl_secs().max(0)) + Duration::seconds(60)
}

/// Hourly: forgets throttle counters whose windows and waits have all run out.
pub async fn housekeeping(state: &AppState) -> ApiResult<()> {
    let idle = Duration::seconds(state.config.throttle.longest_memory_secs().max(3600));
    crate::store::throttle::purge_idle_since(&state.db, state.clock.now() - idle).await?;
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
    let now = state.clock.now();
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
        access_token: state.tokens.issue(account, role, family),
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
