//! Value shapes: the format of a text value with its content abstracted away.
//!
//! `2024-01-31` → `9999-99-99`, `AB-123` → `AA-999`, `j.smith@example.com` → `a.a+@a+.aaa`.
//! Upper-case letters become `A`, lower-case `a`, digits `9`; everything else is kept, so
//! separators, currency signs and stray characters stay visible. Runs longer than the limit for
//! their class collapse to the class and `+`: letters after 4 (words differ in length, formats do
//! not), digits after 16 (so ZIP, SSN, phone and card lengths stay distinct). A shape histogram
//! shows format drift and mixed formats without any regular expression.

use std::collections::{BTreeMap, HashMap};

use foldhash::fast::FixedState;

use serde::{Deserialize, Serialize};

use super::text_bounds::precedes;

/// Longest shape kept; longer shapes are cut and end in `…`.
const MAX_SHAPE_CHARS: usize = 40;
/// Longest run of digits kept as is; longer runs collapse to `9+`.
const DIGIT_RUN_LIMIT: usize = 16;
/// Longest run of letters (or of one other character) kept as is; longer runs collapse to `a+`.
const OTHER_RUN_LIMIT: usize = 4;
/// Distinct shapes kept per column; the rest are counted in `other`.
pub const MAX_SHAPES: usize = 64;
/// Longest example kept per shape, in characters.
const MAX_EXAMPLE_CHARS: usize = 64;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Upper,
    Lower,
    Digit,
    Other(char),
}

impl Class {
    fn of(c: char) -> Class {
        if c.is_ascii_digit() {
            Class::Digit
        } else if c.is_uppercase() {
            Class::Upper
        } else if c.is_lowercase() {
            Class::Lower
        } else {
            Class::Other(c)
        }
    }

    fn symbol(self) -> char {
        match self {
            Class::Upper => 'A',
            Class::Lower => 'a',
            Class::Digit => '9',
            Class::Other(c) => c,
        }
    }

    fn run_limit(self) -> usize {
        match self {
            Class::Digit => DIGIT_RUN_LIMIT,
            _ => OTHER_RUN_LIMIT,
        }
    }
}

/// The shape of one value.
pub fn shape_of(value: &str) -> String {
    if value.is_ascii() {
        String::from_utf8_lossy(AsciiShape::new().shape_of(value.as_bytes())).into_owned()
    } else {
        let mut out = String::new();
        shape_runs(value.chars(), &mut out);
        out
    }
}

/// The shape symbol of a byte: `A`, `a`, `9`, or the byte itself.
#[inline(always)]
fn symbol_of(b: u8) -> u8 {
    if b.wrapping_sub(b'A') < 26 {
        b'A'
    } else if b.wrapping_sub(b'a') < 26 {
        b'a'
    } else if b.wrapping_sub(b'0') < 10 {
        b'9'
    } else {
        b
    }
}

/// The shape of an ASCII value, built on the stack: [`shape_runs`] a byte at a time, several
/// times faster on the values most columns hold. For ASCII, equal symbols mean equal classes.
struct AsciiShape {
    /// The shape's bytes: room for a [`SHORT`] value's symbols, which also holds a cut shape
    /// and one whole [`RUN_WRITE`] store past the cut.
    bytes: [u8; SHORT],
}

/// Longest value tried on the path without runs ([`AsciiShape::symbols_if_no_long_run`]).
const SHORT: usize = 64;
const _: () = assert!(SHORT > MAX_SHAPE_CHARS + RUN_WRITE);

/// Bytes stored per run: the longest run ever emitted (a digit run at its limit). Storing a fixed
/// width and then advancing by the run's length compiles to one vector store instead of a
/// `memset` call per run.
const RUN_WRITE: usize = DIGIT_RUN_LIMIT;

impl AsciiShape {
    fn new() -> Self {
        Self { bytes: [0; SHORT] }
    }

    /// The shape of `value` (ASCII): the symbols, or the first [`MAX_SHAPE_CHARS`] of them and
    /// `…`, as UTF-8 bytes.
    fn shape_of(&mut self, value: &[u8]) -> &[u8] {
        self.shape_trying_short(value, true).0
    }

