//! Tests of `cargo xtask test`: its steps and how it counts what passed.

use super::*;

#[test]
fn libtest_summaries_are_summed() {
    let output = "test result: ok. 12 passed; 0 failed; 0 ignored\n\
                  test result: FAILED. 3 passed; 2 failed; 0 ignored\n";
    assert_eq!(cargo_counts(output), (15, 2));
}

#[test]
fn playwright_summaries_are_read() {
    let output = "  ✓ 1 renders\n  1 failed\n    [chromium] › x\n  4 passed (9.1s)\n";
    assert_eq!(playwright_counts(output), (4, 1));
}

fn args(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| (*name).to_owned()).collect()
}

#[test]
fn no_step_named_means_every_step_and_a_mistyped_one_is_refused() {
    assert_eq!(chosen_steps(&[]).unwrap(), STEPS.to_vec());
    assert_eq!(
        chosen_steps(&args(&["e2e", "fmt"])).unwrap(),
        ["fmt", "e2e"]
    );
    let refused = chosen_steps(&args(&["e2ee"])).unwrap_err();
    assert!(refused.contains("`e2ee`") && refused.contains("fmt, clippy"));
}

#[test]
fn formatting_alone_installs_nothing_and_only_browser_suites_need_chromium() {
    let fmt = needs(&["fmt"]);
    assert!(!fmt.build && !fmt.browser);
    let size = needs(&["native", "size"]);
    assert!(size.build && !size.browser);
    assert!(needs(&["wasm"]).browser);
}
