//! How keys, clicks, the wheel and resizes change the inbox's state: `App::handle_event` and
//! what it calls. A click is looked up in the layout the screen was drawn from (`hit`), and
//! paging and scrolling are bounded by it (`layout`); opening, closing and marking done are the
//! folder work in `app`. No terminal here: the loop feeds events in.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::app::{App, Overlay, Screen};
use super::hit::{Hit, hit};
use super::layout::{Button, max_scroll, page_height, text_width};

impl App {
    /// Passes one terminal event on. Returns true if the screen needs drawing again.
    pub fn handle_event(&mut self, event: &Event) -> bool {
        match event {
            Event::Key(key) => self.handle_key(*key),
            Event::Mouse(mouse) => self.handle_mouse(*mouse),
            Event::Resize(width, height) => self.resize(*width, *height),
            _ => false,
        }
    }

    /// The terminal changed size. Returns true (the screen needs drawing again).
    pub fn resize(&mut self, width: u16, height: u16) -> bool {
        self.size = (width, height);
        self.fit_summary();
        self.clamp_scroll();
        true
    }

    /// Opens the item at `index`, and lays its summary out for the window.
    fn open_item(&mut self, index: usize) -> bool {
        let changed = self.open(index);
        self.fit_summary();
        changed
    }

    /// Lays the open summary out for the window's width, if it is not already.
    fn fit_summary(&mut self) {
        let width = usize::from(text_width(self.area()));
        if let Screen::Summary(summary) = &mut self.screen {
            summary.fit(width);
        }
    }

    /// One key press. Returns true if the screen needs drawing again.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        if key.kind == KeyEventKind::Release {
            return false;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && matches!(key.code, KeyCode::Char('c' | 'C')) {
            self.running = false;
            return true;
        }
        if ctrl {
            return false;
        }
        match &self.overlay {
            Some(Overlay::Help) => {
                self.overlay = None;
                return true;
            }
            Some(Overlay::ConfirmDone(entry)) => {
                return match key.code {
                    KeyCode::Char('y' | 'Y') => {
                        let entry = entry.clone();
                        self.mark_done(&entry);
                        true
                    }
                    KeyCode::Char('n' | 'N' | 'q' | 'Q') | KeyCode::Esc | KeyCode::Enter => {
                        self.overlay = None;
                        true
                    }
                    _ => false,
                };
            }
            None => {}
        }
        match key.code {
            KeyCode::Char('q' | 'Q') => {
                self.running = false;
                return true;
            }
            KeyCode::Char('?') => {
                self.overlay = Some(Overlay::Help);
                return true;
            }
            KeyCode::Char('d' | 'D') => return self.ask_done(),
            KeyCode::Char('r' | 'R') => {
                self.rescan();
                return true;
            }
            _ => {}
        }
        match self.screen {
            Screen::List => self.list_key(key.code),
            Screen::Summary(_) => self.summary_key(key.code),
        }
    }

    /// One mouse event. Returns true if the screen needs drawing again.
    pub fn handle_mouse(&mut self, mouse: MouseEvent) -> bool {
        match mouse.kind {
            MouseEventKind::ScrollDown if self.overlay.is_none() => self.wheel(1),
            MouseEventKind::ScrollUp if self.overlay.is_none() => self.wheel(-1),
            MouseEventKind::Down(MouseButton::Left) => {
                let hit = hit(self, self.area(), mouse.column, mouse.row);
                self.click(hit)
            }
            _ => false,
        }
    }

    fn list_key(&mut self, code: KeyCode) -> bool {
        let last = self.items().saturating_sub(1);
        let page = page_height(self, self.area()).max(2) - 1;
        let to = match code {
            KeyCode::Up | KeyCode::Char('k') => self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => (self.selected + 1).min(last),
            KeyCode::PageUp => self.selected.saturating_sub(page),
            KeyCode::PageDown => (self.selected + page).min(last),
            KeyCode::Home => 0,
            KeyCode::End => last,
            KeyCode::Enter | KeyCode::Right | KeyCode::Char('l' | ' ' | 'o') => {
                return self.open_item(self.selected);
            }
            _ => return false,
        };
        let changed = to != self.selected;
        self.selected = to;
        changed
    }

    fn summary_key(&mut self, code: KeyCode) -> bool {
        let page = page_height(self, self.area()).max(2) - 1;
        let page = isize::try_from(page).unwrap_or(isize::MAX);
        match code {
            KeyCode::Esc | KeyCode::Left | KeyCode::Backspace | KeyCode::Char('b' | 'h') => {
                self.close();
                true
            }
            KeyCode::Up | KeyCode::Char('k') => self.scroll_by(-1),
            KeyCode::Down | KeyCode::Char('j') => self.scroll_by(1),
            KeyCode::PageUp => self.scroll_by(-page),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll_by(page),
            KeyCode::Home => self.scroll_by(isize::MIN / 2),
            KeyCode::End => self.scroll_by(isize::MAX / 2),
            _ => false,
        }
    }

    fn wheel(&mut self, step: isize) -> bool {
        match self.screen {
            Screen::List => {
                let last = self.items().saturating_sub(1);
                let to = self.selected.saturating_add_signed(step).min(last);
                let changed = to != self.selected;
                self.selected = to;
                changed
            }
            Screen::Summary(_) => self.scroll_by(step * 3),
        }
    }

    fn click(&mut self, hit: Option<Hit>) -> bool {
        match self.overlay {
            Some(Overlay::Help) => {
                self.overlay = None;
                return true;
            }
            Some(Overlay::ConfirmDone(ref entry)) => {
                return match hit {
                    Some(Hit::Button(Button::DoneYes)) => {
                        let entry = entry.clone();
                        self.mark_done(&entry);
                        true
                    }
                    Some(Hit::Button(Button::DoneNo)) => {
                        self.overlay = None;
                        true
                    }
                    _ => false,
                };
            }
            None => {}
        }
        match hit {
            None => false,
            Some(Hit::Entry(index)) => self.open_item(index),
            Some(Hit::Button(button)) => match button {
                Button::Open => self.open_item(self.selected),
                Button::Done => self.ask_done(),
                Button::Back => {
                    self.close();
                    true
                }
                Button::Help => {
                    self.overlay = Some(Overlay::Help);
                    true
                }
                Button::Quit => {
                    self.running = false;
                    true
                }
                Button::DoneYes | Button::DoneNo => false,
            },
        }
    }

    fn scroll_by(&mut self, delta: isize) -> bool {
        let max = max_scroll(self, self.area());
        let Screen::Summary(summary) = &mut self.screen else {
            return false;
        };
        let to = summary.scroll.saturating_add_signed(delta).min(max);
        let changed = to != summary.scroll;
        summary.scroll = to;
        changed
    }

    fn clamp_scroll(&mut self) {
        let max = max_scroll(self, self.area());
        if let Screen::Summary(summary) = &mut self.screen {
            summary.scroll = summary.scroll.min(max);
        }
    }
}
