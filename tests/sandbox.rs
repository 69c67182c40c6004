//! `quire build --sandbox`: an essay from someone else cannot bring into its book a file from
//! outside its own folder, however the path is written: absolute, climbing out with `../`, or
//! through a symlink. Without the flag the same essay carries the image, so each test shows the
//! sandbox is what keeps it out.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;

/// A picture outside the essay's folder (`secret/`), and the essay's folder (`essay/`).
fn layout(dir: &Path) -> (PathBuf, PathBuf) {
    let secret = dir.join("secret");
    let essay = dir.join("essay");
    fs::create_dir_all(&secret).unwrap();
    fs::create_dir_all(&essay).unwrap();
    fs::copy(
        repo().join("tests/fixtures/design/figures/field-map.png"),
        secret.join("private.png"),
    )
    .unwrap();
    (secret, essay)
}

fn essay_with_image(essay: &Path, src: &str) -> PathBuf {
    let path = essay.join("essay.md");
    fs::write(
        &path,
        format!(
            "# A field\n\nThe opening words of the essay, long enough to read as prose.\n\n![a map of the field]({src})\n\nThe closing words.\n"
        ),
    )
    .unwrap();
    path
}

/// Builds `source` (with `--sandbox` when asked) and returns the book's image files and
/// what quire said.
fn build(dir: &Path, source: &Path, sandbox: bool) -> (Vec<String>, String, PathBuf) {
    let out = dir.join(if sandbox { "out-sandboxed" } else { "out" });
    let mut args = vec![
        "build".to_string(),
        source.to_string_lossy().into_owned(),
        "-o".into(),
        out.to_string_lossy().into_owned(),
    ];
    if sandbox {
        args.push("--sandbox".into());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = quire(dir, &args);
    assert!(output.status.success(), "{}", text(&output));
    let book = out.join("essay.epub");
    let epub = Epub::open(&book);
    let images = epub
        .names()
        .into_iter()
        // The drawn cover lives beside the essay's images.
        .filter(|name| name.contains("images/") && !name.contains("cover"))
        .collect();
    (images, text(&output), book)
}

fn assert_kept_out(dir: &Path, source: &Path) {
    let (images, _, _) = build(dir, source, false);
    assert_eq!(
        images.len(),
        1,
        "without --sandbox the image is carried: {images:?}"
    );

    let (images, said, book) = build(dir, source, true);
    assert!(images.is_empty(), "{images:?}");
    assert!(said.contains("[outside-sandbox]"), "{said}");
    let body = Epub::open(&book).body_paragraphs().join("\n");
    assert!(
        body.contains("a map of the field"),
        "the description stands in: {body}"
    );
    assert_epubcheck_clean(&[book]);
}

#[test]
fn an_absolute_path_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let (secret, essay) = layout(dir.path());
    let src = secret.join("private.png");
    let source = essay_with_image(&essay, &src.to_string_lossy());
    assert_kept_out(dir.path(), &source);
}

#[test]
fn a_path_climbing_out_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let (_, essay) = layout(dir.path());
    let source = essay_with_image(&essay, "../secret/private.png");
    assert_kept_out(dir.path(), &source);
}

#[cfg(unix)]
#[test]
fn a_symlink_leading_out_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let (secret, essay) = layout(dir.path());
    std::os::unix::fs::symlink(secret.join("private.png"), essay.join("map.png")).unwrap();
    let source = essay_with_image(&essay, "map.png");
    assert_kept_out(dir.path(), &source);
}

#[test]
fn an_image_inside_the_folder_is_carried() {
    let dir = tempfile::tempdir().unwrap();
    let (secret, essay) = layout(dir.path());
    fs::create_dir_all(essay.join("figures")).unwrap();
    fs::copy(secret.join("private.png"), essay.join("figures/map.png")).unwrap();
    let source = essay_with_image(&essay, "figures/../figures/map.png");
    let (images, said, _) = build(dir.path(), &source, true);
    assert_eq!(images.len(), 1, "{said}");
    assert!(!said.contains("outside-sandbox"), "{said}");
}

#[test]
fn a_cover_and_a_stylesheet_named_by_the_source_stay_inside() {
    let dir = tempfile::tempdir().unwrap();
    let (secret, essay) = layout(dir.path());
    fs::write(secret.join("look.css"), "body { margin: 0 }\n").unwrap();
    let source = essay.join("essay.md");
    fs::write(
        &source,
        "---\ntitle: A field\ncover: ../secret/private.png\nstylesheet: ../secret/look.css\n---\n\nThe opening words of the essay, long enough to read as prose.\n",
    )
    .unwrap();
    let (_, said, book) = build(dir.path(), &source, true);
    assert!(said.contains("the cover image"), "{said}");
    assert!(said.contains("the stylesheet"), "{said}");
    assert_eq!(said.matches("[outside-sandbox]").count(), 2, "{said}");
    let epub = Epub::open(&book);
    assert!(
        !epub.names().iter().any(|n| n.ends_with("look.css")),
        "{:?}",
        epub.names()
    );
    assert_epubcheck_clean(&[book]);
}
