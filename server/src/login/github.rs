//! GitHub's OAuth apps (GitHub.com, or a GitHub Enterprise Server at its own address):
//! the code exchanged at `/login/oauth/access_token` (with the PKCE verifier), then the
//! user (`GET /user`) and their primary verified email (`GET /user/emails`) from the
//! REST API. GitHub gives no ID token: the attempt's `state` ties the code to it.

use super::{AttemptSecrets, LoginError, Person, first_name_given, json_answer, provider_refusal};
use crate::settings::logins::Login;
use serde_json::Value;

/// Where a reader authorizes the app.
pub fn authorize_endpoint(server: &str) -> String {
    format!("{server}/login/oauth/authorize")
}

/// The REST API of `server`: `api.github.com` for GitHub.com, `/api/v3` on a GitHub
/// Enterprise Server.
fn api_base(server: &str) -> String {
    if server == "https://github.com" {
        "https://api.github.com".to_owned()
    } else {
        format!("{server}/api/v3")
    }
}

/// Exchanges `code` for a token and asks GitHub who it belongs to.
pub async fn person(
    http: &reqwest::Client,
    login: &Login,
    callback: &str,
    code: &str,
    secrets: &AttemptSecrets,
) -> Result<Person, LoginError> {
    let unreachable = || LoginError::Unreachable("GitHub cannot be reached.".into());
    let form = [
        ("client_id", login.client_id.as_str()),
        ("client_secret", login.client_secret.as_str()),
        ("code", code),
        ("redirect_uri", callback),
        ("code_verifier", secrets.verifier.as_str()),
    ];
    let response = http
        .post(format!("{}/login/oauth/access_token", login.base))
        .header("Accept", "application/json")
        .form(&form)
        .send()
        .await
        .map_err(|_| unreachable())?;
    // GitHub answers a refused code with 200 and an `error`.
    let answer = json_answer(response).await?;
    if let Some(refusal) = provider_refusal(&answer) {
        return Err(refusal);
    }
    let token = answer["access_token"]
        .as_str()
        .ok_or_else(|| LoginError::Refused("GitHub gave no access token.".into()))?;
    let api = api_base(&login.base);
    let user = api_get(http, &format!("{api}/user"), token).await?;
    let subject = match &user["id"] {
        Value::Number(id) => id.to_string(),
        _ => return Err(LoginError::Unreachable("GitHub gave no user id.".into())),
    };
    // Without the `user:email` scope granted the list is refused: then there is no email.
    let emails = api_get(http, &format!("{api}/user/emails"), token)
        .await
        .unwrap_or(Value::Null);
    let email = emails
        .as_array()
        .into_iter()
        .flatten()
        .find(|entry| {
            entry["primary"] == Value::Bool(true) && entry["verified"] == Value::Bool(true)
        })
        .and_then(|entry| entry["email"].as_str())
        .filter(|email| email.chars().count() <= confab_api::limits::MAX_EMAIL_CHARS)
        .map(str::to_owned);
    Ok(Person {
        subject,
        name: first_name_given(&[user["name"].as_str(), user["login"].as_str()], None),
        email,
    })
}

/// A GET of GitHub's REST API with the reader's token.
async fn api_get(http: &reqwest::Client, url: &str, token: &str) -> Result<Value, LoginError> {
    let response = http
        .get(url)
        .bearer_auth(token)
        .header("Accept", "application/vnd.github+json")
        .header("X-GitHub-Api-Version", "2022-11-28")
        .send()
        .await
        .map_err(|_| LoginError::Unreachable("GitHub cannot be reached.".into()))?;
    if !response.status().is_success() {
        return Err(LoginError::Refused(format!(
            "GitHub answered {}.",
            response.status()
        )));
    }
    json_answer(response).await
}
