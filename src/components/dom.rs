//! Small helpers for what the widget draws with the DOM's own calls rather than views:
//! parts that hold no reactive state, so a thread of thousands holds nothing for them.

use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Node};

thread_local! {
    /// The prototypes [`copy_of`] copies, by name, each made on first use.
    static PROTOTYPES: RefCell<Vec<(&'static str, Node)>> = const { RefCell::new(Vec::new()) };
}

/// A deep copy of the prototype `name`, which `make` draws the first time it is asked
/// for: the parts every comment has in the same shape cost one call into the browser,
/// where drawing them cost one for each element and attribute. Prototypes hold no words,
/// since widgets in different languages can share a page.
pub fn copy_of(
    document: &Document,
    name: &'static str,
    make: &dyn Fn(&Document) -> Option<Node>,
) -> Option<Node> {
    let known = PROTOTYPES.with_borrow(|prototypes| {
        prototypes
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, prototype)| prototype.clone())
    });
    let prototype = match known {
        Some(prototype) => prototype,
        None => {
            let prototype = make(document)?;
            PROTOTYPES.with_borrow_mut(|prototypes| prototypes.push((name, prototype.clone())));
            prototype
        }
    };
    prototype.clone_node_with_deep(true).ok()
}

/// A copy of the prototype `name`, an element that `make` draws the first time.
pub fn copied_element(
    document: &Document,
    name: &'static str,
    make: &dyn Fn(&Document) -> Option<Element>,
) -> Option<Element> {
    let copy = copy_of(document, name, &|document| make(document).map(Node::from))?;
    // What `make` drew, and so what its copy is, is an element.
    Some(copy.unchecked_into())
}

/// A new `<tag>` at the end of `parent`.
pub fn child(document: &Document, parent: &Node, tag: &str) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    parent.append_child(&element).ok()?;
    Some(element)
}

/// A new `<tag>` at the end of `parent` holding only `text`.
pub fn text_child(document: &Document, parent: &Node, tag: &str, text: &str) -> Option<Element> {
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
    let button = loose_button(document, attributes)?;
    button.set_text_content(Some(text));
    parent.insert_before(&button, next).ok()?;
    Some(button)
}

/// A new `<tag>` with `attributes` (name, value), placed nowhere yet.
pub fn element_with(
    document: &Document,
    tag: &str,
    attributes: &[(&str, &str)],
) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    for (name, value) in attributes {
        element.set_attribute(name, value).ok()?;
    }
    Some(element)
}

/// A new `<button type="button">` with `attributes`, placed nowhere yet.
fn loose_button(document: &Document, attributes: &[(&str, &str)]) -> Option<Element> {
    let button = element_with(document, "button", attributes)?;
    button.set_attribute("type", "button").ok()?;
    Some(button)
}

/// A copy of the button prototype `name`, a `<button type="button">` with `attributes`
/// (the same every time: the words go in `text`), showing `text` at the end of `parent`.
pub fn copied_button(
    document: &Document,
    parent: &Element,
    name: &'static str,
    attributes: &[(&str, &str)],
    text: &str,
) -> Option<Element> {
    let button = copied_element(document, name, &|document| {
        loose_button(document, attributes)
    })?;
    button.set_text_content(Some(text));
    parent.append_child(&button).ok()?;
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
    /// The prototype to copy, when every toggle of this kind has the same class, part and
    /// data (see [`copy_of`]).
    pub prototype: Option<&'static str>,
}

/// Draws `toggle` before `next` in `parent` (at the end without one).
pub fn toggle(
    document: &Document,
    parent: &Element,
    next: Option<&Node>,
    toggle: Toggle,
) -> Option<Element> {
    let fixed = [
        ("class", toggle.class),
        ("part", toggle.part),
        ("data-act", toggle.act),
        toggle.data,
    ];
    let drawn = match toggle.prototype {
        Some(name) => copied_element(document, name, &|document| loose_button(document, &fixed))?,
        None => loose_button(document, &fixed)?,
    };
    drawn.set_text_content(Some(toggle.text));
    let pressed = if toggle.pressed { "true" } else { "false" };
    drawn.set_attribute("aria-pressed", pressed).ok()?;
    drawn.set_attribute("aria-label", toggle.label).ok()?;
    if toggle.disabled {
        drawn.set_attribute("disabled", "").ok()?;
    }
    parent.insert_before(&drawn, next).ok()?;
    Some(drawn)
}
