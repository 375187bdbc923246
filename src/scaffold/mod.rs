//! Starting points for authors: `handbook init` (a complete handbook to adapt, from the one
//! bundled in the binary) and `handbook new` (one page of a kind, every field present and
//! explained). Neither ever overwrites a file.

pub mod from_hugo;
pub mod init;
pub mod new;
