//! A page's record in `search/p/<n>.json` as the Rust reader sees it (written by
//! `push_page_json` in mod.rs): what a result shows, and the texts the reranking reads.

use serde::Deserialize;

/// A page file (`p/<id>.json`).
#[derive(Deserialize, Debug, Clone)]
pub struct PageFile {
    pub u: String,
    pub t: String,
    pub b: String,
    pub d: String,
    pub k: String,
    pub c: Vec<String>,
    pub g: Vec<String>,
    pub s: Option<String>,
    pub h: Vec<[String; 3]>,
    pub w: Vec<(String, String)>,
}
