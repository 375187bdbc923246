//! The named rules a problem can belong to (`broken-link`, `orphan-page`...): one enum, with each
//! rule's name as users write it in `handbook.yml` and see it in `handbook check` output, in
//! this one place. What each rule finds and how bad it is by default is `handbook check`'s
//! business and lives in its table ([`crate::check::rules`]).

/// A rule of `handbook check`. One byte, so that a [`super::Diagnostic`] stays small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    Build,
    Config,
    BrokenLink,
    BrokenAnchor,
    LinkCase,
    EmptyLink,
    ExternalLink,
    ExternalAnchor,
    ReviewOverdue,
    ApprovalIncomplete,
    ResponseChannels,
    ImportUnfinished,
    OrphanPage,
    DuplicateTitle,
    EmptyPage,
    HeadingSkip,
    ImageAlt,
    UnknownRule,
    CheckConfig,
}

impl Rule {
    /// Every rule, in the order the README lists them.
    pub const ALL: [Rule; 19] = [
        Rule::Build,
        Rule::Config,
        Rule::BrokenLink,
        Rule::BrokenAnchor,
        Rule::LinkCase,
        Rule::EmptyLink,
        Rule::ExternalLink,
        Rule::ExternalAnchor,
        Rule::ReviewOverdue,
        Rule::ApprovalIncomplete,
        Rule::ResponseChannels,
        Rule::ImportUnfinished,
        Rule::OrphanPage,
        Rule::DuplicateTitle,
        Rule::EmptyPage,
        Rule::HeadingSkip,
        Rule::ImageAlt,
        Rule::UnknownRule,
        Rule::CheckConfig,
    ];

    /// The name written in `handbook.yml` and shown in output.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Build => "build",
            Rule::Config => "config",
            Rule::BrokenLink => "broken-link",
            Rule::BrokenAnchor => "broken-anchor",
            Rule::LinkCase => "link-case",
            Rule::EmptyLink => "empty-link",
            Rule::ExternalLink => "external-link",
            Rule::ExternalAnchor => "external-anchor",
            Rule::ReviewOverdue => "review-overdue",
            Rule::ApprovalIncomplete => "approval-incomplete",
            Rule::ResponseChannels => "response-channels",
            Rule::ImportUnfinished => "import-unfinished",
            Rule::OrphanPage => "orphan-page",
            Rule::DuplicateTitle => "duplicate-title",
            Rule::EmptyPage => "empty-page",
            Rule::HeadingSkip => "heading-skip",
            Rule::ImageAlt => "image-alt",
            Rule::UnknownRule => "unknown-rule",
            Rule::CheckConfig => "check-config",
        }
    }

    /// The rule named `name`.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == name)
    }

    /// True for the rules that the `broken_links` setting also governs.
    pub fn is_link_rule(self) -> bool {
        matches!(self, Rule::BrokenLink | Rule::BrokenAnchor | Rule::LinkCase)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_read_back() {
        let mut names: Vec<_> = Rule::ALL.iter().map(|r| r.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Rule::ALL.len());
        for rule in Rule::ALL {
            assert_eq!(Rule::from_name(rule.name()), Some(rule));
        }
        assert_eq!(Rule::from_name("no-such-rule"), None);
        assert_eq!(std::mem::size_of::<Option<Rule>>(), 1);
    }
}
