//! Text-level pre-passes (shortcodes, includes, MkDocs admonitions) rewrite the Markdown source
//! before pulldown-cmark sees it. A [`Rewriter`] builds the new text and remembers where each
//! piece came from, so that link errors and other diagnostics still point at the line the
//! author wrote, not at the rewritten text.

use std::ops::Range;

/// One piece of the rewritten text.
#[derive(Debug, Clone, Copy)]
struct Segment {
    /// Start in the rewritten text.
    new_start: usize,
    /// Where it came from in the original text.
    old_start: usize,
    /// Copied text maps byte for byte; inserted text maps to one point (its call site).
    copied: bool,
}

/// Maps offsets of a rewritten text back to the text it was made from.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    segments: Vec<Segment>,
}

impl SourceMap {
    /// The original offset of `offset` in the rewritten text.
    pub fn original(&self, offset: usize) -> usize {
        let i = self
            .segments
            .partition_point(|s| s.new_start <= offset)
            .saturating_sub(1);
        match self.segments.get(i) {
            Some(s) if s.copied => s.old_start + (offset - s.new_start),
            Some(s) => s.old_start,
            None => offset,
        }
    }
}

/// Maps through several rewrites, the last one first.
#[derive(Debug, Default)]
pub struct MapChain {
    maps: Vec<SourceMap>,
}

impl MapChain {
    pub fn push(&mut self, map: SourceMap) {
        self.maps.push(map);
    }

    pub fn is_empty(&self) -> bool {
        self.maps.is_empty()
    }

    /// The offset in the text before any rewrite.
    pub fn original(&self, offset: usize) -> usize {
        self.maps
            .iter()
            .rev()
            .fold(offset, |at, map| map.original(at))
    }

    /// Maps a range; its end is kept at or after its start.
    pub fn original_range(&self, range: &Range<usize>) -> Range<usize> {
        let start = self.original(range.start);
        start..self.original(range.end).max(start)
    }
}

/// Builds a rewritten text from pieces of an original one.
#[derive(Debug, Default)]
pub struct Rewriter {
    pub text: String,
    map: SourceMap,
}

impl Rewriter {
    pub fn with_capacity(capacity: usize) -> Self {
        Rewriter {
            text: String::with_capacity(capacity),
            map: SourceMap::default(),
        }
    }

    fn segment(&mut self, old_start: usize, copied: bool) {
        let new_start = self.text.len();
        if let Some(last) = self.map.segments.last_mut()
            && last.new_start == new_start
        {
            *last = Segment {
                new_start,
                old_start,
                copied,
            };
            return;
        }
        self.map.segments.push(Segment {
            new_start,
            old_start,
            copied,
        });
    }

    /// Appends `original[range]` unchanged.
    pub fn copy(&mut self, original: &str, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        self.segment(range.start, true);
        self.text.push_str(&original[range]);
    }

    /// Appends new text that stands for the original text at offset `at`.
    pub fn insert(&mut self, text: &str, at: usize) {
        if text.is_empty() {
            return;
        }
        self.segment(at, false);
        self.text.push_str(text);
    }

    pub fn finish(self) -> (String, SourceMap) {
        (self.text, self.map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copied_text_maps_byte_for_byte_and_inserted_text_to_its_call_site() {
        let original = "abc {{< x >}} def";
        let mut r = Rewriter::default();
        r.copy(original, 0..4);
        r.insert("<!--x-->", 4);
        r.copy(original, 13..17);
        let (text, map) = r.finish();
        assert_eq!(text, "abc <!--x--> def");
        assert_eq!(map.original(1), 1);
        assert_eq!(map.original(6), 4);
        assert_eq!(map.original(13), 14);
        let mut chain = MapChain::default();
        chain.push(map);
        assert_eq!(chain.original_range(&(12..15)), 13..16);
    }
}
