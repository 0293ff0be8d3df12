//! Where in the text a warning points: the line of the `id = "..."` an entry or an option is
//! about, in a questions file or under a translation's `[SECTION.ID]` header, and a key within
//! its table. Not the warnings themselves.

use super::Warning;

/// Finds ids in the text, line by line: `id = "X"` on its own line in a `[[questions]]`,
/// `[[outcomes]]` or `[[dispositions]]` table, and an option's `id = "X"` after its question.
pub(super) struct Locator<'a> {
    file: &'a str,
    lines: Vec<&'a str>,
}

/// A 1-based line and column; (1, 1) when nothing was found.
pub(super) type Place = (usize, usize);

impl<'a> Locator<'a> {
    pub(super) fn new(text: &'a str, file: &'a str) -> Locator<'a> {
        Locator {
            file,
            lines: text.split('\n').collect(),
        }
    }

    pub(super) fn warning(&self, (line, column): Place, message: String, hint: String) -> Warning {
        Warning {
            file: self.file.to_string(),
            line,
            column,
            message,
            hint,
        }
    }

    /// The 0-based index of the line `id = "ID"` in a table whose header is `header`.
    fn table_line(&self, header: &str, id: &str) -> Option<usize> {
        let wanted = format!("id = \"{id}\"");
        let mut table = "";
        for (n, line) in self.lines.iter().enumerate() {
            let trimmed = line.trim();
            if trimmed.starts_with('[') {
                table = trimmed;
            } else if table == header && trimmed == wanted {
                return Some(n);
            }
        }
        None
    }

    fn place(&self, line: Option<usize>, needle: &str) -> Place {
        match line {
            Some(n) => {
                let text = self.lines[n];
                let column = text
                    .find(needle)
                    .map_or(1, |byte| text[..byte].chars().count() + 1);
                (n + 1, column)
            }
            None => (1, 1),
        }
    }

    /// The 0-based index of a translation's `[SECTION.ID]` header.
    fn header_line(&self, section: &str, id: &str) -> Option<usize> {
        let wanted = format!("[{section}.{id}]");
        self.lines.iter().position(|l| l.trim() == wanted)
    }

    /// The `id = "ID"` line of a questions file, or the `[SECTION.ID]` header of a
    /// translation.
    fn entry(&self, section: &str, id: &str) -> Place {
        match self.table_line(&format!("[[{section}]]"), id) {
            Some(n) => self.place(Some(n), "id"),
            None => self.place(self.header_line(section, id), "["),
        }
    }

    pub(super) fn question(&self, id: &str) -> Place {
        self.entry("questions", id)
    }

    pub(super) fn outcome(&self, id: &str) -> Place {
        self.entry("outcomes", id)
    }

    pub(super) fn disposition(&self, id: &str) -> Place {
        self.entry("dispositions", id)
    }

    /// The option's `id = "ID"` after its question's line, before the next question or
    /// outcome; the question's own line when not found.
    pub(super) fn option(&self, question: &str, option: &str) -> Place {
        // A translation: `OPTION = "..."` under `[questions.QUESTION.options]`.
        if let Some(header) = self.header_line("questions", &format!("{question}.options")) {
            for (n, line) in self.lines.iter().enumerate().skip(header + 1) {
                let trimmed = line.trim_start();
                if trimmed.starts_with('[') {
                    break;
                }
                if let Some(rest) = trimmed.strip_prefix(option)
                    && rest.trim_start().starts_with('=')
                {
                    return self.place(Some(n), option);
                }
            }
            return self.place(Some(header), "[");
        }
        let Some(start) = self.table_line("[[questions]]", question) else {
            return (1, 1);
        };
        let wanted = format!("id = \"{option}\"");
        for (n, line) in self.lines.iter().enumerate().skip(start + 1) {
            let trimmed = line.trim();
            if trimmed == "[[questions]]" || trimmed == "[[outcomes]]" {
                break;
            }
            if line.contains(&wanted) {
                return self.place(Some(n), &wanted);
            }
        }
        self.place(Some(start), "id")
    }

    /// The line starting with `key =` in the table that holds `at`, before its next table;
    /// `at` itself when not found.
    pub(super) fn key_in(&self, at: Place, key: &str) -> Place {
        if at == (1, 1) {
            return at;
        }
        let start = at.0 - 1;
        // Back to the table's header, then forward to the next header.
        let header = (0..=start)
            .rev()
            .find(|n| self.lines[*n].trim().starts_with('['))
            .unwrap_or(0);
        for n in header + 1..self.lines.len() {
            let trimmed = self.lines[n].trim_start();
            if trimmed.starts_with('[') {
                break;
            }
            if let Some(rest) = trimmed.strip_prefix(key)
                && rest.trim_start().starts_with('=')
            {
                return self.place(Some(n), key);
            }
        }
        at
    }
}
