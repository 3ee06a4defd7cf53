//! Everything a user reads: renderings of profiles (and, later, gap reports) and the one place
//! that writes them, to stdout or atomically to a file.

pub mod output;
pub mod profile_summary;
