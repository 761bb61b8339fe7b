//! Times as readers like them: “3 hours ago”, with the exact date on hover. The words
//! come from the browser's `Intl`, so no date library or locale data ships in the wasm.

/// The unit and (negative, for the past) amount to say `seconds_ago` with.
pub fn relative_unit(seconds_ago: f64) -> (f64, &'static str) {
    const MINUTE: f64 = 60.0;
    const HOUR: f64 = 60.0 * MINUTE;
    const DAY: f64 = 24.0 * HOUR;
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

/// “3 hours ago” for an RFC 3339 time, in language `lang`, relative to now.
pub fn relative(rfc3339: &str, lang: &str) -> String {
    let then = js_sys::Date::parse(rfc3339);
    if then.is_nan() {
        return rfc3339.to_owned();
    }
    let (amount, unit) = relative_unit((js_sys::Date::now() - then) / 1000.0);
    let options = js_sys::Object::new();
    // Setting a plain property on a fresh object cannot fail.
    let _ = js_sys::Reflect::set(&options, &"numeric".into(), &"auto".into());
    let locales = js_sys::Array::of1(&lang.into());
    js_sys::Intl::RelativeTimeFormat::new(&locales, &options)
        .format(amount, unit)
        .into()
}

/// The exact date and time (“February 18, 2011 at 4:42 PM”) in the reader's time zone.
pub fn exact(rfc3339: &str, lang: &str) -> String {
    let date = js_sys::Date::new(&rfc3339.into());
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    let options = js_sys::Object::new();
    for (key, value) in [("dateStyle", "long"), ("timeStyle", "short")] {
        // Setting a plain property on a fresh object cannot fail.
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    date.to_locale_string(lang, &options).into()
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
}
