//! Language tags: which language a BCP 47 tag or a locale names, and whether a tag is well
//! formed. Used by the word catalogues, the translations, the loader and the kiosk config.

/// `es` of `es-MX`, and of a locale such as `es_ES.UTF-8` or `es_ES@euro`.
pub fn primary_subtag(tag: &str) -> &str {
    tag.split(['-', '_', '.', '@']).next().unwrap_or_default()
}

/// Do `a` and `b` name the same language (their primary subtags, in any case)?
pub fn same_language(a: &str, b: &str) -> bool {
    primary_subtag(a).eq_ignore_ascii_case(primary_subtag(b))
}

/// Is `tag` shaped like a BCP 47 tag: letters and digits in parts joined by `-`, at most 35
/// characters (`es`, `es-MX`, `zh-Hant-TW`)?
pub fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.len() <= 35
        && tag
            .split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()))
}
