//! Writing stored threads out: Confab's JSON Lines (complete, for backups and moving
//! servers) and WordPress eXtended RSS (for moving to another system).

pub mod jsonl;
pub mod wxr;
