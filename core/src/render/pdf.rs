//! PDF output: typst source compiled in-process to PDF/A-2b. This is the
//! one module that uses typst.
//!
//! The [`World`] the compiler sees holds one source file (the generated
//! typst source) and the fonts embedded in avv; it cannot read files,
//! import packages or reach the network. Its clock is fixed, so the same
//! source and options always give the same bytes.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfStandard, PdfStandards, Timestamp};

use super::RenderError;
use super::admission::Gate;
use crate::model::primitives::Date;

/// How a PDF is written.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// A stable name of the document (agreement, version, instance): the PDF
    /// file identifier is derived from it, so it must not vary between runs.
    pub ident: String,
    /// The creation time as seconds since the Unix epoch, as reproducible
    /// builds pass it in `SOURCE_DATE_EPOCH`. The caller reads the variable;
    /// this library reads none.
    pub epoch: Option<i64>,
    /// The creation date when no epoch is given: the agreement's version
    /// date. PDF/A requires a date, so without either one a fixed date
    /// ([`FALLBACK_DATE`]) is written.
    pub date: Option<Date>,
    /// The `/Creator` entry ("avv 0.1.0").
    pub creator: Option<String>,
}

/// The creation date written when neither an epoch nor a version date is
/// known: 1980-01-01, the earliest date ZIP can store and the usual choice
/// of reproducible builds.
pub const FALLBACK_DATE: (i32, u8, u8) = (1980, 1, 1);

/// The fonts embedded in avv (Libertinus Serif for text, New Computer Modern,
/// DejaVu Sans Mono), parsed once and shared by every compilation.
struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts().flat_map(|data| Font::iter(Bytes::new(data))).collect();
    Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

/// The standard library, built once.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// The id of the one source file.
static MAIN: LazyLock<FileId> = LazyLock::new(|| {
    let path = VirtualPath::new("/avv-document.typ").unwrap_or_else(|_| unreachable!("a valid constant path"));
    RootedPath::new(VirtualRoot::Project, path).intern()
});

/// One compilation: a single source, the embedded fonts, a fixed date.
struct SingleSource {
    source: Source,
    today: Datetime,
}

