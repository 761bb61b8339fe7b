//! `spam_filter`, `spam_filter_hold` and `spam_filter_spam` (per site): whether the spam
//! filter that learns from moderators judges new comments, and from which score it holds
//! one or marks it as spam.

/// What a site's spam filter does with a new comment's score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FilterSettings {
    /// Whether it judges at all (it learns either way).
    pub on: bool,
    /// From this score a comment waits for a moderator.
    pub hold: f64,
    /// From this score a comment is marked as spam.
    pub spam: f64,
}

impl Default for FilterSettings {
    fn default() -> Self {
        Self {
            on: true,
            hold: 0.95,
            spam: 0.99,
        }
    }
}

impl FilterSettings {
    /// The settings a site's file gives, over the defaults, or what is wrong with them.
    pub fn resolve(on: Option<bool>, hold: Option<f64>, spam: Option<f64>) -> Result<Self, String> {
        let defaults = Self::default();
        let settings = Self {
            on: on.unwrap_or(defaults.on),
            hold: hold.unwrap_or(defaults.hold),
            spam: spam.unwrap_or(defaults.spam),
        };
        for (name, value) in [
            ("spam_filter_hold", settings.hold),
            ("spam_filter_spam", settings.spam),
        ] {
            if !(0.5..=1.0).contains(&value) {
                return Err(format!("{name} {value}: a score from 0.5 to 1 (1: never)"));
            }
        }
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    //! What the file may say.

    use super::*;

    #[test]
    fn scores_outside_half_to_one_are_refused() {
        assert_eq!(
            FilterSettings::resolve(None, None, None),
            Ok(FilterSettings::default())
        );
        let set = FilterSettings::resolve(Some(false), Some(0.8), Some(1.0)).unwrap();
        assert_eq!((set.on, set.hold, set.spam), (false, 0.8, 1.0));
        assert!(FilterSettings::resolve(None, Some(0.2), None).is_err());
        assert!(FilterSettings::resolve(None, None, Some(1.5)).is_err());
        assert!(FilterSettings::resolve(None, Some(f64::NAN), None).is_err());
    }
}
