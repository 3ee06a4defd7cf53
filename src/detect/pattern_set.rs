//! Searching a set of patterns at once: which patterns occur anywhere in a text ([`SetSearch`],
//! an overlapping search of a meta regex), and which match a whole value ([`WholeSet`]).
//!
//! Every whole-value pattern is anchored at both ends (`^(?:…)$`), so the patterns that match a
//! value are exactly those of the DFA state reached after its last byte (and the end-of-input
//! transition). Walking the bytes with `next_state` is the tightest loop the lazy DFA offers: no
//! per-byte match bookkeeping as in an overlapping search, and the walk stops at the first byte
//! after which no pattern can match (in free text, often the first lower-case word). Where
//! the lazy DFA cannot answer (a Unicode word boundary in a user's pattern meeting a non-ASCII
//! byte), the same patterns are searched with the meta regex instead.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind, PatternSet, meta, nfa::thompson};

/// The lazy DFA cache of one pattern set and the patterns its last search found.
#[derive(Debug)]
pub(super) struct SetSearch {
    cache: meta::Cache,
    found: PatternSet,
}

impl SetSearch {
    pub(super) fn new(set: &meta::Regex) -> Self {
        Self {
            cache: set.create_cache(),
            found: PatternSet::new(set.pattern_len()),
        }
    }

    /// Indices of the patterns of `set` that match in `text`.
    pub(super) fn run(
        &mut self,
        set: &meta::Regex,
        text: &str,
    ) -> impl Iterator<Item = usize> + '_ {
        self.found.clear();
        set.which_overlapping_matches_with(&mut self.cache, &Input::new(text), &mut self.found);
        // Walking the set visits every pattern's slot: stop after the last match (most values
        // match none).
        self.found
            .iter()
            .take(self.found.len())
            .map(|id| id.as_usize())
    }
}

/// The whole-value patterns, as a lazy DFA (when they compile to one) and a meta regex.
#[derive(Debug)]
pub(super) struct WholeSet {
    dfa: Option<DFA>,
    meta: meta::Regex,
}

/// One thread's search state for a [`WholeSet`].
#[derive(Debug)]
pub(super) struct WholeSearch {
    dfa: Option<Cache>,
    fallback: SetSearch,
    matched: Vec<usize>,
}

/// The lazy DFA could not decide a value; the meta regex does.
struct Undecided;

impl WholeSet {
    /// The set of `patterns` (each already anchored at both ends), with `meta` compiled from the
    /// same patterns in the same order and `cache_capacity` bytes of lazy DFA cache per search.
    pub(super) fn new(patterns: &[String], meta: meta::Regex, cache_capacity: usize) -> Self {
        let config = DFA::config()
            .match_kind(MatchKind::All)
            .unicode_word_boundary(true)
            .cache_capacity(cache_capacity);
        let dfa = DFA::builder()
            .configure(config)
            .syntax(syntax::Config::new().utf8(true))
            .thompson(thompson::Config::new().nfa_size_limit(Some(64 * 1024 * 1024)))
            .build_many(patterns)
            .ok();
        Self { dfa, meta }
    }

    /// Fresh search state for this set.
    pub(super) fn search_state(&self) -> WholeSearch {
        WholeSearch {
            dfa: self.dfa.as_ref().map(DFA::create_cache),
            fallback: SetSearch::new(&self.meta),
            matched: Vec::new(),
        }
    }

    /// Indices of the patterns that match all of `value`, ascending.
    pub(super) fn matches<'s>(&self, search: &'s mut WholeSearch, value: &str) -> &'s [usize] {
        search.matched.clear();
        let decided = match (&self.dfa, &mut search.dfa) {
            (Some(dfa), Some(cache)) => {
                walk(dfa, cache, value.as_bytes(), &mut search.matched).is_ok()
            }
            _ => false,
        };
        if !decided {
            // The patterns are anchored, so "present anywhere" is "matches the whole value".
            let found = search.fallback.run(&self.meta, value);
            search.matched.extend(found);
        }
        &search.matched
    }
}

/// Walks `bytes` and the end of input, and pushes the patterns of the state reached, ascending.
fn walk(
    dfa: &DFA,
    cache: &mut Cache,
    bytes: &[u8],
    matched: &mut Vec<usize>,
) -> Result<(), Undecided> {
    let input = Input::new(bytes).anchored(Anchored::Yes);
    let mut sid = dfa
        .start_state_forward(cache, &input)
        .map_err(|_| Undecided)?;
    for &b in bytes {
        sid = dfa.next_state(cache, sid, b).map_err(|_| Undecided)?;
        if sid.is_tagged() {
            if sid.is_dead() {
                return Ok(());
            }
            if sid.is_quit() {
                return Err(Undecided);
            }
        }
    }
    let end = dfa.next_eoi_state(cache, sid).map_err(|_| Undecided)?;
    if end.is_quit() {
        return Err(Undecided);
    }
    if end.is_match() {
        let patterns = (0..dfa.match_len(cache, end)).map(|i| dfa.match_pattern(cache, end, i));
        matched.extend(patterns.map(|p| p.as_usize()));
        matched.sort_unstable();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(patterns: &[&str]) -> WholeSet {
        let anchored: Vec<String> = patterns.iter().map(|p| format!("^(?:{p})$")).collect();
        let meta = meta::Builder::new()
            .configure(meta::Config::new().match_kind(MatchKind::All))
            .build_many(&anchored)
            .unwrap();
        WholeSet::new(&anchored, meta, 1 << 20)
    }

    #[test]
    fn every_pattern_matching_the_whole_value_and_no_other() {
        let s = set(&[
            r"\d{3}-\d{2}-\d{4}",
            r"[\d-]+",
            r"\d{3}",
            r"[a-z]+@[a-z]+\.org",
        ]);
        let mut search = s.search_state();
        assert_eq!(s.matches(&mut search, "123-45-6789"), [0, 1]);
        // A pattern matching a prefix only does not count.
        assert_eq!(s.matches(&mut search, "1234"), [1]);
        assert_eq!(s.matches(&mut search, "jo@corp.org"), [3]);
        assert_eq!(s.matches(&mut search, "jo@corp.org "), [] as [usize; 0]);
        assert_eq!(s.matches(&mut search, ""), [] as [usize; 0]);
    }

    #[test]
    fn a_unicode_word_boundary_on_non_ascii_text_falls_back_to_the_meta_regex() {
        let s = set(&[r"\bcafé\b", r"\w+"]);
        assert!(s.dfa.is_some());
        let mut search = s.search_state();
        assert_eq!(s.matches(&mut search, "café"), [0, 1]);
        assert_eq!(s.matches(&mut search, "cafés"), [1]);
    }
}
