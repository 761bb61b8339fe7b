//! OpenID Connect: an issuer found by its discovery document, the code exchanged at its
//! token endpoint (with the PKCE verifier), and the ID token checked against the issuer's
//! keys: signature, `iss`, `aud` (and `azp`), `exp` and the attempt's `nonce`. Claims the
//! ID token leaves out (many issuers keep name and email for the userinfo endpoint) are
//! read from there, for the same `sub`.

use super::{AttemptSecrets, LoginError, Person, first_name_given, json_answer, provider_refusal};
use crate::settings::logins::{Login, is_provider_address};
use jsonwebtoken::jwk::{AlgorithmParameters, Jwk};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long an issuer's discovery document and keys are kept.
const KEPT_FOR: Duration = Duration::from_secs(10 * 60);
/// How far a provider's clock may be off.
const CLOCK_LEEWAY_SECONDS: u64 = 60;
/// The signatures accepted: an issuer's public keys only, never a shared secret.
const ALGORITHMS: [Algorithm; 9] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

/// What an issuer's discovery document says, with its keys.
#[derive(Debug)]
pub struct Issuer {
    pub issuer: String,
    pub authorization_endpoint: String,
    token_endpoint: String,
    userinfo_endpoint: Option<String>,
    keys: Vec<Jwk>,
}

/// Issuers discovered lately, by their configured address.
#[derive(Debug, Default)]
pub struct IssuerCache(Mutex<HashMap<String, (Instant, Arc<Issuer>)>>);

impl IssuerCache {
    /// The issuer at `address`, discovered anew when not kept or kept too long.
    pub async fn get(
        &self,
        http: &reqwest::Client,
        address: &str,
    ) -> Result<Arc<Issuer>, LoginError> {
        let kept = self.lock().get(address).cloned();
        if let Some((at, issuer)) = kept
            && at.elapsed() < KEPT_FOR
        {
            return Ok(issuer);
        }
        self.refresh(http, address).await
    }

    /// Discovers the issuer at `address` again (its keys may have rotated).
    pub async fn refresh(
        &self,
        http: &reqwest::Client,
        address: &str,
    ) -> Result<Arc<Issuer>, LoginError> {
        let issuer = Arc::new(discover(http, address).await?);
        self.lock()
            .insert(address.to_owned(), (Instant::now(), Arc::clone(&issuer)));
        Ok(issuer)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, Arc<Issuer>)>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Reads the discovery document of the issuer at `address`, and its keys.
async fn discover(http: &reqwest::Client, address: &str) -> Result<Issuer, LoginError> {
    let unreachable = |what: &str| LoginError::Unreachable(format!("The issuer {what}."));
    let document = get_json(http, &format!("{address}/.well-known/openid-configuration")).await?;
    let text = |name: &str| document[name].as_str().map(str::to_owned);
    let issuer = text("issuer").unwrap_or_default();
    // The document must be the issuer's own (OpenID Connect Discovery, section 4.3).
    if issuer.trim_end_matches('/') != address {
        return Err(unreachable(
            "names another issuer in its discovery document",
        ));
    }
    let endpoint = |name: &str| {
        text(name)
            .filter(|url| is_provider_address(url))
            .ok_or_else(|| unreachable(&format!("gives no secure {name}")))
    };
    let jwks_uri = endpoint("jwks_uri")?;
    let keys = get_json(http, &jwks_uri).await?;
    let keys = keys["keys"]
        .as_array()
        .ok_or_else(|| unreachable("gives no keys"))?
        .iter()
        // A key of a kind this server does not know is passed over, not fatal.
        .filter_map(|key| serde_json::from_value::<Jwk>(key.clone()).ok())
        .collect();
    Ok(Issuer {
        issuer,
        authorization_endpoint: endpoint("authorization_endpoint")?,
        token_endpoint: endpoint("token_endpoint")?,
        userinfo_endpoint: endpoint("userinfo_endpoint").ok(),
        keys,
    })
}

async fn get_json(http: &reqwest::Client, url: &str) -> Result<Value, LoginError> {
    let response = http
        .get(url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| LoginError::Unreachable("The identity provider cannot be reached.".into()))?;
    if !response.status().is_success() {
        return Err(LoginError::Unreachable(format!(
            "The identity provider answered {}.",
            response.status()
        )));
    }
    json_answer(response).await
}

/// Exchanges `code` and checks the ID token; the person it names.
pub async fn person(
    http: &reqwest::Client,
    cache: &IssuerCache,
    issuer: &Issuer,
    login: &Login,
    callback: &str,
    code: &str,
    secrets: &AttemptSecrets,
) -> Result<Person, LoginError> {
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", callback),
        ("code_verifier", secrets.verifier.as_str()),
    ];
    let encode =
        |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
    let response = http
        .post(&issuer.token_endpoint)
        // client_secret_basic, with both parts form-encoded (RFC 6749, section 2.3.1).
        .basic_auth(encode(&login.client_id), Some(encode(&login.client_secret)))
        .header("Accept", "application/json")
        .form(&form)
        .send()
        .await
        .map_err(|_| LoginError::Unreachable("The identity provider cannot be reached.".into()))?;
    let answer = json_answer(response).await?;
    if let Some(refusal) = provider_refusal(&answer) {
        return Err(refusal);
    }
    let id_token = answer["id_token"]
        .as_str()
        .ok_or_else(|| LoginError::Refused("The identity provider gave no ID token.".into()))?;
    let mut claims = match verify_id_token(id_token, issuer, login, &secrets.nonce) {
        Err(KeyMissing) => {
            // The issuer may have rotated its keys since they were read.
            let fresh = cache.refresh(http, &login.base).await?;
            verify_id_token(id_token, &fresh, login, &secrets.nonce)
                .map_err(|_| LoginError::Refused("The ID token's key is unknown.".into()))??
        }
        Ok(checked) => checked?,
    };
    if let (Some(endpoint), Some(access_token)) =
        (&issuer.userinfo_endpoint, answer["access_token"].as_str())
        && (claims["name"].is_null() || claims["email"].is_null())
    {
        add_userinfo(http, endpoint, access_token, &mut claims).await;
    }
    let text = |name: &str| claims[name].as_str().filter(|text| !text.trim().is_empty());
    let verified = matches!(&claims["email_verified"], Value::Bool(true))
        || claims["email_verified"].as_str() == Some("true");
    let email = text("email")
        .filter(|_| verified)
        .map(str::to_owned)
        .filter(|email| email.chars().count() <= confab_api::limits::MAX_EMAIL_CHARS);
    let given_and_family = match (text("given_name"), text("family_name")) {
        (Some(given), Some(family)) => Some(format!("{given} {family}")),
        _ => None,
    };
    Ok(Person {
        subject: text("sub").unwrap_or_default().to_owned(),
        name: first_name_given(
            &[
                text("name"),
                text("preferred_username"),
                text("nickname"),
                given_and_family.as_deref(),
            ],
            email.as_deref(),
        ),
        email,
    })
}

