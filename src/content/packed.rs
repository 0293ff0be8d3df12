//! The checked questionnaire and the word catalogues in a compact binary form, so that the
//! built-in ones are read at start-up without parsing TOML or checking them again.
//!
//! `build.rs` loads and checks the built-in files with this same module (a broken built-in
//! questionnaire, translation or catalogue fails the build with the editors' message) and
//! packs the result; the binary unpacks it. Parsing and checking the built-in questionnaire
//! and both catalogues was most of start-up (docs/performance.md); unpacking is a copy of
//! each text. A questions file given with `--questions` is still read
//! and checked as TOML every time.
//!
//! The form: each value in field order, with no names. A whole number is a LEB128 varint; a
//! text its byte length, then its UTF-8; a list its length, then its items; an `Option` and a
//! `bool` one byte (0 or 1), an enum one byte for its variant. [`Pack`] is implemented through
//! [`packed!`], which names every field of a struct without `..`, so a field added to the
//! model and not packed does not compile.

use crate::content::model::TranslationInfo;
use crate::content::model::{
    ChoiceOption, Condition, Disposition, DispositionIndex, Meta, OptionIndex, Outcome,
    OutcomeIndex, Passage, Question, QuestionIndex, QuestionKind, Questionnaire, Rule, Sign,
    Source, Target,
};

/// The packed form was cut short or holds something no packer writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrupt;

impl std::fmt::Display for Corrupt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the packed built-in content is damaged")
    }
}

