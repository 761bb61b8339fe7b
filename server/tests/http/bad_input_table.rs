//! A table of malformed and hostile requests: each gets the expected 4xx (with Confab's
//! JSON error wherever the request reached the application), never a 5xx, and the server
//! keeps serving.

use crate::common::{ADMIN_TOKEN, TestApp, demo_key, new_comment};
use reqwest::Method;
use serde_json::{Value, json};

/// One request of the table.
struct Case {
    name: &'static str,
    method: Method,
    path: String,
    headers: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
    status: u16,
}

fn case(
    name: &'static str,
    method: Method,
    path: &str,
    body: Option<Vec<u8>>,
    status: u16,
) -> Case {
    Case {
        name,
        method,
        path: path.to_owned(),
        headers: Vec::new(),
        body,
        status,
    }
}

fn json_body(value: Value) -> Option<Vec<u8>> {
    Some(serde_json::to_vec(&value).unwrap())
}

fn with(field: &str, value: Value) -> Option<Vec<u8>> {
    let mut comment = new_comment();
    comment[field] = value;
    json_body(comment)
}

/// `length` characters with no repeats a database could compress away.
fn incompressible(length: usize) -> String {
    use sha2::Digest;
    (0u32..)
        .flat_map(|n| format!("{:x}", sha2::Sha256::digest(n.to_le_bytes())).into_bytes())
        .take(length)
        .map(char::from)
        .collect()
}

fn without(field: &str) -> Option<Vec<u8>> {
    let mut comment = new_comment();
    comment.as_object_mut().unwrap().remove(field);
    json_body(comment)
}

