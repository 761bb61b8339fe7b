//! Exports of the widget's wasm that nothing calls, removed before `wasm-opt` so that
//! their code goes with them.
//!
//! Leptos always compiles in the browser client of its server functions, and with it
//! `wasm-streams`, whose `#[wasm_bindgen]` stream types wasm-bindgen exports. The widget
//! calls no server function, so nothing ever makes one of those types: their exports only
//! kept their code (about 2 KB brotli) in the reader core. The glue's classes for them
//! stay, never used; the bundler cannot tell that they are unused.

use crate::process::Result;
use std::path::Path;
use wasm_encoder::{ExportSection, Module, RawSection};
use wasmparser::{Parser, Payload};

/// Where the exports nothing calls begin: `wasm-streams`' types and their destructors.
const UNUSED_PREFIXES: [&str; 2] = ["intounderlying", "__wbg_intounderlying"];

/// Whether export `name` is one nothing calls.
fn is_unused(name: &str) -> bool {
    UNUSED_PREFIXES
        .iter()
        .any(|prefix| name.starts_with(prefix))
}

/// Rewrites `module` in place without the exports nothing calls.
pub fn drop_from(module: &Path) -> Result {
    let bytes = std::fs::read(module).map_err(|error| format!("{}: {error}", module.display()))?;
    let kept = without_exports(&bytes, is_unused)
        .map_err(|error| format!("{}: {error}", module.display()))?;
    std::fs::write(module, kept).map_err(|error| format!("{}: {error}", module.display()))
}

/// The module `bytes` with every section as it was, apart from the exports that `drop`
/// names.
fn without_exports(bytes: &[u8], drop: impl Fn(&str) -> bool) -> Result<Vec<u8>> {
    let mut module = Module::new();
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|error| error.to_string())?;
        if let Payload::ExportSection(reader) = &payload {
            let mut exports = ExportSection::new();
            for export in reader.clone() {
                let export = export.map_err(|error| error.to_string())?;
                if !drop(export.name) {
                    exports.export(export.name, export.kind.into(), export.index);
                }
            }
            module.section(&exports);
        } else if let Some((id, range)) = payload.as_section() {
            let range = usize::try_from(range.start).map_err(|error| error.to_string())?
                ..usize::try_from(range.end).map_err(|error| error.to_string())?;
            module.section(&RawSection {
                id,
                data: &bytes[range],
            });
        }
    }
    Ok(module.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{
        CodeSection, ExportKind, Function, FunctionSection, Instruction, TypeSection,
    };

    /// A module of two functions, both exported.
    fn two_exports() -> Vec<u8> {
        let mut module = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], []);
        module.section(&types);
        let mut functions = FunctionSection::new();
        functions.function(0).function(0);
        module.section(&functions);
        let mut exports = ExportSection::new();
        exports.export("mount", ExportKind::Func, 0).export(
            "intounderlyingsink_write",
            ExportKind::Func,
            1,
        );
        module.section(&exports);
        let mut code = CodeSection::new();
        for _ in 0..2 {
            let mut body = Function::new([]);
            body.instruction(&Instruction::End);
            code.function(&body);
        }
        module.section(&code);
        module.finish()
    }

    fn export_names(bytes: &[u8]) -> Vec<String> {
        Parser::new(0)
            .parse_all(bytes)
            .filter_map(|payload| match payload.expect("a valid module") {
                Payload::ExportSection(reader) => Some(reader),
                _ => None,
            })
            .flat_map(|reader| {
                reader
                    .into_iter()
                    .map(|export| export.unwrap().name.to_owned())
            })
            .collect()
    }

    #[test]
    fn only_the_unused_exports_go_and_the_module_stays_valid() {
        let kept = without_exports(&two_exports(), is_unused).unwrap();
        assert_eq!(export_names(&kept), ["mount"]);
        wasmparser::validate(&kept).expect("a valid module");
    }

    #[test]
    fn a_module_without_unused_exports_is_unchanged() {
        let module = two_exports();
        assert_eq!(without_exports(&module, |_| false).unwrap(), module);
    }

    #[test]
    fn a_broken_module_is_an_error() {
        assert!(without_exports(b"\0asm\x01\0\0\0\x07\x05", is_unused).is_err());
    }
}