impl World for SingleSource {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.source.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.source.id() { Ok(self.source.clone()) } else { Err(FileError::AccessDenied) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.source.id() { Ok(Bytes::from_string(self.source.clone())) } else { Err(FileError::AccessDenied) }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// The threads typst runs on. typst parallelises inside a document with
/// rayon and recurses deeply; on the default 2 MiB stacks of a rayon pool
/// that also renders documents in parallel (a waiting worker steals another
/// document's work onto its stack) it overflows. Its own pool with large
/// stacks (reserved, not committed, memory) keeps that away from callers.
static POOL: LazyLock<Option<rayon::ThreadPool>> = LazyLock::new(|| {
    rayon::ThreadPoolBuilder::new().thread_name(|i| format!("avv-typst-{i}")).stack_size(STACK_SIZE).build().ok()
});

/// Stack size of typst's threads.
const STACK_SIZE: usize = 64 << 20;

/// typst memoizes layout across compilations (comemo), which is what makes
/// the customers of one agreement fast after the first; entries that no
/// document has used for a while are dropped every [`EVICT_EVERY`]
/// documents, and all of them when the process is over [`MEMORY_BUDGET`],
/// so memory stays bounded in a long build.
static COMPILED: AtomicUsize = AtomicUsize::new(0);

/// How often the layout cache is trimmed, in documents.
const EVICT_EVERY: usize = 16;

/// The resident memory above which typst's layout cache is emptied after a
/// document. Customers of one agreement share their layout and stay far
/// below it; a thousand versions of a long agreement would otherwise grow
/// the cache to gigabytes.
/// Measured over 30 versions of pcvisit: 2.2 GB peak without it, 310 MB
/// with it and 15 % faster; 1,000 TrafficPlex customers stay at 19 s.
const MEMORY_BUDGET: u64 = 256 << 20;

/// The process's resident memory, where the system tells it cheaply.
fn resident_bytes() -> Option<u64> {
    #[cfg(target_os = "linux")]
    {
        // VmRSS in kB: no page size to know (it is not 4 kB everywhere).
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

/// Empties typst's layout cache (for measurements of a first document).
pub fn clear_cache() {
    // An entry used since the last eviction survives one: twice empties it.
    typst::comemo::evict(0);
    typst::comemo::evict(0);
}

/// The typst source, in bytes, compiled at once: about 160 MB of typst's
/// memory (see [`super::admission`]). Two documents of real agreements
/// (pcvisit: 76 KB) compile side by side; a document with a version table
/// hundreds of rows long compiles alone.
const SOURCE_BUDGET: usize = 160 << 10;

/// Compilations admitted by the size of their source.
static GATE: Gate = Gate::new(SOURCE_BUDGET);

/// Compiles typst source to a PDF/A-2b document.
pub fn typst_to_pdf(source: &str, options: &PdfOptions) -> Result<Vec<u8>, RenderError> {
    let pass = GATE.admit(source.len());
    // A panic in typst is a failed document, not a failed build.
    let run = |source: &str, options: &PdfOptions| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| compile(source, options)))
            .unwrap_or_else(|_| Err(RenderError::Pdf("the typst compiler panicked".to_owned())))
    };
    let result = match POOL.as_ref() {
        Some(pool) if pool.current_thread_index().is_none() => {
            // Hand the document to typst's pool and block until it is done.
            // `install` would be simpler, but a caller's rayon worker waiting
            // in it steals the caller's next document onto its own stack, that
            // one waits and steals again, and a build of thousands of
            // documents overflows the stack; a channel blocks without stealing.
            let (sender, receiver) = std::sync::mpsc::sync_channel(1);
            let (source, options) = (source.to_owned(), options.clone());
            pool.spawn(move || {
                let _ = sender.send(run(&source, &options));
            });
            receiver.recv().unwrap_or_else(|_| Err(RenderError::Pdf("the typst worker stopped".to_owned())))
        }
        _ => run(source, options),
    };
    let count = COMPILED.fetch_add(1, Ordering::Relaxed) + 1;
    if resident_bytes().is_some_and(|bytes| bytes > MEMORY_BUDGET) {
        // Versions that differ page by page share little: the memo only
        // grows. Over the budget it is emptied.
        typst::comemo::evict(0);
    } else if count.is_multiple_of(EVICT_EVERY) {
        // Keep what the last few batches used: the shared text of an agreement.
        typst::comemo::evict(2);
    }
    drop(pass);
    result
}

fn compile(source: &str, options: &PdfOptions) -> Result<Vec<u8>, RenderError> {
    let (datetime, timestamp) = creation_time(options);
    let world = SingleSource { source: Source::new(*MAIN, source.to_owned()), today: datetime };
    let document: PagedDocument =
        typst::compile(&world).output.map_err(|errors| RenderError::Pdf(describe(&world, &errors)))?;
    let standards =
        PdfStandards::new(&[PdfStandard::A_2b]).map_err(|error| RenderError::Pdf(error.message().to_string()))?;
    let pdf_options = typst_pdf::PdfOptions {
        ident: Smart::Custom(options.ident.clone()),
        creator: Smart::Custom(options.creator.clone()),
        timestamp: Some(timestamp),
        standards,
        ..typst_pdf::PdfOptions::default()
    };
    typst_pdf::pdf(&document, &pdf_options).map_err(|errors| RenderError::Pdf(describe(&world, &errors)))
}

/// The document's date and the PDF timestamp: from the epoch, else the
/// version date, else [`FALLBACK_DATE`]; always UTC.
fn creation_time(options: &PdfOptions) -> (Datetime, Timestamp) {
    let from_epoch = options.epoch.and_then(|epoch| {
        let (year, month, day) = civil_from_days(epoch.div_euclid(86_400));
        let seconds = epoch.rem_euclid(86_400);
        let (hour, minute, second) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
        Datetime::from_ymd_hms(
            i32::try_from(year).ok()?,
            month,
            day,
            u8::try_from(hour).ok()?,
            u8::try_from(minute).ok()?,
            u8::try_from(second).ok()?,
        )
    });
    let from_date = || {
        let date = options.date?;
        Datetime::from_ymd_hms(date.year, u8::try_from(date.month).ok()?, u8::try_from(date.day).ok()?, 0, 0, 0)
    };
    let fallback = || {
        let (year, month, day) = FALLBACK_DATE;
        Datetime::from_ymd_hms(year, month, day, 0, 0, 0)
    };
    let datetime =
        from_epoch.or_else(from_date).or_else(fallback).unwrap_or_else(|| unreachable!("the fallback date is valid"));
    (datetime, Timestamp::new_utc(datetime))
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
pub(crate) fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // Both are in range by construction (1..=12, 1..=31).
    (year, month as u8, day as u8)
}

/// The errors of a compilation as one readable message: each with the line
/// of the generated source it points at and that line's text.
fn describe(world: &SingleSource, errors: &[SourceDiagnostic]) -> String {
    let lines = world.source.lines();
    let described: Vec<String> = errors
        .iter()
        .filter(|e| e.severity == typst::diag::Severity::Error)
        .map(|error| {
            let mut message = error.message.to_string();
            let line = world.range(error.span).and_then(|range| lines.byte_to_line(range.start));
            if let Some(line) = line {
                let text = world.source.text().lines().nth(line).unwrap_or_default().trim();
                let text: String = text.chars().take(120).collect();
                message = format!("line {} of the typst source: {message} (in `{text}`)", line + 1);
            }
            for hint in &error.hints {
                message.push_str(&format!("; hint: {}", hint.v));
            }
            message
        })
        .collect();
    if described.is_empty() { "typst failed without a message".to_owned() } else { described.join("; ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn resident_memory_is_read() {
        let bytes = resident_bytes().expect("VmRSS");
        // A test process holds at least a megabyte, and no terabyte.
        assert!((1 << 20..1 << 40).contains(&bytes), "{bytes}");
    }

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        assert_eq!(civil_from_days(19_675), (2023, 11, 14));
    }

    #[test]
    fn the_epoch_wins_over_the_version_date() {
        let date = Date::new(2024, 2, 29);
        let with_epoch = PdfOptions { epoch: Some(1_700_000_000), date, ..PdfOptions::default() };
        let (datetime, _) = creation_time(&with_epoch);
        assert_eq!(
            (datetime.year(), datetime.month(), datetime.day(), datetime.hour(), datetime.minute()),
            (Some(2023), Some(11), Some(14), Some(22), Some(13))
        );
        let (datetime, _) = creation_time(&PdfOptions { date, ..PdfOptions::default() });
        assert_eq!((datetime.year(), datetime.month(), datetime.day()), (Some(2024), Some(2), Some(29)));
        let (datetime, _) = creation_time(&PdfOptions::default());
        assert_eq!(datetime.year(), Some(FALLBACK_DATE.0));
    }

    #[test]
    fn the_world_has_one_file_and_no_other() {
        let world =
            SingleSource { source: Source::new(*MAIN, "x".to_owned()), today: creation_time(&PdfOptions::default()).0 };
        assert!(world.source(*MAIN).is_ok());
        let other = RootedPath::new(VirtualRoot::Project, VirtualPath::new("/etc/passwd").unwrap()).intern();
        assert!(world.source(other).is_err());
        assert!(world.file(other).is_err());
        assert!(!FONTS.fonts.is_empty());
    }

    #[test]
    fn errors_name_the_line_of_the_source() {
        let error = typst_to_pdf("= Titel\n\nText\n#nothing-here\n", &PdfOptions::default()).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("line 4 of the typst source"), "{message}");
        assert!(message.contains("`#nothing-here`"), "{message}");
    }

