//! The command line: the options `confab-server` takes, the commands it runs instead of
//! serving, generated threads for measuring, and the demo thread's data.

pub mod commands;
pub mod generate;
pub mod options;
pub mod rules;
pub mod seed;
