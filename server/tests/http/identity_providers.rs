//! Identity providers on loopback for the login tests: an OpenID Connect issuer whose ID
//! tokens can be made wrong on purpose (another nonce, another audience, expired, signed
//! with a shared secret), and a stand-in for GitHub serving its documented OAuth and REST
//! endpoints and shapes. Both check what a real provider checks: the client's secret, the
//! redirect address, the PKCE verifier, and that a code is used once.

use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub const CLIENT_ID: &str = "confab-test-client";
pub const CLIENT_SECRET: &str = "confab-test-client-secret";
/// The issuer's Ed25519 signing key (PKCS #8, base64 of DER), and its public half as a
/// JWK's `x`.
const SIGNING_KEY: &str = "MC4CAQAwBQYDK2VwBCIEINRg2DlWA36p5eXKI0bTgHpvth2l7AJTTkhUqAvqbgnA";
const PUBLIC_X: &str = "6fvLE90LMxOudKzadiR0nOc7Tf8Qwj32trhfkdaCIr8";

/// What the next ID token gets wrong, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fault {
    #[default]
    None,
    OtherNonce,
    OtherAudience,
    Expired,
    /// Signed with HS256 and the client's secret, as a confused verifier would accept.
    SharedSecret,
}

/// The person the provider signs in next.
#[derive(Debug, Clone)]
pub struct Account {
    pub subject: String,
    pub name: String,
    pub email: String,
    pub email_verified: bool,
}

#[derive(Debug, Clone)]
struct Grant {
    redirect_uri: String,
    challenge: String,
    nonce: String,
}

#[derive(Default)]
struct Provider {
    base: String,
    fault: Fault,
    account: Option<Account>,
    codes: HashMap<String, Grant>,
    tokens: HashMap<String, Account>,
}

/// A provider running on loopback.
#[derive(Clone)]
pub struct StandIn {
    pub base: String,
    inner: Arc<Mutex<Provider>>,
}

impl StandIn {
    /// Makes the next ID tokens wrong in this way.
    pub fn set_fault(&self, fault: Fault) {
        self.inner.lock().unwrap().fault = fault;
    }

    /// Lets `access_token` read `account`.
    fn grant(&self, access_token: &str, account: Account) {
        let mut provider = self.inner.lock().unwrap();
        provider.tokens.insert(access_token.to_owned(), account);
    }

    /// Signs in `account` next.
    pub fn sign_in_as(&self, account: Account) {
        self.inner.lock().unwrap().account = Some(account);
    }

    /// An OpenID Connect issuer.
    pub async fn openid() -> Self {
        let router = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/authorize", get(authorize))
            .route("/token", post(openid_token))
            .route("/userinfo", get(userinfo));
        Self::serve(router).await
    }

    /// A stand-in for a GitHub server (the layout of GitHub Enterprise Server).
    pub async fn github() -> Self {
        let router = Router::new()
            .route("/login/oauth/authorize", get(authorize))
            .route("/login/oauth/access_token", post(github_token))
            .route("/api/v3/user", get(github_user))
            .route("/api/v3/user/emails", get(github_emails));
        Self::serve(router).await
    }

    async fn serve(router: Router<StandIn>) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let stand_in = Self {
            base: base.clone(),
            inner: Arc::new(Mutex::new(Provider {
                base,
                account: Some(Account {
                    subject: "248289761001".into(),
                    name: "Jane Doe".into(),
                    email: "jane@id.example".into(),
                    email_verified: true,
                }),
                ..Provider::default()
            })),
        };
        let app = router.with_state(stand_in.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        stand_in
    }
}

async fn discovery(State(stand_in): State<StandIn>) -> Json<Value> {
    let base = &stand_in.base;
    Json(json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/authorize"),
        "token_endpoint": format!("{base}/token"),
        "userinfo_endpoint": format!("{base}/userinfo"),
        "jwks_uri": format!("{base}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["EdDSA"],
    }))
}

async fn jwks() -> Json<Value> {
    Json(json!({"keys": [
        {"kty": "OKP", "crv": "Ed25519", "x": PUBLIC_X, "kid": "test-key", "alg": "EdDSA", "use": "sig"},
        {"kty": "EC", "crv": "secp256k1", "x": "unknown", "y": "kind", "kid": "skipped"},
    ]}))
}

/// Both kinds of provider: the reader “agrees” at once and is sent back with a code.
async fn authorize(
    State(stand_in): State<StandIn>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let field = |name: &str| query.get(name).cloned().unwrap_or_default();
    if field("client_id") != CLIENT_ID || field("code_challenge_method") != "S256" {
        return (StatusCode::BAD_REQUEST, "bad authorization request").into_response();
    }
    let code = format!("code-{}", rand::random::<u64>());
    stand_in.inner.lock().unwrap().codes.insert(
        code.clone(),
        Grant {
            redirect_uri: field("redirect_uri"),
            challenge: field("code_challenge"),
            nonce: field("nonce"),
        },
    );
    let state = field("state");
    Redirect::to(&format!(
        "{}?code={code}&state={state}",
        field("redirect_uri")
    ))
    .into_response()
}

