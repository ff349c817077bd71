//! The DOCX package: the parts docx-rs laid out, made the same bytes for
//! the same document, and packed into the ZIP container.
//!
//! docx-rs dates ZIP entries by the clock when zip's `time` feature is on
//! anywhere in a build, lists hyperlink relationships in hash-map order,
//! and has no setters for the title, the creator or the language. So the
//! parts are packed here, in a fixed order with a fixed date; the
//! relationships are sorted; `docProps/core.xml` is written here;
//! German (de-DE) is set as the language of the document's text; and
//! properties are put in the order Word reads them (`order`).

use docx_rs::XMLDocx;

use crate::model::primitives::Date;
use crate::render::RenderError;
use crate::render::pdf::{FALLBACK_DATE, civil_from_days};

/// The document properties avv writes (`docProps/core.xml`).
#[derive(Debug, Clone)]
pub(super) struct Properties {
    /// The title.
    pub(super) title: String,
    /// The subject: label, id and version.
    pub(super) subject: String,
    /// The description: the trace line.
    pub(super) description: String,
    /// The creation time (UTC): year, month, day, hour, minute, second.
    pub(super) time: Time,
}

/// A point in time, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Time {
    year: i64,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
}

/// The time a DOCX is dated: the epoch, else the version date, else
/// [`FALLBACK_DATE`], as for the PDF.
pub(super) fn time(epoch: Option<i64>, date: Option<Date>) -> Time {
    if let Some(epoch) = epoch {
        let (year, month, day) = civil_from_days(epoch.div_euclid(86_400));
        let seconds = epoch.rem_euclid(86_400);
        // In range by construction: below 24, 60 and 60.
        let (hour, minute, second) = ((seconds / 3600) as u8, (seconds % 3600 / 60) as u8, (seconds % 60) as u8);
        return Time { year, month, day, hour, minute, second };
    }
    let (year, month, day) = match date {
        Some(date) => {
            (i64::from(date.year), u8::try_from(date.month).unwrap_or(1), u8::try_from(date.day).unwrap_or(1))
        }
        None => (i64::from(FALLBACK_DATE.0), FALLBACK_DATE.1, FALLBACK_DATE.2),
    };
    Time { year, month, day, hour: 0, minute: 0, second: 0 }
}

impl Time {
    /// W3C date and time, as `dcterms:created` takes it.
    fn w3c(self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year.clamp(0, 9999),
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second
        )
    }

    /// The ZIP entries' date.
    fn entry(self) -> crate::archive::EntryTime {
        let Time { year, month, day, hour, minute, second } = self;
        crate::archive::EntryTime { year, month, day, hour, minute, second }
    }
}

/// Packs the parts into a DOCX file.
pub(super) fn pack(xml: XMLDocx, properties: &Properties) -> Result<Vec<u8>, RenderError> {
    let styles = canonical(german(&xml.styles)?.as_bytes(), "styles.xml")?;
    // A footnote reference is followed by the number avv prints (docx-rs
    // cannot say so itself).
    let document = canonical(&xml.document, "document.xml")?
        .replace("<w:footnoteReference w:id=", "<w:footnoteReference w:customMarkFollows=\"1\" w:id=");
    let footnotes = canonical(&xml.footnotes, "footnotes.xml")?;
    let headers = xml.headers.iter().map(|h| canonical(h, "a header")).collect::<Result<Vec<_>, _>>()?;
    let footers = xml.footers.iter().map(|f| canonical(f, "a footer")).collect::<Result<Vec<_>, _>>()?;
    let document_rels = sorted_relationships(&xml.document_rels)?;
    let core = core_properties(properties);
    let mut parts: Vec<(String, &[u8])> = vec![
        ("[Content_Types].xml".into(), &xml.content_type),
        ("_rels/.rels".into(), &xml.rels),
        ("docProps/app.xml".into(), &xml.doc_props.app),
        ("docProps/core.xml".into(), core.as_bytes()),
        ("docProps/custom.xml".into(), &xml.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), document_rels.as_bytes()),
        ("word/document.xml".into(), document.as_bytes()),
        ("word/styles.xml".into(), styles.as_bytes()),
        ("word/settings.xml".into(), &xml.settings),
        ("word/fontTable.xml".into(), &xml.font_table),
        ("word/comments.xml".into(), &xml.comments),
        ("word/numbering.xml".into(), &xml.numberings),
        ("word/commentsExtended.xml".into(), &xml.comments_extended),
        ("word/footnotes.xml".into(), footnotes.as_bytes()),
    ];
    for (i, header) in headers.iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), header.as_bytes()));
        if let Some(rels) = xml.header_rels.get(i) {
            parts.push((format!("word/_rels/header{}.xml.rels", i + 1), rels));
        }
    }
    for (i, footer) in footers.iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), footer.as_bytes()));
        if let Some(rels) = xml.footer_rels.get(i) {
            parts.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels));
        }
    }
    crate::archive::write(&parts, properties.time.entry()).map_err(RenderError::Docx)
}