    #[test]
    fn german_text_compiles_with_the_embedded_fonts() {
        let pdf = typst_to_pdf(
            "#set text(font: \"Libertinus Serif\", lang: \"de\")\n„Größe“ – § 5 *fett* _kursiv_ ß ä ö ü Ä Ö Ü",
            &PdfOptions { ident: "test".to_owned(), ..PdfOptions::default() },
        )
        .unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(String::from_utf8_lossy(&pdf).contains("LibertinusSerif"));
    }

    /// The document typst lays out for `source`.
    fn laid_out(source: &str) -> PagedDocument {
        let (datetime, _) = creation_time(&PdfOptions::default());
        let world = SingleSource { source: Source::new(*MAIN, source.to_owned()), today: datetime };
        typst::compile(&world).output.expect("the source compiles")
    }

    /// The text typst lays out for `source`, as the PDF shows it: its runs
    /// in order, a space after each.
    fn laid_out_text(source: &str) -> String {
        laid_out_runs(source).into_iter().map(|run| format!("{} ", run.4)).collect()
    }

    /// The typst source of `folder`'s document.
    fn typst_source(folder: &crate::load::Folder) -> String {
        let templates = crate::render::Templates::new(None);
        crate::render::render_text(&templates, folder, None, crate::render::inline::Flavor::Typst, &Default::default())
            .expect("the document's markup")
    }

