//! What a walk or the tree becomes for someone else to read: the Markdown summary, the FHIR
//! resources, and the tree as a graph or a list of routes. Pure functions from values to
//! text; saving any of it is `handoff`'s job.
//!
//! Uses `engine` and `content`. Nothing here may import `handoff` or `ui`, or write a file.

/// FHIR R4 Questionnaire and QuestionnaireResponse exports.
pub mod fhir;
/// The Markdown summary of a finished session.
pub mod report;
/// The parts of a result every view words the same way: when to get help, sources.
pub mod result;
/// The decision tree as a Mermaid or DOT graph, and its routes as text or CSV.
pub mod views;
