//! A pattern's own regex, compiled the first time a scan needs it.
//!
//! A scan searches every value with the two pattern sets, and runs a single pattern's regex only
//! behind them: an embedded pattern's regex when the embedded set found that pattern in a text,
//! a hinted pattern's on a column whose name carries the hint. Compiling all of them up front
//! took about three quarters of the detectors' start-up (some 40 ms on one thread of the
//! reference machine, before any row was read), for regexes most scans never run. Each is
//! compiled at most once, by the first thread that asks; the others wait for it.
//!
//! The source has passed the full check by then ([`super::spec::DetectorSpec::parse`] for
//! user files, the test suite for the built-ins), so compiling cannot fail; if it ever did, the
//! pattern would match nothing rather than stop the scan.

use std::sync::OnceLock;

use regex::Regex;

use super::spec::build;

/// A regex source and, once asked for, its compiled form.
#[derive(Debug)]
pub(super) struct LazyRegex {
    source: String,
    compiled: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    /// The regex of `source` (as [`super::spec::pattern_source`] writes it), not compiled yet.
    pub(super) fn new(source: String) -> Self {
        Self {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The compiled regex: compiled now if this is the first call.
    pub(super) fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| build(&self.source).ok())
            .as_ref()
    }

    /// Whether the regex matches somewhere in `text` (never, if it does not compile).
    pub(super) fn is_match(&self, text: &str) -> bool {
        self.get().is_some_and(|re| re.is_match(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_once_on_first_use() {
        let re = LazyRegex::new(r"^(?:\d{3}-\d{2}-\d{4})$".into());
        assert!(re.compiled.get().is_none());
        assert!(re.is_match("123-45-6789"));
        assert!(!re.is_match("123-45-678"));
        let first: *const Regex = re.get().unwrap();
        assert!(std::ptr::eq(first, re.get().unwrap()));
    }

    #[test]
    fn a_source_that_does_not_compile_matches_nothing() {
        let re = LazyRegex::new("(unclosed".into());
        assert!(re.get().is_none());
        assert!(!re.is_match("(unclosed"));
    }
}
