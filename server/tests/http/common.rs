//! A real server on a free loopback port with a fresh database, for one test: a SQLite
//! file, or — when `CONFAB_TEST_POSTGRES` names a PostgreSQL server, as `cargo xtask test`
//! does for its second run — a database of its own on that server.

use confab_server::cli::seed;
use confab_server::http::{AppState, RouterSetup, app};
use confab_server::notify::Notifier;
use confab_server::settings::notify::Notifications;
use confab_server::settings::proof::ProofOfWork;
use confab_server::settings::{AdminSettings, SiteRules, Sites};
use confab_server::storage::{Database, Storage};
use std::sync::Arc;

/// The admin token of the servers that tests start.
pub const ADMIN_TOKEN: &str = "test-admin-token";

/// A running server and what a test needs to talk to it.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    /// The server's storage, for tests that set up large threads directly.
    pub storage: Arc<dyn Storage>,
    /// Keeps the database directory alive as long as the server.
    pub dir: tempfile::TempDir,
    /// The database the server stores comments in.
    pub database: Database,
}

/// A PostgreSQL server to test against instead of SQLite, named by an administrator's URL.
pub fn postgres_server() -> Option<String> {
    std::env::var("CONFAB_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
}

/// A database nobody used yet: a new database on the PostgreSQL server of
/// [`postgres_server`], or else a new SQLite file in `dir`.
pub async fn fresh_database(dir: &std::path::Path) -> Database {
    use sqlx::Connection;
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let Some(server) = postgres_server() else {
        return Database::Sqlite(dir.join("confab.db"));
    };
    let number = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = format!("confab_test_{}_{number}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&server)
        .await
        .expect("connecting to the test PostgreSQL server");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("creating a test database");
    let mut url = url::Url::parse(&server).expect("a PostgreSQL URL");
    url.set_path(&name);
    Database::Postgres(url.to_string())
}

/// Runs `command` (the server binary, as a command) to its end and returns its output,
/// waiting on a blocking thread: the test's runtime also runs the server under test,
/// which must go on meanwhile (a blocked runtime would hold its transactions open, and
/// the command would find the database locked).
pub async fn output_of(mut command: std::process::Command) -> std::process::Output {
    tokio::task::spawn_blocking(move || command.output().expect("the server binary runs"))
        .await
        .expect("the command's thread ends")
}

/// The `--database` argument that names `database` to the server binary.
pub fn database_argument(database: &Database) -> String {
    match database {
        Database::Sqlite(path) => path.display().to_string(),
        Database::Postgres(url) => url.clone(),
    }
}

impl TestApp {
    /// Starts a server with the demo thread stored.
    pub async fn spawn() -> Self {
        Self::spawn_with(RouterSetup::default()).await
    }

    /// Starts a server with the demo thread stored and `setup` around the API.
    pub async fn spawn_with(setup: RouterSetup) -> Self {
        Self::spawn_tuned(setup, |_, _| {}).await
    }

    /// Starts a server with the demo thread stored and one site, after `tune` changed the
    /// site's and the admin settings.
    pub async fn spawn_tuned(
        setup: RouterSetup,
        tune: impl FnOnce(&mut SiteRules, &mut AdminSettings),
    ) -> Self {
        let mut defaults = SiteRules {
            // Tests post many comments from one address, as a script would: those about
            // the proof of work turn it back on.
            proof_of_work: ProofOfWork::Off,
            ..SiteRules::default()
        };
        let mut admin = AdminSettings {
            token: Some(ADMIN_TOKEN.into()),
            moderators: Vec::new(),
            rules: Vec::new(),
        };
        tune(&mut defaults, &mut admin);
        Self::spawn_with_settings(setup, Sites::single(defaults), admin).await
    }

    /// Starts a server with an empty database (no demo thread).
    pub async fn spawn_empty() -> Self {
        let admin = AdminSettings {
            token: Some(ADMIN_TOKEN.into()),
            moderators: Vec::new(),
            rules: Vec::new(),
        };
        Self::start(
            RouterSetup::default(),
            Sites::single(SiteRules {
                proof_of_work: ProofOfWork::Off,
                ..SiteRules::default()
            }),
            admin,
            Notifications::default(),
            false,
        )
        .await
    }

    /// Starts a server configured by the TOML text `config`, as `--config` would.
    pub async fn spawn_from_config(setup: RouterSetup, config: &str) -> Self {
        let file = toml::from_str(config).expect("a valid configuration");
        // Tests post as a script does: no proof of work unless the configuration asks.
        let options = confab_server::settings::overrides::Overrides {
            proof_of_work: (!config.contains("proof_of_work"))
                .then(|| confab_server::settings::proof::ProofOfWorkFile::Word("off".into())),
            ..Default::default()
        };
        let settings = confab_server::settings::resolve(file, &options).expect("valid settings");
        let sites = Arc::into_inner(settings.sites).unwrap();
        let admin = Arc::into_inner(settings.admin).unwrap();
        let notifications = Arc::into_inner(settings.notifications).unwrap();
        Self::start(setup, sites, admin, notifications, true).await
    }

    async fn spawn_with_settings(setup: RouterSetup, sites: Sites, admin: AdminSettings) -> Self {
        Self::start(setup, sites, admin, Notifications::default(), true).await
    }

    async fn start(
        setup: RouterSetup,
        sites: Sites,
        admin: AdminSettings,
        notifications: Notifications,
        demo: bool,
    ) -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let database = fresh_database(dir.path()).await;
        let storage = database.open().await.expect("opening a fresh database");
        let server_key: Arc<str> = storage.server_key().await.unwrap().into();
        if demo {
            let first_site = sites.named(None).unwrap();
            seed::seed_demo_thread(storage.as_ref(), first_site, &server_key)
                .await
                .unwrap();
        }
        let sites = Arc::new(sites);
        let notifications = Arc::new(notifications);
        Notifier::new(
            storage.clone(),
            Arc::clone(&notifications),
            Arc::clone(&sites),
            Arc::clone(&server_key),
        )
        .expect("valid notification settings")
        .start();
        let live = confab_server::live::LiveHub::start(storage.clone()).await;
        let state = AppState {
            storage,
            server_key,
            sites,
            admin: Arc::new(admin),
            pages: Default::default(),
            notifications,
            live,
            logins: Default::default(),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let storage = Arc::clone(&state.storage);
        let router = app(state, &setup);
        let limits = setup.connections;
        tokio::spawn(confab_server::http::listen::serve(
            listener,
            router,
            limits,
            std::future::pending(),
        ));
        Self {
            base,
            client: reqwest::Client::new(),
            storage,
            dir,
            database,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `GET /api/v1/comments?thread=KEY` as JSON.
    pub async fn thread(&self, key: &str) -> serde_json::Value {
        let response = self
            .client
            .get(self.url("/api/v1/comments"))
            .query(&[("thread", key)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// `POST /api/v1/comments` with `body` as JSON; returns the status and the JSON answer.
    /// Posts a comment from a page on `origin` (which picks the site).
    pub async fn post_from(
        &self,
        origin: &str,
        comment: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let response = self
            .client
            .post(self.url("/api/v1/comments"))
            .header("Origin", origin)
            .json(&comment)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }

    pub async fn post(&self, body: serde_json::Value) -> (u16, serde_json::Value) {
        self.post_with_key(body, None).await
    }

    /// Posts [`new_comment`] with `fields` laid over it; it must be stored (published or
    /// held). Gives its id.
    pub async fn post_id(&self, fields: serde_json::Value) -> i64 {
        let mut comment = new_comment();
        for (field, value) in fields.as_object().expect("fields are an object") {
            comment[field] = value.clone();
        }
        let (status, posted) = self.post(comment).await;
        assert!(status == 201 || status == 202, "{status}: {posted}");
        posted["comment"]["id"].as_i64().unwrap()
    }

    /// A request to the admin API with the admin token.
    pub async fn admin(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        self.send(method, path, Some(ADMIN_TOKEN), body).await
    }

    /// Any request, with a bearer token and a JSON body when given; returns the status and
    /// the JSON answer (`null` when there is none, as for `204`).
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let authorization = token.map(|token| format!("Bearer {token}"));
        let header = authorization
            .as_deref()
            .map(|value| ("Authorization", value));
        self.send_with_header(method, path, header, body).await
    }

    /// Any request, with one extra header (such as a session `Cookie`) and a JSON body
    /// when given; returns the status and the JSON answer (`null` when there is none).
    pub async fn send_with_header(
        &self,
        method: reqwest::Method,
        path: &str,
        header: Option<(&str, &str)>,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut request = self.client.request(method, self.url(path));
        if let Some((name, value)) = header {
            request = request.header(name, value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
        )
    }

    /// Logs moderator `name` in; the session cookie (`name=value`) to send with requests.
    pub async fn log_in(&self, name: &str, password: &str) -> String {
        let response = login_request(&self.client, &self.base, name, password)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let cookie = response.headers()["set-cookie"].to_str().unwrap();
        cookie.split(';').next().unwrap().to_owned()
    }

    /// A request with a moderator's session `cookie`, as the moderators' screen sends it;
    /// the status and the JSON answer (`null` when there is none).
    pub async fn as_moderator(
        &self,
        cookie: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut request = self
            .client
            .request(method, self.url(path))
            .header("Cookie", cookie)
            .header("X-Confab-Request", "1");
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (
            status,
            response.json().await.unwrap_or(serde_json::Value::Null),
        )
    }

    /// Like [`Self::post`], with an `Idempotency-Key` header when `key` is given.
    pub async fn post_with_key(
        &self,
        body: serde_json::Value,
        key: Option<&str>,
    ) -> (u16, serde_json::Value) {
        let mut request = self.client.post(self.url("/api/v1/comments")).json(&body);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }
}

/// The demo thread's key.
pub fn demo_key() -> String {
    seed::DEMO_THREAD_KEY.to_owned()
}

/// A valid new comment on the demo thread, to be changed field by field. Each has its own
/// body, so posting several is never taken for a duplicate.
pub fn new_comment() -> serde_json::Value {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let number = NEXT.fetch_add(1, Ordering::Relaxed);
    serde_json::json!({
        "thread": demo_key(),
        "title": "Why Social Media in Healthcare?",
        "author_name": "Test Reader",
        "author_email": "reader@example.com",
        "author_website": "https://reader.example/",
        "body": format!("A *fine* post.\nSecond line, number {number}."),
    })
}

/// `POST /api/v1/admin/login` with `name` and `password` to the server at `base`.
pub fn login_request(
    client: &reqwest::Client,
    base: &str,
    name: &str,
    password: &str,
) -> reqwest::RequestBuilder {
    client
        .post(format!("{base}/api/v1/admin/login"))
        .json(&serde_json::json!({"name": name, "password": password}))
}

/// Starts the real server binary on a free port with `database` and the extra `args`;
/// returns the process and its base URL.
pub fn start_server(database: &Database, args: &[&str]) -> (std::process::Child, String) {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_confab-server"));
    command
        .args(["--bind", "127.0.0.1:0"])
        .arg("--database")
        .arg(database_argument(database))
        .args(args)
        .stderr(std::process::Stdio::null());
    start_binary(command)
}

/// Starts the real server binary as `command` describes, on the port it prints; returns
/// the process and its base URL. Its further output is drained so it never blocks.
pub fn start_binary(mut command: std::process::Command) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut child = command
        // Tests post as a script does (a `--proof-of-work` flag wins).
        .env("CONFAB_PROOF_OF_WORK", "off")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the server binary starts");
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| line.strip_prefix("Listening on ").map(str::to_owned))
        .expect("the server says where it listens");
    std::thread::spawn(move || lines.map_while(Result::ok).for_each(drop));
    (child, url)
}
