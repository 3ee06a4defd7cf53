//! The compiled detector set: every detector's patterns in two multi-pattern sets, so one pass
//! over a value finds the candidates and only those run their own regex and validator.
//!
//! Whole values go through a cheap length check, then one anchored pattern set over the
//! patterns that run on every column; a hit is kept only if its value passes the validator.
//! Patterns that need a column-name hint (`hint_required`, or every pattern of a detector that
//! `requires_hint`) are kept out of the shared set and run one by one, only on columns whose
//! name carries the hint, so the common path never pays for loose shapes like `\S{4,128}`. Free
//! text (values with whitespace that matched nothing whole) that holds one of the bytes some
//! embedded pattern needs ([`super::necessary`]) goes through an unanchored pattern set of the
//! `embedded` patterns, and each pattern that is present is then searched with its own regex,
//! each hit checked for word boundaries and validated.
//!
//! The whole-value set is walked as one lazy DFA ([`super::pattern_set`]), the embedded set is a
//! `regex-automata` meta regex; both are searched with one [`MatchScratch`] per thread, kept in a
//! thread-local slot: the hot path neither allocates a result set nor takes a lazy DFA cache
//! from a pool shared by every scanning thread, and a wide table does not hold a cache per
//! column (each may grow to [`CACHE_CAPACITY`]).

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use regex_automata::meta;

use super::hint::{Hint, words};
use super::lazy_regex::LazyRegex;
use super::necessary::NecessaryBytes;
use super::pattern_set::{SetSearch, WholeSearch, WholeSet, multi_pattern};
use super::spec::{DetectorSpec, SpecError, Status, pattern_source};
use super::validate::Validator;
use crate::profile::trimmed;

include!(concat!(env!("OUT_DIR"), "/builtin_detectors.rs"));

/// Values longer than this (bytes) are not matched whole (PEM blocks fit well below it).
const MAX_WHOLE_LEN: usize = 16 * 1024;
/// Free text longer than this is searched in its first this-many bytes only.
const MAX_TEXT_LEN: usize = 64 * 1024;

/// The most memory a pattern set's lazy DFA cache may hold before it is cleared.
const CACHE_CAPACITY: usize = 16 * 1024 * 1024;

/// Numbers each [`Detectors`] so a thread's scratch is only used with the sets it was made for.
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// This thread's search state, for the detector set (by id) it last searched with.
    static SCRATCH: RefCell<Option<(u64, MatchScratch)>> = const { RefCell::new(None) };
}

/// One compiled detector.
#[derive(Debug)]
pub struct Detector {
    /// The spec as parsed.
    pub spec: DetectorSpec,
    /// The file it came from.
    pub source: String,
    validator: Option<Validator>,
    /// The regex of each embedded pattern (compiled on first use).
    embedded: Vec<Option<LazyRegex>>,
    hints: Vec<Hint>,
    anti_hints: Vec<Hint>,
}

impl Detector {
    /// Whether the column name carries one of this detector's hints.
    pub fn hinted(&self, name_words: &[String]) -> bool {
        self.hints.iter().any(|h| h.matches(name_words))
            && !self.anti_hints.iter().any(|h| h.matches(name_words))
    }

    /// Whether `value` passes the validator (true when there is none).
    pub fn validates(&self, value: &str) -> bool {
        self.validator
            .is_none_or(|v| v.check(value, self.spec.thresholds.min_entropy))
    }

    /// Whether the detector has a named validator.
    pub fn has_validator(&self) -> bool {
        self.validator.is_some()
    }
}

/// Which detectors and patterns run on one column, decided once from its name.
#[derive(Clone, Debug)]
pub struct ActiveSet {
    hinted: Vec<bool>,
    /// Indices into [`Detectors::hinted_whole`] of the patterns that run on this column: most
    /// columns have none or a few of them, so a value does not visit all of them.
    hinted_whole: Vec<usize>,
}

impl ActiveSet {
    /// Whether detector `i` saw a hint in the column name.
    pub fn hinted(&self, i: usize) -> bool {
        self.hinted.get(i).copied().unwrap_or(false)
    }
}

/// One match in a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// Index of the detector in [`Detectors::list`].
    pub detector: usize,
    /// Byte offset of the match in the value.
    pub start: usize,
    /// Byte offset after the match.
    pub end: usize,
    /// Whether the whole (trimmed) value matched, rather than a part of free text.
    pub whole: bool,
}

