//! Writing stored threads out: WordPress eXtended RSS for moving to another system.

pub mod wxr;
