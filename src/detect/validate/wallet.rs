//! Cryptocurrency addresses: Bitcoin Base58Check (P2PKH `1…`, P2SH `3…`), Bitcoin Bech32 and
//! Bech32m segwit addresses (BIP-173, BIP-350), and Ethereum addresses with the EIP-55
//! mixed-case checksum.

use sha2::{Digest, Sha256};
use tiny_keccak::{Hasher, Keccak};

use crate::profile::trimmed;

const BASE58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Decodes Base58 text into bytes (leading `1`s become zero bytes).
pub fn base58_decode(s: &str) -> Option<Vec<u8>> {
    let mut bytes: Vec<u8> = Vec::with_capacity(s.len());
    for c in s.bytes() {
        let mut carry = BASE58.iter().position(|&x| x == c)? as u32;
        for b in bytes.iter_mut().rev() {
            carry += u32::from(*b) * 58;
            *b = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            bytes.insert(0, (carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let zeros = s.bytes().take_while(|&c| c == b'1').count();
    let mut out = vec![0u8; zeros];
    out.extend(bytes);
    Some(out)
}

/// A Bitcoin Base58Check address: 25 bytes, mainnet version 0x00 or 0x05, and the first four
/// bytes of the double SHA-256 of the payload as checksum.
pub fn base58check(s: &str) -> bool {
    let Some(raw) = base58_decode(s) else {
        return false;
    };
    if raw.len() != 25 || !matches!(raw[0], 0x00 | 0x05) {
        return false;
    }
    let (payload, check) = raw.split_at(21);
    let digest = Sha256::digest(Sha256::digest(payload));
    digest[..4] == *check
}

const BECH32_CHARSET: &[u8] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

fn polymod(values: &[u8]) -> u32 {
    const GEN: [u32; 5] = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
    let mut chk: u32 = 1;
    for &v in values {
        let top = chk >> 25;
        chk = ((chk & 0x1ff_ffff) << 5) ^ u32::from(v);
        for (i, g) in GEN.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    chk
}

/// A Bitcoin mainnet segwit address (`bc1…`): Bech32 checksum for witness version 0, Bech32m
/// for versions 1–16.
pub fn bech32(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    if lower != s && s.to_ascii_uppercase() != s {
        return false; // mixed case is invalid
    }
    let Some(pos) = lower.rfind('1') else {
        return false;
    };
    let (hrp, data) = (&lower[..pos], &lower[pos + 1..]);
    if hrp != "bc" || data.len() < 6 || lower.len() > 90 {
        return false;
    }
    let Some(values) = data
        .bytes()
        .map(|c| BECH32_CHARSET.iter().position(|&x| x == c).map(|p| p as u8))
        .collect::<Option<Vec<u8>>>()
    else {
        return false;
    };
    let mut expanded: Vec<u8> = hrp.bytes().map(|b| b >> 5).collect();
    expanded.push(0);
    expanded.extend(hrp.bytes().map(|b| b & 31));
    expanded.extend(&values);
    if values.len() < 8 {
        return false;
    }
    let version = values[0];
    let constant = if version == 0 { 1 } else { 0x2bc830a3 };
    if version > 16 || polymod(&expanded) != constant {
        return false;
    }
    // Program length in bytes: (5-bit groups minus version and checksum) * 5 / 8.
    let program_bits = (values.len() - 7) * 5;
    let program_len = program_bits / 8;
    (2..=40).contains(&program_len) && (version != 0 || matches!(program_len, 20 | 32))
}

/// An Ethereum address: `0x` + 40 hex digits; when letters are mixed case they must follow the
/// EIP-55 checksum (Keccak-256 of the lower-case hex).
pub fn eth_address(s: &str) -> bool {
    let Some(hex) = s.strip_prefix("0x") else {
        return false;
    };
    if hex.len() != 40 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    let has_upper = hex.bytes().any(|b| b.is_ascii_uppercase());
    let has_lower = hex.bytes().any(|b| b.is_ascii_lowercase());
    if !(has_upper && has_lower) {
        return true;
    }
    let lower = hex.to_ascii_lowercase();
    let mut hash = [0u8; 32];
    let mut k = Keccak::v256();
    k.update(lower.as_bytes());
    k.finalize(&mut hash);
    hex.bytes().enumerate().all(|(i, c)| {
        let nibble = (hash[i / 2] >> (if i % 2 == 0 { 4 } else { 0 })) & 0xf;
        if c.is_ascii_digit() {
            true
        } else if nibble >= 8 {
            c.is_ascii_uppercase()
        } else {
            c.is_ascii_lowercase()
        }
    })
}

/// Any of the wallet address forms above.
pub fn crypto_wallet(s: &str) -> bool {
    let t = trimmed(s);
    if t.starts_with("0x") {
        eth_address(t)
    } else if t.len() > 3 && t[..3].eq_ignore_ascii_case("bc1") {
        bech32(t)
    } else {
        base58check(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base58check_addresses() {
        // The genesis block's coinbase address, and BIP-13's P2SH example.
        assert!(base58check("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"));
        assert!(base58check("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"));
        assert!(!base58check("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"));
        assert!(!base58check("1A1zP1eP5QGefi2DMPTfTL5SLmv7Divf0a")); // 0 is not base58
    }

    #[test]
    fn bech32_addresses() {
        // BIP-173 and BIP-350 test vectors.
        assert!(bech32("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"));
        assert!(bech32("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"));
        assert!(bech32(
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"
        ));
        assert!(!bech32("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"));
        assert!(!bech32("bc1Qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"));
    }

    #[test]
    fn ethereum_addresses() {
        // EIP-55 examples.
        assert!(eth_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
        assert!(eth_address("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"));
        assert!(eth_address("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"));
        assert!(!eth_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"));
        assert!(!eth_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA"));
    }
}