fn cases(other_thread_comment: i64) -> Vec<Case> {
    let post = |name, body, status| case(name, Method::POST, "/api/v1/comments", body, status);
    let get = |name, path: &str, status| case(name, Method::GET, path, None, status);
    let thread = "/api/v1/comments?thread=/why-social-media-in-healthcare/";
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let mut table = vec![
        post("body is a number", with("body", json!(5)), 400),
        post("body is null", with("body", json!(null)), 400),
        post("body is an object", with("body", json!({"a": 1})), 400),
        post("name is an array", with("author_name", json!(["a"])), 400),
        post("thread is a number", with("thread", json!(7)), 400),
        post("parent is a string", with("parent_id", json!("1")), 400),
        post("parent is a float", with("parent_id", json!(1.5)), 400),
        post("parent is huge", with("parent_id", json!(1e300)), 400),
        post("email is a bool", with("author_email", json!(true)), 400),
        post("proof is a number", with("proof", json!(42)), 400),
        post(
            "proof is an object",
            with("proof", json!({"challenge": "x"})),
            400,
        ),
        post("missing body", without("body"), 400),
        // A name may be left out (single sign-on gives it); then it is simply missing.
        post("missing name", without("author_name"), 422),
        post("missing thread", without("thread"), 400),
        post("empty object", json_body(json!({})), 400),
        post("a JSON array", json_body(json!([])), 400),
        post("a JSON string", json_body(json!("comment")), 400),
        post(
            "truncated JSON",
            Some(b"{\"thread\": \"/a/\", ".to_vec()),
            400,
        ),
        post(
            "invalid UTF-8",
            Some(vec![b'{', b'"', 0xC3, 0x28, b'"', b'}']),
            400,
        ),
        post("deeply nested JSON", Some(deep.into_bytes()), 400),
        post("trailing garbage", Some(b"{} {}".to_vec()), 400),
        post(
            "body over the limit",
            with("body", json!("x".repeat(10_001))),
            422,
        ),
        post(
            "request over 64 KB",
            with("body", json!("y".repeat(70_000))),
            413,
        ),
        post("empty body", with("body", json!("")), 422),
        post(
            "blank name",
            with("author_name", json!("\u{202E}\u{200B} ")),
            422,
        ),
        post(
            "name too long",
            with("author_name", json!("n".repeat(101))),
            422,
        ),
        post(
            "email without at",
            with("author_email", json!("nobody.example")),
            422,
        ),
        post(
            "email too long",
            with(
                "author_email",
                json!(format!("{}@x.example", "a".repeat(250))),
            ),
            422,
        ),
        post(
            "website javascript",
            with("author_website", json!("javascript:alert(1)")),
            422,
        ),
        post(
            "website data",
            with("author_website", json!("data:text/html,<b>x</b>")),
            422,
        ),
        post(
            "website too long",
            with(
                "author_website",
                json!(format!("https://x.example/{}", "a".repeat(600))),
            ),
            422,
        ),
        post("thread without slash", with("thread", json!("post")), 422),
        post("thread with NUL", with("thread", json!("/a\u{0}b/")), 422),
        // NUL is the one character PostgreSQL cannot store: every field that keeps text
        // must drop, replace or refuse it.
        post("body with NUL", with("body", json!("a\u{0}b")), 201),
        post("name with NUL", with("author_name", json!("A\u{0}nn")), 201),
        post("title with NUL", with("title", json!("A\u{0}title")), 201),
        post(
            "email with NUL",
            with("author_email", json!("a\u{0}@b.example")),
            422,
        ),
        post(
            "website with NUL",
            with("author_website", json!("https://a.example/\u{0}")),
            201,
        ),
        post(
            "url with NUL, from a script on a site with no origins of its own",
            with("url", json!("https://a.example/\u{0}")),
            422,
        ),
        get(
            "counts of a thread with NUL",
            "/api/v1/counts?thread=/a%00/",
            422,
        ),
        get(
            "live updates of a thread with NUL",
            "/api/v1/events?thread=/a%00/",
            422,
        ),
        post(
            "thread too long",
            with("thread", json!(format!("/{}", "a".repeat(600)))),
            422,
        ),
        post(
            "page url javascript",
            with("url", json!("javascript:alert(1)")),
            422,
        ),
        post("unknown parent", with("parent_id", json!(987_654_321)), 422),
        post("negative parent", with("parent_id", json!(-1)), 422),
        post(
            "parent in another thread",
            with("parent_id", json!(other_thread_comment)),
            422,
        ),
        post(
            "SQL in the thread",
            with("thread", json!("/a/'; DROP TABLE comments; --")),
            201,
        ),
        post(
            "SQL in the body",
            with("body", json!("Robert'); DROP TABLE comments;--")),
            201,
        ),
        get("no thread", "/api/v1/comments", 422),
        get("empty thread", "/api/v1/comments?thread=", 422),
        get("unknown sort", &format!("{thread}&sort=random"), 400),
        get("page size zero", &format!("{thread}&limit=0"), 400),
        get("page size huge", &format!("{thread}&limit=1000000"), 400),
        get("page size negative", &format!("{thread}&limit=-5"), 400),
        get("cursor negative", &format!("{thread}&cursor=-1.-1.-1"), 200),
        get("cursor garbage", &format!("{thread}&cursor=%27%3B--"), 400),
        get("around not a number", &format!("{thread}&around=abc"), 400),
        get(
            "replies of unknown",
            "/api/v1/comments/123456789/replies",
            404,
        ),
        get(
            "replies after garbage",
            "/api/v1/comments/1/replies?after=x",
            400,
        ),
        get("counts of nothing", "/api/v1/counts", 422),
        get("unknown endpoint", "/api/v1/nothing", 404),
        get("path traversal", "/../Cargo.toml", 404),
        get("encoded traversal", "/%2e%2e/%2e%2e/etc/passwd", 404),
        case(
            "manage link as broken JSON",
            Method::POST,
            "/api/v1/my-comments/link",
            Some(b"{\"email\": ".to_vec()),
            400,
        ),
        case(
            "manage link for an address with a NUL",
            Method::POST,
            "/api/v1/my-comments/link",
            json_body(json!({"email": "zoe\u{0}@example.com"})),
            422,
        ),
        case(
            "manage link with a hostile sign-in token",
            Method::POST,
            "/api/v1/my-comments/link",
            json_body(json!({"sso": "a.b.c<script>"})),
            422,
        ),
        get(
            "my comments without a token",
            "/api/v1/mail/my-comments",
            400,
        ),
        get(
            "my comments with a token of quotes",
            "/api/v1/mail/my-comments?token=%22%27%3C",
            403,
        ),
        get(
            "my comments' download with a huge token",
            &format!(
                "/api/v1/mail/my-comments/download?token={}",
                "a".repeat(5_000)
            ),
            403,
        ),
        case(
            "my comments erased with a form of garbage",
            Method::POST,
            "/api/v1/mail/my-comments?token=x",
            Some(b"\xff\xfe=%%%&erase".to_vec()),
            403,
        ),
        case(
            "PATCH a comment",
            Method::PATCH,
            "/api/v1/comments",
            None,
            405,
        ),
        case(
            "edit without token",
            Method::PUT,
            "/api/v1/comments/1",
            json_body(json!({"body": "x"})),
            401,
        ),
        case(
            "delete unknown",
            Method::DELETE,
            "/api/v1/comments/99999999",
            None,
            401,
        ),
        case(
            "edit id not a number",
            Method::PUT,
            "/api/v1/comments/abc",
            json_body(json!({"body": "x"})),
            404,
        ),
        case(
            "preview too long",
            Method::POST,
            "/api/v1/preview",
            json_body(json!({"body": "z".repeat(10_001)})),
            422,
        ),
        case(
            "own comments wrong type",
            Method::POST,
            "/api/v1/comments/mine",
            json_body(json!({"comments": 5})),
            400,
        ),
        case(
            "own comments with a forged session",
            Method::POST,
            "/api/v1/comments/mine",
            json_body(json!({"comments": [], "thread": "/x/", "session": "forged"})),
            422,
        ),
        case(
            "comment with a session of the wrong type",
            Method::POST,
            "/api/v1/comments",
            with("session", json!(["not", "text"])),
            400,
        ),
        case(
            "comment with a NUL in the session",
            Method::POST,
            "/api/v1/comments",
            with("session", json!("a\u{0}b")),
            422,
        ),
        case(
            "logout without a session",
            Method::POST,
            "/api/v1/login/logout",
            json_body(json!({})),
            400,
        ),
        case(
            "logout with a huge session",
            Method::POST,
            "/api/v1/login/logout",
            json_body(json!({"session": "s".repeat(100_000)})),
            413,
        ),
        case(
            "login start without an origin",
            Method::GET,
            "/api/v1/login/github/start",
            None,
            400,
        ),
        case(
            "login start of a login with a hostile id",
            Method::GET,
            "/api/v1/login/%3Cscript%3E/start?origin=%00",
            None,
            400,
        ),
        case(
            "recent comments, none asked",
            Method::GET,
            "/api/v1/comments/recent?limit=0",
            None,
            422,
        ),
        case(
            "recent comments, too many asked",
            Method::GET,
            "/api/v1/comments/recent?limit=99999999999999999999999",
            None,
            400,
        ),
        case(
            "recent comments, a word for a number",
            Method::GET,
            "/api/v1/comments/recent?limit=many",
            None,
            400,
        ),
        case(
            "challenge, posted to",
            Method::POST,
            "/api/v1/challenge",
            json_body(json!({"difficulty": 0})),
            405,
        ),
        get(
            "challenge with a hostile query",
            "/api/v1/challenge?difficulty=-1&%00=%ff",
            200,
        ),
        case(
            "recent comments, posted to",
            Method::POST,
            "/api/v1/comments/recent",
            json_body(json!({})),
            405,
        ),
        case(
            "login callback without a state",
            Method::GET,
            "/api/v1/login/callback",
            None,
            400,
        ),
        case(
            "login callback with a hostile state",
            Method::GET,
            "/api/v1/login/callback?state=%00%FF&code=%3Cscript%3E",
            None,
            400,
        ),
    ];
    let mut forged = case(
        "forged edit token",
        Method::PUT,
        "/api/v1/comments/1",
        json_body(json!({"body": "x"})),
        403,
    );
    forged.headers.push((
        "Authorization",
        "Bearer 00000000000000000000000000000000".into(),
    ));
    table.push(forged);
    let mut form = case(
        "form-encoded body",
        Method::POST,
        "/api/v1/comments",
        Some(b"body=x".to_vec()),
        415,
    );
    form.headers
        .push(("Content-Type", "application/x-www-form-urlencoded".into()));
    table.push(form);
    let mut huge_header = get("huge header", thread, 431);
    huge_header
        .headers
        .push(("X-Padding", "p".repeat(1024 * 1024)));
    table.push(huge_header);
    let login = |name, body, status| case(name, Method::POST, "/api/v1/admin/login", body, status);
    table.extend([
        login(
            "login name is a number",
            json_body(json!({"name": 1, "password": "x"})),
            400,
        ),
        login(
            "login without password",
            json_body(json!({"name": "x"})),
            400,
        ),
        login(
            "login name of 3,000 characters",
            json_body(json!({"name": incompressible(3000), "password": "x"})),
            401,
        ),
        login(
            "login name with NUL",
            json_body(json!({"name": "li\u{0}za", "password": "x"})),
            401,
        ),
        login("login as a string", json_body(json!("admin")), 400),
        login(
            "login unknown name",
            json_body(json!({"name": "root' --", "password": "x"})),
            401,
        ),
        login(
            "login password over 64 KB",
            json_body(json!({"name": "x", "password": "p".repeat(70_000)})),
            413,
        ),
        get("who am I, with no session", "/api/v1/admin/me", 401),
        get("queue without a token", "/api/v1/admin/queue", 401),
    ]);
    let admin = |name, method: Method, path: &str, body, status| {
        let mut admin_case = case(name, method, path, body, status);
        admin_case
            .headers
            .push(("Authorization", format!("Bearer {ADMIN_TOKEN}")));
        admin_case
    };
    table.extend([
        admin(
            "moderator's reply to an id that is no number",
            Method::POST,
            "/api/v1/admin/comments/abc/reply",
            json_body(json!({"body": "Hello"})),
            404,
        ),
        admin(
            "moderator's reply without a body",
            Method::POST,
            "/api/v1/admin/comments/1/reply",
            json_body(json!({})),
            400,
        ),
        admin(
            "moderator's reply of blank text",
            Method::POST,
            "/api/v1/admin/comments/1/reply",
            json_body(json!({"body": "   "})),
            422,
        ),
        admin(
            "moderator's reply too long",
            Method::POST,
            "/api/v1/admin/comments/1/reply",
            json_body(json!({"body": "z".repeat(10_001)})),
            422,
        ),
        admin(
            "queue of a status it does not list",
            Method::GET,
            "/api/v1/admin/queue?status=rejected",
            None,
            400,
        ),
        admin(
            "queue page after a forged cursor",
            Method::GET,
            "/api/v1/admin/queue?before=12.%27OR%201",
            None,
            422,
        ),
        admin(
            "queue page of 10,000",
            Method::GET,
            "/api/v1/admin/queue?limit=10000",
            None,
            422,
        ),
        admin(
            "queue page of none",
            Method::GET,
            "/api/v1/admin/queue?limit=0",
            None,
            422,
        ),
        admin(
            "queue since a day that is not one",
            Method::GET,
            "/api/v1/admin/queue?since=2026-02-30",
            None,
            422,
        ),
        admin(
            "queue until a date in another format",
            Method::GET,
            "/api/v1/admin/queue?until=07/12/2026",
            None,
            422,
        ),
        admin(
            "queue by an address that is not one",
            Method::GET,
            "/api/v1/admin/queue?address=1%27%20OR%201=1",
            None,
            422,
        ),
        admin(
            "queue filters of 3,000 characters each",
            Method::GET,
            &format!(
                "/api/v1/admin/queue?status=all&author={0}&email={0}&thread={0}",
                "%27".repeat(3_000)
            ),
            None,
            200,
        ),
        admin(
            "threads page after a forged cursor",
            Method::GET,
            "/api/v1/admin/threads?before=1%20OR%201=1",
            None,
            422,
        ),
        admin(
            "threads page of 201",
            Method::GET,
            "/api/v1/admin/threads?limit=201",
            None,
            422,
        ),
        admin(
            "threads search of 10,000 characters with NUL",
            Method::GET,
            &format!("/api/v1/admin/threads?q=a%00{}", "%25".repeat(10_000)),
            None,
            200,
        ),
        admin(
            "numbers of 7 days",
            Method::GET,
            "/api/v1/admin/stats?days=7",
            None,
            422,
        ),
        admin(
            "numbers of minus a year",
            Method::GET,
            "/api/v1/admin/stats?days=-365",
            None,
            422,
        ),
        admin(
            "bulk action on no comments",
            Method::POST,
            "/api/v1/admin/comments/bulk",
            json_body(json!({"action": "approve", "ids": []})),
            422,
        ),
        admin(
            "bulk action on 501 comments",
            Method::POST,
            "/api/v1/admin/comments/bulk",
            json_body(json!({"action": "approve", "ids": (1..=501).collect::<Vec<i64>>()})),
            422,
        ),
        admin(
            "bulk action of an unknown kind",
            Method::POST,
            "/api/v1/admin/comments/bulk",
            json_body(json!({"action": "burn", "ids": [1]})),
            400,
        ),
        admin(
            "bulk action on ids that are not numbers",
            Method::POST,
            "/api/v1/admin/comments/bulk",
            json_body(json!({"action": "spam", "ids": ["1; DROP TABLE comments"]})),
            400,
        ),
        admin(
            "moderator's edit as broken JSON",
            Method::POST,
            "/api/v1/admin/comments/1/edit",
            Some(b"{\"body\": \"Hi\", \"author_name\": ".to_vec()),
            400,
        ),
        admin(
            "moderator's edit without a name",
            Method::POST,
            "/api/v1/admin/comments/1/edit",
            json_body(json!({"body": "Hi"})),
            400,
        ),
        admin(
            "moderator's edit with a name that is a number",
            Method::POST,
            "/api/v1/admin/comments/1/edit",
            json_body(json!({"body": "Hi", "author_name": 7})),
            400,
        ),
        admin(
            "moderator's edit with a name of hidden characters",
            Method::POST,
            "/api/v1/admin/comments/1/edit",
            json_body(json!({"body": "Hi", "author_name": "\u{200b}\u{202e}"})),
            422,
        ),
        admin(
            "versions of an id past every integer",
            Method::GET,
            "/api/v1/admin/comments/99999999999999999999999/versions",
            None,
            404,
        ),
        admin(
            "comment list by a client that is only an address's start",
            Method::GET,
            "/api/v1/admin/queue?status=all&client=203.0.113.",
            None,
            422,
        ),
        admin(
            "comment list by an identity of NULs",
            Method::GET,
            "/api/v1/admin/queue?status=all&identity=%00%00",
            None,
            200,
        ),
        admin(
            "rule as broken JSON",
            Method::POST,
            "/api/v1/admin/rules",
            Some(b"{\"kind\": \"regex\", \"pattern\": ".to_vec()),
            400,
        ),
        admin(
            "rule with a regular expression too big to compile",
            Method::POST,
            "/api/v1/admin/rules",
            json_body(json!({"kind": "regex", "pattern": "(\\w{500}){500}", "action": "spam"})),
            422,
        ),
        admin(
            "rule trial with an unknown field",
            Method::POST,
            "/api/v1/admin/rules/test",
            json_body(json!({"kind": "words", "pattern": "x", "action": "spam", "priority": 1})),
            400,
        ),
        admin(
            "rule removed by an id past every integer",
            Method::DELETE,
            "/api/v1/admin/rules/99999999999999999999",
            None,
            404,
        ),
        admin(
            "bulk action as broken JSON",
            Method::POST,
            "/api/v1/admin/comments/bulk",
            Some(b"{\"action\": \"spam\", \"ids\": [".to_vec()),
            400,
        ),
        admin(
            "queue search of 10,000 characters",
            Method::GET,
            &format!("/api/v1/admin/queue?q={}", "%27".repeat(10_000)),
            None,
            200,
        ),
        admin(
            "queue search with NUL",
            Method::GET,
            "/api/v1/admin/queue?q=a%00b",
            None,
            200,
        ),
        admin(
            "unknown moderation action",
            Method::POST,
            "/api/v1/admin/comments/1/burn",
            None,
            404,
        ),
        admin(
            "moderate a non-number",
            Method::POST,
            "/api/v1/admin/comments/x/approve",
            None,
            404,
        ),
        admin(
            "approve an unknown comment",
            Method::POST,
            "/api/v1/admin/comments/99999999/approve",
            None,
            404,
        ),
        admin(
            "lock a thread without slash",
            Method::POST,
            "/api/v1/admin/threads/lock",
            json_body(json!({"thread": "post", "locked": true})),
            422,
        ),
        admin(
            "lock with a string for locked",
            Method::POST,
            "/api/v1/admin/threads/lock",
            json_body(json!({"thread": "/a/", "locked": "yes"})),
            400,
        ),
        admin(
            "import without a format",
            Method::POST,
            "/api/v1/admin/import",
            Some(b"<rss/>".to_vec()),
            422,
        ),
        admin(
            "import of an unknown format",
            Method::POST,
            "/api/v1/admin/import?format=blogger",
            Some(b"<rss/>".to_vec()),
            422,
        ),
        admin(
            "import into an unknown site",
            Method::POST,
            "/api/v1/admin/import?format=wxr&site=nowhere",
            Some(b"<rss/>".to_vec()),
            422,
        ),
        admin(
            "import of an empty file",
            Method::POST,
            "/api/v1/admin/import?format=disqus",
            None,
            422,
        ),
        admin(
            "import of broken XML",
            Method::POST,
            "/api/v1/admin/import?format=wxr",
            Some(b"<rss><channel><item>".to_vec()),
            422,
        ),
        admin(
            "import of binary noise as Isso",
            Method::POST,
            "/api/v1/admin/import?format=isso",
            Some(vec![0xff; 4096]),
            422,
        ),
        admin(
            "import of a corrupt gzip",
            Method::POST,
            "/api/v1/admin/import?format=jsonl",
            Some(vec![0x1f, 0x8b, 8, 0, 0xde, 0xad]),
            422,
        ),
        admin(
            "import of a billion laughs",
            Method::POST,
            "/api/v1/admin/import?format=disqus",
            Some(
                b"<!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]><disqus>&b;</disqus>"
                    .to_vec(),
            ),
            422,
        ),
        admin(
            "import of a fake SQLite file",
            Method::POST,
            "/api/v1/admin/import?format=isso",
            Some(b"SQLite format 3\0 but nothing after".to_vec()),
            422,
        ),
    ]);
    table.extend([
        get("feed without a thread", "/api/v1/feeds/thread.atom", 422),
        get(
            "feed of a thread with a NUL",
            "/api/v1/feeds/thread.atom?thread=/a%00/",
            422,
        ),
        get(
            "feed with a thread key of 10,000 characters",
            &format!("/api/v1/feeds/thread.atom?thread=/{}", "a".repeat(10_000)),
            422,
        ),
        get(
            "recent feed of a hostile origin",
            "/api/v1/feeds/recent.atom?origin=%3Cscript%3E",
            200,
        ),
    ]);
    table.push(case(
        "import without a token",
        Method::POST,
        "/api/v1/admin/import?format=wxr",
        Some(b"<rss/>".to_vec()),
        401,
    ));
    let mut forged_cookie = get("forged session cookie", "/api/v1/admin/log", 401);
    forged_cookie.headers.push((
        "Cookie",
        "confab_admin=00000000000000000000000000000000".into(),
    ));
    table.push(forged_cookie);
    let mut other_origin_url = post(
        "page URL on another origin",
        with("url", json!("https://elsewhere.example/post")),
        422,
    );
    other_origin_url
        .headers
        .push(("Origin", "http://HOST".into()));
    table.push(other_origin_url);
    let mut bad_key = post("idempotency key with spaces", json_body(new_comment()), 400);
    bad_key
        .headers
        .push(("Idempotency-Key", "has spaces".into()));
    table.push(bad_key);
    table
}

