//! The clause tree and the blocks inside clauses, annexes and cover letters.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::codes::{Art28Item, ChoiceSelect, EmbedTarget, ListStyle, Topic};
use super::primitives::{Allow, Id};

/// A node of the clause tree: a section, clause or sub-clause.
///
/// Text fields use a small inline markup: `**bold**`, `*emphasis*`,
/// `[Punkt 6](#id)` for a link to another node (validated), `[BSI](https://…)`
/// or `[E-Mail](mailto:…)` for an external link, `[^id]` for a footnote,
/// `{{ key }}` for a placeholder and `{{ choice: a = words | b = words }}`
/// for an alternative inside a sentence (a choice the customer decides).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    /// Stable id; never derived from the number.
    pub id: Id,
    /// The number as printed ("6.", "§2", "a)"). Omit for unnumbered nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num: Option<String>,
    /// The reference form used in change texts ("6.5") when it differs from
    /// the one derived from the printed numbers of the ancestors.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The heading as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A short name for change texts ("Entgeltspflicht").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The lead paragraph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Paragraphs, lists, tables, embeds and choices after the lead paragraph, in print order.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "blocks")]
    pub block: Vec<Block>,
    /// Child clauses, printed after the blocks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clause: Vec<Clause>,
    /// The Art. 28 items this clause stipulates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub covers: Vec<Art28Item>,
    /// Other topics of the clause.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topic: Vec<Topic>,
    /// A clause whose text must never change (e.g. standard contractual clauses).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
    /// An optional clause: each customer instance decides whether it is part
    /// of its contract (`[choices] <clause id> = "ja"` or `"nein"`). The blank
    /// form prints a checkbox before its heading; an instance that says
    /// `"nein"` leaves it out, heading and all.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    /// Reasoned exceptions to validation rules for this clause.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Allow>,
}

impl Clause {
    /// Adds the Art. 28 items this clause covers itself: its own `covers`
    /// and those of the entries of its lists (not its child clauses').
    pub fn own_covers(&self, out: &mut Vec<Art28Item>) {
        fn list(items: &[ListItem], out: &mut Vec<Art28Item>) {
            for item in items {
                if let ListItem::Item(entry) = item {
                    out.extend(entry.covers.iter().copied());
                    list(&entry.list, out);
                }
            }
        }
        out.extend(self.covers.iter().copied());
        for block in &self.block {
            list(block.list.as_deref().unwrap_or_default(), out);
        }
    }

    /// Adds the Art. 28 items this clause and every clause under it cover.
    pub fn covers_within(&self, out: &mut Vec<Art28Item>) {
        self.own_covers(out);
        for child in &self.clause {
            child.covers_within(out);
        }
    }
}

/// A block of content. Exactly one of `p`, `list`, `table`, `embed`,
/// `choice` or `blank` is set; the other keys qualify it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [
    {"required": ["p"]},
    {"required": ["list"]},
    {"required": ["table"]},
    {"required": ["embed"]},
    {"required": ["choice"]},
    {"required": ["blank"]}
]))]
pub struct Block {
    /// A paragraph. Line breaks inside the string are kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p: Option<String>,
    /// A list; items are strings or tables with an id, a number and nested items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<Vec<ListItem>>,
    /// A small table that is not structured data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<Table>,
    /// Structured data printed in place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embed: Option<EmbedTarget>,
    /// Alternatives to choose from per customer; the value is the choice's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<Id>,
    /// A free-text slot the customer fills (an empty bullet in the form);
    /// the value is the placeholder key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blank: Option<String>,
    /// The options of a choice.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub option: Vec<ChoiceOption>,
    /// Whether a choice takes one option or several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<ChoiceSelect>,
    /// List, embed or choice marker style.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<ListStyle>,
    /// For `embed = "subprocessors"`: only these groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Id>,
}

impl Block {
    /// How many content keys are set; valid blocks have exactly one.
    pub fn kind_count(&self) -> usize {
        [
            self.p.is_some(),
            self.list.is_some(),
            self.table.is_some(),
            self.embed.is_some(),
            self.choice.is_some(),
            self.blank.is_some(),
        ]
        .into_iter()
        .filter(|&set| set)
        .count()
    }

    /// The names of the content keys that are set; valid blocks have exactly one.
    pub fn kinds(&self) -> Vec<&'static str> {
        let mut kinds = Vec::new();
        if self.p.is_some() {
            kinds.push("p");
        }
        if self.list.is_some() {
            kinds.push("list");
        }
        if self.table.is_some() {
            kinds.push("table");
        }
        if self.embed.is_some() {
            kinds.push("embed");
        }
        if self.choice.is_some() {
            kinds.push("choice");
        }
        if self.blank.is_some() {
            kinds.push("blank");
        }
        kinds
    }
}

