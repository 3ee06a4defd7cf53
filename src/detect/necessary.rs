//! Bytes that a text must hold for any embedded pattern to occur in it: a cheap test that lets
//! free text skip the embedded-entity search when no match is possible.
//!
//! The embedded search is an overlapping search of every embedded pattern at once, a lazy-DFA
//! transition per byte of the text. Yet almost every such pattern needs some byte that prose
//! rarely holds: a digit (cards, phone numbers, SSNs), `@` (e-mail), `:` (URLs, IPv6), `_`
//! (API tokens). For each pattern, [`NecessaryBytes::of`] finds a small set of bytes at least one
//! of which every match holds, read off the pattern's Thompson NFA; their union over the
//! patterns is the set a text must touch. Text that holds none of those bytes cannot hold a
//! match, and a pass over its bytes with a table look-up is several times cheaper than the
//! search. The answer is exact, not a heuristic: a byte leaves a pattern's set only when the
//! NFA shows that no match can be spelled without the bytes that remain.

use regex_automata::nfa::thompson::{self, NFA, State, WhichCaptures};
use regex_automata::util::primitives::{PatternID, StateID};
use regex_automata::util::syntax;

/// Bytes tried for removal from a pattern's set one at a time, the commonest in prose first, so
/// that the bytes a set keeps are the rarest ones it can be made of. Between them come groups
/// tried whole: the other whitespace, non-ASCII bytes, control bytes.
const PROSE_BYTES: &[u8] = b" etaoinsrhldcumfpgwybvkxjqz.,\n";
const WHITESPACE: &[u8] = b"\r\t\x0b\x0c";
const CAPITALS_AND_PUNCTUATION: &[u8] = b"TSAMCIPBDRHWFELNGOJKUVYQXZ'\"!?()-;/";
const RARE_PUNCTUATION: &[u8] = b"&*#$%+=<>[]\\^`{|}~";

/// The groups of bytes tried for removal, in order (see [`PROSE_BYTES`]). Non-ASCII bytes go as
/// one group: a pattern that needs one of them usually needs any (a Unicode class), and text in
/// most languages holds them. Digits, `@`, `:` and `_` are in none: they stay unless a set can do
/// without them byte by byte.
fn removal_groups() -> Vec<Vec<u8>> {
    let one_by_one = |bytes: &[u8]| bytes.iter().map(|&b| vec![b]).collect::<Vec<_>>();
    let controls = (0..0x20u8)
        .chain([0x7f])
        .filter(|b| !WHITESPACE.contains(b) && !PROSE_BYTES.contains(b))
        .collect();
    let mut groups = one_by_one(PROSE_BYTES);
    groups.push(WHITESPACE.to_vec());
    groups.extend(one_by_one(CAPITALS_AND_PUNCTUATION));
    groups.push((0x80..=0xffu8).collect());
    groups.extend(one_by_one(RARE_PUNCTUATION));
    groups.push(controls);
    groups
}

/// A set of bytes, as a table indexed by byte.
#[derive(Clone)]
pub(super) struct NecessaryBytes {
    table: [bool; 256],
}

impl std::fmt::Debug for NecessaryBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bytes: Vec<u8> = (0..=255u8).filter(|&b| self.contains(b)).collect();
        write!(f, "NecessaryBytes({})", bytes.escape_ascii())
    }
}

impl NecessaryBytes {
    /// Every byte: what a pattern set needs when it cannot be narrowed (text always goes on to
    /// the search).
    fn all() -> Self {
        Self { table: [true; 256] }
    }

    /// No byte.
    fn none() -> Self {
        Self {
            table: [false; 256],
        }
    }

    /// Whether `b` is in the set.
    pub(super) fn contains(&self, b: u8) -> bool {
        self.table[usize::from(b)]
    }

    /// The bytes at least one of which any match of any of `patterns` (regular expressions, as
    /// the embedded pattern set compiles them) holds. Every byte if the patterns do not compile
    /// to an NFA here, or if one of them can match without any byte at all.
    pub(super) fn of(patterns: &[String]) -> Self {
        let config = thompson::Config::new()
            .which_captures(WhichCaptures::None)
            .nfa_size_limit(Some(64 * 1024 * 1024));
        let Ok(nfa) = thompson::Compiler::new()
            .syntax(syntax::Config::new().utf8(true))
            .configure(config)
            .build_many(patterns)
        else {
            return Self::all();
        };
        let mut union = Self::none();
        for p in 0..nfa.pattern_len() {
            let Some(start) = PatternID::new(p).ok().and_then(|p| nfa.start_pattern(p)) else {
                return Self::all();
            };
            let needed = necessary_for(&nfa, start);
            for (u, n) in union.table.iter_mut().zip(needed.table) {
                *u |= n;
            }
        }
        union
    }

    /// Whether `text` holds a byte of the set (else no pattern the set was made for can match
    /// anywhere in it).
    pub(super) fn any_in(&self, text: &[u8]) -> bool {
        // Blocks without an early exit per byte: a compare and an `or` per byte, a branch per
        // block.
        text.chunks(32).any(|block| {
            block
                .iter()
                .fold(false, |hit, &b| hit | self.table[usize::from(b)])
        })
    }
}

