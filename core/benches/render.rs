//! Rendering many customer instances of the TrafficPlex agreement.
//!
//! Run with `cargo bench -p avv-core --bench render`. The instances are
//! generated in memory (the one bundled instance, cloned with varied
//! values) before the clock starts; documents are rendered in parallel with
//! rayon, as `avv build` does. The goal for PDF is 50 documents per second
//! on a two-core machine, for HTML 2 000 documents per second; both are
//! measured over 10 000 instances written to disk as they are rendered.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use avv_core::load::{Folder, load_folder};
use avv_core::model::customer::{CustomerFile, Value};
use avv_core::render::inline::Flavor;
use avv_core::render::{Stamp, Templates, render_pdf, render_text};
use divan::Bencher;
use divan::counter::ItemsCount;
use rayon::prelude::*;

/// The allocator the `avv` binary uses, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn agreement(id: &str) -> Folder {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let loaded = load_folder(&root.join("agreements").join(id), &root);
    assert!(loaded.diagnostics.is_empty(), "{id} does not load cleanly: {:?}", loaded.diagnostics);
    loaded.folder
}

fn trafficplex() -> Folder {
    agreement("trafficplex")
}

fn pcvisit() -> Folder {
    agreement("pcvisit")
}

/// Numbers customers across samples, so that no document is rendered twice.
static NEXT: AtomicUsize = AtomicUsize::new(0);

/// `count` new customers: the bundled instance with another name, street,
/// town and customer number each.
fn instances(folder: &Folder, count: usize) -> Vec<(String, CustomerFile)> {
    let base = &folder.customers.first().expect("trafficplex has a customer instance").value;
    let first = NEXT.fetch_add(count, Ordering::Relaxed);
    (first..first + count)
        .map(|i| {
            let mut customer = base.clone();
            let number = format!("{}", 300_000 + i * 7);
            let mut kunde = std::collections::BTreeMap::new();
            for (key, value) in [
                ("name", format!("Kundin {i} Müller-Lüdenscheidt GmbH & Co. KG")),
                ("strasse", format!("Hauptstraße {}", i % 200 + 1)),
                ("ort", format!("{:05} Großstadt", 10_000 + i * 13 % 89_999)),
                ("kundennummer", number.clone()),
            ] {
                kunde.insert(key.to_owned(), Value::Text(value));
            }
            customer.values.insert("kunde".to_owned(), Value::Table(kunde));
            customer.instance.customer_number = Some(number.clone());
            (number, customer)
        })
        .collect()
}

fn stamp() -> Stamp {
    Stamp { commit: Some("0123456789abcdef0123456789abcdef01234567".to_owned()) }
}

/// PDF documents (typst source, compilation, PDF/A export) per second, each
/// sample with customers not rendered before. The first document of the
/// agreement is rendered before the clock starts: it fills typst's layout
/// cache with the text all customers share, as the first document of a
/// build does.
#[divan::bench(args = [1, 50, 200], sample_count = 3, sample_size = 1)]
fn pdf(bencher: Bencher, count: usize) {
    let folder = trafficplex();
    let templates = Templates::new(None);
    let stamp = stamp();
    let first = instances(&folder, 1);
    render_pdf(&templates, &folder, Some((&first[0].0, &first[0].1)), &stamp, None).expect("a PDF");
    bencher.counter(ItemsCount::new(count)).with_inputs(|| instances(&folder, count)).bench_local_refs(|customers| {
        customers
            .par_iter()
            .map(|(id, customer)| render_pdf(&templates, &folder, Some((id, customer)), &stamp, None))
            .collect::<Result<Vec<_>, _>>()
            .expect("every instance renders")
    });
}

/// The first document of an agreement alone: nothing cached but the fonts.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn pdf_cold(bencher: Bencher) {
    let folder = pcvisit();
    let templates = Templates::new(None);
    let stamp = stamp();
    bencher.counter(ItemsCount::new(1_usize)).bench(|| {
        avv_core::render::pdf::clear_cache();
        render_pdf(&templates, &folder, None, &stamp, None).expect("a PDF")
    });
}

/// The typst source alone (the view and the template), for comparison.
#[divan::bench(args = [200], sample_count = 5, sample_size = 1)]
fn typst_source(bencher: Bencher, count: usize) {
    let folder = trafficplex();
    let customers = instances(&folder, count);
    let templates = Templates::new(None);
    let stamp = stamp();
    bencher.counter(ItemsCount::new(count)).bench(|| {
        customers
            .par_iter()
            .map(|(id, customer)| render_text(&templates, &folder, Some((id, customer)), Flavor::Typst, &stamp))
            .collect::<Result<Vec<_>, _>>()
            .expect("every instance renders")
    });
}

/// Renders `count` instances not rendered before, in parallel, writing
/// each to disk as soon as it is done, as `avv build` does: memory stays
/// bounded by the documents in flight, not the `count`.
fn streamed<R>(bencher: Bencher, count: usize, extension: &str, render: R)
where
    R: Fn(&Templates, &Folder, (&str, &CustomerFile), &Stamp) -> Vec<u8> + Sync,
{
    let folder = trafficplex();
    let templates = Templates::new(None);
    let stamp = stamp();
    let out = tempfile::tempdir().expect("temporary folder");
    bencher.counter(ItemsCount::new(count)).with_inputs(|| instances(&folder, count)).bench_local_values(|customers| {
        customers.par_iter().for_each(|(id, customer)| {
            let bytes = render(&templates, &folder, (id, customer), &stamp);
            std::fs::write(out.path().join(format!("{id}.{extension}")), bytes).expect("write");
        });
    });
}

/// HTML documents per second for 10 000 customer instances. The goal is
/// 2 000 documents per second on a two-core machine.
#[divan::bench(args = [10_000], sample_count = 3, sample_size = 1)]
fn html(bencher: Bencher, count: usize) {
    streamed(bencher, count, "html", |templates, folder, instance, stamp| {
        render_text(templates, folder, Some(instance), Flavor::Html, stamp).expect("html").into_bytes()
    });
}

/// PDF documents per second for 10 000 customer instances (about two
/// minutes a sample). The goal is 50 documents per second.
#[divan::bench(args = [10_000], sample_count = 1, sample_size = 1)]
fn pdf_streamed(bencher: Bencher, count: usize) {
    streamed(bencher, count, "pdf", |templates, folder, instance, stamp| {
        render_pdf(templates, folder, Some(instance), stamp, None).expect("pdf")
    });
}