/// What the packed form is read from: bytes and a position.
pub struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes }
    }

    fn byte(&mut self) -> Result<u8, Corrupt> {
        let (&first, rest) = self.bytes.split_first().ok_or(Corrupt)?;
        self.bytes = rest;
        Ok(first)
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], Corrupt> {
        if len > self.bytes.len() {
            return Err(Corrupt);
        }
        let (taken, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        Ok(taken)
    }

    fn varint(&mut self) -> Result<u128, Corrupt> {
        let mut value: u128 = 0;
        for shift in (0..128).step_by(7) {
            let byte = self.byte()?;
            value |= u128::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(Corrupt)
    }

    fn length(&mut self) -> Result<usize, Corrupt> {
        let len = usize::try_from(self.varint()?).map_err(|_| Corrupt)?;
        // A list or text longer than what is left is damage, not a reason to reserve memory.
        if len > self.bytes.len() {
            return Err(Corrupt);
        }
        Ok(len)
    }

    /// Everything has been read.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

fn put_varint(mut value: u128, out: &mut Vec<u8>) {
    loop {
        let low = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

/// A value that can be written to and read back from the packed form.
pub trait Pack: Sized {
    fn pack(&self, out: &mut Vec<u8>);
    fn unpack(reader: &mut Reader<'_>) -> Result<Self, Corrupt>;
}

impl Pack for u128 {
    fn pack(&self, out: &mut Vec<u8>) {
        put_varint(*self, out);
    }
    fn unpack(reader: &mut Reader<'_>) -> Result<u128, Corrupt> {
        reader.varint()
    }
}

impl Pack for usize {
    fn pack(&self, out: &mut Vec<u8>) {
        put_varint(*self as u128, out);
    }
    fn unpack(reader: &mut Reader<'_>) -> Result<usize, Corrupt> {
        usize::try_from(reader.varint()?).map_err(|_| Corrupt)
    }
}

impl Pack for u8 {
    fn pack(&self, out: &mut Vec<u8>) {
        out.push(*self);
    }
    fn unpack(reader: &mut Reader<'_>) -> Result<u8, Corrupt> {
        reader.byte()
    }
}

impl Pack for bool {
    fn pack(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn unpack(reader: &mut Reader<'_>) -> Result<bool, Corrupt> {
        match reader.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Corrupt),
        }
    }
}

impl Pack for String {
    fn pack(&self, out: &mut Vec<u8>) {
        self.len().pack(out);
        out.extend_from_slice(self.as_bytes());
    }
    fn unpack(reader: &mut Reader<'_>) -> Result<String, Corrupt> {
        let len = reader.length()?;
        let bytes = reader.take(len)?;
        std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|_| Corrupt)
    }
}

impl<T: Pack> Pack for Option<T> {
    fn pack(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(value) => {
                out.push(1);
                value.pack(out);
            }
        }
    }
    fn unpack(reader: &mut Reader<'_>) -> Result<Option<T>, Corrupt> {
        match reader.byte()? {
            0 => Ok(None),
            1 => Ok(Some(T::unpack(reader)?)),
            _ => Err(Corrupt),
        }
    }
}

impl<T: Pack> Pack for Vec<T> {
    fn pack(&self, out: &mut Vec<u8>) {
        self.len().pack(out);
        for item in self {
            item.pack(out);
        }
    }
    fn unpack(reader: &mut Reader<'_>) -> Result<Vec<T>, Corrupt> {
        let len = reader.length()?;
        (0..len).map(|_| T::unpack(reader)).collect()
    }
}

impl<A: Pack, B: Pack> Pack for (A, B) {
    fn pack(&self, out: &mut Vec<u8>) {
        self.0.pack(out);
        self.1.pack(out);
    }
    fn unpack(reader: &mut Reader<'_>) -> Result<(A, B), Corrupt> {
        Ok((A::unpack(reader)?, B::unpack(reader)?))
    }
}

/// [`Pack`] for a struct, field by field. Every field must be named: the pattern has no `..`.
macro_rules! packed {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl crate::content::packed::Pack for $ty {
            fn pack(&self, out: &mut Vec<u8>) {
                let $ty { $($field),* } = self;
                $( crate::content::packed::Pack::pack($field, out); )*
            }
            fn unpack(
                reader: &mut crate::content::packed::Reader<'_>,
            ) -> Result<$ty, crate::content::packed::Corrupt> {
                Ok($ty { $( $field: crate::content::packed::Pack::unpack(reader)?, )* })
            }
        }
    };
}

/// [`Pack`] for a one-field index type.
macro_rules! packed_index {
    ($($ty:ident),*) => {$(
        impl Pack for $ty {
            fn pack(&self, out: &mut Vec<u8>) {
                self.0.pack(out);
            }
            fn unpack(reader: &mut Reader<'_>) -> Result<$ty, Corrupt> {
                Ok($ty(usize::unpack(reader)?))
            }
        }
    )*};
}

packed_index!(QuestionIndex, OutcomeIndex, OptionIndex, DispositionIndex);

impl Pack for Target {
    fn pack(&self, out: &mut Vec<u8>) {
        match self {
            Target::Question(q) => {
                out.push(0);
                q.pack(out);
            }
            Target::Outcome(o) => {
                out.push(1);
                o.pack(out);
            }
        }
    }
    fn unpack(reader: &mut Reader<'_>) -> Result<Target, Corrupt> {
        match reader.byte()? {
            0 => Ok(Target::Question(QuestionIndex::unpack(reader)?)),
            1 => Ok(Target::Outcome(OutcomeIndex::unpack(reader)?)),
            _ => Err(Corrupt),
        }
    }
}

impl Pack for QuestionKind {
    fn pack(&self, out: &mut Vec<u8>) {
        out.push(match self {
            QuestionKind::Single => 0,
            QuestionKind::Multiple => 1,
            QuestionKind::YesNo => 2,
            QuestionKind::Scale => 3,
        });
    }
    fn unpack(reader: &mut Reader<'_>) -> Result<QuestionKind, Corrupt> {
        match reader.byte()? {
            0 => Ok(QuestionKind::Single),
            1 => Ok(QuestionKind::Multiple),
            2 => Ok(QuestionKind::YesNo),
            3 => Ok(QuestionKind::Scale),
            _ => Err(Corrupt),
        }
    }
}

impl Pack for Condition {
    fn pack(&self, out: &mut Vec<u8>) {
        match self {
            Condition::AnyOf(q, options) => {
                out.push(0);
                q.pack(out);
                options.pack(out);
            }
            Condition::AllOf(q, options) => {
                out.push(1);
                q.pack(out);
                options.pack(out);
            }
            Condition::NoneOf(q, options) => {
                out.push(2);
                q.pack(out);
                options.pack(out);
            }
            Condition::Scale { question, min, max } => {
                out.push(3);
                question.pack(out);
                min.pack(out);
                max.pack(out);
            }
        }
    }
    fn unpack(reader: &mut Reader<'_>) -> Result<Condition, Corrupt> {
        Ok(match reader.byte()? {
            0 => Condition::AnyOf(Pack::unpack(reader)?, Pack::unpack(reader)?),
            1 => Condition::AllOf(Pack::unpack(reader)?, Pack::unpack(reader)?),
            2 => Condition::NoneOf(Pack::unpack(reader)?, Pack::unpack(reader)?),
            3 => Condition::Scale {
                question: Pack::unpack(reader)?,
                min: Pack::unpack(reader)?,
                max: Pack::unpack(reader)?,
            },
            _ => return Err(Corrupt),
        })
    }
}

packed!(Meta {
    id,
    title,
    version,
    language,
    intro,
    disclaimer
});
packed!(Source {
    id,
    title,
    publisher,
    date
});
packed!(Disposition {
    id,
    heading,
    when,
    safety_net,
    until_seen,
    advice_heading,
    emergency
});
packed!(ChoiceOption {
    id,
    label,
    help,
    exclusive,
    emergency,
    raises,
    summary_only,
    only_when,
    body
});
packed!(Passage {
    id,
    text,
    only_when,
    signs,
    level
});
packed!(Rule { conditions, target });
packed!(Question {
    id,
    kind,
    prompt,
    short,
    help,
    options,
    scale_labels,
    rules,
    default,
    warning_signs,
    screen,
    asked_of
});
packed!(Sign { text, conditions });
packed!(Outcome {
    id,
    title,
    short,
    disposition,
    explanation,
    advice,
    avoid,
    sooner_if,
    signs,
    sources
});
packed!(Questionnaire {
    meta,
    sources,
    dispositions,
    questions,
    outcomes,
    start,
    path_count,
    max_remaining
});
packed!(TranslationInfo {
    language,
    name,
    reviewed
});

/// `value` in the packed form.
pub fn pack<T: Pack>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    value.pack(&mut out);
    out
}

