use super::*;

#[test]
fn the_pkce_challenge_is_s256_as_rfc_7636_computes_it() {
    let secrets = AttemptSecrets {
        state: String::new(),
        nonce: String::new(),
        verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".to_owned(),
    };
    assert_eq!(
        secrets.challenge(),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
    let fresh = AttemptSecrets::new();
    assert_ne!(fresh.state, AttemptSecrets::new().state);
    assert_eq!(
        fresh.verifier.len(),
        64,
        "43 to 128 characters, as PKCE asks"
    );
}

#[test]
fn a_name_is_the_first_one_given_else_the_email_before_its_at() {
    assert_eq!(first_name_given(&[None, Some(" Ann ")], None), "Ann");
    assert_eq!(first_name_given(&[Some(" ")], Some("bo@x.example")), "bo");
    assert_eq!(first_name_given(&[], None), "Anonymous");
    let long = "n".repeat(500);
    assert_eq!(
        first_name_given(&[Some(&long)], None).chars().count(),
        confab_api::limits::MAX_NAME_CHARS
    );
}
