//! Which reactions a site offers: `reactions = false`, `true` (the default six) or a list
//! of emoji, each checked once when the settings load.

use confab_api::reactions::{DEFAULT_REACTIONS, MAX_REACTION_BYTES, MAX_REACTIONS};
use serde::Deserialize;
use std::sync::Arc;

/// `reactions` as a configuration file or the `--reactions` flag gives it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum ReactionsFile {
    /// `true`: the default reactions; `false`: none.
    On(bool),
    /// These reactions, in this order.
    Set(Vec<String>),
}

/// The reactions a site offers unless it names others.
pub fn default_set() -> Arc<[String]> {
    DEFAULT_REACTIONS
        .iter()
        .map(|&one| one.to_owned())
        .collect()
}

/// Reads the flag: `off`, `on`, or reactions separated by commas.
pub fn parse_flag(text: &str) -> Result<ReactionsFile, String> {
    Ok(match text.trim() {
        "off" | "false" => ReactionsFile::On(false),
        "on" | "true" => ReactionsFile::On(true),
        list => ReactionsFile::Set(list.split(',').map(|one| one.trim().to_owned()).collect()),
    })
}

/// The reactions site `site` offers (none when they are off), checked: at most
/// [`MAX_REACTIONS`], each one [well formed](confab_api::reactions::is_well_formed), none
/// twice.
pub fn resolve(site: &str, file: Option<ReactionsFile>) -> Result<Arc<[String]>, String> {
    let set: Vec<String> = match file {
        None | Some(ReactionsFile::On(true)) => return Ok(default_set()),
        Some(ReactionsFile::On(false)) => Vec::new(),
        Some(ReactionsFile::Set(set)) => set,
    };
    if set.len() > MAX_REACTIONS {
        return Err(format!(
            "site {site:?}: at most {MAX_REACTIONS} reactions, not {}",
            set.len()
        ));
    }
    for (at, reaction) in set.iter().enumerate() {
        let well_formed = confab_api::reactions::is_well_formed(reaction);
        if !well_formed {
            return Err(format!(
                "site {site:?}: reaction {reaction:?} must be 1 to {MAX_REACTION_BYTES} bytes \
                 without spaces or commas"
            ));
        }
        if set[..at].contains(reaction) {
            return Err(format!(
                "site {site:?}: reaction {reaction:?} is listed twice"
            ));
        }
    }
    Ok(set.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reactions_default_turn_off_and_are_checked() {
        assert_eq!(resolve("a", None).unwrap().len(), 6);
        assert!(
            resolve("a", Some(ReactionsFile::On(false)))
                .unwrap()
                .is_empty()
        );
        let flag = parse_flag("👍, 🚀").unwrap();
        assert_eq!(&*resolve("a", Some(flag)).unwrap(), ["👍", "🚀"]);
        for bad in [
            vec![String::new()],
            vec!["a b".to_owned()],
            vec!["x".repeat(33)],
            vec!["👍".to_owned(), "👍".to_owned()],
            vec!["👍".to_owned(); 13],
        ] {
            assert!(resolve("a", Some(ReactionsFile::Set(bad))).is_err());
        }
        assert_eq!(parse_flag("off").unwrap(), ReactionsFile::On(false));
    }
}
