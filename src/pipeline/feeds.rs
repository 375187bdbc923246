//! Files for crawlers and feed readers: `sitemap.xml`, `robots.txt` and an Atom feed of recently
//! updated pages, so advocates can follow changes to the handbook.

use chrono::NaiveDate;
use pulldown_cmark_escape::escape_html;

use crate::content::{Content, PageId};
use crate::urls::{self, Urls};

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_html(&mut out, text).ok();
    out
}

fn timestamp(date: NaiveDate) -> String {
    format!("{date}T00:00:00Z")
}

/// `sitemap.xml` listing every page.
pub fn sitemap(content: &Content, urls: &Urls) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in &content.pages {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape(&urls.permalink(&page.url)));
        xml.push_str("</loc>");
        if let Some(date) = page.updated.or(page.date) {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt` that allows everything and names the sitemap, when there is one (a sitemap
/// needs absolute URLs, so a site without a host in `base_url` has none).
pub fn robots(sitemap_base: Option<&str>) -> String {
    match sitemap_base {
        Some(base) => format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"),
        None => "User-agent: *\nAllow: /\n".to_owned(),
    }
}

/// What the feed needs to know about the site.
pub struct FeedInfo<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub urls: &'a Urls,
    /// The absolute base names a host. Without one, links stay relative (Atom allows that) and
    /// ids, which must be absolute IRIs, are `urn:handbook:` and the path.
    pub has_host: bool,
    pub limit: usize,
}

/// An Atom feed of the most recently updated pages (by `updated`, else `date`).
pub fn atom(content: &Content, titles: &[String], info: &FeedInfo<'_>) -> String {
    let mut dated: Vec<(NaiveDate, PageId)> = content
        .pages
        .iter()
        .enumerate()
        .filter_map(|(id, p)| p.updated.or(p.date).map(|d| (d, id)))
        .collect();
    dated.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    dated.truncate(info.limit);
    let newest = dated
        .first()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |(d, _)| timestamp(*d));
    let base = info.urls.absolute_base();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    xml.push_str(&format!("  <title>{}</title>\n", escape(info.title)));
    if !info.description.is_empty() {
        xml.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            escape(info.description)
        ));
    }
    xml.push_str(&format!(
        "  <link href=\"{}\" rel=\"self\"/>\n  <link href=\"{}\"/>\n",
        escape(&info.urls.permalink(urls::FEED)),
        escape(base)
    ));
    let id_base = if info.has_host {
        base.to_owned()
    } else {
        format!("urn:handbook:{base}")
    };
    xml.push_str(&format!(
        "  <id>{}</id>\n  <updated>{newest}</updated>\n  <generator>handbook</generator>\n",
        escape(&id_base)
    ));
    for (date, id) in dated {
        let page = &content.pages[id];
        let url = escape(&info.urls.permalink(&page.url));
        let entry_id = escape(&format!("{id_base}{}", page.url));
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link href=\"{url}\"/>\n    <id>{entry_id}</id>\n    <updated>{}</updated>\n",
            escape(&titles[id]),
            timestamp(date)
        ));
        if let Some(description) = page.front.description.as_deref().filter(|d| !d.is_empty()) {
            xml.push_str(&format!("    <summary>{}</summary>\n", escape(description)));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}
