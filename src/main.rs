//! The `handbook` binary: a thin shell over [`handbook::cli::run`].

/// mimalloc instead of the system allocator: the build allocates millions of small strings
/// (events, tokens, template values) across threads, where glibc's malloc showed as ~10% of
/// the profile.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(handbook::cli::run());
}
