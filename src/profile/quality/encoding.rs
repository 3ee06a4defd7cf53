//! Encoding damage in text values: replacement characters, mojibake, control characters.
//!
//! - U+FFFD, the replacement character a decoder writes for bytes it could not decode (also
//!   what a lossy read of invalid UTF-8 produces).
//! - Mojibake: UTF-8 bytes that were decoded as Windows-1252 or Latin-1 and encoded again. The
//!   telltale pairs are `Ã` or `Â` followed by a character from U+0080…U+00BF or from the
//!   Windows-1252 punctuation block (`Ã©` for `é`, `Ã¼` for `ü`, `Â°` for `°`), and `â€`
//!   (the first two bytes of `’`, `“`, `–`, `€` …). A word like `SÃO` is not damage: `Ã` is
//!   then followed by an ASCII letter.
//! - Control characters: C0 controls other than tab, line feed and carriage return, DEL, and
//!   C1 controls (U+0080…U+009F), which never belong in text.
//!
//! Counts are of values (a value with two damaged letters counts once) and add under merge.

use serde::{Deserialize, Serialize};

use super::examples::Examples;

/// Values with each kind of damage, and a few damaged values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncodingCounts {
    /// Values containing U+FFFD.
    pub replacement: u64,
    /// Values containing a mojibake sequence.
    pub mojibake: u64,
    /// Values containing a control character.
    pub control: u64,
    /// Values with any of the above.
    pub damaged: u64,
    /// A few damaged values (reports mask them).
    #[serde(default)]
    pub examples: Examples,
}

/// Windows-1252 characters of the bytes 0x80…0x9F, which follow `Ã` in mojibake of `À`…`ß`.
const CP1252_HIGH: &str = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";

fn is_mojibake_follower(c: char) -> bool {
    ('\u{80}'..='\u{BF}').contains(&c) || CP1252_HIGH.contains(c)
}

/// What damage one value shows: (replacement, mojibake, control).
pub fn damage_of(value: &str) -> (bool, bool, bool) {
    // Printable ASCII, the common case, in one pass without an early exit (so it vectorises);
    // anything else is looked at a char at a time.
    if !value
        .bytes()
        .fold(false, |unusual, b| unusual | !(0x20..0x7f).contains(&b))
    {
        return (false, false, false);
    }
    let (mut replacement, mut mojibake, mut control) = (false, false, false);
    let mut prev = '\0';
    for c in value.chars() {
        match c {
            '\u{FFFD}' => replacement = true,
            '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{7F}'..='\u{9F}'
                if !(matches!(prev, 'Ã' | 'Â')) =>
            {
                control = true
            }
            _ => {}
        }
        if (matches!(prev, 'Ã' | 'Â') && is_mojibake_follower(c)) || (prev == 'â' && c == '€')
        {
            mojibake = true;
        }
        prev = c;
    }
    (replacement, mojibake, control)
}

impl EncodingCounts {
    /// Records `count` occurrences of one value.
    pub fn observe(&mut self, value: &str, count: u64) {
        let (replacement, mojibake, control) = damage_of(value);
        if !(replacement || mojibake || control) {
            return;
        }
        self.replacement += u64::from(replacement) * count;
        self.mojibake += u64::from(mojibake) * count;
        self.control += u64::from(control) * count;
        self.damaged += count;
        self.examples.offer(value);
    }

    /// Adds another set of counts.
    pub fn merge(&mut self, other: &EncodingCounts) {
        self.replacement += other.replacement;
        self.mojibake += other.mojibake;
        self.control += other.control;
        self.damaged += other.damaged;
        self.examples.merge(&other.examples);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_kind_of_damage() {
        assert_eq!(damage_of("MÃ¼ller"), (false, true, false));
        assert_eq!(damage_of("Oâ€™Brien"), (false, true, false));
        assert_eq!(damage_of("GarcÃ\u{AD}a"), (false, true, false));
        assert_eq!(damage_of("Ã‰cole"), (false, true, false));
        assert_eq!(damage_of("Gonz\u{FFFD}lez"), (true, false, false));
        assert_eq!(damage_of("a\u{1}b"), (false, false, true));
        assert_eq!(damage_of("x\u{85}y"), (false, false, true));
    }

    #[test]
    fn clean_text_is_not_damage() {
        for v in [
            "Müller",
            "O’Brien",
            "García",
            "SÃO PAULO",
            "CÂBLE",
            "naïve café",
            "line\nbreak\tand tab",
            "5 °C",
            "£12",
            "€ 3",
            "日本語",
            "",
            "plain",
        ] {
            assert_eq!(damage_of(v), (false, false, false), "{v}");
        }
    }

    #[test]
    fn counts_values_and_merges() {
        let mut a = EncodingCounts::default();
        a.observe("MÃ¼ller", 2);
        a.observe("Müller", 5);
        let mut b = EncodingCounts::default();
        b.observe("Gonz\u{FFFD}lez\u{1}", 1);
        a.merge(&b);
        assert_eq!(
            (a.replacement, a.mojibake, a.control, a.damaged),
            (1, 2, 1, 3)
        );
        assert_eq!(a.examples.0.len(), 2);
    }
}