/// The compiled set of detectors: built-ins plus any `--detectors` directories.
#[derive(Debug)]
pub struct Detectors {
    id: u64,
    list: Vec<Detector>,
    whole_set: WholeSet,
    whole_owner: Vec<(usize, usize)>,
    /// Patterns that run only on hinted columns, kept out of the shared set so the common path
    /// never pays for them: (detector, anchored regex, compiled on first use).
    hinted_whole: Vec<(usize, LazyRegex)>,
    embedded_set: meta::Regex,
    embedded_owner: Vec<(usize, usize)>,
    /// Bytes without which no embedded pattern can occur in a text.
    embedded_needs: NecessaryBytes,
}

/// Search state for [`Detectors::whole_matches`] and [`Detectors::embedded_matches`]: the lazy
/// DFA caches of both pattern sets and the sets of patterns found.
#[derive(Debug)]
struct MatchScratch {
    whole: WholeSearch,
    embedded: SetSearch,
}

/// Reads every `*.json` under `dir` (recursively), sorted by path.
fn read_dir(dir: &Path, out: &mut Vec<(String, String)>) -> Result<(), SpecError> {
    let io = |path: &Path, source| SpecError::Io {
        path: path.display().to_string(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_dir(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).map_err(|e| io(&path, e))?;
            out.push((path.display().to_string(), text));
        }
    }
    Ok(())
}

/// Whether `text[start..end]` stands alone: not glued to letters or digits, and, for a match
/// that begins or ends with a digit, not one group of a longer grouped number (`4111 1111 1111
/// 1111` holds no 12-digit Aadhaar number, `415 867 2291` no 9-digit SIN).
fn bounded(text: &str, start: usize, end: usize) -> bool {
    let mut before = text[..start].chars().rev();
    let mut after = text[end..].chars();
    let (b1, b2) = (before.next(), before.next());
    let (a1, a2) = (after.next(), after.next());
    let glued = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let separator = |c: Option<char>| matches!(c, Some(' ' | '-' | '.'));
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let first_digit = text[start..end].starts_with(|c: char| c.is_ascii_digit());
    let last_digit = text[start..end].ends_with(|c: char| c.is_ascii_digit());
    let split_group_before = first_digit && separator(b1) && digit(b2);
    let split_group_after = last_digit && separator(a1) && digit(a2);
    !(glued(b1) || glued(a1) || split_group_before || split_group_after)
}

/// The built-in detector files, parsed and checked (their patterns are compiled by the tests:
/// [`DetectorSpec::parse_builtin`]).
fn builtin_specs() -> Result<Vec<(String, DetectorSpec)>, SpecError> {
    BUILTIN
        .iter()
        .map(|(file, text)| Ok((file.to_string(), DetectorSpec::parse_builtin(file, text)?)))
        .collect()
}

/// Detector files given as `(file name, text)`, parsed and fully checked.
fn parse_all(sources: Vec<(String, String)>) -> Result<Vec<(String, DetectorSpec)>, SpecError> {
    sources
        .into_iter()
        .map(|(file, text)| {
            let spec = DetectorSpec::parse(&file, &text)?;
            Ok((file, spec))
        })
        .collect()
}

impl Detectors {
    /// The built-in detectors compiled into the binary.
    pub fn builtin() -> Result<Detectors, SpecError> {
        Self::from_specs(builtin_specs()?)
    }

    /// The built-ins plus every detector file under each of `dirs` (`--detectors DIR`).
    pub fn load(dirs: &[PathBuf]) -> Result<Detectors, SpecError> {
        let mut sources: Vec<(String, String)> = Vec::new();
        for dir in dirs {
            if dir.is_file() {
                let text = std::fs::read_to_string(dir).map_err(|source| SpecError::Io {
                    path: dir.display().to_string(),
                    source,
                })?;
                sources.push((dir.display().to_string(), text));
            } else {
                read_dir(dir, &mut sources)?;
            }
        }
        let mut specs = builtin_specs()?;
        specs.extend(parse_all(sources)?);
        Self::from_specs(specs)
    }

    /// Parses, checks and compiles detector files given as `(file name, text)`.
    pub fn from_sources(sources: Vec<(String, String)>) -> Result<Detectors, SpecError> {
        Self::from_specs(parse_all(sources)?)
    }