#[tokio::test]
async fn every_bad_request_gets_a_clear_4xx_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let app = TestApp::spawn_with(confab_server::http::RouterSetup {
        static_dir: Some(dir.path().to_owned()),
        ..Default::default()
    })
    .await;
    let mut other = new_comment();
    other["thread"] = json!("/another-thread/");
    let (_, other) = app.post(other).await;
    let table = cases(other["comment"]["id"].as_i64().unwrap());
    assert!(table.len() >= 50, "{} cases", table.len());
    println!("bad input table: {} requests", table.len());
    for case in &table {
        let mut request = app.client.request(case.method.clone(), app.url(&case.path));
        if let Some(body) = &case.body {
            request = request.body(body.clone());
            if !case.headers.iter().any(|(name, _)| *name == "Content-Type") {
                request = request.header("Content-Type", "application/json");
            }
        }
        for (name, value) in &case.headers {
            request = request.header(
                *name,
                value.replace("HOST", app.base.trim_start_matches("http://")),
            );
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let is_page = response
            .headers()
            .get("content-type")
            .is_some_and(|value| value.as_bytes().starts_with(b"text/html"));
        let text = response.text().await.unwrap_or_default();
        assert_eq!(status, case.status, "{}: {text}", case.name);
        // A 431 comes from the HTTP layer before any handler, and files outside /api/
        // answer like a file server; the sign-in popup's stops answer the browser with a
        // page that says what went wrong, and so do the pages of mailed links; everything
        // else answers in Confab's error shape.
        if is_page {
            let answers_with_pages = ["/api/v1/login/", "/api/v1/mail/"];
            assert!(
                answers_with_pages
                    .iter()
                    .any(|path| case.path.starts_with(path))
                    && text.contains("<h1>"),
                "{}: {text}",
                case.name
            );
        } else if (400..500).contains(&status) && status != 431 && case.path.starts_with("/api/") {
            let body: Value = serde_json::from_str(&text)
                .unwrap_or_else(|_| panic!("{}: not JSON: {text}", case.name));
            assert!(body["error"]["code"].is_string(), "{}: {text}", case.name);
            assert!(
                body["error"]["message"].is_string(),
                "{}: {text}",
                case.name
            );
        }
    }
    // The 8 demo comments, and the 5 cases above that post to the demo thread.
    assert_eq!(
        app.thread(&demo_key()).await["thread"]["count"],
        13,
        "the server still serves"
    );
    println!("bad-input table: {} cases", table.len());
}
