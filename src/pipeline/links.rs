//! The build's link stage: once all pages are rendered, the [link report](crate::links::report)
//! at the configured `broken_links` severity, and the loose anchors it finds to rewrite.

use std::collections::HashSet;

use crate::config::LinkPolicy;
use crate::content::Content;
use crate::diagnostic::Diagnostics;
use crate::links::report::{self, Options};
use crate::links::{AnchorFix, PageLink};

/// For callers that wire this stage themselves (serve's refresh), until they name `crate::links`.
pub use crate::links::LinkIndex;

/// Reports broken links and anchors that point at no heading or id, per the configured policy,
/// and returns the loose anchors to rewrite.
pub fn check<'a>(
    content: &Content,
    ids: &[HashSet<String>],
    links: impl Iterator<Item = &'a PageLink>,
    policy: LinkPolicy,
    diagnostics: &Diagnostics,
) -> Vec<AnchorFix> {
    let options = Options {
        broken: policy.severity(),
        empty: true,
        letter_case: None,
        setting: (policy == LinkPolicy::Error).then_some(report::BUILD_SETTING),
    };
    let found = report::report(content, ids, links.map(|l| (l, false)), &options);
    diagnostics.extend(found.diagnostics);
    found.fixes
}