    /// Compiles checked specs, each with the file it came from.
    fn from_specs(specs: Vec<(String, DetectorSpec)>) -> Result<Detectors, SpecError> {
        let mut list: Vec<Detector> = Vec::with_capacity(specs.len());
        for (file, spec) in specs {
            if let Some(first) = list.iter().find(|d| d.spec.id == spec.id) {
                return Err(SpecError::DuplicateId {
                    id: spec.id,
                    first: first.source.clone(),
                    second: file,
                });
            }
            let embedded = spec
                .patterns
                .iter()
                .map(|p| p.embedded.then(|| LazyRegex::new(pattern_source(p, true))))
                .collect();
            list.push(Detector {
                validator: spec.validator(),
                hints: spec.hints.iter().map(|h| Hint::new(h)).collect(),
                anti_hints: spec.anti_hints.iter().map(|h| Hint::new(h)).collect(),
                embedded,
                spec,
                source: file,
            });
        }
        let mut whole_src = Vec::new();
        let mut whole_owner = Vec::new();
        let mut hinted_whole = Vec::new();
        let mut emb_src = Vec::new();
        let mut embedded_owner = Vec::new();
        for (d, det) in list.iter().enumerate() {
            if det.spec.status == Status::Deprecated {
                continue;
            }
            for (p, pat) in det.spec.patterns.iter().enumerate() {
                if pat.hint_required || det.spec.requires_hint {
                    hinted_whole.push((d, LazyRegex::new(pattern_source(pat, false))));
                } else {
                    whole_src.push(pattern_source(pat, false));
                    whole_owner.push((d, p));
                }
                if pat.embedded {
                    emb_src.push(pattern_source(pat, true));
                    embedded_owner.push((d, p));
                }
            }
        }
        let combined = |e: Box<meta::BuildError>| SpecError::Json {
            file: "(all detectors)".into(),
            reason: format!("the combined pattern set does not compile: {e}"),
        };
        Ok(Detectors {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            embedded_set: multi_pattern(&emb_src, CACHE_CAPACITY).map_err(combined)?,
            embedded_needs: NecessaryBytes::of(&emb_src),
            whole_set: WholeSet::new(whole_src, CACHE_CAPACITY).map_err(combined)?,
            list,
            whole_owner,
            hinted_whole,
            embedded_owner,
        })
    }

    /// The detectors, in load order (built-ins sorted by path, then user files).
    pub fn list(&self) -> &[Detector] {
        &self.list
    }

    /// The detector with this id.
    pub fn get(&self, id: &str) -> Option<&Detector> {
        self.list.iter().find(|d| d.spec.id == id)
    }

