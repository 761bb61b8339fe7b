//! Times as readers like them: “3 hours ago”, with the exact date on hover. The words
//! come from the browser's `Intl`, so no date library or locale data ships in the wasm.

const MINUTE: f64 = 60.0;
const HOUR: f64 = 60.0 * MINUTE;
const DAY: f64 = 24.0 * HOUR;

/// The unit and (negative, for the past) amount to say `seconds_ago` with.
pub fn relative_unit(seconds_ago: f64) -> (f64, &'static str) {
    let seconds = seconds_ago.max(0.0);
    let (amount, unit) = match seconds {
        s if s < MINUTE => (s, "second"),
        s if s < HOUR => (s / MINUTE, "minute"),
        s if s < DAY => (s / HOUR, "hour"),
        s if s < 30.0 * DAY => (s / DAY, "day"),
        s if s < 365.0 * DAY => (s / (30.0 * DAY), "month"),
        s => (s / (365.0 * DAY), "year"),
    };
    (-amount.floor(), unit)
}

/// Whether the words for a time `seconds_ago` change while a reader looks: under a day
/// they change every second, minute or hour; older, at most once a day, so a thread of
/// thousands need not redraw them all every few seconds.
pub fn changes_while_read(seconds_ago: f64) -> bool {
    seconds_ago < DAY
}

/// Whether the words for an RFC 3339 time change while a reader looks (an unreadable
/// time never changes).
pub fn is_recent(rfc3339: &str) -> bool {
    let then = js_sys::Date::parse(rfc3339);
    !then.is_nan() && changes_while_read((js_sys::Date::now() - then) / 1000.0)
}

/// The browser's formatters for one language, made once: making an `Intl` formatter costs
/// far more than using one, and a thread of a thousand comments formats two thousand times.
struct Formatters {
    lang: String,
    relative: js_sys::Intl::RelativeTimeFormat,
    /// `Intl.DateTimeFormat(lang, {dateStyle: "long", timeStyle: "short"}).format`, bound.
    exact: js_sys::Function,
}

impl Formatters {
    fn new(lang: &str) -> Self {
        let locales = js_sys::Array::of1(&lang.into());
        let relative = options(&[("numeric", "auto")]);
        let exact = options(&[("dateStyle", "long"), ("timeStyle", "short")]);
        Self {
            lang: lang.to_owned(),
            relative: js_sys::Intl::RelativeTimeFormat::new(&locales, &relative),
            exact: js_sys::Intl::DateTimeFormat::new(&locales, &exact).format(),
        }
    }
}

thread_local! {
    static FORMATTERS: std::cell::RefCell<Option<Formatters>> = const { std::cell::RefCell::new(None) };
}

/// Runs `format` with the formatters of language `lang`, making them on first use.
fn with_formatters<T>(lang: &str, format: impl FnOnce(&Formatters) -> T) -> T {
    FORMATTERS.with_borrow_mut(|cached| {
        if cached
            .as_ref()
            .is_none_or(|formatters| formatters.lang != lang)
        {
            *cached = Some(Formatters::new(lang));
        }
        match cached.as_ref() {
            Some(formatters) => format(formatters),
            None => format(&Formatters::new(lang)),
        }
    })
}

/// An options object holding `pairs`.
fn options(pairs: &[(&str, &str)]) -> js_sys::Object {
    let options = js_sys::Object::new();
    for (key, value) in pairs {
        // Setting a plain property on a fresh object cannot fail.
        let _ = js_sys::Reflect::set(&options, &(*key).into(), &(*value).into());
    }
    options
}

/// “3 hours ago” for an RFC 3339 time, in language `lang`, relative to now.
pub fn relative(rfc3339: &str, lang: &str) -> String {
    let then = js_sys::Date::parse(rfc3339);
    if then.is_nan() {
        return rfc3339.to_owned();
    }
    let (amount, unit) = relative_unit((js_sys::Date::now() - then) / 1000.0);
    with_formatters(lang, |formatters| {
        formatters.relative.format(amount, unit).into()
    })
}

/// The exact date and time (“February 18, 2011 at 4:42 PM”) in the reader's time zone.
pub fn exact(rfc3339: &str, lang: &str) -> String {
    let date = js_sys::Date::new(&rfc3339.into());
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    with_formatters(lang, |formatters| {
        formatters
            .exact
            .call1(&wasm_bindgen::JsValue::NULL, &date)
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_else(|| rfc3339.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unit_grows_with_the_distance() {
        assert_eq!(relative_unit(5.0), (-5.0, "second"));
        assert_eq!(relative_unit(3.5 * 3600.0), (-3.0, "hour"));
        assert_eq!(relative_unit(2.0 * 86_400.0), (-2.0, "day"));
        assert_eq!(relative_unit(400.0 * 86_400.0), (-1.0, "year"));
        assert_eq!(relative_unit(-10.0), (-0.0, "second"));
    }

    #[test]
    fn only_times_under_a_day_old_change_while_read() {
        assert!(changes_while_read(5.0));
        assert!(changes_while_read(23.0 * 3600.0));
        assert!(!changes_while_read(24.0 * 3600.0));
        assert!(!changes_while_read(400.0 * 86_400.0));
    }
}
