//! Small helpers for what the widget draws with the DOM's own calls rather than views:
//! parts that hold no reactive state, so a thread of thousands holds nothing for them.

use web_sys::{Document, Element, Node};

/// A new `<tag>` at the end of `parent`.
pub fn child(document: &Document, parent: &Element, tag: &str) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    parent.append_child(&element).ok()?;
    Some(element)
}

/// A new `<tag>` at the end of `parent` holding only `text`.
pub fn text_child(document: &Document, parent: &Element, tag: &str, text: &str) -> Option<Element> {
    let element = child(document, parent, tag)?;
    element.set_text_content(Some(text));
    Some(element)
}

/// A new `<button type="button">` showing `text`, with `attributes` (name, value), placed
/// before `next` in `parent` (at the end without one).
pub fn button(
    document: &Document,
    parent: &Element,
    next: Option<&Node>,
    text: &str,
    attributes: &[(&str, &str)],
) -> Option<Element> {
    let button = document.create_element("button").ok()?;
    button.set_attribute("type", "button").ok()?;
    for (name, value) in attributes {
        button.set_attribute(name, value).ok()?;
    }
    button.set_text_content(Some(text));
    parent.insert_before(&button, next).ok()?;
    Some(button)
}

/// A button that is pressed or not (`aria-pressed`), read by assistive technology as
/// `label` (its `text` is a glyph and a count): a vote or a reaction. One function draws
/// both, so their buttons look and behave alike.
pub struct Toggle<'a> {
    pub class: &'a str,
    pub part: &'a str,
    pub text: &'a str,
    pub label: &'a str,
    pub pressed: bool,
    /// A button that cannot be pressed (on the reader's own comment).
    pub disabled: bool,
    /// What the thread's click listener does with it: `data-act` and one more attribute.
    pub act: &'a str,
    pub data: (&'a str, &'a str),
}

/// Draws `toggle` before `next` in `parent` (at the end without one).
pub fn toggle(
    document: &Document,
    parent: &Element,
    next: Option<&Node>,
    toggle: Toggle,
) -> Option<Element> {
    let drawn = button(
        document,
        parent,
        next,
        toggle.text,
        &[
            ("class", toggle.class),
            ("part", toggle.part),
            (
                "aria-pressed",
                if toggle.pressed { "true" } else { "false" },
            ),
            ("aria-label", toggle.label),
            ("data-act", toggle.act),
            toggle.data,
        ],
    )?;
    if toggle.disabled {
        drawn.set_attribute("disabled", "").ok()?;
    }
    Some(drawn)
}
