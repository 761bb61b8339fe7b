//! The loader and the widget's stylesheet as served: without their comments and
//! indentation. The files in the repository stay commented for people; every byte served
//! counts for host pages.
//!
//! Only whole-line comments are removed (`// …` lines and `/* … */` blocks that start a
//! line), so no string or regular expression is ever touched.

/// The stylesheet `source` without comment lines, indentation or blank lines (CSS has no
/// `//` comments, so no line of it looks like one).
pub fn stylesheet(source: &str) -> String {
    loader(source)
}

/// `source` without comment lines, indentation or blank lines.
pub fn loader(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut in_block = false;
    for line in source.lines() {
        let line = line.trim();
        // A block comment that starts a line ends there or on a later line; code after
        // its end is kept.
        let code = if in_block || line.starts_with("/*") {
            let search_from = if in_block { 0 } else { 2 };
            match line[search_from..].find("*/") {
                Some(end) => {
                    in_block = false;
                    line[search_from + end + 2..].trim()
                }
                None => {
                    in_block = true;
                    continue;
                }
            }
        } else {
            line
        };
        if code.is_empty() || code.starts_with("//") {
            continue;
        }
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// Minifies the built loader in place.
pub fn loader_file(path: &std::path::Path) -> crate::process::Result {
    let source =
        std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
    std::fs::write(path, loader(&source)).map_err(|error| format!("{}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_after_a_block_comment_on_its_line_stays() {
        assert_eq!(
            loader("/* a */ one();\n/* b\n c */ two();\n"),
            "one();\ntwo();\n"
        );
    }

    #[test]
    fn comment_lines_and_indentation_go_and_code_stays() {
        let source = "/* Header\n   more */\n(function () {\n  // why\n  var a = \"http://x\"; /* kept */\n\n  var b = /\\/+$/;\n})();\n";
        assert_eq!(
            loader(source),
            "(function () {\nvar a = \"http://x\"; /* kept */\nvar b = /\\/+$/;\n})();\n"
        );
    }
}
