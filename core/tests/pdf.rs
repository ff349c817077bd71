//! PDF output: every bundled agreement (and the TrafficPlex customer
//! instance) compiles to a PDF/A-2b document, the same input gives the same
//! bytes, data cannot inject typst code, and a broken template is an error.
//! The PDFs and their typst sources are left in `target/pdf/` for a look.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use avv_core::load::{Folder, load_folder};
use avv_core::model::customer::{CustomerFile, Value};
use avv_core::render::inline::Flavor;
use avv_core::render::{RenderError, Stamp, Templates, render_pdf, render_text};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn load(id: &str) -> Folder {
    let dir = workspace().join("agreements").join(id);
    let loaded = load_folder(&dir, &workspace());
    assert!(loaded.diagnostics.is_empty(), "{id} does not load cleanly: {:?}", loaded.diagnostics);
    loaded.folder
}

fn agreement_ids() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(workspace().join("agreements"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("agreement.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids
}

fn stamp() -> Stamp {
    Stamp { commit: Some("0123456789abcdef0123456789abcdef01234567".to_owned()) }
}

/// Checks the PDF/A-2b identification in the XMP metadata.
fn assert_pdf_a(name: &str, pdf: &[u8]) {
    assert!(pdf.starts_with(b"%PDF-"), "{name}: not a PDF");
    let text = String::from_utf8_lossy(pdf);
    let part = text.contains("<pdfaid:part>2</pdfaid:part>") || text.contains("pdfaid:part=\"2\"");
    let conformance =
        text.contains("<pdfaid:conformance>B</pdfaid:conformance>") || text.contains("pdfaid:conformance=\"B\"");
    assert!(part && conformance, "{name}: no PDF/A-2b identification in the XMP metadata");
}

fn keep(name: &str, source: &str, pdf: &[u8]) {
    let out = workspace().join("target/pdf");
    std::fs::create_dir_all(&out).ok();
    std::fs::write(out.join(format!("{name}.typ")), source).ok();
    std::fs::write(out.join(format!("{name}.pdf")), pdf).ok();
}

#[test]
fn every_agreement_and_instance_is_a_reproducible_pdf_a() {
    let templates = Templates::new(None);
    let mut rendered = Vec::new();
    for id in agreement_ids() {
        let folder = load(&id);
        let mut documents: Vec<(String, Option<(String, &CustomerFile)>)> = vec![(id.clone(), None)];
        for customer in &folder.customers {
            let stem = customer.path.file_stem().unwrap().to_string_lossy().into_owned();
            documents.push((format!("{id}-{stem}"), Some((stem, &customer.value))));
        }
        for (name, instance) in documents {
            let instance = instance.as_ref().map(|(stem, c)| (stem.as_str(), *c));
            let source = render_text(&templates, &folder, instance, Flavor::Typst, &stamp()).unwrap();
            let first =
                render_pdf(&templates, &folder, instance, &stamp(), None).unwrap_or_else(|e| panic!("{name}: {e}"));
            keep(&name, &source, &first);
            assert_pdf_a(&name, &first);
            let second = render_pdf(&templates, &folder, instance, &stamp(), None).unwrap();
            assert!(first == second, "{name}: two renderings differ");
            rendered.push(name);
        }
    }
    assert!(rendered.len() >= 6, "only {} documents: {rendered:?}", rendered.len());
    // Asked of this run's list, not of `target/pdf`, where a file from an
    // earlier run would pass the check after a rename.
    assert!(
        rendered.iter().any(|name| name == "trafficplex-kunde-203523"),
        "the TrafficPlex customer instance was not rendered: {rendered:?}"
    );
}

#[test]
fn source_date_epoch_sets_the_date_and_stays_reproducible() {
    let templates = Templates::new(None);
    let folder = load("hoster-tom");
    let epoch = Some(1_700_000_000); // 2023-11-14T22:13:20Z
    let first = render_pdf(&templates, &folder, None, &stamp(), epoch).unwrap();
    let second = render_pdf(&templates, &folder, None, &stamp(), epoch).unwrap();
    assert!(first == second, "two renderings with the same epoch differ");
    assert!(String::from_utf8_lossy(&first).contains("2023-11-14T22:13:20"), "the epoch is not the creation date");
    let other = render_pdf(&templates, &folder, None, &stamp(), Some(1_600_000_000)).unwrap();
    assert!(first != other, "the epoch does not reach the PDF");
}

const HOSTILE: &str = "<script>alert(1)</script> #set text(red) *x* \\";
const HOSTILE_TYPST: &str = "\\<script\\>alert(1)\\<\\/script\\> \\#set text(red) \\*x\\* \\\\";

#[test]
fn data_cannot_inject_typst_code() {
    let templates = Templates::new(None);
    let folder = load("trafficplex");
    let mut customer = folder.customers[0].value.clone();
    let Some(Value::Table(kunde)) = customer.values.get_mut("kunde") else { panic!("no [values.kunde]") };
    kunde.insert("name".to_owned(), Value::Text(HOSTILE.to_owned()));
    let instance = Some(("hostile", &customer));
    let source = render_text(&templates, &folder, instance, Flavor::Typst, &stamp()).unwrap();
    assert!(source.contains(HOSTILE_TYPST), "the value is not escaped:\n{source}");
    assert!(!source.contains(" #set text(red)"), "the value reached the source unescaped");
    let pdf = render_pdf(&templates, &folder, instance, &stamp(), None).unwrap();
    assert_pdf_a("hostile instance", &pdf);

    let mut folder = load("pcvisit");
    let list = &mut folder.subprocessors_mut().expect("pcvisit has sub-processors").value;
    list.subprocessor[0].name = HOSTILE.to_owned();
    let source = render_text(&templates, &folder, None, Flavor::Typst, &stamp()).unwrap();
    // Sub-processor names are agreement text, where `*x*` is emphasis on
    // purpose; everything else stays text.
    assert!(
        source.contains("\\<script\\>alert(1)\\<\\/script\\> \\#set text(red) #emph[x]; \\\\"),
        "the sub-processor is not escaped"
    );
    render_pdf(&templates, &folder, None, &stamp(), None).unwrap();
    // Line-start markup in data stays text as well.
    folder.subprocessors_mut().unwrap().value.subprocessor[0].name = "1. = Titel\n- Punkt".to_owned();
    render_pdf(&templates, &folder, None, &stamp(), None).unwrap();
}

#[test]
fn a_broken_template_is_an_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("document.typ.j2"), "= {{ agreement.title }}\n\n#let x = (\n").unwrap();
    let templates = Templates::new(Some(dir.path()));
    let folder = load("hoster-tom");
    let error = render_pdf(&templates, &folder, None, &stamp(), None).unwrap_err();
    assert!(matches!(error, RenderError::Pdf(_)), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("line 3"), "{message}");

    std::fs::write(dir.path().join("document.typ.j2"), "Text\n#unknown-function()\n").unwrap();
    let templates = Templates::new(Some(dir.path()));
    let message = render_pdf(&templates, &folder, None, &stamp(), None).unwrap_err().to_string();
    assert!(message.contains("line 2"), "{message}");
    assert!(message.contains("unknown variable: unknown-function"), "{message}");

    std::fs::write(dir.path().join("document.typ.j2"), "{{ agreement.titel }}\n").unwrap();
    let templates = Templates::new(Some(dir.path()));
    let error = render_pdf(&templates, &folder, None, &stamp(), None).unwrap_err();
    assert!(matches!(error, RenderError::Template { .. }), "{error:?}");
}

