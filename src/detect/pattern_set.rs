//! Searching a set of patterns at once: which patterns occur anywhere in a text ([`SetSearch`],
//! an overlapping search of a meta regex), and which match a whole value ([`WholeSet`]).
//!
//! Every whole-value pattern is anchored at both ends (`^(?:…)$`), so the patterns that match a
//! value are exactly those of the DFA state reached after its last byte (and the end-of-input
//! transition). Walking the bytes with `next_state` is the tightest loop the lazy DFA offers: no
//! per-byte match bookkeeping as in an overlapping search, and the walk stops at the first byte
//! after which no pattern can match (in free text, often the first lower-case word). Where
//! the lazy DFA cannot answer (a Unicode word boundary in a user's pattern meeting a non-ASCII
//! byte), the same patterns are searched with the meta regex instead, which is compiled the
//! first time that happens (most scans never need it). A value without the rare bytes some
//! patterns need is walked through a smaller DFA of the others ([`super::gates`]), built the
//! first time such a value comes.

use std::sync::OnceLock;

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind, PatternSet, meta, nfa::thompson};

use super::gates::{self, MASKS};

/// The most memory a pattern set's NFA may take.
const NFA_SIZE_LIMIT: usize = 64 * 1024 * 1024;

/// A multi-pattern regex reporting every pattern that matches (what `regex::RegexSet`
/// configures), with `cache_capacity` bytes of lazy DFA cache per search.
pub(super) fn multi_pattern(
    patterns: &[String],
    cache_capacity: usize,
) -> Result<meta::Regex, Box<meta::BuildError>> {
    let config = meta::Config::new()
        .match_kind(MatchKind::All)
        .utf8_empty(true)
        .which_captures(thompson::WhichCaptures::None)
        .nfa_size_limit(Some(NFA_SIZE_LIMIT))
        .hybrid_cache_capacity(cache_capacity);
    meta::Builder::new()
        .configure(config)
        .syntax(syntax::Config::new().utf8(true))
        .build_many(patterns)
        .map_err(Box::new)
}

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
    patterns: Vec<String>,
    cache_capacity: usize,
    dfa: Option<DFA>,
    /// The gate bytes each pattern needs ([`gates::needed`]).
    needs: Vec<u8>,
    /// For each mask of gate bytes a value may hold short of all of them, the DFA of the
    /// patterns that need no other gate byte; built on first use.
    narrowed: [OnceLock<Narrowed>; MASKS - 1],
    /// Compiled when the DFA first cannot decide a value (or at once, if there is no DFA).
    meta: OnceLock<Option<meta::Regex>>,
}

/// The patterns a value can match when it lacks some gate bytes.
#[derive(Debug)]
enum Narrowed {
    /// Every pattern: none needs a gate byte the value lacks.
    Whole,
    /// No pattern: the value matches nothing.
    Nothing,
    /// These patterns (ascending indices into the set), as a DFA of their own.
    Subset(Box<DFA>, Vec<usize>),
}

/// One thread's search state for a [`WholeSet`].
#[derive(Debug)]
pub(super) struct WholeSearch {
    dfa: Option<Cache>,
    /// Caches of the narrowed DFAs, by mask, made on first use.
    narrowed: [Option<Cache>; MASKS - 1],
    fallback: Option<SetSearch>,
    matched: Vec<usize>,
}

/// The lazy DFA could not decide a value; the meta regex does.
struct Undecided;

/// The lazy DFA of `patterns`, if they compile to one.
fn lazy_dfa(patterns: &[String], cache_capacity: usize) -> Option<DFA> {
    let config = DFA::config()
        .match_kind(MatchKind::All)
        .unicode_word_boundary(true)
        .cache_capacity(cache_capacity);
    DFA::builder()
        .configure(config)
        .syntax(syntax::Config::new().utf8(true))
        .thompson(thompson::Config::new().nfa_size_limit(Some(NFA_SIZE_LIMIT)))
        .build_many(patterns)
        .ok()
}

impl WholeSet {
    /// The set of `patterns` (each already anchored at both ends), with `cache_capacity` bytes
    /// of lazy DFA cache per search. An error if they compile neither to a lazy DFA nor to a
    /// meta regex.
    pub(super) fn new(
        patterns: Vec<String>,
        cache_capacity: usize,
    ) -> Result<Self, Box<meta::BuildError>> {
        let dfa = lazy_dfa(&patterns, cache_capacity);
        let meta = match dfa {
            Some(_) => OnceLock::new(),
            // Every value goes to the meta regex: compiled now, and its error is the set's.
            None => OnceLock::from(Some(multi_pattern(&patterns, cache_capacity)?)),
        };
        Ok(Self {
            needs: dfa
                .as_ref()
                .map_or_else(Vec::new, |d| gates::needed(d.get_nfa())),
            patterns,
            cache_capacity,
            dfa,
            narrowed: Default::default(),
            meta,
        })
    }

    /// The meta regex of the same patterns, compiled on first use. The lazy DFA compiled from
    /// them, so it compiles too; if it ever did not, the values it is asked about match nothing.
    fn meta(&self) -> Option<&meta::Regex> {
        self.meta
            .get_or_init(|| multi_pattern(&self.patterns, self.cache_capacity).ok())
            .as_ref()
    }