    /// The shape of `value` (ASCII), by the short path first if `try_short`, and whether that
    /// try failed on a run past its limit.
    fn shape_trying_short(&mut self, value: &[u8], try_short: bool) -> (&[u8], bool) {
        if try_short && self.symbols_if_no_long_run(value) {
            (self.symbols(value.len()), false)
        } else {
            (self.runs(value), try_short)
        }
    }

    /// The shape left by [`Self::symbols_if_no_long_run`] when it said yes, for a value of `len`
    /// bytes.
    fn symbols(&mut self, len: usize) -> &[u8] {
        if len > MAX_SHAPE_CHARS {
            self.cut()
        } else {
            &self.bytes[..len]
        }
    }

    /// Writes the symbol of each byte of a short `value` and tells whether no run is past its
    /// limit; then the shape is those symbols, one per byte.
    ///
    /// Codes, identifiers and addresses (UUIDs, IPs, phone numbers) have short runs of random
    /// lengths, on which [`Self::runs`] mispredicts a branch per run. This path has no branch that
    /// depends on the bytes: fixed-width loops over a buffer of 16, 32 or 64 bytes, the first
    /// that holds the value, which the compiler turns into vector compares.
    fn symbols_if_no_long_run(&mut self, value: &[u8]) -> bool {
        match value.len() {
            0..=16 => self.no_long_run::<16>(value),
            17..=32 => self.no_long_run::<32>(value),
            33..=SHORT => self.no_long_run::<SHORT>(value),
            _ => false,
        }
    }

    /// [`Self::symbols_if_no_long_run`] in the first `N` bytes of the buffer, for a value of at
    /// most `N` bytes.
    fn no_long_run<const N: usize>(&mut self, value: &[u8]) -> bool {
        const { assert!(N >= 16 && N <= SHORT && N <= 64 && N.is_multiple_of(8)) };
        let Some(symbols) = self.bytes.first_chunk_mut::<N>() else {
            return false;
        };
        // Past the value, distinct non-ASCII bytes: equal to no symbol and to no neighbour, and
        // their own symbols.
        for (i, s) in symbols.iter_mut().enumerate() {
            *s = 0x80 | i as u8;
        }
        let Some(start) = symbols.get_mut(..value.len()) else {
            return false;
        };
        start.copy_from_slice(value);
        // Compares and selects over the whole buffer, in vectors (a table look-up is a load
        // per byte).
        for s in symbols.iter_mut() {
            *s = symbol_of(*s);
        }
        // A bit per symbol: in `equal`, symbol `i` equals symbol `i + 1`; in `digits`, it is a
        // digit. They are built from whole words of the buffer, in registers: byte arrays
        // shifted by one and read back from the stack stalled on every load, each straddling
        // two of the stores just made.
        let word = |at: usize| {
            symbols
                .get(at..)
                .and_then(|rest| rest.first_chunk::<8>())
                .map_or(0, |w| u64::from_le_bytes(*w))
        };
        let (mut changes, mut digits) = (0u64, 0u64);
        for at in (0..N).step_by(8) {
            let w = word(at);
            let next = (w >> 8) | (word(at + 8) << 56);
            changes |= nonzero_bytes(w ^ next) << at;
            digits |= (!nonzero_bytes(w ^ u64::from_le_bytes([b'9'; 8])) & 0xff) << at;
        }
        // The last symbol has no next one.
        let equal = !changes & (u64::MAX >> (65 - N));
        // Where symbols `i..=i + 4` are equal, `i..=i + 8`, `i..=i + 16`.
        let run5 = equal & (equal >> 1) & (equal >> 2) & (equal >> 3);
        let run9 = run5 & (run5 >> 4);
        let run17 = run9 & (run9 >> 8);
        // Five equal letters (or other symbols), or seventeen digits.
        (run5 & !digits) | (run17 & digits) == 0
    }

    /// The shape of `value`, a run at a time.
    ///
    /// The runs are found a [`BLOCK`] of bytes at a time: the block's symbols by vector compares,
    /// then a bit per byte where the symbol changes. Walking those bits gives each run's length
    /// without a branch per byte, so words of random lengths cost no mispredicted branch each.
    fn runs(&mut self, value: &[u8]) -> &[u8] {
        let Some(&first) = value.first() else {
            return &[];
        };
        let mut len = 0;
        let mut run_start = 0;
        let mut run_symbol = symbol_of(first);
        let mut symbols = [0u8; BLOCK];
        for (index, block) in value.chunks(BLOCK).enumerate() {
            let base = index * BLOCK;
            let mut changes = symbol_changes(block, run_symbol, &mut symbols);
            while changes != 0 {
                let at = changes.trailing_zeros() as usize;
                changes &= changes - 1;
                if self.emit(run_symbol, base + at - run_start, &mut len) {
                    return self.cut();
                }
                run_start = base + at;
                run_symbol = symbols[at];
            }
        }
        if self.emit(run_symbol, value.len() - run_start, &mut len) {
            return self.cut();
        }
        &self.bytes[..len]
    }

