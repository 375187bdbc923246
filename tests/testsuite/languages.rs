//! Multilingual Hugo sites (issue 13): every language is built under its prefix, from its own
//! content folder or from file names (`guide.fr.md`), with its own navigation and search index,
//! and a page links to its translations (`hreflang` alternates and the language menu).

use crate::harness::TestSite;

fn nav_has(html: &str, url: &str) -> bool {
    html.contains(&format!("data-nav-url=\"{url}\""))
}

fn content_dir_site() -> TestSite {
    TestSite::new()
        .file(
            "config/_default/hugo.yaml",
            "title: Docs\nbaseURL: https://example.org/\ndefaultContentLanguage: en\nlanguages:\n  en: { label: English, contentDir: content/en, weight: 1 }\n  es: { label: Español, contentDir: content/es, weight: 2, title: Documentos }\n",
        )
        .file("content/en/_index.md", "---\ntitle: Home\n---\n")
        .file("content/en/docs/_index.md", "---\ntitle: Docs\n---\n")
        .file("content/en/docs/setup.md", "---\ntitle: Setup\n---\nSet it up.\n")
        .file("content/en/docs/only-en.md", "---\ntitle: Only English\n---\n")
        .file("content/en/about.md", "---\ntitle: About\ntranslationKey: about\n---\n")
        .file("content/es/_index.md", "---\ntitle: Inicio\n---\n")
        .file("content/es/docs/_index.md", "---\ntitle: Documentación\n---\n")
        .file("content/es/docs/setup.md", "---\ntitle: Configuración\n---\nConfigúralo. ![logo](/img/logo.svg)\n")
        .file("content/es/docs/solo-es.md", "---\ntitle: Solo en español\n---\n")
        .file("content/es/acerca.md", "---\ntitle: Acerca\ntranslationKey: about\n---\n")
        .file("static/img/logo.svg", "<svg/>")
        .file("i18n/es.yaml", "- id: home\n  translation: Portada\n")
}

#[test]
fn each_language_is_built_under_its_prefix_from_its_content_dir() {
    let site = content_dir_site();
    let run = site.build(&[]);
    run.success();
    run.stderr_has("2 languages (en from content/en/ at the root)");
    run.stdout_has("Pages and sections by language: en 5, es 5");
    assert!(site.out("docs/setup/index.html").exists());
    assert!(site.out("es/docs/setup/index.html").exists());
    assert!(site.out("es/docs/solo-es/index.html").exists());
    assert!(
        !site.out("en").exists(),
        "the default language is at the root"
    );
    assert!(!site.out("es/docs/only-en/index.html").exists());
    // The theme's files are written once, at the root, and every language uses them.
    assert!(site.out("assets/handbook.css").exists());
    assert!(!site.out("es/assets/handbook.css").exists());
    let es = site.read("es/docs/setup/index.html");
    assert!(es.contains("<html lang=\"es\""), "{es}");
    assert!(es.contains("href=\"/assets/handbook.css\""));
    assert!(
        es.contains("Configuración · Documentos"),
        "the language's own title"
    );
}

#[test]
fn a_page_and_its_translations_link_to_each_other() {
    let site = content_dir_site();
    site.build(&[]).success();
    let en = site.read("docs/setup/index.html");
    let es = site.read("es/docs/setup/index.html");
    for html in [&en, &es] {
        assert!(
            html.contains(
                "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/docs/setup/\">"
            ),
            "{html}"
        );
        assert!(html.contains(
            "<link rel=\"alternate\" hreflang=\"es\" href=\"https://example.org/es/docs/setup/\">"
        ));
    }
    assert!(en.contains("<nav class=\"hb-languages\" aria-label=\"Languages\">"));
    assert!(es.contains("<nav class=\"hb-languages\" aria-label=\"Idiomas\">"));
    assert!(en.contains("<a href=\"/es/docs/setup/\" hreflang=\"es\" lang=\"es\">Español</a>"));
    assert!(en.contains(
        "<a href=\"/docs/setup/\" hreflang=\"en\" lang=\"en\" aria-current=\"page\">English</a>"
    ));
    assert!(es.contains(
        "<a href=\"/es/docs/setup/\" hreflang=\"es\" lang=\"es\" aria-current=\"page\">Español</a>"
    ));
    // `translationKey` links pages whose paths differ.
    let about = site.read("about/index.html");
    assert!(about.contains("hreflang=\"es\" href=\"https://example.org/es/acerca/\""));
    // A page without a translation offers the other language's home page, marked as such.
    let only = site.read("docs/only-en/index.html");
    assert!(!only.contains("<link rel=\"alternate\" hreflang=\"es\""));
    assert!(only.contains(
        "<a href=\"/es/\" hreflang=\"es\" lang=\"es\" class=\"is-untranslated\">Español</a>"
    ));
}

