//! Parse and extract one page with every output option on: comments,
//! markdown, HTML, links, images, a URL to resolve against.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = pith::Options::default()
        .with_url("https://example.org/dir/page.html")
        .with_comments(true)
        .with_markdown(true)
        .with_html(true)
        .with_links(true)
        .with_images(true)
        .with_now(pith::Date::new(2024, 1, 1).expect("a real day"));
    let record = pith::extract(data, &options);
    // Output must serialise (it is what the CLI writes).
    let _ = serde_json::to_string(&record).expect("a record serialises");
});
