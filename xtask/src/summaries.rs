//! Reading test runners' summaries: how many tests passed and failed.

/// Sums libtest's `test result: ok. N passed; M failed; …` lines.
pub fn cargo_counts(output: &str) -> (u32, u32) {
    let mut totals = (0, 0);
    for line in output
        .lines()
        .filter_map(|line| line.trim().strip_prefix("test result: "))
    {
        totals.0 += number_before(line, " passed");
        totals.1 += number_before(line, " failed");
    }
    totals
}

/// Reads Playwright's summary lines (`  5 passed (3.2s)`, `  1 failed`, `  1 flaky`).
pub fn playwright_counts(output: &str) -> (u32, u32) {
    let mut totals = (0, 0);
    for line in output.lines().map(str::trim) {
        if line.ends_with(" passed") || line.contains(" passed (") {
            totals.0 += number_before(line, " passed");
        }
        if line.ends_with(" failed") || line.ends_with(" flaky") {
            totals.1 += number_before(line, " failed") + number_before(line, " flaky");
        }
    }
    totals
}

/// The number written just before `label` in `text`, or 0.
fn number_before(text: &str, label: &str) -> u32 {
    let Some(end) = text.find(label) else {
        return 0;
    };
    let digits: String = text[..end]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    digits
        .chars()
        .rev()
        .collect::<String>()
        .parse()
        .unwrap_or(0)
}
