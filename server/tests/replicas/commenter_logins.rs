//! A login with an identity provider across servers: the popup leaves from one server
//! and comes back to another (the attempt is a row), and the session it ends in works
//! on every server and ends on all of them at once.

use super::{Replica, config_file, shared_database};
use crate::identity_providers::{CLIENT_ID, CLIENT_SECRET, StandIn};
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_begun_on_one_server_ends_on_another_and_its_session_works_on_all() {
    let (database, dir) = shared_database().await;
    let provider = StandIn::openid().await;
    let config = config_file(
        dir.path(),
        &format!(
            "[[site]]\nname = \"blog\"\norigins = [\"https://blog.example\"]\n\
             [[site.login]]\nid = \"company\"\nname = \"Company ID\"\nkind = \"oidc\"\n\
             issuer = \"{}\"\nclient_id = \"{CLIENT_ID}\"\nclient_secret = \"{CLIENT_SECRET}\"\n",
            provider.base
        ),
    );
    let args = ["--config", config.to_str().unwrap(), "--write-rate", "1000"];
    let (a, b) = (
        Replica::start(&database, &args),
        Replica::start(&database, &args),
    );
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let location =
        |response: &reqwest::Response| response.headers()["location"].to_str().unwrap().to_owned();
    let start = browser
        .get(format!("{}/api/v1/login/company/start", a.url))
        .query(&[("origin", "https://blog.example")])
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), 303);
    let at_provider = browser.get(location(&start)).send().await.unwrap();
    // The provider sends the popup back to server A; a load balancer gives it to B.
    let callback = url::Url::parse(&location(&at_provider)).unwrap();
    let on_b = format!("{}{}?{}", b.url, callback.path(), callback.query().unwrap());
    let page = browser
        .get(&on_b)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let marker = "data-confab-login=\"confab-login\n";
    let token = page[page.find(marker).expect(&page) + marker.len()..]
        .lines()
        .next()
        .unwrap()
        .to_owned();
    // The same answer again, on A this time: the state was taken.
    let replayed = browser.get(callback.as_str()).send().await.unwrap();
    assert_eq!(replayed.status(), 400);

    let client = reqwest::Client::new();
    let post = |url: String| {
        let client = client.clone();
        let token = token.clone();
        async move {
            let response = client
                .post(format!("{url}/api/v1/comments"))
                .header("Origin", "https://blog.example")
                .json(
                    &json!({"thread": "/replicas/", "body": format!("Posted on {url}"),
                              "session": token}),
                )
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap())
        }
    };
    for url in [&a.url, &b.url] {
        let (status, posted) = post(url.clone()).await;
        assert_eq!(status, 201, "{posted}");
        assert_eq!(posted["comment"]["author"]["name"], "Jane Doe");
    }
    let ended = client
        .post(format!("{}/api/v1/login/logout", b.url))
        .json(&json!({"session": token}))
        .send()
        .await
        .unwrap();
    assert_eq!(ended.status(), 204);
    let (status, _) = post(a.url.clone()).await;
    assert_eq!(status, 422, "logged out on B is logged out on A");
}