/// The ID token was signed with a key the issuer's kept keys do not hold.
struct KeyMissing;

/// The ID token's claims, once its signature, issuer, audience, expiry and nonce hold.
fn verify_id_token(
    token: &str,
    issuer: &Issuer,
    login: &Login,
    nonce: &str,
) -> Result<Result<Value, LoginError>, KeyMissing> {
    let refused = |why: &str| Ok(Err(LoginError::Refused(format!("The ID token {why}."))));
    let Ok(header) = jsonwebtoken::decode_header(token) else {
        return refused("is not a JWT");
    };
    if !ALGORITHMS.contains(&header.alg) {
        return refused("is not signed with the issuer's public key");
    }
    let key = issuer.keys.iter().find(|key| {
        let fits_kind = !matches!(key.algorithm, AlgorithmParameters::OctetKey(_));
        let fits_id = match &header.kid {
            Some(kid) => key.common.key_id.as_deref() == Some(kid),
            None => issuer.keys.len() == 1,
        };
        fits_kind && fits_id
    });
    let Some(key) = key else {
        return Err(KeyMissing);
    };
    let Ok(key) = DecodingKey::from_jwk(key) else {
        return refused("is signed with a key this server cannot use");
    };
    let mut validation = Validation::new(header.alg);
    validation.set_issuer(&[&issuer.issuer]);
    validation.set_audience(&[&login.client_id]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    validation.leeway = CLOCK_LEEWAY_SECONDS;
    use jsonwebtoken::errors::ErrorKind;
    let claims = match jsonwebtoken::decode::<Value>(token, &key, &validation) {
        Ok(data) => data.claims,
        Err(error) => {
            return match error.kind() {
                ErrorKind::ExpiredSignature => refused("has expired"),
                ErrorKind::InvalidAudience => refused("was made for another client"),
                ErrorKind::InvalidIssuer => refused("comes from another issuer"),
                ErrorKind::InvalidSignature => refused("has a bad signature"),
                _ => refused("is not valid"),
            };
        }
    };
    if claims["azp"]
        .as_str()
        .is_some_and(|party| party != login.client_id)
    {
        return refused("was made for another client");
    }
    if claims["nonce"].as_str() != Some(nonce) {
        return refused("was made for another login (its nonce differs)");
    }
    let subject = claims["sub"].as_str().unwrap_or_default();
    if subject.is_empty() || subject.len() > crate::sso::MAX_SUBJECT_CHARS {
        return refused("has no usable subject");
    }
    Ok(Ok(claims))
}

/// Adds the claims of the userinfo endpoint that the ID token lacks, when they are about
/// the same subject; a failing endpoint adds nothing.
async fn add_userinfo(
    http: &reqwest::Client,
    endpoint: &str,
    access_token: &str,
    claims: &mut Value,
) {
    let Ok(response) = http.get(endpoint).bearer_auth(access_token).send().await else {
        return;
    };
    let Ok(Value::Object(userinfo)) = json_answer(response).await else {
        return;
    };
    if userinfo.get("sub") != Some(&claims["sub"]) {
        return;
    }
    for (name, value) in userinfo {
        if claims[&name].is_null() {
            claims[&name] = value;
        }
    }
}
