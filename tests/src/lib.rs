//! The end-to-end test harness: [`TestApp`] starts the real laowu app on a real socket
//! (127.0.0.1, a free port) with its own database: a fresh SQLite file in a temporary
//! directory, or, when `LAOWU_TEST_POSTGRES_URL` is set, a fresh PostgreSQL database.
//!
//! The search indexer does not run unless a test asks for it ([`TestApp::spawn_indexed`]),
//! so tests that look at the outbox see every event still pending.

pub mod search;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use laowu_api::clock::ManualClock;
use laowu_api::config::IndexerMode;
use laowu_api::{AppState, Config};
use laowu_search::SearchIndex;
use reqwest::{RequestBuilder, Response, StatusCode};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::sync::{oneshot, watch};

pub use laowu_api;

pub struct TestApp {
    /// Every problem a route answered that its spec entry does not list (checked on drop).
    audit: ProblemAudit,
    /// `http://127.0.0.1:<port>`
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub dir: TempDir,
    shutdown: Option<oneshot::Sender<()>>,
    stop_indexer: Option<watch::Sender<bool>>,
    server: Option<tokio::task::JoinHandle<()>>,
}

/// The `/metrics` token every test app is configured with.
pub const METRICS_TOKEN: &str = "test-metrics-token";

/// An account made for a test, with its credentials and tokens.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: String,
    pub phone: String,
    pub password: String,
    pub access_token: String,
    pub refresh_token: String,
}

/// Wraps the index an app opens (see [`TestApp::spawn_indexed_on`]).
type WrapIndex<'a> = dyn FnOnce(Arc<dyn SearchIndex>) -> Arc<dyn SearchIndex> + 'a;

static PHONE_SEQ: AtomicU32 = AtomicU32::new(0);
static USCC_SEQ: AtomicU32 = AtomicU32::new(0);

/// A distinct unified social credit code with a correct GB 32100 check character,
/// computed here independently of the server's implementation.
pub fn fresh_uscc() -> String {
    const CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [usize; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let n = USCC_SEQ.fetch_add(1, Ordering::Relaxed);
    let body = format!("91152501{:05}{:04}", std::process::id() % 100_000, n % 10_000);
    let sum: usize = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| CHARS.iter().position(|&c| c == b).expect("charset") * w)
        .sum();
    let check = CHARS[(31 - sum % 31) % 31] as char;
    format!("{body}{check}")
}

/// A resident ID number (GB 11643) for the 17 leading digits, with its check character
/// computed here independently of the server's implementation.
pub fn id_number(first17: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{first17}{check}")
}

/// A worker profile body for `PUT /api/v1/workers/me/profile`.
pub fn profile_body() -> Value {
    json!({
        "name": "巴特尔",
        "gender": "male",
        "birth_year": 1988,
        "hukou_region_code": "152523",
        "location": {"lat": 43.6525, "lng": 111.977},
        "region_code": "152501",
        "languages": ["mn", "zh"],
        "education": "junior_secondary",
        "skills": [{"occupation_code": "4-02-05-01", "level": 2, "years": 4}],
        "desired_occupations": ["4-02-05-01", "6-18-02-04"],
        "min_wage": {"amount": 250, "unit": "day"},
        "work_types": ["day_labour", "seasonal"],
        "available_from": "2026-12-01",
        "max_travel_km": 300,
        "wants_training": true,
        "discoverable": true
    })
}

/// A body for `POST /api/v1/employers` or `/schools`.
pub fn organization_body(name: &str) -> Value {
    json!({
        "name": name,
        "uscc": fresh_uscc(),
        "address": "二连浩特市口岸路 18 号",
        "location": {"lat": 43.6525, "lng": 111.977},
        "region_code": "152501",
        "contact_phone": fresh_phone(),
    })
}

/// A distinct, valid mobile number for each call in this process.
pub fn fresh_phone() -> String {
    let n = PHONE_SEQ.fetch_add(1, Ordering::Relaxed);
    format!("137{:04}{:04}", std::process::id() % 10_000, n % 10_000)
}

/// Which database the suite runs on, for test output.
pub fn backend() -> &'static str {
    if postgres_admin_url().is_some() { "postgres" } else { "sqlite" }
}

