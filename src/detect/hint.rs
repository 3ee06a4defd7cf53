//! Column names as context: does a column's name carry one of a detector's hint words?
//!
//! Names are split into lower-case words at non-alphanumeric characters and camelCase
//! boundaries (`customerSSN` → `customer ssn`, `date_of_birth` → `date of birth`). A hint
//! matches when its words appear consecutively in the name's words, or, for hints of five
//! letters or more, when its letters appear in the name with the separators removed
//! (`dateofbirth`, `userpassword`). Short hints (`ssn`, `dob`, `zip`) must be whole words, so
//! `zipper` is not a ZIP code. A hint written `=name` matches only a column named exactly that.

/// The lower-case words of a column name.
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev: Option<char> = None;
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev = None;
            continue;
        }
        if let Some(p) = prev {
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let boundary = (p.is_lowercase() && c.is_uppercase())
                || (p.is_uppercase() && c.is_uppercase() && next_lower);
            if boundary && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.extend(c.to_lowercase());
        prev = Some(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A hint, prepared for matching.
#[derive(Clone, Debug)]
pub struct Hint {
    words: Vec<String>,
    joined: String,
    exact: bool,
}

impl Hint {
    /// Prepares a hint phrase (`"date of birth"`, `"ssn"`). A phrase starting with `=` matches
    /// only a column name of exactly those words (`=name` matches `name`, not `product_name`).
    pub fn new(phrase: &str) -> Self {
        let exact = phrase.starts_with('=');
        let words = words(phrase.trim_start_matches('='));
        let joined = words.concat();
        Self {
            words,
            joined,
            exact,
        }
    }

    /// Whether the column name (already split with [`words`]) carries this hint.
    pub fn matches(&self, name_words: &[String]) -> bool {
        if self.words.is_empty() {
            return false;
        }
        if self.exact {
            return name_words == self.words.as_slice();
        }
        if name_words
            .windows(self.words.len())
            .any(|w| w == self.words.as_slice())
        {
            return true;
        }
        self.joined.len() >= 5 && name_words.concat().contains(&self.joined)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_words() {
        assert_eq!(words("date_of_birth"), ["date", "of", "birth"]);
        assert_eq!(words("customerSSN"), ["customer", "ssn"]);
        assert_eq!(words("SSNNumber"), ["ssn", "number"]);
        assert_eq!(words("billing-email"), ["billing", "email"]);
    }

    #[test]
    fn hints_match_words_not_substrings() {
        let zip = Hint::new("zip");
        assert!(zip.matches(&words("zip_code")));
        assert!(!zip.matches(&words("zipper_size")));
        let dob = Hint::new("date of birth");
        assert!(dob.matches(&words("customer_date_of_birth")));
        assert!(dob.matches(&words("dateofbirth")));
        assert!(Hint::new("password").matches(&words("userpassword")));
        assert!(!Hint::new("ssn").matches(&words("lessnumber")));
        assert!(Hint::new("=name").matches(&words("Name")));
        assert!(!Hint::new("=name").matches(&words("product_name")));
    }
}
