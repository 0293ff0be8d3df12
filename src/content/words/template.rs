//! Templates: a text names the values it takes as `{name}` (lowercase letters and `_`),
//! and [`fill`] puts them in.

use std::collections::BTreeSet;

/// The names of the `{name}` placeholders in `template`.
pub fn placeholders(template: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        if let Some((name, after)) = placeholder_name(rest) {
            names.insert(name.to_string());
            rest = after;
        }
    }
    names
}

/// The name of a placeholder whose `{` was just read, and the text after its `}`.
fn placeholder_name(text: &str) -> Option<(&str, &str)> {
    let close = text.find('}')?;
    let name = &text[..close];
    let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    valid.then(|| (name, &text[close + 1..]))
}

/// `template` with each `{name}` replaced by its value; a placeholder without a value, or a
/// brace that starts none, stays as it is.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after_brace = &rest[open + 1..];
        match placeholder_name(after_brace)
            .and_then(|(name, after)| Some((values.iter().find(|(n, _)| *n == name)?.1, after)))
        {
            Some((value, after)) => {
                out.push_str(value);
                rest = after;
            }
            None => {
                out.push('{');
                rest = after_brace;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_lowercase_names_in_braces() {
        let names = |t: &str| placeholders(t).into_iter().collect::<Vec<_>>();
        assert_eq!(names("Question {n} of up to {total}"), ["n", "total"]);
        assert_eq!(names("{a}{a} {b_c}"), ["a", "b_c"]);
        assert!(names("no {} {Upper} {with space} {open").is_empty());
    }

    #[test]
    fn fill_puts_each_value_in_its_placeholder() {
        assert_eq!(
            fill(
                "Question {n} of up to {total}",
                &[("n", "2"), ("total", "9")]
            ),
            "Question 2 of up to 9"
        );
        assert_eq!(fill("{a}{a}", &[("a", "x")]), "xx");
        // A value is not filled again, an unknown placeholder and a stray brace stay.
        assert_eq!(fill("{a} {b}", &[("a", "{b}")]), "{b} {b}");
        assert_eq!(fill("{ {x", &[("x", "y")]), "{ {x");
        assert_eq!(fill("é {a} ü", &[("a", "ñ")]), "é ñ ü");
    }
}
