//! The minijinja environment: the default templates embedded in avv, a
//! policy repository's `templates/` folder overriding them by name, strict
//! undefined behaviour. This is the one module that uses minijinja.

use std::path::Path;
use std::sync::Arc;

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;

use super::RenderError;
use crate::history::TemplateFiles;

/// The default templates, by name.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("document.md.j2", include_str!("templates/document.md.j2")),
    ("document.html.j2", include_str!("templates/document.html.j2")),
    ("document.typ.j2", include_str!("templates/document.typ.j2")),
    ("feed.atom.j2", include_str!("templates/feed.atom.j2")),
    ("site-index.html.j2", include_str!("templates/site-index.html.j2")),
    ("site-agreement.html.j2", include_str!("templates/site-agreement.html.j2")),
    ("site-moved.html.j2", include_str!("templates/site-moved.html.j2")),
    ("style.css", include_str!("templates/style.css")),
    ("synopsis.html.j2", include_str!("templates/synopsis.html.j2")),
    ("synopsis.typ.j2", include_str!("templates/synopsis.typ.j2")),
];

/// A template set ready to render.
pub struct Templates {
    env: Environment<'static>,
    /// The files overriding the defaults.
    files: Arc<TemplateFiles>,
    fingerprint: std::sync::OnceLock<crate::store::Key>,
}

/// The templates of the site's own pages and feeds, not of a document.
pub const SITE_PAGES: &[&str] = &["site-index.html.j2", "site-agreement.html.j2", "site-moved.html.j2", "feed.atom.j2"];

impl Templates {
    /// The default templates, overridden by files of the same name in
    /// `overrides` (a repository's `templates/` folder) where given.
    pub fn new(overrides: Option<&Path>) -> Self {
        Self::with_files(Arc::new(overrides.map(TemplateFiles::folder).unwrap_or_default()))
    }

    /// The default templates, overridden by `files`: a `templates/`
    /// folder in the working tree, or as a commit holds it (what a version
    /// published from that commit prints).
    pub fn with_files(files: Arc<TemplateFiles>) -> Self {
        let theirs = files.clone();
        let env = environment(move |name| match theirs.get(name) {
            Some(Ok(text)) => Ok(Some(text.clone())),
            Some(Err(message)) => Err(minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, message.clone())),
            None => Ok(None),
        });
        Self { env, files, fingerprint: std::sync::OnceLock::new() }
    }

    /// A hash of every template a rendering can load: the defaults as
    /// overridden, and every further file of the overrides folder (a
    /// template may include one). The render cache keys outputs by it.
    pub fn fingerprint(&self) -> crate::store::Key {
        *self.fingerprint.get_or_init(|| {
            let mut names: Vec<String> = DEFAULTS.iter().map(|(name, _)| (*name).to_owned()).collect();
            names.extend(self.files.files.iter().map(|(name, _)| name.clone()));
            names.sort();
            names.dedup();
            let mut hasher = crate::store::KeyHasher::default();
            hasher.text("templates");
            for name in &names {
                hasher.text(name);
                match self.env.get_template(name) {
                    Ok(template) => hasher.field(b"ok").text(template.source()),
                    Err(error) => hasher.field(b"error").text(&error.to_string()),
                };
            }
            hasher.finish()
        })
    }

    /// Renders template `name` with `context`.
    pub fn render<S: Serialize>(&self, name: &str, context: &S) -> Result<String, RenderError> {
        let template = self.env.get_template(name).map_err(|e| template_error(name, &e))?;
        template.render(minijinja::Value::from_serialize(context)).map_err(|e| template_error(name, &e))
    }

    /// A raw (non-template) file of the set, e.g. the stylesheet.
    pub fn source(&self, name: &str) -> Result<String, RenderError> {
        let template = self.env.get_template(name).map_err(|e| template_error(name, &e))?;
        Ok(template.source().to_owned())
    }
}

/// The overrides a site page showing a version renders with: the page
/// templates ([`SITE_PAGES`]) from the working tree's `working`, the
/// document templates it includes as the version's `committed` folder has
/// them (the default where it overrides none), and a file of another name
/// the commit lacks (a part only the pages include) from `working`.
pub fn page_files(committed: &TemplateFiles, working: &TemplateFiles) -> TemplateFiles {
    let page = |name: &str| SITE_PAGES.contains(&name);
    let default = |name: &str| DEFAULTS.iter().any(|(known, _)| *known == name);
    let mut files: Vec<(String, Result<String, String>)> = committed
        .files
        .iter()
        .filter(|(name, _)| !page(name))
        .chain(working.files.iter().filter(|(name, _)| page(name) || (!default(name) && committed.get(name).is_none())))
        .cloned()
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    TemplateFiles { tree: None, files }
}

/// The environment every set renders in, with `overrides` asked first for
/// a template and the defaults after it.
fn environment(
    overrides: impl Fn(&str) -> Result<Option<String>, minijinja::Error> + Send + Sync + 'static,
) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Every string a template receives is already escaped for its output
    // format by the view builder; escaping again would double it.
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_keep_trailing_newline(true);
    env.set_trim_blocks(false);
    env.add_filter("striptags", striptags);
    env.set_loader(move |name| {
        // Names are plain file names: templates cannot reach outside `templates/`.
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            return Ok(None);
        }
        if let Some(text) = overrides(name)? {
            return Ok(Some(text));
        }
        Ok(DEFAULTS.iter().find(|(n, _)| *n == name).map(|(_, source)| (*source).to_owned()))
    });
    env
}

/// The `striptags` filter: markup removed from already escaped HTML, for
/// places that take text only (`<title>`, `aria-label`). Entities stay as
/// they are, so the result is still escaped; runs of whitespace (and the
/// line break a `<br>` stood for) become one space.
pub fn striptags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            rest = &rest[start..];
            break;
        };
        let tag = &rest[start + 1..start + end];
        if tag.trim_end_matches('/').trim().eq_ignore_ascii_case("br") {
            text.push(' ');
        }
        rest = &rest[start + end + 1..];
    }
    text.push_str(rest);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn template_error(name: &str, error: &minijinja::Error) -> RenderError {
    let mut message = error.detail().map_or_else(|| error.kind().to_string(), ToOwned::to_owned);
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    RenderError::Template { name: error.name().unwrap_or(name).to_owned(), line: error.line(), message }
}

use std::error::Error as _;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_undefined_names_the_template_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("document.md.j2"), "ok\n{{ agreement.titel }}\n").unwrap();
        let templates = Templates::new(Some(dir.path()));
        let error = templates.render("document.md.j2", &serde_json::json!({"agreement": {"title": "x"}})).unwrap_err();
        let text = error.to_string();
        assert!(text.contains("document.md.j2"), "{text}");
        assert!(text.contains("line 2"), "{text}");
    }

    #[test]
    fn striptags_keeps_text_and_entities() {
        assert_eq!(striptags("<strong>AVV</strong> &amp; TOM<br>\nStand"), "AVV &amp; TOM Stand");
        assert_eq!(striptags("Daten<em>schutz</em><sup class=\"fn\"><a href=\"#fn-1\">1</a></sup>"), "Datenschutz1");
        assert_eq!(striptags("5 &lt; 6"), "5 &lt; 6");
    }

    #[test]
    fn names_cannot_escape_the_folder() {
        let templates = Templates::new(None);
        assert!(templates.render("../etc/passwd", &()).is_err());
        assert!(templates.render("/etc/passwd", &()).is_err());
    }
}