/// Reads a list of blocks, each with exactly one content key, as the
/// schema's `oneOf` on [`Block`] demands; serde's derive cannot say "one
/// of". Every `Vec<Block>` field reads through it, so that the typed model
/// accepts exactly what the schema accepts (see
/// [`parse`](crate::load::parse)).
pub(crate) fn blocks<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<Block>, D::Error> {
    let blocks = Vec::<Block>::deserialize(deserializer)?;
    match blocks.iter().find(|block| block.kind_count() != 1) {
        Some(block) => Err(serde::de::Error::custom(format!(
            "a block sets exactly one of p, list, table, embed, choice or blank, not [{}]",
            block.kinds().join(", ")
        ))),
        None => Ok(blocks),
    }
}

/// A list item: a plain string, or a table with more detail.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ListItem {
    /// Just the text.
    Text(String),
    /// An item with an id, number, nested list or allowances.
    Item(ListEntry),
}

/// Read by the value's own type rather than derived as `untagged`: serde
/// buffers an untagged enum's input and then tries each variant, which
/// copied every list item's text twice. Lists are most of an agreement.
impl<'de> Deserialize<'de> for ListItem {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor;

        impl<'de> serde::de::Visitor<'de> for ItemVisitor {
            type Value = ListItem;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("a list item: a string or a table")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<ListItem, E> {
                Ok(ListItem::Text(text.to_owned()))
            }

            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<ListItem, E> {
                Ok(ListItem::Text(text))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<ListItem, A::Error> {
                ListEntry::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(ListItem::Item)
            }
        }

        deserializer.deserialize_any(ItemVisitor)
    }
}

impl ListItem {
    /// The item's text.
    pub fn text(&self) -> &str {
        match self {
            ListItem::Text(text) => text,
            ListItem::Item(entry) => &entry.text,
        }
    }

    /// The nested items, if any.
    pub fn children(&self) -> &[ListItem] {
        match self {
            ListItem::Text(_) => &[],
            ListItem::Item(entry) => &entry.list,
        }
    }

    /// The item's id, if it has one.
    pub fn id(&self) -> Option<&Id> {
        match self {
            ListItem::Text(_) => None,
            ListItem::Item(entry) => entry.id.as_ref(),
        }
    }
}

/// A list item given as a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListEntry {
    /// Stable id, for items that carry obligations of their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Id>,
    /// The marker as printed ("a)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num: Option<String>,
    /// A short name for change texts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The item text (may be empty for a blank item).
    #[serde(default)]
    pub text: String,
    /// Nested items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub list: Vec<ListItem>,
    /// Marker style of the nested list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<ListStyle>,
    /// The Art. 28 items this item stipulates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub covers: Vec<Art28Item>,
    /// Reasoned exceptions to validation rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Allow>,
}

/// A small table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Column headers; omit for a table without a header row.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// The rows, each a list of cells.
    pub rows: Vec<Vec<String>>,
}

/// One alternative of a choice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// The option's id, as chosen in a customer instance.
    pub id: Id,
    /// The option's text.
    #[serde(default)]
    pub text: String,
    /// Further blocks printed when the option is chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "blocks")]
    pub block: Vec<Block>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_are_strings_or_tables() {
        let items: Vec<ListItem> =
            serde_json::from_value(serde_json::json!(["a", {"id": "b", "text": "B", "list": ["c"]}])).unwrap();
        assert_eq!(items[0], ListItem::Text("a".into()));
        assert_eq!(items[1].id().map(Id::as_str), Some("b"));
        assert_eq!(items[1].text(), "B");
        assert_eq!(items[1].children(), &[ListItem::Text("c".into())]);
        // Serialising and reading back gives the same items.
        let again: Vec<ListItem> = serde_json::from_value(serde_json::to_value(&items).unwrap()).unwrap();
        assert_eq!(again, items);
    }

    #[test]
    fn list_items_keep_the_table_rules() {
        let unknown = serde_json::from_value::<ListItem>(serde_json::json!({"text": "a", "txt": "b"}));
        assert!(unknown.unwrap_err().to_string().contains("unknown field `txt`"));
        let number = serde_json::from_value::<ListItem>(serde_json::json!(3));
        assert!(number.unwrap_err().to_string().contains("a list item: a string or a table"));
    }
}
