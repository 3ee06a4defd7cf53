//! Named validators: the checks a detector file can name in its `validator` field.
//!
//! A pattern finds text of the right shape; the validator decides whether it is a real instance
//! (check digits, allocation rules, structure, entropy). Each is a plain function in one of the
//! files below, tested on published valid and invalid examples. [`Validator::by_name`] is the
//! one place the names of the file format are tied to the functions.

pub mod checksum;
pub mod identity;
pub mod token;
pub mod wallet;

/// A check a matched value must pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validator {
    /// Luhn (ISO/IEC 7812) over the digits.
    Luhn,
    /// Luhn plus card issuer prefixes and lengths.
    CreditCard,
    /// IBAN mod-97 with the per-country length.
    IbanMod97,
    /// US SSN area, group and serial rules.
    UsSsnRules,
    /// US ITIN ranges.
    UsItinRules,
    /// ABA routing 3-7-1 checksum.
    AbaChecksum,
    /// Aadhaar: Verhoeff check digit.
    Verhoeff,
    /// NHS number mod-11.
    NhsMod11,
    /// NPI: Luhn with the 80840 prefix.
    NpiLuhn,
    /// DEA registration checksum.
    DeaChecksum,
    /// Canadian SIN: Luhn and allocation.
    CaSin,
    /// UK NINO prefix and suffix rules.
    UkNinoRules,
    /// NANP or E.164 telephone number.
    Phone,
    /// A real date giving an age of 0–120 years.
    BirthDate,
    /// SWIFT BIC with an ISO country code.
    SwiftBic,
    /// Bitcoin Base58Check, Bech32/Bech32m, or Ethereum EIP-55.
    CryptoWallet,
    /// JWT: base64url JSON header with `alg`.
    JwtStructure,
    /// Shannon entropy at least the detector's `min_entropy`.
    Entropy,
    /// Dotted-quad IPv4.
    Ipv4,
    /// IPv6 text form.
    Ipv6,
    /// MAC address.
    MacAddress,
    /// Latitude/longitude within range.
    GeoCoordinates,
}

impl Validator {
    /// Every validator with its name in detector files.
    pub const ALL: [(&'static str, Validator); 22] = [
        ("luhn", Validator::Luhn),
        ("credit_card", Validator::CreditCard),
        ("iban_mod97", Validator::IbanMod97),
        ("us_ssn_rules", Validator::UsSsnRules),
        ("us_itin_rules", Validator::UsItinRules),
        ("aba_checksum", Validator::AbaChecksum),
        ("verhoeff", Validator::Verhoeff),
        ("nhs_mod11", Validator::NhsMod11),
        ("npi_luhn", Validator::NpiLuhn),
        ("dea_checksum", Validator::DeaChecksum),
        ("ca_sin", Validator::CaSin),
        ("uk_nino_rules", Validator::UkNinoRules),
        ("phone", Validator::Phone),
        ("birth_date", Validator::BirthDate),
        ("swift_bic", Validator::SwiftBic),
        ("crypto_wallet", Validator::CryptoWallet),
        ("jwt_structure", Validator::JwtStructure),
        ("entropy", Validator::Entropy),
        ("ipv4", Validator::Ipv4),
        ("ipv6", Validator::Ipv6),
        ("mac_address", Validator::MacAddress),
        ("geo_coordinates", Validator::GeoCoordinates),
    ];

    /// The validator a detector file names, if it exists.
    pub fn by_name(name: &str) -> Option<Validator> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    /// The name used in detector files.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, v)| *v == self)
            .map_or("", |(n, _)| n)
    }

    /// Whether `value` (as matched) passes. `min_entropy` is the detector's entropy threshold.
    pub fn check(self, value: &str, min_entropy: f64) -> bool {
        use Validator::*;
        match self {
            Luhn => checksum::luhn(value),
            CreditCard => checksum::credit_card(value),
            IbanMod97 => checksum::iban_mod97(value),
            UsSsnRules => identity::us_ssn(value),
            UsItinRules => identity::us_itin(value),
            AbaChecksum => checksum::aba_checksum(value),
            Verhoeff => checksum::aadhaar(value),
            NhsMod11 => checksum::nhs_mod11(value),
            NpiLuhn => checksum::npi(value),
            DeaChecksum => checksum::dea(value),
            CaSin => identity::ca_sin(value),
            UkNinoRules => identity::uk_nino(value),
            Phone => identity::phone(value),
            BirthDate => identity::birth_date(value),
            SwiftBic => identity::swift_bic(value),
            CryptoWallet => wallet::crypto_wallet(value),
            JwtStructure => token::jwt(value),
            Entropy => token::shannon_entropy(value) >= min_entropy,
            Ipv4 => token::ipv4(value),
            Ipv6 => token::ipv6(value),
            MacAddress => token::mac_address(value),
            GeoCoordinates => token::geo_coordinates(value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for (name, v) in Validator::ALL {
            assert_eq!(Validator::by_name(name), Some(v));
            assert_eq!(v.name(), name);
        }
        assert_eq!(Validator::by_name("nope"), None);
    }
}