    /// The PDF prints quotes as the source writes them, as HTML and Word do:
    /// zerer's 'thera-pi.online' keeps its straight quotes (typst would set
    /// German ones, whose opening mark looks like a comma).
    #[test]
    fn quotes_print_as_written() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let folder = crate::load::load_folder(&root.join("agreements/zerer"), &root).folder;
        let text = laid_out_text(&typst_source(&folder));
        assert!(text.contains("'thera-pi.online'"), "straight quotes kept");
        assert!(!text.contains("‚thera-pi"), "no German quote set for a straight one");
    }

    /// An annex heading prints the document's separator with its spaces
    /// ("Anlage 1 – Titel"), and ": " where the document names none.
    #[test]
    fn annex_headings_print_the_separator_with_its_spaces() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
        let mut folder = crate::load::load_folder(&root.join("tom-table"), &root).folder;
        for (separator, heading) in [
            (Some(" – "), "Anlage 1 – Technische und organisatorische Maßnahmen"),
            (None, "Anlage 1: Technische und organisatorische Maßnahmen"),
        ] {
            folder.agreement_mut().expect("the fixture's agreement").value.meta.annex_separator =
                separator.map(str::to_owned);
            let text = laid_out_text(&typst_source(&folder));
            assert!(text.contains(heading), "{separator:?}: {text}");
        }
    }

    /// Every text run typst lays out for `source`: page, x, y, width (pt), text.
    fn laid_out_runs(source: &str) -> Vec<(usize, f64, f64, f64, String)> {
        use typst::layout::{Frame, FrameItem, Point};
        fn walk(frame: &Frame, page: usize, at: Point, out: &mut Vec<(usize, f64, f64, f64, String)>) {
            for (pos, item) in frame.items() {
                let here = at + *pos;
                match item {
                    FrameItem::Group(group) => {
                        let shift = Point::new(group.transform.tx, group.transform.ty);
                        walk(&group.frame, page, here + shift, out);
                    }
                    FrameItem::Text(text) => {
                        out.push((page, here.x.to_pt(), here.y.to_pt(), text.width().to_pt(), text.text.to_string()))
                    }
                    _ => {}
                }
            }
        }
        let document = laid_out(source);
        let mut out = Vec::new();
        for (page, frame) in document.pages().iter().enumerate() {
            walk(&frame.frame, page, Point::zero(), &mut out);
        }
        out
    }

    /// A version table with long generated change texts: the date stays
    /// in its column (it ran into "Verantwortlich" when the change column
    /// took the width), and the headers are not hyphenated.
    #[test]
    fn dates_stay_in_their_column_beside_long_change_texts() {
        use crate::history::{HistoryRow, HistoryTable, RowSource};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let folder = crate::load::load_folder(&root.join("agreements/pcvisit"), &root).folder;
        let long = "Überarbeitung / Aktualisierung Punkt 6.1, 6.4 und 9.2 AVV: Vertragstext geändert, neue Fristen für die Meldung von Verletzungen des Schutzes personenbezogener Daten";
        let table = HistoryTable {
            agreement: "pcvisit".to_owned(),
            columns: Vec::new(),
            rows: vec![
                HistoryRow {
                    version: "1.9".to_owned(),
                    status: "finale Version".to_owned(),
                    date: crate::model::Date::parse("2024-06-01"),
                    date_text: String::new(),
                    responsible: "Datenschutzbeauftragter".to_owned(),
                    changes: vec![long.to_owned(); 6],
                    kinds: String::new(),
                    source: RowSource::Git,
                    commit: None,
                    change_set: None,
                },
                // The draft's row: a long status beside the date.
                HistoryRow {
                    version: "unveröffentlicht".to_owned(),
                    status: "unveröffentlichte Änderungen seit Version 1.10".to_owned(),
                    date: crate::model::Date::parse("2026-12-06"),
                    date_text: String::new(),
                    responsible: "Dr. Jurist".to_owned(),
                    changes: vec![long.to_owned()],
                    kinds: String::new(),
                    source: RowSource::Pending,
                    commit: None,
                    change_set: None,
                },
            ],
            skipped: Vec::new(),
            warnings: Vec::new(),
            starts_at: None,
        };
        let folder = crate::render::published::with_generated_history(&folder, &table, None);
        let source = crate::render::render_text(
            &crate::render::Templates::new(None),
            &folder,
            None,
            crate::render::inline::Flavor::Typst,
            &Default::default(),
        )
        .expect("the document's markup");
        let runs = laid_out_runs(&source);
        let mut checked = 0;
        for (page, x, y, width, text) in runs.iter().filter(|r| r.4 == "01.06.2024") {
            let beside = runs
                .iter()
                .filter(|r| r.0 == *page && (r.2 - y).abs() < 1.0 && r.1 > *x)
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .expect("a cell beside the date");
            assert!(
                x + width + 2.0 <= beside.1,
                "`{text}` ends at {:.1}, `{}` starts at {:.1}",
                x + width,
                beside.4,
                beside.1
            );
            checked += 1;
        }
        assert!(checked > 0, "the generated row's date is laid out");
        // Nothing left of the draft row's date runs into it.
        let (page, x, y, _, _) = runs.iter().find(|r| r.4 == "06.12.2026").expect("the draft row's date").clone();
        for run in runs.iter().filter(|r| r.0 == page && (r.2 - y).abs() < 1.0 && r.1 < x) {
            assert!(run.1 + run.3 <= x + 0.5, "`{}` ends at {:.1}, the date starts at {x:.1}", run.4, run.1 + run.3);
        }
        assert!(!runs.iter().any(|r| r.4 == "Ver-" || r.4 == "Da-"), "headers hyphenated");
    }
}