fn postgres_admin_url() -> Option<String> {
    std::env::var("LAOWU_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty())
}

/// Creates a fresh PostgreSQL database and returns its URL.
async fn fresh_postgres(admin_url: &str) -> String {
    let name = format!("laowu_t_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(admin_url).await.expect("connect to LAOWU_TEST_POSTGRES_URL");
    admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
    admin.close().await.ok();
    let (base, _) = admin_url.split_once('?').unwrap_or((admin_url, ""));
    let prefix = base.rsplit_once('/').map(|(p, _)| p).unwrap_or(base);
    format!("{prefix}/{name}")
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(|_| {}).await
    }

    /// Starts the app with a test configuration that `configure` may adjust.
    pub async fn spawn_with(configure: impl FnOnce(&mut Config)) -> TestApp {
        TestApp::spawn_router(configure, |router| router).await
    }

    /// Starts the app with extra routes merged in, behind the same middleware (for
    /// exercising timeouts and panics).
    pub async fn spawn_router(
        configure: impl FnOnce(&mut Config),
        extend: impl FnOnce(axum::Router<AppState>) -> axum::Router<AppState>,
    ) -> TestApp {
        TestApp::spawn_full(configure, extend, None, None).await
    }

    /// Starts the app reading the time from `clock` (a [`ManualClock`] the test moves
    /// instead of sleeping).
    pub async fn spawn_clocked(clock: Arc<ManualClock>, configure: impl FnOnce(&mut Config)) -> TestApp {
        TestApp::spawn_full(configure, |router| router, None, Some(clock)).await
    }

    /// Starts the app on the embedded search index in its temporary directory, with the
    /// in-process indexer running (quick polling, short retry delays) unless `configure`
    /// turns it off.
    pub async fn spawn_indexed(configure: impl FnOnce(&mut Config)) -> TestApp {
        TestApp::spawn_indexed_on(|index| index, configure).await
    }

    /// As [`TestApp::spawn_indexed`], with the index wrapped by `wrap` (to make it fail).
    pub async fn spawn_indexed_on(
        wrap: impl FnOnce(Arc<dyn SearchIndex>) -> Arc<dyn SearchIndex>,
        configure: impl FnOnce(&mut Config),
    ) -> TestApp {
        TestApp::spawn_full(
            |c| {
                c.search.indexer = IndexerMode::InProcess;
                c.search.poll_interval_ms = 50;
                c.search.retry_base_ms = 50;
                c.search.retry_max_secs = 1;
                configure(c);
            },
            |router| router,
            Some(Box::new(wrap)),
            None,
        )
        .await
    }

    async fn spawn_full(
        configure: impl FnOnce(&mut Config),
        extend: impl FnOnce(axum::Router<AppState>) -> axum::Router<AppState>,
        wrap: Option<Box<WrapIndex<'_>>>,
        clock: Option<Arc<ManualClock>>,
    ) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let database_url = match postgres_admin_url() {
            Some(admin) => fresh_postgres(&admin).await,
            None => format!("sqlite://{}?mode=rwc", dir.path().join("laowu.db").display()),
        };
        let mut config = Config {
            data_dir: dir.path().join("data"),
            database_url: Some(database_url),
            database_max_connections: 5,
            log: "warn".to_owned(),
            ..Config::default()
        };
        config.server.metrics_token = Some(METRICS_TOKEN.to_owned().into());
        config.search.indexer = IndexerMode::Off;
        // Outside the data directory, so a second app on the same data (a "second node")
        // opens an embedded index of its own instead of finding this one locked.
        config.search.index_dir = Some(dir.path().join("index"));
        configure(&mut config);
        let mut state = match wrap {
            Some(wrap) => {
                let index = laowu_api::search::open(&config).expect("open the search index");
                AppState::build_with_search(config, wrap(index)).await
            }
            None => AppState::build(config).await,
        }
        .expect("build app state");
        if let Some(clock) = clock {
            state.clock = clock;
        }
        let (stop_indexer, stopped) = watch::channel(false);
        let stop_indexer = match state.config.search.indexer {
            IndexerMode::InProcess => {
                laowu_api::server::start_search(&state, stopped);
                Some(stop_indexer)
            }
            IndexerMode::Off => None,
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let (tx, rx) = oneshot::channel::<()>();
        let audit = ProblemAudit::default();
        let auditor = audit.clone();
        let app = laowu_api::app_with(state.clone(), move |router| {
            extend(router).layer(axum::middleware::from_fn(move |req, next| auditor.clone().check(req, next)))
        });
        // The server's own loop: the same connection limits, timeouts and shutdown.
        let serving = state.clone();
        let server = tokio::spawn(async move {
            laowu_api::server::serve_http(&serving, listener, app, async {
                let _ = rx.await;
            })
            .await;
        });
        TestApp {
            base: format!("http://{addr}"),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            state,
            dir,
            shutdown: Some(tx),
            stop_indexer,
            server: Some(server),
            audit,
        }
    }

    /// Waits until `check` holds, polling; panics with `what` after thirty seconds (generous: CI machines are shared).
    pub async fn eventually<F, Fut>(&self, what: &str, mut check: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        eventually(what, || {
            let done = check();
            async move { done.await.then_some(()) }
        })
        .await
    }

    /// Waits until the outbox has no pending event.
    pub async fn indexed(&self) {
        self.eventually("every outbox event processed", || async {
            laowu_api::store::outbox::pending_count(&self.state.db).await.expect("pending count") == 0
        })
        .await;
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.client.get(self.url(path))
    }

    pub fn post(&self, path: &str, body: &Value) -> RequestBuilder {
        self.client.post(self.url(path)).json(body)
    }

    /// Registers an account of `role` with a fresh phone number: (id, phone, password).
    ///
    /// Registration answers the same for new and taken numbers, so it carries no account
    /// id: the id comes from logging in (the access token's `sub`, which `/api/v1/me`
    /// also reports; read from the token so that no extra request shows in the metrics).
    pub async fn register(&self, role: &str) -> (String, String, String) {
        let user = self.user(role).await;
        (user.id, user.phone, user.password)
    }

    /// Registers `phone` without logging in.
    async fn register_phone(&self, phone: &str, password: &str, role: &str) {
        let res = self
            .post("/api/v1/auth/register", &json!({"phone": phone, "password": password, "role": role}))
            .send()
            .await
            .expect("register");
        assert_eq!(res.status(), StatusCode::ACCEPTED, "register {role}");
    }

    pub async fn login(&self, phone: &str, password: &str) -> Response {
        self.post("/api/v1/auth/login", &json!({"phone": phone, "password": password}))
            .send()
            .await
            .expect("login")
    }

    /// Logs in; the account id is the access token's subject.
    async fn logged_in(&self, phone: String, password: String, what: &str) -> TestUser {
        let res = self.login(&phone, &password).await;
        assert_eq!(res.status(), StatusCode::OK, "login {what}");
        let tokens: Value = res.json().await.expect("json");
        let access_token = tokens["access_token"].as_str().expect("access").to_owned();
        TestUser {
            id: token_subject(&access_token),
            phone,
            password,
            access_token,
            refresh_token: tokens["refresh_token"].as_str().expect("refresh").to_owned(),
        }
    }

    /// A registered and logged-in account of `role`.
    pub async fn user(&self, role: &str) -> TestUser {
        let phone = fresh_phone();
        let password = "erlian-welder-7".to_owned();
        self.register_phone(&phone, &password, role).await;
        self.logged_in(phone, password, role).await
    }

    pub async fn worker(&self) -> TestUser {
        self.user("worker").await
    }

    pub async fn employer(&self) -> TestUser {
        self.user("employer").await
    }

    /// Sends `req` with the user's bearer token.
    pub async fn send_as(&self, user: &TestUser, req: RequestBuilder) -> Response {
        req.header("authorization", bearer(&user.access_token)).send().await.expect("request")
    }

    /// Registers `user`'s organisation (`employers` or `schools`) and returns its id.
    pub async fn organization(&self, user: &TestUser, plural: &str, name: &str) -> String {
        let res = self.send_as(user, self.post(&format!("/api/v1/{plural}"), &organization_body(name))).await;
        assert_eq!(res.status(), StatusCode::CREATED, "create {plural}");
        res.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_owned()
    }

    /// Records the bureau's decision on an organisation.
    pub async fn verify(&self, admin: &TestUser, org_id: &str) {
        let res = self
            .send_as(
                admin,
                self.post(
                    &format!("/api/v1/admin/organizations/{org_id}/verification"),
                    &json!({"decision": "verified"}),
                ),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "verify");
    }

    /// An employer account with a verified organisation: (account, organisation id).
    pub async fn verified_employer(&self) -> (TestUser, String) {
        let admin = self.admin().await;
        let user = self.employer().await;
        let org = self.organization(&user, "employers", "二连浩特市口岸物流有限公司").await;
        self.verify(&admin, &org).await;
        (user, org)
    }

    /// A school account with a verified organisation: (account, organisation id).
    pub async fn verified_school(&self) -> (TestUser, String) {
        let admin = self.admin().await;
        let user = self.user("school").await;
        let org = self.organization(&user, "schools", "锡林郭勒职业技能培训学校").await;
        self.verify(&admin, &org).await;
        (user, org)
    }

    /// A bureau account, made the way `laowu admin create` makes one.
    pub async fn admin(&self) -> TestUser {
        let phone = fresh_phone();
        let password = "bureau-erlian-2026".to_owned();
        laowu_api::services::auth::create_account(
            &self.state,
            laowu_domain_phone(&phone),
            laowu_api::laowu_domain::Password::parse(&password, None).expect("password"),
            laowu_api::laowu_domain::Role::Admin,
        )
        .await
        .expect("create admin");
        self.logged_in(phone, password, "admin").await
    }
}

fn laowu_domain_phone(phone: &str) -> laowu_api::laowu_domain::Phone {
    laowu_api::laowu_domain::Phone::parse(phone).expect("phone")
}

impl TestApp {
    /// Begins a graceful shutdown, as SIGTERM does for the real server.
    pub fn shutdown(&mut self) {
        if let Some(stop) = self.stop_indexer.take() {
            let _ = stop.send(true);
        }
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl TestApp {
    /// Shuts down as SIGTERM does and waits until the server has closed every connection.
    pub async fn stop(&mut self) {
        self.shutdown();
        if let Some(server) = self.server.take() {
            server.await.expect("the server task");
        }
    }

    /// The Prometheus text of `/metrics`, fetched with the metrics token.
    pub async fn metrics(&self) -> String {
        let res = self.get("/metrics").bearer_auth(METRICS_TOKEN).send().await.expect("metrics");
        assert_eq!(res.status(), StatusCode::OK, "metrics");
        res.text().await.expect("metrics text")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let unlisted = self.audit.unlisted();
        if !unlisted.is_empty() && !std::thread::panicking() {
            panic!(
                "problems the spec does not list for their operation (add them to its responses): {unlisted:#?}"
            );
        }
        if let Some(stop) = self.stop_indexer.take() {
            let _ = stop.send(true);
        }
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Asserts a problem+json response with `status` and `code`, and returns its body.
pub async fn expect_problem(res: Response, status: u16, code: &str) -> Value {
    assert_eq!(res.status().as_u16(), status, "status for expected `{code}`");
    let content_type =
        res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert_eq!(content_type, "application/problem+json", "problem content type for `{code}`");
    let body: Value = res.json().await.expect("problem body is JSON");
    assert_eq!(body["code"], code, "problem code in {body}");
    assert_eq!(body["status"], status);
    assert_eq!(body["type"], format!("urn:laowu:problem:{code}"));
    assert!(body["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(body["detail"].as_str().is_some_and(|t| !t.is_empty()));
    body
}

/// The `sub` claim (account id) of an access token, read without checking the signature.
pub fn token_subject(token: &str) -> String {
    use base64::Engine;
    let payload = token.split('.').nth(1).expect("a JWT has a payload");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).expect("base64url");
    let claims: Value = serde_json::from_slice(&bytes).expect("JSON claims");
    claims["sub"].as_str().expect("sub").to_owned()
}

/// Bearer header value.
pub fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// Polls `probe` until it returns `Some` (the index catching up with a write, say), for
/// at most thirty seconds (generous: CI machines are shared); panics naming `what` after that.
pub async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(v) = probe().await {
            return v;
        }
        assert!(std::time::Instant::now() < deadline, "timed out waiting for: {what}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Checks every problem a route answers against the spec: its code must be listed (in
/// backticks) in the description of that status or its range (`4XX`) for the operation,
/// or among the problems any operation may answer (the spec's own description). Problems
/// made by the shared middleware around the routes (timeouts, body limits, bad tokens)
/// are never seen here: those are the common ones.
#[derive(Clone, Default)]
struct ProblemAudit(Arc<std::sync::Mutex<Vec<String>>>);

fn spec() -> &'static Value {
    static SPEC: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    SPEC.get_or_init(|| serde_json::to_value(laowu_api::openapi_spec()).expect("the spec serializes"))
}

/// Whether the spec lists `code` for `status` of `method path`.
pub fn spec_lists_problem(method: &str, path: &str, status: u16, code: &str) -> bool {
    let quoted = format!("`{code}`");
    let spec = spec();
    if spec["info"]["description"].as_str().is_some_and(|d| d.contains(&quoted)) {
        return true;
    }
    let responses = &spec["paths"][path][method.to_ascii_lowercase()]["responses"];
    let range = format!("{}XX", status / 100);
    [status.to_string(), range]
        .iter()
        .any(|key| responses[key.as_str()]["description"].as_str().is_some_and(|d| d.contains(&quoted)))
}

impl ProblemAudit {
    async fn check(
        self,
        req: axum::extract::Request,
        next: axum::middleware::Next,
    ) -> axum::response::Response {
        let method = req.method().as_str().to_owned();
        let path = req.extensions().get::<axum::extract::MatchedPath>().map(|p| p.as_str().to_owned());
        let res = next.run(req).await;
        if let (Some(path), Some(problem)) = (path, res.extensions().get::<laowu_api::error::ProblemSpec>()) {
            let status = res.status().as_u16();
            if spec()["paths"].get(&path).is_some()
                && !spec_lists_problem(&method, &path, status, problem.code)
            {
                let entry = format!("{method} {path} → {status} {}", problem.code);
                let mut seen = self.0.lock().unwrap_or_else(|e| e.into_inner());
                if !seen.contains(&entry) {
                    seen.push(entry);
                }
            }
        }
        res
    }

    fn unlisted(&self) -> Vec<String> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}
