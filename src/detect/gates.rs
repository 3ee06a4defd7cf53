//! Gate bytes: rare bytes that some whole-value patterns need in every match, so that a value
//! without them is walked through a smaller DFA of the patterns it can still match.
//!
//! The whole-value DFA walks a value until no pattern can match any more. The e-mail pattern's
//! local part (`[A-Za-z0-9._%+-]+`) and a URL's scheme (`[A-Za-z][A-Za-z0-9+.-]*`) take any run
//! of letters, digits and dashes, so with them in the set every identifier, code and UUID is
//! walked to its last byte, through states of every other pattern that is still alive, only to
//! fail for want of an `@` or a `:`. Yet both patterns need one of those bytes, and a value
//! shows whether it holds them in a pass far cheaper than a DFA transition per byte. So each
//! pattern's needs are read off the set's NFA (exactly: see [`always_holds`]), and a value is
//! walked through the DFA of the patterns whose needed gate bytes it holds.

use regex_automata::nfa::thompson::NFA;
use regex_automata::util::primitives::PatternID;

use super::necessary::always_holds;

/// The gate bytes, by bit: a mask of them says which a value holds or a pattern needs.
const GATES: [u8; 2] = [b'@', b':'];

/// Number of masks of gate bytes; the last one, every gate, needs no narrowing.
pub(super) const MASKS: usize = 1 << GATES.len();

/// The mask of gate bytes that `bytes` holds.
pub(super) fn present(bytes: &[u8]) -> usize {
    // One flag per gate, each an `or` of compares with no branch, which the compiler turns
    // into vector compares (a loop over `GATES` inside would keep it scalar).
    let (mut at, mut colon) = (0u8, 0u8);
    for &b in bytes {
        at |= u8::from(b == GATES[0]);
        colon |= u8::from(b == GATES[1]);
    }
    usize::from(at) | usize::from(colon) << 1
}

/// The mask of gate bytes each pattern of `nfa` needs in every match, by pattern.
pub(super) fn needed(nfa: &NFA) -> Vec<u8> {
    (0..nfa.pattern_len())
        .map(|p| {
            let Some(start) = PatternID::new(p).ok().and_then(|p| nfa.start_pattern(p)) else {
                return 0;
            };
            GATES
                .iter()
                .enumerate()
                .filter(|&(_, &gate)| always_holds(nfa, start, gate))
                .fold(0, |mask, (bit, _)| mask | 1 << bit)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use regex_automata::nfa::thompson;

    use super::*;

    #[test]
    fn a_value_shows_the_gate_bytes_it_holds() {
        assert_eq!(present(b"SKU-AUT-26863"), 0);
        assert_eq!(present(b"jo@example.org"), 0b01);
        assert_eq!(present(b"https://example.org"), 0b10);
        assert_eq!(present(b"mailto:jo@example.org"), 0b11);
        assert_eq!(present(b""), 0);
    }

    #[test]
    fn a_pattern_needs_the_gate_bytes_every_match_holds() {
        let nfa = thompson::NFA::new_many(&[
            r"^[a-z.]+@[a-z]+\.org$",
            r"^[a-z]+://[^@]+@[a-z.]+$",
            r"^[a-z]+(?::|@)[0-9]+$",
            r"^\d{3}-\d{2}-\d{4}$",
            r"^(?:@|x+)$",
        ])
        .unwrap();
        assert_eq!(needed(&nfa), [0b01, 0b11, 0, 0, 0]);
    }
}
