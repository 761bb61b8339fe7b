//! What the server erases by itself: client addresses older than the settings allow.

use crate::common::{ADMIN_TOKEN, TestApp};
use reqwest::Method;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn client_addresses_are_erased_once_kept_long_enough_and_not_before() {
    let config = format!(
        "[admin]\ntoken = \"{ADMIN_TOKEN}\"\n[[site]]\nname = \"blog\"\nmoderation = \"all\"\n"
    );
    let app = TestApp::spawn_from_config(Default::default(), &config).await;
    let comment = json!({"thread": "/kept/", "author_name": "Al", "body": "Held, with my address"});
    assert_eq!(app.post(comment).await.0, 202);
    let addresses = || async {
        let (_, queue) = app
            .admin(Method::GET, "/api/v1/admin/queue?q=with my address", None)
            .await;
        queue["comments"][0]["client_address"].clone()
    };
    assert_eq!(addresses().await, "127.0.0.1");

    // Kept for a day: a comment of a moment ago keeps its address.
    let erased = confab_server::retention::sweep(app.storage.as_ref(), Duration::from_secs(86_400))
        .await
        .unwrap();
    assert_eq!(erased, 0);
    assert_eq!(addresses().await, "127.0.0.1");

    tokio::time::sleep(Duration::from_millis(5)).await;
    let erased = confab_server::retention::sweep(app.storage.as_ref(), Duration::ZERO)
        .await
        .unwrap();
    assert!(erased >= 1);
    assert_eq!(addresses().await, serde_json::Value::Null);
}
