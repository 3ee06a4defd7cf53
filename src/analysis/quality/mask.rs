//! Masking of example values shown in quality evidence.
//!
//! Quality evidence shows what a damaged or unparseable value looks like, not what it says:
//! the first and last characters stay, every other ASCII letter or digit becomes `*`, and
//! every other character (punctuation, spaces, mojibake, U+FFFD) stays, so `MÃ¼ller` reads
//! `MÃ¼***r` and `12,5` reads `1*,5`. Values of three characters or fewer (`n/a`, `--`, `abc`)
//! are shown as they are: too short to identify anyone, and often the very placeholder at issue.

/// The masked form of one example value.
pub fn mask(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() <= 3 {
        return value.to_string();
    }
    let last = chars.len().saturating_sub(1);
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let keep_end = i == 0 || i == last;
            if keep_end || !c.is_ascii_alphanumeric() {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_structure_and_hides_content() {
        assert_eq!(mask("MÃ¼ller"), "MÃ¼***r");
        assert_eq!(mask("12,5"), "1*,5");
        assert_eq!(mask("n/a"), "n/a");
        assert_eq!(mask("abc"), "abc");
        assert_eq!(mask("abcd"), "a**d");
        assert_eq!(mask("Gonz\u{FFFD}lez"), "G***\u{FFFD}**z");
        assert_eq!(mask(""), "");
        assert_eq!(mask("123-45-6789"), "1**-**-***9");
    }
}