    /// Index of the detector with this id.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.list.iter().position(|d| d.spec.id == id)
    }

    /// The detectors and patterns active on a column of this name.
    pub fn active_for(&self, column: &str) -> ActiveSet {
        let w = words(column);
        let hinted: Vec<bool> = self.list.iter().map(|d| d.hinted(&w)).collect();
        let hinted_whole = (self.hinted_whole.iter().enumerate())
            .filter(|(_, (d, _))| hinted[*d])
            .map(|(i, _)| i)
            .collect();
        ActiveSet {
            hinted,
            hinted_whole,
        }
    }

    fn pattern_active(&self, active: &ActiveSet, d: usize, p: usize) -> bool {
        let det = &self.list[d];
        let pattern_ok = !det.spec.patterns[p].hint_required || active.hinted(d);
        let detector_ok = !det.spec.requires_hint || active.hinted(d);
        pattern_ok && detector_ok
    }

    /// Runs `search` with this thread's search state for these detectors, made fresh if the
    /// thread last searched with another set.
    fn with_scratch<R>(&self, search: impl FnOnce(&mut MatchScratch) -> R) -> R {
        SCRATCH.with_borrow_mut(|slot| {
            let scratch = match slot {
                Some((id, scratch)) if *id == self.id => scratch,
                _ => {
                    let fresh = MatchScratch {
                        whole: self.whole_set.search_state(),
                        embedded: SetSearch::new(&self.embedded_set),
                    };
                    &mut slot.insert((self.id, fresh)).1
                }
            };
            search(scratch)
        })
    }

    /// Detectors whose pattern matches the whole (trimmed) value and whose validator passes.
    /// Indices are pushed to `out` (cleared first), each at most once, in detector order.
    pub fn whole_matches(&self, value: &str, active: &ActiveSet, out: &mut Vec<usize>) {
        out.clear();
        let v = trimmed(value);
        if v.is_empty() || v.len() > MAX_WHOLE_LEN {
            return;
        }
        self.with_scratch(|scratch| {
            for &i in self.whole_set.matches(&mut scratch.whole, v) {
                let (d, p) = self.whole_owner[i];
                if !out.contains(&d)
                    && self.pattern_active(active, d, p)
                    && self.list[d].validates(v)
                {
                    out.push(d);
                }
            }
        });
        for &i in &active.hinted_whole {
            let (d, re) = &self.hinted_whole[i];
            if !out.contains(d) && re.is_match(v) && self.list[*d].validates(v) {
                out.push(*d);
            }
        }
    }

    /// Entities embedded in free text: for each embedded pattern present, every validated match
    /// bounded by non-alphanumeric characters. Pushed to `out` (cleared first).
    pub fn embedded_matches(&self, value: &str, active: &ActiveSet, out: &mut Vec<Match>) {
        out.clear();
        let mut end = value.len().min(MAX_TEXT_LEN);
        while !value.is_char_boundary(end) {
            end -= 1;
        }
        let text = &value[..end];
        if !self.embedded_needs.any_in(text.as_bytes()) {
            return;
        }
        self.with_scratch(|scratch| {
            for i in scratch.embedded.run(&self.embedded_set, text) {
                let (d, p) = self.embedded_owner[i];
                if !self.pattern_active(active, d, p) {
                    continue;
                }
                let Some(re) = self.list[d].embedded.get(p).and_then(|r| r.as_ref()?.get()) else {
                    continue;
                };
                for m in re.find_iter(text) {
                    if bounded(text, m.start(), m.end())
                        && self.list[d].validates(m.as_str())
                        && !out.iter().any(|o| o.detector == d && o.start == m.start())
                    {
                        out.push(Match {
                            detector: d,
                            start: m.start(),
                            end: m.end(),
                            whole: false,
                        });
                    }
                }
            }
        });
    }

    /// Every match in `value` for a column named `column`: whole-value matches if any, otherwise
    /// the embedded ones.
    pub fn find(&self, value: &str, column: &str) -> Vec<Match> {
        let active = self.active_for(column);
        let mut whole = Vec::new();
        self.whole_matches(value, &active, &mut whole);
        if !whole.is_empty() {
            let start = value.len() - value.trim_start().len();
            let end = start + value.trim().len();
            return whole
                .into_iter()
                .map(|detector| Match {
                    detector,
                    start,
                    end,
                    whole: true,
                })
                .collect();
        }
        let mut out = Vec::new();
        self.embedded_matches(value, &active, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(d: &Detectors, v: &str, column: &str) -> Vec<String> {
        d.find(v, column)
            .iter()
            .map(|m| d.list()[m.detector].spec.id.clone())
            .collect()
    }

    #[test]
    fn builtins_load_and_match() {
        let d = Detectors::builtin().unwrap();
        assert!(ids(&d, "123-45-6789", "ref_code").contains(&"us_ssn".to_string()));
        assert!(ids(&d, "4242 4242 4242 4242", "x").contains(&"credit_card".to_string()));
        assert!(!ids(&d, "4242424242424241", "x").contains(&"credit_card".to_string()));
        // Bare nine digits are an SSN only under a hint.
        assert!(!ids(&d, "123456789", "fulfillment_id").contains(&"us_ssn".to_string()));
        assert!(ids(&d, "123456789", "ssn").contains(&"us_ssn".to_string()));
        let text = "Please reply to jane.doe@example.org by Friday";
        let m = d.find(text, "notes");
        assert_eq!(m.len(), 1);
        assert_eq!(&text[m[0].start..m[0].end], "jane.doe@example.org");
        assert!(!m[0].whole);
    }

    #[test]
    fn every_builtin_detector_passes_the_full_check() {
        // The built-ins load without compiling their patterns one by one
        // (`DetectorSpec::parse_builtin`); here each is compiled as a whole-value and as an
        // embedded regex, within the size limit. Digits are spelt `[0-9]`: Unicode's `\d` made
        // compiling the detectors most of a small scan's start-up, and the validators read
        // ASCII digits only (`builtin_patterns_match_ascii_digits_only`).
        for (file, text) in BUILTIN {
            let spec = DetectorSpec::parse(file, text).unwrap_or_else(|e| panic!("{e}"));
            for (i, p) in spec.patterns.iter().enumerate() {
                assert!(!p.regex.contains(r"\d"), "{file}: {}", p.regex);
                if p.embedded {
                    crate::detect::spec::compile(file, i, p, true)
                        .unwrap_or_else(|e| panic!("{e}"));
                }
            }
        }
    }

    #[test]
    fn builtin_patterns_match_ascii_digits_only() {
        // Detectors without a validator matched other scripts' digits under `\d`; those with one
        // never counted them.
        let d = Detectors::builtin().unwrap();
        assert_eq!(ids(&d, "94103", "zip_code"), ["postal_code"]);
        assert!(ids(&d, "٩٤١٠٣", "zip_code").is_empty());
        assert_eq!(ids(&d, "123456789", "passport_number"), ["us_passport"]);
        assert!(ids(&d, "１２３４５６７８９", "passport_number").is_empty());
        assert_eq!(ids(&d, "(415) 867-2291", "contact"), ["phone"]);
        assert!(ids(&d, "(４１５) ８６７-２２９１", "contact").is_empty());
    }

    #[test]
    fn a_thread_searching_with_two_detector_sets_keeps_their_search_state_apart() {
        let all = Detectors::builtin().unwrap();
        let email = BUILTIN
            .iter()
            .find(|(p, _)| p.ends_with("email.json"))
            .unwrap();
        let one =
            Detectors::from_sources(vec![(email.0.to_string(), email.1.to_string())]).unwrap();
        // Alternating sets on one thread: each search must use state made for its own set.
        for _ in 0..3 {
            assert_eq!(ids(&all, "123-45-6789", "ref_code"), ["us_ssn"]);
            assert_eq!(ids(&one, "123-45-6789", "ref_code"), Vec::<String>::new());
            assert_eq!(
                ids(&one, "mail jane.doe@example.org now", "notes"),
                ["email"]
            );
            assert_eq!(
                ids(&all, "mail jane.doe@example.org now", "notes"),
                ["email"]
            );
        }
    }

    #[test]
    fn text_skips_the_embedded_search_only_when_no_embedded_pattern_occurs_in_it() {
        let d = Detectors::builtin().unwrap();
        // Every example of every detector, alone and inside prose, in upper and lower case.
        let mut texts: Vec<String> = Vec::new();
        for det in d.list() {
            for v in det
                .spec
                .examples
                .matching
                .iter()
                .chain(&det.spec.examples.no_match)
            {
                texts.push(v.clone());
                texts.push(format!("the order arrived {v} and was great."));
                texts.push(format!(
                    "the order arrived {} and was great.",
                    v.to_lowercase()
                ));
            }
        }
        let mut search = SetSearch::new(&d.embedded_set);
        let mut searched = 0;
        for text in &texts {
            if search.run(&d.embedded_set, text).next().is_some() {
                searched += 1;
                assert!(d.embedded_needs.any_in(text.as_bytes()), "{text:?}");
            }
        }
        assert!(
            searched > 100,
            "the examples exercise the search: {searched}"
        );
        // Lowercase prose needs no search; a digit, an `@` or a `:` sends text on to it.
        let prose = "the package arrived late, but the quality is great and i would buy again.";
        assert!(!d.embedded_needs.any_in(prose.as_bytes()));
        for needle in ["7", "@", ":"] {
            let text = prose.replace("late", &format!("late{needle}"));
            assert!(d.embedded_needs.any_in(text.as_bytes()), "{text}");
        }
    }

    #[test]
    fn duplicate_ids_are_an_error_naming_both_files() {
        let (p, t) = BUILTIN[0];
        let e = Detectors::from_sources(vec![
            (p.to_string(), t.to_string()),
            ("mine/again.json".into(), t.to_string()),
        ])
        .unwrap_err();
        assert!(matches!(e, SpecError::DuplicateId { .. }));
        assert!(e.to_string().contains("mine/again.json"));
        assert!(e.to_string().contains(p));
    }
}