    /// The patterns a value holding the gate bytes of `mask` can match (not every gate).
    fn narrowed(&self, mask: usize) -> &Narrowed {
        self.narrowed[mask].get_or_init(|| {
            let kept: Vec<usize> = (0..self.needs.len())
                .filter(|&p| usize::from(self.needs[p]) & !mask == 0)
                .collect();
            if kept.len() == self.needs.len() {
                return Narrowed::Whole;
            }
            if kept.is_empty() {
                return Narrowed::Nothing;
            }
            let patterns: Vec<String> = kept.iter().map(|&p| self.patterns[p].clone()).collect();
            match lazy_dfa(&patterns, self.cache_capacity) {
                Some(dfa) => Narrowed::Subset(Box::new(dfa), kept),
                // A subset of patterns that compiled together compiles; if it ever did not,
                // the whole set still answers.
                None => Narrowed::Whole,
            }
        })
    }

    /// Fresh search state for this set.
    pub(super) fn search_state(&self) -> WholeSearch {
        WholeSearch {
            dfa: self.dfa.as_ref().map(DFA::create_cache),
            narrowed: Default::default(),
            fallback: None,
            matched: Vec::new(),
        }
    }

    /// Indices of the patterns that match all of `value`, ascending.
    pub(super) fn matches<'s>(&self, search: &'s mut WholeSearch, value: &str) -> &'s [usize] {
        search.matched.clear();
        let bytes = value.as_bytes();
        let decided = match (&self.dfa, &mut search.dfa) {
            (Some(dfa), Some(cache)) => {
                let mask = gates::present(bytes);
                match (mask < MASKS - 1).then(|| self.narrowed(mask)) {
                    None | Some(Narrowed::Whole) => {
                        walk(dfa, cache, bytes, &mut search.matched).is_ok()
                    }
                    Some(Narrowed::Nothing) => true,
                    Some(Narrowed::Subset(narrow, kept)) => {
                        let cache =
                            search.narrowed[mask].get_or_insert_with(|| narrow.create_cache());
                        let decided = walk(narrow, cache, bytes, &mut search.matched).is_ok();
                        search.matched.iter_mut().for_each(|p| *p = kept[*p]);
                        decided
                    }
                }
            }
            _ => false,
        };
        if !decided && let Some(meta) = self.meta() {
            // The patterns are anchored, so "present anywhere" is "matches the whole value".
            search.matched.clear();
            let fallback = search.fallback.get_or_insert_with(|| SetSearch::new(meta));
            search.matched.extend(fallback.run(meta, value));
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
        WholeSet::new(anchored, 1 << 20).unwrap()
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
    fn a_value_without_a_gate_byte_is_walked_through_the_patterns_it_can_match() {
        let patterns = [
            r"[A-Za-z0-9._%+-]+@[a-z]+\.org",
            r"[A-Z]{3}-[A-Z]{3}-\d{5}",
            r"[a-z]+://[^:@/]+:[^@/]+@[a-z.]+",
            r"[0-9a-f-]{36}",
            r"[A-Za-z0-9:-]+",
        ];
        let s = set(&patterns);
        let reference = regex::RegexSet::new(patterns.map(|p| format!("^(?:{p})$"))).unwrap();
        let mut search = s.search_state();
        let values = [
            "SKU-AUT-26863",
            "0e3c46f3-13cf-442d-a535-8c7c8514ac24",
            "jo.smith@corp.org",
            "https://jo:secret@example.org",
            "fe80::1",
            "a:b@c",
            "@",
            ":",
            "",
        ];
        for value in values {
            let expected: Vec<usize> = reference.matches(value).into_iter().collect();
            assert_eq!(s.matches(&mut search, value), expected, "{value}");
        }
        assert!(
            matches!(s.narrowed[0].get(), Some(Narrowed::Subset(_, kept)) if *kept == [1, 3, 4])
        );
        // With `@` but no `:`, the URL pattern is left out; with `:` alone, the e-mail one.
        assert!(
            matches!(s.narrowed[1].get(), Some(Narrowed::Subset(_, kept)) if *kept == [0, 1, 3, 4])
        );
        assert!(
            matches!(s.narrowed[2].get(), Some(Narrowed::Subset(_, kept)) if *kept == [1, 3, 4])
        );
    }

    #[test]
    fn a_set_of_gated_patterns_matches_nothing_without_their_bytes() {
        let s = set(&[r"[a-z]+@[a-z]+", r"[a-z]+:\d+"]);
        let mut search = s.search_state();
        assert_eq!(s.matches(&mut search, "jo"), [] as [usize; 0]);
        assert!(matches!(s.narrowed[0].get(), Some(Narrowed::Nothing)));
        assert_eq!(s.matches(&mut search, "jo@corp"), [0]);
        assert_eq!(s.matches(&mut search, "host:80"), [1]);
    }

    #[test]
    fn a_unicode_word_boundary_on_non_ascii_text_falls_back_to_the_meta_regex() {
        let s = set(&[r"\bcafé\b", r"\w+"]);
        assert!(s.dfa.is_some());
        let mut search = s.search_state();
        assert!(s.meta.get().is_none(), "compiled only when first needed");
        assert_eq!(s.matches(&mut search, "cafe"), [1]);
        assert!(s.meta.get().is_none(), "ASCII is decided by the DFA");
        assert_eq!(s.matches(&mut search, "café"), [0, 1]);
        assert!(s.meta.get().is_some());
        assert_eq!(s.matches(&mut search, "cafés"), [1]);
    }
}
