//! Delimiter and header detection for delimited text.
//!
//! Reads the first lines of a file (decompressed) and picks the delimiter among `,` `\t` `;` `|`
//! whose per-line field count is the most consistent (quotes respected), then decides whether the
//! first row is a header: it is when none of its fields looks like data (number, date, empty) while
//! some column below it does, or when every field is a distinct identifier-like word.

/// What the sniffer decided about a delimited file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dialect {
    /// Field delimiter.
    pub delimiter: u8,
    /// Whether the first row holds column names.
    pub has_header: bool,
    /// Column names: from the header, or `column_1` … `column_n`.
    pub columns: Vec<String>,
    /// Whether a quoted field spans lines (the reader must allow newlines in values).
    pub newlines_in_values: bool,
}

const CANDIDATES: [u8; 4] = [b',', b'\t', b';', b'|'];
/// Rows looked at.
const SAMPLE_ROWS: usize = 50;

/// Splits text into records of fields, honouring double quotes (`""` escapes a quote), CRLF and
/// quoted newlines. Returns the records and whether any quoted field held a newline.
fn records(text: &str, delimiter: u8, limit: usize) -> (Vec<Vec<String>>, bool) {
    let mut out = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut newline_in_quotes = false;
    let mut chars = text.chars().peekable();
    let delimiter = char::from(delimiter);
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' | '\r' => {
                    newline_in_quotes = true;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            c if c == delimiter => row.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::take(&mut field));
                out.push(std::mem::take(&mut row));
                if out.len() >= limit {
                    return (out, newline_in_quotes);
                }
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        out.push(row);
    }
    (out, newline_in_quotes)
}

fn looks_like_data(field: &str) -> bool {
    let f = field.trim();
    f.is_empty()
        || f.parse::<f64>().is_ok()
        || f.bytes().next().is_some_and(|b| b.is_ascii_digit())
        || matches!(f.to_ascii_lowercase().as_str(), "true" | "false")
}

fn identifier_like(field: &str) -> bool {
    let f = field.trim();
    !f.is_empty()
        && f.len() <= 64
        && f.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
        && f.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | ' ' | '-' | '.'))
}

/// Detects the dialect from the start of a file. `preferred` wins ties (tab for `.tsv`).
///
/// `complete` says whether `text` is the whole file; if not, its last (possibly cut) line is
/// ignored.
pub fn sniff(text: &str, preferred: u8, complete: bool) -> Option<Dialect> {
    let text = if complete {
        text
    } else {
        text.rfind('\n').map_or(text, |i| &text[..=i])
    };
    /// A delimiter, the rows it splits the sample into, whether a quoted field held a newline,
    /// and its score: rows of the first row's width, then that width.
    struct Candidate {
        delimiter: u8,
        rows: Vec<Vec<String>>,
        newlines: bool,
        score: (usize, usize),
    }
    let mut best: Option<Candidate> = None;
    for d in std::iter::once(preferred).chain(CANDIDATES.into_iter().filter(|c| *c != preferred)) {
        let (rows, nl) = records(text, d, SAMPLE_ROWS);
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .filter(|r| !(r.len() == 1 && r[0].is_empty()))
            .collect();
        let Some(first) = rows.first() else { continue };
        let width = first.len();
        if width < 2 {
            continue;
        }
        let consistent = rows.iter().filter(|r| r.len() == width).count();
        // Prefer consistency, then width.
        let score = (consistent, width);
        if best.as_ref().is_none_or(|b| score > b.score) {
            best = Some(Candidate {
                delimiter: d,
                rows,
                newlines: nl,
                score,
            });
        }
    }
    let (delimiter, rows, newlines_in_values) = match best {
        Some(c) => (c.delimiter, c.rows, c.newlines),
        None => {
            // One column: every line is a value.
            let (rows, nl) = records(text, preferred, SAMPLE_ROWS);
            if rows.is_empty() {
                return None;
            }
            (preferred, rows, nl)
        }
    };
    let first = &rows[0];
    let body = &rows[1..];
    let header_fields_are_names = first.iter().all(|f| !looks_like_data(f));
    let some_body_column_is_data = (0..first.len()).any(|i| {
        let values: Vec<&String> = body.iter().filter_map(|r| r.get(i)).collect();
        !values.is_empty() && values.iter().all(|v| looks_like_data(v))
    });
    let distinct = {
        let mut names: Vec<&str> = first.iter().map(|s| s.trim()).collect();
        names.sort_unstable();
        names.windows(2).all(|w| w[0] != w[1])
    };
    let all_identifiers = first.iter().all(|f| identifier_like(f));
    let has_header =
        header_fields_are_names && distinct && (some_body_column_is_data || all_identifiers);
    let columns = if has_header {
        first.iter().map(|s| s.trim().to_string()).collect()
    } else {
        (1..=first.len()).map(|i| format!("column_{i}")).collect()
    };
    Some(Dialect {
        delimiter,
        has_header,
        columns,
        newlines_in_values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_semicolons_and_header() {
        let d = sniff("id;name;amount\n1;Ann;3.5\n2;\"Bo; Jr\";4\n", b',', true).unwrap();
        assert_eq!(d.delimiter, b';');
        assert!(d.has_header);
        assert_eq!(d.columns, ["id", "name", "amount"]);
    }

    #[test]
    fn detects_tabs_crlf_and_quoted_newlines() {
        let d = sniff("a\tb\r\n1\t\"x\r\ny\"\r\n2\tz\r\n", b',', true).unwrap();
        assert_eq!(d.delimiter, b'\t');
        assert!(d.has_header && d.newlines_in_values);
    }

    #[test]
    fn headerless_numeric_file_gets_generated_names() {
        let d = sniff("1,2,3\n4,5,6\n", b',', true).unwrap();
        assert!(!d.has_header);
        assert_eq!(d.columns, ["column_1", "column_2", "column_3"]);
    }

    #[test]
    fn all_text_file_with_identifier_header() {
        let d = sniff("first_name,city\nAnn,Oslo\nBo,Rome\n", b',', true).unwrap();
        assert!(d.has_header);
    }

    #[test]
    fn a_cut_last_line_is_ignored() {
        let d = sniff("a,b\n1,2\n3,", b',', false).unwrap();
        assert_eq!(d.columns, ["a", "b"]);
    }
}