/// A minimal set (in [`removal_groups`]) of bytes at least one of which every match of the
/// pattern starting at `start` holds: start from every byte, drop each group in turn while the
/// rest is still needed, then each byte left.
fn necessary_for(nfa: &NFA, start: StateID) -> NecessaryBytes {
    let mut set = NecessaryBytes::all();
    let mut seen = vec![false; nfa.states().len()];
    if reaches_match(nfa, start, &set, &mut seen) {
        // The pattern matches the empty string: no byte is needed.
        return set;
    }
    // Drops `bytes` from the set if a match still needs one of the rest.
    let mut try_drop = |set: &mut NecessaryBytes, bytes: &[u8]| {
        if !bytes.iter().any(|&b| set.contains(b)) {
            return;
        }
        let mut trial = set.clone();
        bytes
            .iter()
            .for_each(|&b| trial.table[usize::from(b)] = false);
        seen.fill(false);
        if !reaches_match(nfa, start, &trial, &mut seen) {
            *set = trial;
        }
    };
    for group in removal_groups() {
        try_drop(&mut set, &group);
    }
    for b in 0..=255u8 {
        try_drop(&mut set, &[b]);
    }
    set
}

/// Whether every match of the pattern starting at `start` holds `byte`: no match can be spelled
/// without it.
pub(super) fn always_holds(nfa: &NFA, start: StateID, byte: u8) -> bool {
    let mut avoid = NecessaryBytes::none();
    avoid.table[usize::from(byte)] = true;
    !reaches_match(nfa, start, &avoid, &mut vec![false; nfa.states().len()])
}

/// A walk of the NFA from `start` along epsilon transitions and transitions on bytes outside
/// `avoid`: whether it reaches a match. Look-around assertions are taken as satisfied, which can
/// only say "reaches" more often, so a set found needed is needed.
fn reaches_match(nfa: &NFA, start: StateID, avoid: &NecessaryBytes, seen: &mut [bool]) -> bool {
    let allowed = |lo: u8, hi: u8| (lo..=hi).any(|b| !avoid.contains(b));
    let mut stack = vec![start];
    while let Some(id) = stack.pop() {
        let Some(slot) = seen.get_mut(id.as_usize()) else {
            continue;
        };
        if std::mem::replace(slot, true) {
            continue;
        }
        match nfa.state(id) {
            State::Match { .. } => return true,
            State::Fail => {}
            State::ByteRange { trans } => {
                if allowed(trans.start, trans.end) {
                    stack.push(trans.next);
                }
            }
            State::Sparse(sparse) => stack.extend(
                sparse
                    .transitions
                    .iter()
                    .filter(|t| allowed(t.start, t.end))
                    .map(|t| t.next),
            ),
            State::Dense(dense) => stack.extend(
                (0..=255u8)
                    .filter(|&b| !avoid.contains(b))
                    .filter_map(|b| dense.matches_byte(b)),
            ),
            State::Look { next, .. } | State::Capture { next, .. } => stack.push(*next),
            State::Union { alternates } => stack.extend(alternates.iter().copied()),
            State::BinaryUnion { alt1, alt2 } => stack.extend([*alt1, *alt2]),
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needed(patterns: &[&str]) -> Vec<u8> {
        let patterns: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        let set = NecessaryBytes::of(&patterns);
        (0..=255u8).filter(|&b| set.contains(b)).collect()
    }

    #[test]
    fn a_pattern_keeps_the_rarest_bytes_every_match_needs() {
        // Digits are kept before a separator: prose holds both, but sentences without digits
        // are the commoner.
        assert_eq!(needed(&["[0-9]{3}-[0-9]{2}-[0-9]{4}"]), b"0123456789");
        assert_eq!(needed(&["[0-9]{3} ?[0-9]{4}"]), b"0123456789");
        assert_eq!(needed(&["[a-z.]+@[a-z]+\\.[a-z]{2,}"]), b"@");
        assert_eq!(needed(&["[a-z]+://[a-z]+", "[a-z]+@[a-z]+"]), b":@");
        // Either alternative may be the match: one byte of each.
        assert_eq!(needed(&["AKIA[A-Z]{4}|ghp_[a-z]{4}"]), b"K_");
        // A letter that only some matches hold is not needed; one all of them hold is.
        assert_eq!(needed(&["(?i)xox[ab]-[a-z]{4}"]), b"-");
    }

    #[test]
    fn a_pattern_that_needs_no_byte_keeps_every_byte() {
        assert_eq!(needed(&["a*"]).len(), 256);
        assert_eq!(needed(&["[a-z]+", "[0-9]{3}"]).len(), 36);
    }

    #[test]
    fn unicode_classes_keep_the_lead_bytes_of_their_other_scripts() {
        // `\d` is Unicode: `٣٣٣` is three digits and holds no ASCII digit.
        let set = NecessaryBytes::of(&["\\d{3}".to_string()]);
        assert!(set.contains(b'7'));
        assert!("٣".bytes().any(|b| set.contains(b)));
        assert!(!set.contains(b'a') && !set.contains(b' '));
    }

    #[test]
    fn text_is_tested_in_blocks_to_its_end() {
        let set = NecessaryBytes::of(&["[0-9]{3}".to_string()]);
        let prose =
            "the order arrived quickly and the box was not damaged at all, thanks".repeat(3);
        assert!(!set.any_in(prose.as_bytes()));
        for at in [0, 31, 32, 63, prose.len() - 1] {
            let mut with_digit = prose.clone().into_bytes();
            with_digit[at] = b'7';
            assert!(set.any_in(&with_digit), "digit at {at}");
        }
        assert!(!set.any_in(b""));
    }
}