    /// Appends a run of `run` bytes of `symbol` to the shape of `len` bytes, without a branch on
    /// the run's length; tells whether the shape is now past [`MAX_SHAPE_CHARS`].
    #[inline(always)]
    fn emit(&mut self, symbol: u8, run: usize, len: &mut usize) -> bool {
        let limit = if symbol == b'9' {
            DIGIT_RUN_LIMIT
        } else {
            OTHER_RUN_LIMIT
        };
        let collapsed = run > limit;
        // `*len <= MAX_SHAPE_CHARS` here, so the store fits.
        let at = *len;
        self.bytes[at..at + RUN_WRITE].fill(symbol);
        // Runs of words and numbers have random lengths: a branch here would mispredict often.
        // A collapsed run's second byte is `+`. Another run's `+` goes just past its store, where
        // the next run's store or the cut overwrites it, or past the shape's end: a select of
        // the position compiles without a branch where a select of the byte does not.
        let plus_at = at + std::hint::select_unpredictable(collapsed, 1, RUN_WRITE);
        self.bytes[plus_at] = b'+';
        *len += std::hint::select_unpredictable(collapsed, 2, run);
        *len > MAX_SHAPE_CHARS
    }

    /// The shape cut at [`MAX_SHAPE_CHARS`], ending in `…` (three bytes, in the room past the
    /// cut).
    fn cut(&mut self) -> &[u8] {
        self.bytes[MAX_SHAPE_CHARS..MAX_SHAPE_CHARS + 3].copy_from_slice("…".as_bytes());
        &self.bytes[..MAX_SHAPE_CHARS + 3]
    }
}

/// Bytes whose runs [`AsciiShape::runs`] finds at once.
const BLOCK: usize = 64;

/// Writes the symbol of each byte of `block` (at most [`BLOCK`] bytes) into `symbols` and returns
/// a bit per byte of the block, set where its symbol differs from the one before it (`before`
/// for the first).
///
/// Each symbol is compared with the one before it a word at a time, the word shifted by a byte
/// in a register: loading it shifted from the buffer straddled two of the stores just made and
/// stalled.
#[inline(always)]
fn symbol_changes(block: &[u8], before: u8, symbols: &mut [u8; BLOCK]) -> u64 {
    symbols[..block.len()].copy_from_slice(block);
    // Past a short block the buffer holds bytes of the one before: symbols nobody reads.
    for s in symbols.iter_mut() {
        *s = symbol_of(*s);
    }
    let mut changes = 0u64;
    // The symbol before each word, in its highest byte.
    let mut previous = u64::from(before) << 56;
    let (words, _) = symbols.as_chunks::<8>();
    for (k, word) in words.iter().enumerate() {
        let word = u64::from_le_bytes(*word);
        let shifted = (word << 8) | (previous >> 56);
        changes |= nonzero_bytes(word ^ shifted) << (8 * k);
        previous = word;
    }
    if block.len() < BLOCK {
        changes &= (1u64 << block.len()) - 1;
    }
    changes
}

