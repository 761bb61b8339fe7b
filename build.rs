//! Build script of the widget: the built-in English catalogue without the indentation
//! and line breaks of `lang/en.json`, so the widget carries fewer bytes (a JSON string
//! holds no raw line break, so what is trimmed at a line's ends is never inside one).

fn main() {
    println!("cargo::rerun-if-changed=lang/en.json");
    let text = std::fs::read_to_string("lang/en.json").expect("lang/en.json is readable");
    let compact: String = text.lines().map(str::trim).collect();
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(std::path::Path::new(&out).join("en.json"), compact)
        .expect("the compact catalogue is written");
}