/// Takes the grant of `form`'s code, once, when its redirect address and verifier fit.
fn redeem(stand_in: &StandIn, form: &HashMap<String, String>) -> Option<(Grant, Account)> {
    let mut provider = stand_in.inner.lock().unwrap();
    let grant = provider.codes.remove(form.get("code")?)?;
    let verifier = form.get("code_verifier")?;
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let fits =
        form.get("redirect_uri") == Some(&grant.redirect_uri) && challenge == grant.challenge;
    fits.then(|| (grant, provider.account.clone().unwrap()))
}

fn invalid_grant() -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"error": "invalid_grant", "error_description": "code unknown or used"})),
    )
        .into_response()
}

async fn openid_token(
    State(stand_in): State<StandIn>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let expected = format!(
        "Basic {}",
        STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    if headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        != Some(&expected)
    {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_client"})),
        )
            .into_response();
    }
    let Some((grant, account)) = redeem(&stand_in, &form) else {
        return invalid_grant();
    };
    let (fault, base) = {
        let provider = stand_in.inner.lock().unwrap();
        (provider.fault, provider.base.clone())
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let mut claims = json!({
        "iss": base, "sub": account.subject, "aud": CLIENT_ID, "nonce": grant.nonce,
        "iat": now, "exp": now + 300,
    });
    match fault {
        Fault::OtherNonce => claims["nonce"] = json!("another-login"),
        Fault::OtherAudience => claims["aud"] = json!("another-client"),
        Fault::Expired => claims["exp"] = json!(now - 3600),
        Fault::None | Fault::SharedSecret => {}
    }
    let id_token = if fault == Fault::SharedSecret {
        let key = EncodingKey::from_secret(CLIENT_SECRET.as_bytes()).unwrap();
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &key).unwrap()
    } else {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some("test-key".into());
        let key = EncodingKey::from_ed_der(&STANDARD.decode(SIGNING_KEY).unwrap());
        jsonwebtoken::encode(&header, &claims, &key).unwrap()
    };
    let access_token = format!("access-{}", rand::random::<u64>());
    stand_in.grant(&access_token, account);
    Json(json!({"access_token": access_token, "token_type": "Bearer", "id_token": id_token}))
        .into_response()
}

/// The account a bearer token was given for.
fn bearer(stand_in: &StandIn, headers: &HeaderMap) -> Option<Account> {
    let token = headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")?;
    stand_in.inner.lock().unwrap().tokens.get(token).cloned()
}

async fn userinfo(State(stand_in): State<StandIn>, headers: HeaderMap) -> Response {
    match bearer(&stand_in, &headers) {
        Some(account) => Json(json!({
            "sub": account.subject, "name": account.name,
            "email": account.email, "email_verified": account.email_verified,
        }))
        .into_response(),
        None => StatusCode::UNAUTHORIZED.into_response(),
    }
}

async fn github_token(
    State(stand_in): State<StandIn>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let secret_fits = form.get("client_id").map(String::as_str) == Some(CLIENT_ID)
        && form.get("client_secret").map(String::as_str) == Some(CLIENT_SECRET);
    let wants_json =
        headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) == Some("application/json");
    if !secret_fits || !wants_json {
        return Json(json!({"error": "incorrect_client_credentials"})).into_response();
    }
    let Some((_, account)) = redeem(&stand_in, &form) else {
        // GitHub answers a bad code with 200 and an error.
        return Json(json!({"error": "bad_verification_code",
                           "error_description": "The code passed is incorrect or expired."}))
        .into_response();
    };
    let access_token = format!("gho_{}", rand::random::<u64>());
    stand_in.grant(&access_token, account);
    Json(json!({"access_token": access_token, "token_type": "bearer", "scope": "read:user,user:email"}))
        .into_response()
}

async fn github_user(State(stand_in): State<StandIn>, headers: HeaderMap) -> Response {
    match bearer(&stand_in, &headers) {
        Some(account) => Json(json!({
            "login": "octocat", "id": account.subject.parse::<u64>().unwrap_or(1),
            "name": account.name, "email": null, "type": "User",
        }))
        .into_response(),
        None => (
            StatusCode::UNAUTHORIZED,
            Json(json!({"message": "Bad credentials"})),
        )
            .into_response(),
    }
}

async fn github_emails(State(stand_in): State<StandIn>, headers: HeaderMap) -> Response {
    match bearer(&stand_in, &headers) {
        Some(account) => Json(json!([
            {"email": "octocat@users.noreply.github.com", "primary": false, "verified": true, "visibility": null},
            {"email": account.email, "primary": true, "verified": account.email_verified, "visibility": "public"},
        ]))
        .into_response(),
        None => (StatusCode::UNAUTHORIZED, Json(json!({"message": "Bad credentials"}))).into_response(),
    }
}
