//! The parser's events turned into a [`Document`](super::Document)'s blocks: which block each
//! text goes in, what it is nested in, its inline marks, and where blank rows go between blocks
//! (none between the items of a tight list). Every text is cleaned on its way in.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{Block, Kind, Lead, LeadKind, MAX_DEPTH, Marker, Marks, clean};

/// The state of the walk through the parser's events.
#[derive(Default)]
pub(super) struct Builder {
    blocks: Vec<Block>,
    /// The block being filled.
    current: Option<Block>,
    /// The quotes and list items open, outermost first (all of them, however deep).
    leads: Vec<Lead>,
    /// The lists open: the next item's number, or `None` for bullets.
    lists: Vec<Option<u64>>,
    next_id: usize,
    strong: usize,
    emphasis: usize,
    /// The links open: the address, and where the link's text starts in the block.
    links: Vec<(String, usize)>,
    /// Blank space was seen since the last word.
    space: bool,
    /// The last block was in a list.
    last_in_list: bool,
    /// A list began outside any other since the last block.
    new_list: bool,
}

impl Builder {
    /// The blocks, once every event has been given.
    pub(super) fn finish(mut self) -> Vec<Block> {
        self.flush();
        self.blocks
    }

    pub(super) fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text)
            | Event::Code(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text)
            | Event::InlineHtml(text) => self.text(&text, self.marks()),
            Event::Html(html) => {
                if self
                    .current
                    .as_ref()
                    .is_none_or(|b| b.kind != Kind::Literal)
                {
                    self.open(Kind::Literal, false);
                }
                self.text(&html, Marks::default());
            }
            Event::FootnoteReference(name) => self.text(&format!("[^{name}]"), self.marks()),
            Event::TaskListMarker(done) => {
                self.text(if done { "[x]" } else { "[ ]" }, self.marks());
            }
            Event::SoftBreak => self.space = true,
            Event::HardBreak => self.line_break(),
            Event::Rule => {
                self.open(Kind::Rule, false);
                self.flush();
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.open(Kind::Text, false),
            Tag::Heading { level, .. } => self.open(Kind::Heading(level as u8), false),
            Tag::CodeBlock(_) | Tag::HtmlBlock => self.open(Kind::Literal, false),
            Tag::BlockQuote(_) => {
                self.flush();
                self.push_lead(LeadKind::Quote);
            }
            Tag::List(start) => {
                self.flush();
                if self.lists.is_empty() {
                    self.new_list = true;
                }
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush();
                let bullets = self.lists.iter().filter(|l| l.is_none()).count();
                let marker = match self.lists.last_mut() {
                    Some(Some(number)) => {
                        let marker = Marker::Number(*number);
                        *number = number.saturating_add(1);
                        marker
                    }
                    _ => Marker::Bullet {
                        inner: bullets % 2 == 0,
                    },
                };
                self.push_lead(LeadKind::Item {
                    marker,
                    first: true,
                });
            }
            Tag::Emphasis => self.emphasis += 1,
            Tag::Strong => self.strong += 1,
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                let start = self.current.as_ref().map_or(0, |b| b.text.len());
                self.links.push((clean(&dest_url), start));
            }
            // Not turned on (tables, footnotes, strikethrough, ...): their text shows plain.
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::HtmlBlock => {
                self.flush();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.leads.pop();
            }
            TagEnd::Item => {
                // An empty item still shows its bullet.
                if let Some(Lead {
                    kind: LeadKind::Item { first: true, .. },
                    ..
                }) = self.leads.last()
                    && self.current.is_none()
                {
                    self.open(Kind::Text, true);
                }
                self.flush();
                self.leads.pop();
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Link | TagEnd::Image => self.end_link(),
            _ => {}
        }
    }

    fn marks(&self) -> Marks {
        Marks {
            strong: self.strong > 0,
            emphasis: self.emphasis > 0,
            link: !self.links.is_empty(),
            address: false,
        }
    }

    fn push_lead(&mut self, kind: LeadKind) {
        self.next_id += 1;
        self.leads.push(Lead {
            id: self.next_id,
            kind,
        });
    }

    /// Starts a block; `tight` for the text of a list item that has no paragraph (a tight
    /// list's), which follows the item before it with no blank row.
    fn open(&mut self, kind: Kind, tight: bool) {
        self.flush();
        let lead: Vec<Lead> = self.leads.iter().take(MAX_DEPTH).copied().collect();
        for open in &mut self.leads {
            if let LeadKind::Item { first, .. } = &mut open.kind {
                *first = false;
            }
        }
        let in_list = !self.lists.is_empty();
        let gap = match self.blocks.last() {
            None => None,
            Some(_) if tight && self.last_in_list && !self.new_list => None,
            Some(before) => Some(
                before
                    .lead
                    .iter()
                    .zip(&lead)
                    .take_while(|(a, b)| a.id == b.id)
                    .count(),
            ),
        };
        self.last_in_list = in_list;
        self.new_list = false;
        self.space = false;
        self.current = Some(Block {
            kind,
            lead,
            text: String::new(),
            runs: Vec::new(),
            gap,
        });
    }

    /// Adds text to the block being filled (or to the text of a list item, opened for it).
    /// Blank space shrinks to one space between words, except in code.
    fn text(&mut self, text: &str, marks: Marks) {
        if self.current.is_none() {
            self.open(Kind::Text, true);
        }
        let Some(block) = self.current.as_mut() else {
            return;
        };
        let text = clean(text);
        if block.kind == Kind::Literal {
            append(block, &text, marks);
            return;
        }
        for (i, word) in text.split(char::is_whitespace).enumerate() {
            if i > 0 {
                self.space = true;
            }
            if word.is_empty() {
                continue;
            }
            if self.space && !block.text.is_empty() && !block.text.ends_with('\n') {
                let before = block.runs.last().map_or(marks, |(_, m)| *m);
                append(block, " ", before);
            }
            self.space = false;
            append(block, word, marks);
        }
    }

    fn line_break(&mut self) {
        self.space = false;
        if let Some(block) = self.current.as_mut()
            && !block.text.is_empty()
        {
            let marks = block.runs.last().map_or_else(Marks::default, |(_, m)| *m);
            append(block, "\n", marks);
        }
    }

    /// A link's address after its text, when it says something the text does not.
    fn end_link(&mut self) {
        let Some((address, start)) = self.links.pop() else {
            return;
        };
        let text = self
            .current
            .as_ref()
            .and_then(|b| b.text.get(start..))
            .unwrap_or("")
            .trim();
        let bare = address.strip_prefix("mailto:").unwrap_or(&address);
        if address.is_empty() || text == address || text == bare {
            return;
        }
        self.space = true;
        let marks = Marks {
            address: true,
            ..self.marks()
        };
        self.text(&format!("({address})"), marks);
    }

    /// Ends the block being filled: blank space and line breaks at its end dropped.
    fn flush(&mut self) {
        let Some(mut block) = self.current.take() else {
            return;
        };
        let keep = if block.kind == Kind::Literal {
            block.text.trim_end_matches('\n').len()
        } else {
            block.text.trim_end().len()
        };
        block.text.truncate(keep);
        // The runs cut at the new end; those left empty dropped.
        for run in &mut block.runs {
            run.0 = run.0.min(keep);
        }
        block.runs.dedup_by_key(|run| run.0);
        if block.runs.is_empty() {
            block.runs.push((keep, Marks::default()));
        }
        self.space = false;
        self.blocks.push(block);
    }
}

/// Adds `text` to the block with `marks`, in the last run when it has the same marks.
fn append(block: &mut Block, text: &str, marks: Marks) {
    block.text.push_str(text);
    let end = block.text.len();
    match block.runs.last_mut() {
        Some((run_end, last)) if *last == marks => *run_end = end,
        _ => block.runs.push((end, marks)),
    }
}