#[test]
fn interface_strings_are_in_the_page_language() {
    let site = content_dir_site();
    site.build(&[]).success();
    let es = site.read("es/docs/setup/index.html");
    assert!(es.contains(">Saltar al contenido</a>"), "{es}");
    assert!(es.contains("placeholder=\"Buscar\""));
    assert!(es.contains("aria-label=\"Idiomas\""));
    // The site's own i18n/es.yaml wins over the theme's.
    assert!(es.contains("</svg>Portada</a>"));
    assert!(
        site.read("es/search/index.html")
            .contains("placeholder=\"Buscar en el manual\"")
    );
    assert!(
        site.read("es/404.html")
            .contains("<h1 class=\"hb-title\">Página no encontrada</h1>")
    );
    let en = site.read("docs/setup/index.html");
    assert!(en.contains(">Skip to content</a>"));
    assert!(en.contains("</svg>Home</a>"));
}

#[test]
fn navigation_and_search_are_per_language() {
    let site = content_dir_site();
    site.build(&[]).success();
    let es = site.read("es/docs/setup/index.html");
    assert!(nav_has(&es, "/es/docs/solo-es/"), "{es}");
    assert!(nav_has(&es, "/es/docs/setup/"));
    assert!(!nav_has(&es, "/docs/only-en/"));
    let en = site.read("docs/setup/index.html");
    assert!(nav_has(&en, "/docs/only-en/"));
    assert!(!nav_has(&en, "/es/docs/solo-es/"));
    // Each language has its own index, and its pages' search box queries it.
    assert!(site.out("search/index.json").exists());
    assert!(site.out("es/search/index.json").exists());
    assert!(es.contains("data-base=\"/es/\""));
    assert!(en.contains("data-base=\"/\""));
    let index = site.read("es/search/index.json");
    assert!(index.contains("\"language\":\"es\""), "{index}");
    assert!(index.contains("\"stemmer\":\"spanish\""), "{index}");
}

#[test]
fn translations_by_file_name_share_one_content_folder() {
    let site = TestSite::new()
        .file(
            "hugo.toml",
            "title = 'Guide'\ndefaultContentLanguage = 'en'\n[languages.en]\nweight = 1\n[languages.fr]\nlabel = 'Français'\nweight = 2\n",
        )
        .file("content/_index.md", "---\ntitle: Home\n---\n")
        .file("content/_index.fr.md", "---\ntitle: Accueil\n---\nBienvenue.\n")
        .file("content/guide/_index.md", "---\ntitle: Guide\n---\n")
        .file("content/guide/_index.fr.md", "---\ntitle: Le guide\n---\n")
        .file("content/guide/start.md", "---\ntitle: Start\n---\n")
        .file("content/guide/start.fr.md", "---\ntitle: Démarrer\n---\n")
        .file("content/guide/only.md", "---\ntitle: Only English\n---\n");
    site.build(&[]).success();
    assert!(site.out("guide/start/index.html").exists());
    assert!(site.out("fr/guide/start/index.html").exists());
    assert!(!site.out("guide/start.fr/index.html").exists());
    assert!(!site.out("fr/guide/only/index.html").exists());
    let fr = site.read("fr/guide/start/index.html");
    assert!(fr.contains("<html lang=\"fr\""));
    assert!(fr.contains("Démarrer"));
    assert!(fr.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"/guide/start/\">"));
    assert!(fr.contains(
        "<a href=\"/fr/guide/start/\" hreflang=\"fr\" lang=\"fr\" aria-current=\"page\">Français</a>"
    ));
    assert!(!nav_has(&fr, "/fr/guide/only/"));
    assert!(!nav_has(&fr, "/guide/only/"));
    let en = site.read("guide/start/index.html");
    assert!(en.contains("<link rel=\"alternate\" hreflang=\"fr\" href=\"/fr/guide/start/\">"));
    assert!(nav_has(&en, "/guide/only/"));
    assert!(site.read("fr/index.html").contains("Bienvenue."));
    assert!(!site.read("index.html").contains("Bienvenue."));
}

#[test]
fn the_default_language_can_live_in_its_subfolder() {
    let site = TestSite::new()
        .file(
            "hugo.yaml",
            "defaultContentLanguage: en\ndefaultContentLanguageInSubdir: true\nlanguages:\n  en: { weight: 1 }\n  de: { weight: 2, label: Deutsch }\n",
        )
        .file("content/en/page.md", "---\ntitle: Page\n---\n")
        .file("content/de/page.md", "---\ntitle: Seite\n---\n");
    let run = site.build(&[]);
    run.success();
    run.stderr_has("2 languages (en from content/en/ at /en/)");
    assert!(site.out("en/page/index.html").exists());
    assert!(site.out("de/page/index.html").exists());
    assert!(!site.out("page/index.html").exists());
    assert!(
        site.read("index.html").contains("/en/"),
        "the root sends readers on"
    );
    assert!(site.out("assets/handbook.css").exists());
}

#[test]
fn a_site_of_one_language_has_no_language_menu() {
    let site = TestSite::new().file("content/a.md", "---\ntitle: A\n---\n");
    site.build(&[]).success();
    let html = site.read("a/index.html");
    assert!(!html.contains("hb-languages"));
    assert!(!html.contains("hreflang"));
}
