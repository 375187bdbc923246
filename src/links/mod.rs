//! Where links point and what is wrong with them: resolving destinations against the site
//! ([`resolve`]) and the one report of broken links and anchors ([`report`]) that both
//! `handbook build` and `handbook check` use. Below the pipeline and the typed kinds, which
//! resolve front matter references the same way.

mod letter_case;
pub mod report;
pub mod resolve;

pub use report::{AnchorFix, Report, is_markdown_target, report};
pub use resolve::{LinkIndex, PageLink, PageLinks, join_path, match_anchor, percent_decode};