#[test]
fn the_document_cannot_read_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("document.typ.j2"), "#read(\"/etc/passwd\")\n#image(\"/etc/hostname\")\n").unwrap();
    let templates = Templates::new(Some(dir.path()));
    let folder = load("hoster-tom");
    let message = render_pdf(&templates, &folder, None, &stamp(), None).unwrap_err().to_string();
    assert!(message.contains("line 1"), "{message}");
}

/// Many documents compiled in parallel from a rayon pool with small stacks,
/// as `avv build` and the benchmark do from the global pool: a worker that
/// waits for typst must not take the next document onto its own stack while
/// it waits (that nested thousands deep and overflowed the stack in a build
/// of 10 000 customer instances).
#[test]
fn parallel_documents_do_not_pile_up_on_a_waiting_worker_s_stack() {
    use rayon::prelude::*;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).stack_size(256 << 10).build().unwrap();
    let options = avv_core::render::pdf::PdfOptions { ident: "avv/test".into(), ..Default::default() };
    let pdfs: Vec<Result<Vec<u8>, RenderError>> = pool.install(|| {
        (0..400)
            .into_par_iter()
            .map(|i| avv_core::render::pdf::typst_to_pdf(&format!("= Dokument {i}\n\nText {i}.\n"), &options))
            .collect()
    });
    for (i, pdf) in pdfs.iter().enumerate() {
        assert!(pdf.as_ref().is_ok_and(|bytes| bytes.starts_with(b"%PDF-")), "document {i}: {:?}", pdf.as_ref().err());
    }
}
