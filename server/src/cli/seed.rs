//! The demo thread: the seed article's comments, kept in the repository as a WordPress
//! export and imported on first start with `--demo` (an import never stores a comment twice).

use crate::import::{self, Format, ImportError, Summary, Target};
use crate::settings::SiteSettings;
use crate::storage::Archives;

/// The demo thread's data file, kept in the repository.
const DEMO_THREAD: &str = include_str!("../../seed/demo-thread.xml");

/// The key of the demo thread, for the demo page and the tests.
pub const DEMO_THREAD_KEY: &str = "/why-social-media-in-healthcare/";

/// Imports the demo thread; what an earlier start stored is not stored again.
pub async fn seed_demo_thread(
    storage: &dyn Archives,
    site: &SiteSettings,
    server_key: &str,
) -> Result<Summary, ImportError> {
    let target = Target { site, server_key };
    import::import(storage, target, Format::Wxr, DEMO_THREAD.as_bytes()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_file_holds_the_seed_thread() {
        let source = import::wxr::read(DEMO_THREAD.as_bytes()).unwrap();
        assert!(source.skipped.is_empty());
        let [thread] = &source.threads[..] else {
            panic!("one thread");
        };
        assert_eq!(thread.key, DEMO_THREAD_KEY);
        assert_eq!(
            thread.title.as_deref(),
            Some("Why Social Media in Healthcare?")
        );
        assert_eq!(thread.comments.len(), 8);
        let badged: Vec<&str> = thread
            .comments
            .iter()
            .filter(|comment| comment.badge.is_some())
            .map(|comment| comment.author_name.as_str())
            .collect();
        assert_eq!(badged, ["Liza Sisler"]);
    }
}
