//! Keeping the result: what a result screen may do with the summary when the person asks
//! (save it to a folder they choose). The interfaces know nothing of files, clocks or where
//! a summary is written; whoever runs them (the command line) hands them a [`Keeper`] that
//! does. Nothing is written unless the person asks.

use std::path::{Path, PathBuf};

use crate::engine::session::Assessment;

/// Writes the summary of a finished session into a new file in a folder; returns its path.
type Save<'q> = dyn Fn(&Assessment<'_>, &Path) -> anyhow::Result<PathBuf> + Send + Sync + 'q;

/// Saves a finished session's summary into a new file in a folder, when asked.
pub struct Keeper<'q> {
    /// The folder offered first when the person saves (they may type another).
    folder: PathBuf,
    save: Box<Save<'q>>,
}

impl<'q> Keeper<'q> {
    /// A keeper offering `folder`, saving with `save` (which writes a new file in the folder
    /// it is given, never replacing one, and returns its path).
    pub fn new(
        folder: PathBuf,
        save: impl Fn(&Assessment<'_>, &Path) -> anyhow::Result<PathBuf> + Send + Sync + 'q,
    ) -> Keeper<'q> {
        Keeper {
            folder,
            save: Box::new(save),
        }
    }

    /// The folder offered first.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Saves the summary of `assessment` in `folder`: the path written, or why not (the
    /// whole chain of causes, on one line).
    pub fn save(&self, assessment: &Assessment<'_>, folder: &Path) -> Result<PathBuf, String> {
        (self.save)(assessment, folder).map_err(|err| format!("{err:#}"))
    }
}

impl std::fmt::Debug for Keeper<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keeper")
            .field("folder", &self.folder)
            .finish_non_exhaustive()
    }
}
