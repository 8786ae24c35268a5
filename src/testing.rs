//! What the unit tests share: scratch copies of the fixture sites, and the
//! same random inputs on every run.

use std::path::Path;

/// The fixture site `tests/fixtures/<name>` and the default theme, copied
/// into a scratch folder.
pub fn fixture_with_theme(name: &str) -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo.join("tests/fixtures").join(name), dir.path());
    copy_dir(
        &repo.join("themes/default"),
        &dir.path().join("themes/default"),
    );
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// `count` strings of up to `max_len - 1` pieces each, every piece one of
/// `pieces`, drawn by xorshift from `seed`.
pub fn random_texts(seed: u64, count: usize, max_len: u64, pieces: &[&str]) -> Vec<String> {
    let mut seed = seed;
    (0..count)
        .map(|_| {
            (0..seed % max_len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    pieces[(seed % pieces.len() as u64) as usize]
                })
                .collect()
        })
        .collect()
}

/// Every ASCII character, each as a string, for [`random_texts`].
pub fn ascii() -> Vec<&'static str> {
    static BYTES: [u8; 128] = {
        let mut bytes = [0; 128];
        let mut b = 0;
        while b < 128 {
            bytes[b] = b as u8;
            b += 1;
        }
        bytes
    };
    (0..128)
        .map(|b| std::str::from_utf8(&BYTES[b..=b]).unwrap())
        .collect()
}