/// A bit per byte of `x`, the lowest for its first byte, set where that byte is not zero.
#[inline(always)]
fn nonzero_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // The high bit of each byte: set where the byte is not zero (no carry crosses bytes).
    let high = (((x & LOW7) + LOW7) | x) & !LOW7;
    // Gathers byte `j`'s high bit into bit `56 + j`: the products land on distinct bits.
    ((high >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

fn shape_runs(chars: impl Iterator<Item = char>, out: &mut String) {
    let mut emitted = 0;
    let mut run: Option<(Class, usize)> = None;
    for c in chars {
        let class = Class::of(c);
        match &mut run {
            Some((current, n)) if *current == class => *n += 1,
            _ => {
                if let Some((current, n)) = run.replace((class, 1))
                    && !emit_run(current, n, out, &mut emitted)
                {
                    return;
                }
            }
        }
    }
    if let Some((class, n)) = run {
        emit_run(class, n, out, &mut emitted);
    }
}

/// Appends one run of a class; `false` once the shape is full and has been cut.
fn emit_run(class: Class, run: usize, out: &mut String, emitted: &mut usize) -> bool {
    let symbol = class.symbol();
    if run > class.run_limit() {
        out.push(symbol);
        out.push('+');
        *emitted += 2;
    } else {
        (0..run).for_each(|_| out.push(symbol));
        *emitted += run;
    }
    if *emitted > MAX_SHAPE_CHARS {
        let cut = out
            .char_indices()
            .nth(MAX_SHAPE_CHARS)
            .map_or(out.len(), |(i, _)| i);
        out.truncate(cut);
        out.push('…');
        return false;
    }
    true
}

thread_local! {
    /// The shape of the non-ASCII value being observed; reused so that a known shape costs no
    /// allocation.
    static SCRATCH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// How often one shape occurred, with the smallest example seen (deterministic under merge).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShapeCount {
    /// Number of values with this shape.
    pub count: u64,
    /// One value with this shape, cut to 64 characters. Masked in reports of sensitive columns.
    pub example: String,
}

/// Counts of value shapes of one column, bounded to [`MAX_SHAPES`] entries.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(into = "Folded")]
pub struct ShapeHistogram {
    /// Shape → count and example.
    pub shapes: BTreeMap<String, ShapeCount>,
    /// Values whose shape fell outside the kept shapes.
    pub other: u64,
    /// Shapes recorded since the histogram was last folded ([`Self::fold`]: by [`Self::bound`],
    /// [`Self::merge`] and serialisation), by their bytes: a value costs one hash look-up, not
    /// a walk of the sorted map's string compares (a B-tree node compares its keys one by one),
    /// and once the histogram is full, most values of a column with many shapes (identifiers,
    /// free text) learn from the same look-up that their shape is not kept.
    #[serde(skip)]
    recent: HashMap<Box<[u8]>, ShapeCount, FixedState>,
    /// Values left to shape a run at a time without trying the short path first: after values
    /// with a long run (names, words), the next ones most likely have one too.
    #[serde(skip)]
    skip_short_path: u8,
    /// Tries of the short path in a row that failed.
    #[serde(skip)]
    failed_tries: u8,
}

/// Values shaped a run at a time after two tries of the short path in a row failed: on a column
/// of words the try then costs a sixteenth of what it would on every value. One failure is not
/// enough: a fifth of random UUIDs hold five hex letters in a row, and the rest take the short
/// path.
const SKIPPED_AFTER_LONG_RUNS: u8 = 15;
/// Failed tries in a row that start a skip.
const FAILED_TRIES_TO_SKIP: u8 = 2;

/// Equal counts of equal shapes, folded or not yet ([`Self::fold`]); the path choice is not part
/// of the value.
impl PartialEq for ShapeHistogram {
    fn eq(&self, other: &Self) -> bool {
        if !(self.recent.is_empty() && other.recent.is_empty()) {
            let (mut mine, mut theirs) = (self.clone(), other.clone());
            mine.fold();
            theirs.fold();
            return mine == theirs;
        }
        self.shapes == other.shapes && self.other == other.other
    }
}

impl Eq for ShapeHistogram {}

/// Shapes kept while accumulating: four times as many as a finished histogram keeps, so that a
/// shape common overall but late in a batch still makes the cut.
const KEPT_WHILE_ACCUMULATING: usize = 4 * MAX_SHAPES;

/// A histogram as it is written: folded, so shapes recorded since the last fold are in it.
#[derive(Serialize)]
struct Folded {
    shapes: BTreeMap<String, ShapeCount>,
    other: u64,
}

impl From<ShapeHistogram> for Folded {
    fn from(mut histogram: ShapeHistogram) -> Self {
        histogram.fold();
        Folded {
            shapes: histogram.shapes,
            other: histogram.other,
        }
    }
}

/// Adds `count` values of a shape whose smallest example so far is `entry`'s, `value` among
/// them.
fn count_into(entry: &mut ShapeCount, value: &str, count: u64) {
    entry.count += count;
    if precedes(value, &entry.example) {
        entry.example = example_of(value);
    }
}

/// A shape's bytes as a map key: UTF-8 by construction (the symbols of ASCII values, `…`, or the
/// characters [`shape_runs`] keeps).
fn shape_key(shape: &[u8]) -> String {
    String::from_utf8_lossy(shape).into_owned()
}

impl ShapeHistogram {
    /// Records `count` occurrences of `value`.
    pub fn observe(&mut self, value: &str, count: u64) {
        if value.is_ascii() {
            let mut buffer = AsciiShape::new();
            let try_short = self.skip_short_path == 0;
            let (shape, failed) = buffer.shape_trying_short(value.as_bytes(), try_short);
            if failed {
                self.failed_tries = self.failed_tries.saturating_add(1);
            } else if try_short {
                self.failed_tries = 0;
            }
            self.skip_short_path = if failed && self.failed_tries >= FAILED_TRIES_TO_SKIP {
                SKIPPED_AFTER_LONG_RUNS
            } else {
                self.skip_short_path.saturating_sub(1)
            };
            self.record(shape, value, count);
        } else {
            SCRATCH.with_borrow_mut(|shape| {
                shape.clear();
                shape_runs(value.chars(), shape);
                self.record(shape.as_bytes(), value, count);
            });
        }
    }

    /// Counts `count` values of `shape`, `value` among them. The shapes kept are the first
    /// [`KEPT_WHILE_ACCUMULATING`] seen (those in `shapes` and those in `recent`); the values of
    /// any other shape are counted in `other`.
    fn record(&mut self, shape: &[u8], value: &str, count: u64) {
        if let Some(entry) = self.recent.get_mut(shape) {
            count_into(entry, value, count);
            return;
        }
        // Only a histogram updated after a merge or a bound holds shapes outside `recent`.
        if !self.shapes.is_empty()
            && let Ok(key) = std::str::from_utf8(shape)
            && let Some(entry) = self.shapes.get_mut(key)
        {
            count_into(entry, value, count);
            return;
        }
        if self.shapes.len() + self.recent.len() < KEPT_WHILE_ACCUMULATING {
            let entry = ShapeCount {
                count,
                example: example_of(value),
            };
            self.recent.insert(shape.into(), entry);
        } else {
            self.other += count;
        }
    }

    /// Moves the shapes recorded since the last fold into `shapes` (never both: [`Self::record`]
    /// adds to `recent` only shapes that `shapes` does not hold).
    fn fold(&mut self) {
        for (shape, entry) in self.recent.drain() {
            self.shapes.insert(shape_key(&shape), entry);
        }
    }

    /// Adds another histogram, then bounds the result.
    pub fn merge(&mut self, other: &ShapeHistogram) {
        self.fold();
        let mut other = other.clone();
        other.fold();
        for (shape, theirs) in other.shapes {
            match self.shapes.get_mut(&shape) {
                Some(mine) => {
                    mine.count += theirs.count;
                    if theirs.example < mine.example {
                        mine.example = theirs.example;
                    }
                }
                None => {
                    self.shapes.insert(shape, theirs);
                }
            }
        }
        self.other += other.other;
        self.bound();
    }

    /// Keeps the [`MAX_SHAPES`] most frequent shapes (ties by shape) and counts the rest.
    ///
    /// Accumulation keeps up to [`KEPT_WHILE_ACCUMULATING`].
    pub fn bound(&mut self) {
        self.fold();
        if self.shapes.len() <= MAX_SHAPES {
            return;
        }
        let mut ranked: Vec<(String, ShapeCount)> =
            std::mem::take(&mut self.shapes).into_iter().collect();
        ranked.sort_by(|a, b| b.1.count.cmp(&a.1.count).then_with(|| a.0.cmp(&b.0)));
        for (rank, (shape, entry)) in ranked.into_iter().enumerate() {
            if rank < MAX_SHAPES {
                self.shapes.insert(shape, entry);
            } else {
                self.other += entry.count;
            }
        }
    }

    /// Shapes by count, most frequent first.
    pub fn ranked(&self) -> Vec<(&str, &ShapeCount)> {
        let mut v: Vec<_> = self.shapes.iter().map(|(s, c)| (s.as_str(), c)).collect();
        v.sort_by(|a, b| b.1.count.cmp(&a.1.count).then_with(|| a.0.cmp(b.0)));
        v
    }
}

fn example_of(value: &str) -> String {
    value.chars().take(MAX_EXAMPLE_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_follow_the_documented_examples() {
        assert_eq!(shape_of("2024-01-31"), "9999-99-99");
        assert_eq!(shape_of("AB-123"), "AA-999");
        assert_eq!(shape_of("j.smith@example.com"), "a.a+@a+.aaa");
        assert_eq!(shape_of("John"), "Aaaa");
        assert_eq!(shape_of("Jonathan"), "Aa+");
        assert_eq!(shape_of("123-45-6789"), "999-99-9999");
        assert_eq!(shape_of("4111111111111111"), "9999999999999999");
        assert_eq!(shape_of("12345678901234567890"), "9+");
        assert_eq!(shape_of(" NY"), " AA");
        assert_eq!(shape_of(""), "");
    }

    #[test]
    fn a_bytes_symbol_is_its_class_or_itself() {
        for b in 0..=255u8 {
            let expected = match char::from(b) {
                c if c.is_ascii_uppercase() => b'A',
                c if c.is_ascii_lowercase() => b'a',
                c if c.is_ascii_digit() => b'9',
                _ => b,
            };
            assert_eq!(symbol_of(b), expected, "{b:#04x}");
        }
    }

    /// Both ways of the ASCII path, with and without the short path first, give `general`.
    fn assert_ascii_paths_give(value: &str, general: &str) {
        for try_short in [true, false] {
            let mut buffer = AsciiShape::new();
            let (shape, _) = buffer.shape_trying_short(value.as_bytes(), try_short);
            assert_eq!(
                shape,
                general.as_bytes(),
                "{value:?}, short path {try_short}"
            );
        }
    }

    #[test]
    fn the_ascii_path_gives_the_general_paths_shape() {
        let long_digits = "1".repeat(17);
        let long_words = "Lorem ipsum dolor sit amet, consectetur 12345 adipiscing elit ".repeat(3);
        // Around the short path's edges: a run past its limit in the last bytes it reads, a cut
        // shape without long runs, one byte too long for it.
        let digits_at_the_end = format!("{}{}", "a1".repeat(23), "7".repeat(18));
        let hex_cut = "3f2a9b1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c-0d4e-4f5a".to_string();
        let just_too_long = format!("{}x", "a1b2".repeat(16));
        // Runs that cross the runs path's blocks of 64 bytes, or end on their edge.
        let across_a_block = format!("{}7-", "a".repeat(70));
        let across_two_blocks = format!("{}-x", "7".repeat(130));
        let to_the_edge = format!("{}a", "-".repeat(64));
        let on_the_edge = format!("{}{}", "x".repeat(63), "7".repeat(17));
        let values = [
            "",
            " ",
            "a",
            "2024-01-31T10:00:00Z",
            "AB-123",
            "j.smith@example.com",
            "+1 (555) 010-9999",
            "3f2a9b1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c",
            "----====....",
            "ABCDE fghij 0123456789012345",
            "tab\tand\u{7f}control",
            long_digits.as_str(),
            long_words.as_str(),
            digits_at_the_end.as_str(),
            hex_cut.as_str(),
            just_too_long.as_str(),
            across_a_block.as_str(),
            across_two_blocks.as_str(),
            to_the_edge.as_str(),
            on_the_edge.as_str(),
        ];
        for v in values {
            let mut general = String::new();
            shape_runs(v.chars(), &mut general);
            assert_ascii_paths_give(v, &general);
        }
    }

    #[test]
    fn the_ascii_path_agrees_with_the_general_path_on_random_values() {
        // Runs of random lengths around every limit and the cut, of letters, digits and
        // punctuation, seeded so a failure reproduces.
        let pieces: [&[u8]; 6] = [b"a", b"Z", b"7", b"-", b" ", b"\0"];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) % n
        };
        for _ in 0..20_000 {
            let mut v = Vec::new();
            for _ in 0..next(12) {
                let piece = pieces[next(6) as usize];
                (0..next(20)).for_each(|_| v.extend_from_slice(piece));
            }
            let v = String::from_utf8(v).unwrap();
            let mut general = String::new();
            shape_runs(v.chars(), &mut general);
            assert_ascii_paths_give(&v, &general);
            assert_short_path_tells_long_runs(v.as_bytes());
        }
    }

    /// The short path gives way exactly when a value that it could take has a run past its
    /// limit, counted here run by run.
    fn assert_short_path_tells_long_runs(value: &[u8]) {
        if value.len() > SHORT {
            return;
        }
        let symbols: Vec<u8> = value.iter().map(|&b| symbol_of(b)).collect();
        let long = symbols.chunk_by(|a, b| a == b).any(|run| {
            let limit = if run[0] == b'9' {
                DIGIT_RUN_LIMIT
            } else {
                OTHER_RUN_LIMIT
            };
            run.len() > limit
        });
        let (_, gave_way) = AsciiShape::new().shape_trying_short(value, true);
        assert_eq!(gave_way, long, "{:?}", String::from_utf8_lossy(value));
    }

    #[test]
    fn a_full_histogram_counts_kept_shapes_and_the_rest_exactly() {
        // 2,000 values of 700 shapes (binary numbers spelled in letters and digits; each shape
        // comes back with other letters), seen three times over: the first 256 shapes seen are
        // kept, everything else is `other`.
        let values: Vec<String> = (0..2_000u32)
            .map(|i| {
                let letter = char::from(b'a' + (i % 26) as u8).to_string();
                format!("{:b}", (i % 700 * 7_919) % 1_024 + 1_024)
                    .replace('1', &letter)
                    .replace('0', "4")
            })
            .collect();
        let mut expected: BTreeMap<String, u64> = BTreeMap::new();
        let mut other = 0;
        let mut histogram = ShapeHistogram::default();
        for round in 0..3 {
            // The last round sees the values in reverse, so that it fills the histogram with
            // other shapes than those kept before the merge.
            let order: Vec<&String> = if round == 2 {
                values.iter().rev().collect()
            } else {
                values.iter().collect()
            };
            for v in order {
                let shape = shape_of(v);
                if let Some(n) = expected.get_mut(&shape) {
                    *n += 1;
                } else if expected.len() < KEPT_WHILE_ACCUMULATING {
                    expected.insert(shape, 1);
                } else {
                    other += 1;
                }
                histogram.observe(v, 1);
            }
            if round == 1 {
                // A merge folds and bounds the histogram, and recording goes on in both maps.
                histogram.merge(&ShapeHistogram::default());
                let kept: BTreeMap<String, u64> = histogram
                    .shapes
                    .iter()
                    .map(|(s, c)| (s.clone(), c.count))
                    .collect();
                other += expected.values().sum::<u64>() - kept.values().sum::<u64>();
                expected = kept;
            }
        }
        assert!(other > 0, "the histogram filled up");
        histogram.fold();
        let counts: BTreeMap<String, u64> = histogram
            .shapes
            .iter()
            .map(|(s, c)| (s.clone(), c.count))
            .collect();
        assert_eq!(counts, expected);
        assert_eq!(histogram.other, other);
    }

    #[test]
    fn shapes_recorded_since_the_last_fold_are_written() {
        let mut h = ShapeHistogram::default();
        h.observe("2024-01-31", 2);
        h.observe("2023-05-01", 1);
        h.observe("AB-123", 1);
        let json = serde_json::to_value(&h).unwrap();
        assert_eq!(json["shapes"]["9999-99-99"]["count"], 3);
        assert_eq!(json["shapes"]["9999-99-99"]["example"], "2023-05-01");
        assert_eq!(json["shapes"]["AA-999"]["count"], 1);
        let back: ShapeHistogram = serde_json::from_value(json).unwrap();
        h.fold();
        assert_eq!(back, h);
    }

    #[test]
    fn long_free_text_is_cut() {
        let s = shape_of(&"word ".repeat(40));
        assert!(s.ends_with('…'));
        assert!(s.chars().count() <= MAX_SHAPE_CHARS + 1);
    }

    #[test]
    fn merge_is_bounded_and_keeps_smallest_example() {
        let mut a = ShapeHistogram::default();
        let mut b = ShapeHistogram::default();
        a.observe("2024-01-31", 2);
        b.observe("2023-05-01", 1);
        for i in 0..100 {
            b.observe(&"x".repeat(i % 5 + 1).replace('x', &i.to_string()), 1);
        }
        a.merge(&b);
        assert!(a.shapes.len() <= MAX_SHAPES);
        let date = &a.shapes["9999-99-99"];
        assert_eq!(date.count, 3);
        assert_eq!(date.example, "2023-05-01");
        let total: u64 = a.shapes.values().map(|c| c.count).sum::<u64>() + a.other;
        assert_eq!(total, 103);
    }
}
