//! The order of property elements as the schema (ECMA-376) requires it.
//!
//! docx-rs writes some properties in an order of its own (`w:rPr` first in
//! `w:pPr`, `w:ind` before `w:keepNext`, the footer reference after the page
//! size). Word reads the properties in sequence and silently ignores one
//! that comes out of order, so every part is passed through [`canonical`],
//! which sorts the children of the property elements listed below and
//! leaves everything else as it is.

/// Each property element with the order of its children.
const ORDERS: &[(&str, &[&str])] = &[
    (
        "w:pPr",
        &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
    ),
    (
        "w:rPr",
        &[
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
        ],
    ),
    (
        "w:sectPr",
        &[
            "w:headerReference",
            "w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        ],
    ),
    (
        "w:tblPr",
        &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
        ],
    ),
    (
        "w:tcPr",
        &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
        ],
    ),
    (
        "w:style",
        &[
            "w:name",
            "w:aliases",
            "w:basedOn",
            "w:next",
            "w:link",
            "w:autoRedefine",
            "w:hidden",
            "w:uiPriority",
            "w:semiHidden",
            "w:unhideWhenUsed",
            "w:qFormat",
            "w:locked",
            "w:personal",
            "w:personalCompose",
            "w:personalReply",
            "w:rsid",
            "w:pPr",
            "w:rPr",
            "w:tblPr",
            "w:trPr",
            "w:tcPr",
            "w:tblStylePr",
        ],
    ),
];

/// One node of a part: a tag with what is inside it, or text.
enum Node<'a> {
    /// A start tag, the nodes inside, the end tag (none for `<… />`).
    Element { open: &'a str, children: Vec<Node<'a>>, close: &'a str },
    /// Text, a declaration or anything else, written as it is.
    Other(&'a str),
}

/// `xml` with the children of property elements in schema order. Input
/// that is not what docx-rs writes (unbalanced tags) is returned as it is.
pub(super) fn canonical(xml: &str) -> String {
    let mut rest = xml;
    let Some(nodes) = parse(&mut rest, None) else { return xml.to_owned() };
    if !rest.is_empty() {
        return xml.to_owned();
    }
    let mut out = String::with_capacity(xml.len());
    for node in &nodes {
        write(&mut out, node);
    }
    out
}

/// The element name of a start tag `<name …>`.
fn name(tag: &str) -> &str {
    tag.trim_start_matches('<').split([' ', '/', '>']).next().unwrap_or_default()
}

/// Parses nodes until the end tag of `parent` (or the end of the input).
fn parse<'a>(rest: &mut &'a str, parent: Option<&str>) -> Option<Vec<Node<'a>>> {
    let mut nodes = Vec::new();
    while !rest.is_empty() {
        let input: &'a str = rest;
        if !input.starts_with('<') {
            let end = input.find('<').unwrap_or(input.len());
            nodes.push(Node::Other(&input[..end]));
            *rest = &input[end..];
            continue;
        }
        // Attribute values are escaped: the first `>` ends the tag.
        let end = input.find('>')? + 1;
        let tag = &input[..end];
        *rest = &input[end..];
        if let Some(end_tag) = tag.strip_prefix("</") {
            return (Some(name(end_tag)) == parent).then_some(nodes);
        }
        if tag.starts_with("<?") || tag.starts_with("<!") || tag.ends_with("/>") {
            match tag.ends_with("/>") && !tag.starts_with("<?") {
                true => nodes.push(Node::Element { open: tag, children: Vec::new(), close: "" }),
                false => nodes.push(Node::Other(tag)),
            }
            continue;
        }
        let children = parse(rest, Some(name(tag)))?;
        let close_len = name(tag).len() + 3;
        let closed: &'a str = input;
        let consumed = input.len() - rest.len();
        nodes.push(Node::Element { open: tag, children, close: &closed[consumed - close_len..consumed] });
    }
    parent.is_none().then_some(nodes)
}

fn write(out: &mut String, node: &Node<'_>) {
    match node {
        Node::Other(text) => out.push_str(text),
        Node::Element { open, children, close } => {
            out.push_str(open);
            let order = ORDERS.iter().find(|(parent, _)| *parent == name(open)).map(|(_, order)| *order);
            let mut children: Vec<&Node<'_>> = children.iter().collect();
            if let Some(order) = order {
                // Stable: children the list does not name keep their place at the end.
                children.sort_by_key(|child| match child {
                    Node::Element { open, .. } => order.iter().position(|n| *n == name(open)).unwrap_or(order.len()),
                    Node::Other(_) => order.len(),
                });
            }
            for child in children {
                write(out, child);
            }
            out.push_str(close);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_are_put_in_schema_order() {
        let xml = r#"<?xml version="1.0"?><w:p><w:pPr><w:rPr><w:sz w:val="2" /><w:b /></w:rPr><w:pStyle w:val="A" /><w:ind w:left="1" /><w:keepNext /></w:pPr><w:r><w:t xml:space="preserve">a &lt;b&gt; c</w:t></w:r></w:p>"#;
        assert_eq!(
            canonical(xml),
            r#"<?xml version="1.0"?><w:p><w:pPr><w:pStyle w:val="A" /><w:keepNext /><w:ind w:left="1" /><w:rPr><w:b /><w:sz w:val="2" /></w:rPr></w:pPr><w:r><w:t xml:space="preserve">a &lt;b&gt; c</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn what_it_cannot_read_stays_as_it_is() {
        for xml in ["<w:p><w:pPr></w:p>", "<a>", "text"] {
            assert_eq!(canonical(xml), xml);
        }
    }
}
