use super::*;
use jsonwebtoken::{EncodingKey, Header, encode};
use serde_json::json;

const SECRET: &str = "a-secret-of-at-least-thirty-two-bytes!";
const NOW: u64 = 1_800_000_000;

fn settings() -> SsoSettings {
    SsoSettings {
        secret: SECRET.to_owned(),
        login_url: None,
        logout_url: None,
        badges: vec![Badge::Moderator],
    }
}

fn origins() -> Vec<String> {
    vec!["https://shop.example".to_owned()]
}

fn claims() -> Value {
    json!({"sub": "u-42", "name": "Ann", "email": "ann@shop.example", "exp": NOW + 3600, "iat": NOW})
}

fn signed(claims: &Value, secret: &str, algorithm: Algorithm) -> String {
    encode(
        &Header::new(algorithm),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()).unwrap(),
    )
    .unwrap()
}

fn check(token: &str) -> Result<SignedIn, SsoError> {
    verify(token, Some(&settings()), "shop", &origins(), NOW)
}

fn with(change: impl FnOnce(&mut Value)) -> Result<SignedIn, SsoError> {
    let mut claims = claims();
    change(&mut claims);
    check(&signed(&claims, SECRET, Algorithm::HS256))
}

#[test]
fn a_token_signed_with_the_sites_secret_signs_its_reader_in() {
    let reader = with(|claims| {
        claims["avatar"] = json!("https://shop.example/avatars/42.png");
        claims["badge"] = json!("moderator");
        claims["aud"] = json!("shop");
    })
    .unwrap();
    assert_eq!(reader.subject, "u-42");
    assert_eq!(reader.name, "Ann");
    assert_eq!(reader.email.as_deref(), Some("ann@shop.example"));
    assert_eq!(reader.badge, Some(Badge::Moderator));
    // A badge the site's configuration does not allow is not given.
    assert_eq!(
        with(|c| c["badge"] = json!("post_author")).unwrap().badge,
        None
    );
}

#[test]
fn bad_tokens_are_refused_each_with_its_reason() {
    let other_secret = "another-secret-of-thirty-two-bytes-or-more";
    assert_eq!(
        check(&signed(&claims(), other_secret, Algorithm::HS256)),
        Err(SsoError::BadSignature),
        "a token of another site"
    );
    assert_eq!(
        check(&signed(&claims(), SECRET, Algorithm::HS512)),
        Err(SsoError::WrongAlgorithm)
    );
    let payload = URL_SAFE_NO_PAD.encode(claims().to_string());
    for header in [
        r#"{"alg":"none","typ":"JWT"}"#,
        r#"{"alg":"HS256 ","typ":"JWT"}"#,
        r#"{"typ":"JWT"}"#,
    ] {
        let unsigned = format!("{}.{payload}.", URL_SAFE_NO_PAD.encode(header));
        assert_eq!(check(&unsigned), Err(SsoError::WrongAlgorithm), "{header}");
    }
    assert_eq!(with(|c| c["exp"] = json!(NOW - 1)), Err(SsoError::Expired));
    assert_eq!(
        with(|c| c["exp"] = json!(NOW + 25 * 3600)),
        Err(SsoError::BadExpiry)
    );
    assert_eq!(
        with(|c| {
            c.as_object_mut().unwrap().remove("exp");
        }),
        Err(SsoError::BadExpiry)
    );
    assert_eq!(
        with(|c| {
            c.as_object_mut().unwrap().remove("sub");
        }),
        Err(SsoError::MissingSubject)
    );
    assert_eq!(
        with(|c| c["sub"] = json!("  ")),
        Err(SsoError::MissingSubject)
    );
    assert_eq!(with(|c| c["name"] = json!("")), Err(SsoError::MissingName));
    assert_eq!(with(|c| c["name"] = json!(7)), Err(SsoError::Malformed));
    assert_eq!(with(|c| c["aud"] = json!("blog")), Err(SsoError::OtherSite));
    assert_eq!(
        with(|c| c["aud"] = json!(["https://shop.example"])).map(|r| r.name),
        Ok("Ann".to_owned())
    );
    for avatar in [
        "https://evil.example/a.png",
        "http://shop.example/a.png",
        "javascript:alert(1)",
    ] {
        assert_eq!(
            with(|c| c["avatar"] = json!(avatar)),
            Err(SsoError::AvatarOffSite),
            "{avatar}"
        );
    }
    assert_eq!(
        with(|c| c["name"] = json!("n".repeat(101))),
        Err(SsoError::Oversize)
    );
    assert_eq!(
        with(|c| c["sub"] = json!("s".repeat(256))),
        Err(SsoError::Oversize)
    );
    assert_eq!(
        with(|c| c["padding"] = json!("p".repeat(5_000))),
        Err(SsoError::Oversize)
    );
    for garbage in ["", "a.b", "not a token at all", "....", "e30.e30.e30"] {
        assert!(check(garbage).is_err(), "{garbage}");
    }
    assert_eq!(
        verify(
            &signed(&claims(), SECRET, Algorithm::HS256),
            None,
            "shop",
            &origins(),
            NOW
        ),
        Err(SsoError::NotEnabled)
    );
}
