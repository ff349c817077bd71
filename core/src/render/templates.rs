//! The minijinja environment: the default templates embedded in avv, a
//! policy repository's `templates/` folder overriding them by name, strict
//! undefined behaviour. This is the one module that uses minijinja.

use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;

use super::RenderError;

/// The default templates, by name.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("document.md.j2", include_str!("templates/document.md.j2")),
    ("document.html.j2", include_str!("templates/document.html.j2")),
    ("document.typ.j2", include_str!("templates/document.typ.j2")),
    ("site-index.html.j2", include_str!("templates/site-index.html.j2")),
    ("site-agreement.html.j2", include_str!("templates/site-agreement.html.j2")),
    ("style.css", include_str!("templates/style.css")),
];

/// A template set ready to render.
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// The default templates, overridden by files of the same name in
    /// `overrides` (a repository's `templates/` folder) where given.
    pub fn new(overrides: Option<&Path>) -> Self {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // Every string a template receives is already escaped for its output
        // format by the view builder; escaping again would double it.
        env.set_auto_escape_callback(|_| AutoEscape::None);
        env.set_keep_trailing_newline(true);
        env.set_trim_blocks(false);
        let dir: Option<PathBuf> = overrides.map(Path::to_path_buf);
        env.set_loader(move |name| {
            // Names are plain file names: templates cannot reach outside `templates/`.
            if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
                return Ok(None);
            }
            if let Some(dir) = &dir {
                let path = dir.join(name);
                if path.is_file() {
                    return std::fs::read_to_string(&path).map(Some).map_err(|error| {
                        minijinja::Error::new(
                            minijinja::ErrorKind::InvalidOperation,
                            format!("cannot read template `{}`: {error}", path.display()),
                        )
                    });
                }
            }
            Ok(DEFAULTS.iter().find(|(n, _)| *n == name).map(|(_, source)| (*source).to_owned()))
        });
        Self { env }
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
    fn names_cannot_escape_the_folder() {
        let templates = Templates::new(None);
        assert!(templates.render("../etc/passwd", &()).is_err());
        assert!(templates.render("/etc/passwd", &()).is_err());
    }
}