/// `styles.xml` with German as the language of all text (spelling and
/// hyphenation in Word).
fn german(styles: &[u8]) -> Result<String, RenderError> {
    const LANG: &str = r#"<w:lang w:val="de-DE" w:eastAsia="de-DE" w:bidi="ar-SA" />"#;
    let styles = utf8(styles, "styles")?;
    for (from, to) in [
        ("</w:rPr></w:rPrDefault>", format!("{LANG}</w:rPr></w:rPrDefault>")),
        ("<w:rPr /></w:rPrDefault>", format!("<w:rPr>{LANG}</w:rPr></w:rPrDefault>")),
    ] {
        if styles.contains(from) {
            return Ok(styles.replacen(from, &to, 1));
        }
    }
    Err(RenderError::Docx("styles.xml has no default run properties to set the language in".into()))
}

/// The relationships of a part in the order of their ids (docx-rs writes
/// hyperlinks in hash-map order). A relationship is one empty element
/// `<Relationship … />`; attribute values are escaped, so `/>` ends it.
fn sorted_relationships(rels: &[u8]) -> Result<String, RenderError> {
    let rels = utf8(rels, "document.xml.rels")?;
    let (Some(start), Some(end)) = (rels.find("<Relationship "), rels.rfind("</Relationships>")) else {
        return Ok(rels.to_owned());
    };
    let mut elements: Vec<&str> =
        rels[start..end].split_inclusive("/>").map(str::trim).filter(|element| !element.is_empty()).collect();
    let id = |element: &str| -> (String, u64) {
        let value = element.split("Id=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or_default();
        let digits = value.trim_start_matches(|c: char| !c.is_ascii_digit());
        let prefix = value[..value.len() - digits.len()].to_owned();
        (prefix, digits.parse().unwrap_or(0))
    };
    elements.sort_by_key(|element| id(element));
    Ok(format!("{}{}{}", &rels[..start], elements.concat(), &rels[end..]))
}

/// A part with its properties in schema order.
fn canonical(part: &[u8], name: &str) -> Result<String, RenderError> {
    Ok(super::order::canonical(utf8(part, name)?))
}

fn utf8<'a>(bytes: &'a [u8], part: &str) -> Result<&'a str, RenderError> {
    std::str::from_utf8(bytes).map_err(|_| RenderError::Docx(format!("{part} is not UTF-8")))
}

/// `docProps/core.xml`: title, subject, creator "avv", the trace line as
/// description, German, and the creation date.
fn core_properties(properties: &Properties) -> String {
    let time = properties.time.w3c();
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject><dc:creator>avv</dc:creator>",
            "<dc:description>{description}</dc:description><cp:lastModifiedBy>avv</cp:lastModifiedBy>",
            "<cp:revision>1</cp:revision><dc:language>de-DE</dc:language>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{time}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{time}</dcterms:modified>"#,
            "</cp:coreProperties>"
        ),
        title = xml_text(&properties.title),
        subject = xml_text(&properties.subject),
        description = xml_text(&properties.description),
        time = time,
    )
}

/// Text as XML character data. The texts come from the view, escaped for
/// DOCX: control characters are already shown as symbols.
fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if crate::render::inline::is_control(c) || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationships_are_sorted_by_id() {
        let rels = r#"<?xml version="1.0"?><Relationships xmlns="x"><Relationship Id="rIdHyperlink10" Target="a&amp;/&gt;" /><Relationship Id="rId2" Target="b" /><Relationship Id="rIdHyperlink9" Target="c" /></Relationships>"#;
        assert_eq!(
            sorted_relationships(rels.as_bytes()).unwrap(),
            r#"<?xml version="1.0"?><Relationships xmlns="x"><Relationship Id="rId2" Target="b" /><Relationship Id="rIdHyperlink9" Target="c" /><Relationship Id="rIdHyperlink10" Target="a&amp;/&gt;" /></Relationships>"#
        );
    }

    #[test]
    fn dates_come_from_the_epoch_or_the_version() {
        assert_eq!(time(Some(1_700_000_000), None).w3c(), "2023-11-14T22:13:20Z");
        let date = Date { year: 2024, month: 2, day: 29 };
        assert_eq!(time(None, Some(date)).w3c(), "2024-02-29T00:00:00Z");
        assert_eq!(time(None, None).w3c(), "1980-01-01T00:00:00Z");
        // Before 1980, ZIP takes its earliest date (`archive` tests the ZIP side).
        assert_eq!(time(Some(0), None).entry().year, 1970);
    }

    #[test]
    fn properties_are_escaped() {
        assert_eq!(xml_text("<a> & \u{1b}"), "&lt;a&gt; &amp; \u{fffd}");
    }
}