/// A value read back from [`pack`]'s bytes, all of them.
pub fn unpack<T: Pack>(bytes: &[u8]) -> Result<T, Corrupt> {
    let mut reader = Reader::new(bytes);
    let value = T::unpack(&mut reader)?;
    if !reader.is_empty() {
        return Err(Corrupt);
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_questionnaire_comes_back_as_it_was_packed() {
        let small = crate::testing::small();
        let packed = pack(&small);
        let back: Questionnaire = unpack(&packed).expect("unpacks");
        assert_eq!(format!("{back:?}"), format!("{small:?}"));
    }

    #[test]
    fn numbers_of_every_size_survive_the_varint() {
        for value in [0u128, 1, 127, 128, 300, u64::MAX as u128, u128::MAX] {
            assert_eq!(unpack::<u128>(&pack(&value)), Ok(value), "{value}");
        }
    }

    #[test]
    fn damaged_bytes_are_refused_not_a_panic() {
        let packed = pack(&crate::testing::small());
        // Every cut-short form, and a stray byte at the end.
        for len in 0..packed.len() {
            assert_eq!(unpack::<Questionnaire>(&packed[..len]).err(), Some(Corrupt));
        }
        let mut longer = packed.clone();
        longer.push(0);
        assert_eq!(unpack::<Questionnaire>(&longer).err(), Some(Corrupt));
        // A length far beyond the bytes left reserves nothing and fails.
        assert_eq!(
            unpack::<Vec<String>>(&[0xff, 0xff, 0xff, 0xff, 0x0f]).err(),
            Some(Corrupt)
        );
        // A text that is not UTF-8.
        assert_eq!(unpack::<String>(&[2, 0xc3, 0x28]).err(), Some(Corrupt));
    }
}
