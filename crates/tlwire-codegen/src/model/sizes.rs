//! How large each generated value is in memory, and which constructors an
//! enum holds by reference (in the decode's arena) so that its slots stay
//! small.
//!
//! An enum is as large as its largest variant, and every vector element,
//! every `Option<Enum>` field and every stack frame holding one pays that
//! size whatever the wire held: in a whole layer, where `Message` or
//! `Update` has dozens of fields in some constructors, an inline enum slot
//! is kilobytes for a value of a few wire bytes. So a variant whose
//! constructor is larger than [`VARIANT_INLINE_MAX`] bytes holds a
//! reference to it, made in the arena, and the enum stays within
//! [`ENUM_MAX`] bytes; small constructors (`peerUser`, `messageEntityBold`,
//! `updateNewMessage`) stay inline and cost nothing more.
//!
//! An enum with a single constructor is never boxed: its slot holds that
//! constructor and nothing else, so no byte is wasted, and a reference
//! would only add a copy into the arena to every decode of it. Where such an
//! enum, or a bare constructor (`%Point`), is a field of another
//! constructor and larger than [`VARIANT_INLINE_MAX`], the field holds a
//! reference to it instead: `userFull` holds a dozen single-constructor
//! types (`peerSettings`, `botInfo`, …) that would otherwise make it
//! kilobytes. Every struct stays within [`STRUCT_MAX`]. An optional field
//! holding more than [`OPTIONAL_INLINE_MAX`] bytes holds a reference too,
//! whatever its type's constructors: most optional fields are absent, and
//! the slots of absent ones are most of a large constructor (this took
//! `message` from 512 bytes to under 320 in the official layer). The
//! `Object` enum, which has every constructor and function, boxes by the
//! same size rule.
//!
//! The sizes are estimated from Rust's layout rules with every choice left
//! to the compiler taken at its worst (a tag of a whole alignment unit, no
//! niche inside a payload), so an estimate is never below the real size;
//! the whole-layer check measures the real sizes with `size_of`.

use alloc::collections::{BTreeMap, BTreeSet};

use super::{Combinator, FieldKind, Model, Path, Ty};
use tlwire_schema::Category;

/// The largest constructor, in bytes, that an enum with several
/// constructors holds inline: with a tag of 8 bytes, the enum stays within
/// [`ENUM_MAX`].
pub const VARIANT_INLINE_MAX: usize = ENUM_MAX - 8;
/// The largest enum with several constructors, in bytes.
pub const ENUM_MAX: usize = 64;
/// The largest struct, in bytes (and enum with one constructor).
pub const STRUCT_MAX: usize = 1024;
/// The largest value, in bytes, that an optional field of a constructor or
/// enum type holds inline. Optional fields are absent most of the time
/// (`message` has dozens, a typical one sets four or five), and an absent
/// one costs its whole slot: larger values are held by reference, so that
/// absent they cost 8 bytes, and present they cost what they hold.
pub const OPTIONAL_INLINE_MAX: usize = 16;

/// A type's size and alignment, and whether some bit pattern is left over
/// for `Option` to use (a pointer's null, a `bool`'s 2, a tag's spare
/// values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Layout {
    size: usize,
    align: usize,
    niche: bool,
}

impl Layout {
    const fn new(size: usize, align: usize, niche: bool) -> Self {
        Self { size, align, niche }
    }

    /// A reference into the arena: a non-null pointer.
    const POINTER: Self = Self::new(8, 8, true);

    /// `Option` of it: free where a niche exists, else a tag before it.
    fn option(self) -> Self {
        if self.niche {
            self
        } else {
            Self::new(
                round_up(self.size + self.align, self.align),
                self.align,
                true,
            )
        }
    }
}

fn round_up(n: usize, align: usize) -> usize {
    n.div_ceil(align.max(1)) * align.max(1)
}

/// Layouts of one model under one choice of boxed variants.
struct Sizer<'m> {
    model: &'m Model,
    boxed: &'m BTreeSet<Path>,
    structs: BTreeMap<Path, Layout>,
    enums: BTreeMap<Path, Layout>,
    /// Structs and enums being measured: a cycle through them cannot be a
    /// value cycle (fields on one are boxed), so it counts as a pointer.
    open: BTreeSet<(bool, Path)>,
}

impl<'m> Sizer<'m> {
    fn new(model: &'m Model, boxed: &'m BTreeSet<Path>) -> Self {
        Self {
            model,
            boxed,
            structs: BTreeMap::new(),
            enums: BTreeMap::new(),
            open: BTreeSet::new(),
        }
    }

    fn ty(&mut self, ty: &Ty) -> Layout {
        match ty {
            Ty::Int => Layout::new(4, 4, false),
            Ty::Long | Ty::Double => Layout::new(8, 8, false),
            Ty::Int128 => Layout::new(16, 1, false),
            Ty::Int256 => Layout::new(32, 1, false),
            // A pointer and a length.
            Ty::Bytes | Ty::Str => Layout::new(16, 8, true),
            Ty::Bool => Layout::new(1, 1, true),
            // A slice in the arena: a pointer and a length.
            Ty::Vector { .. } => Layout::new(16, 8, true),
            // Generic parameters are `&Object` wherever a value is kept.
            Ty::Object | Ty::Generic(_) => Layout::POINTER,
            Ty::Enum { boxed: true, .. } | Ty::Struct { boxed: true, .. } => Layout::POINTER,
            Ty::Enum { path, .. } => self.enum_layout(path),
            Ty::Struct { path, .. } => match self.model.struct_at(path) {
                Some(c) => self.combinator(c),
                None => Layout::POINTER,
            },
        }
    }

    /// A constructor's or function's struct: its fields in the order Rust
    /// picks (largest alignment first), so only the end is padded.
    fn combinator(&mut self, c: &Combinator) -> Layout {
        let key = (false, c.path.clone());
        if let Some(&l) = self
            .structs
            .get(&c.path)
            .filter(|_| c.category == Category::Type)
        {
            return l;
        }
        if !self.open.insert(key.clone()) {
            return Layout::POINTER;
        }
        let (mut size, mut align, mut niche) = (0, 1, false);
        for f in &c.fields {
            let l = match &f.kind {
                FieldKind::FlagsWord(_) => Layout::new(4, 4, false),
                FieldKind::TrueFlag { .. } => Layout::new(1, 1, true),
                FieldKind::Value { ty, flag: None } => self.ty(ty),
                FieldKind::Value { ty, flag: Some(_) } => self.ty(ty).option(),
            };
            size += l.size;
            align = align.max(l.align);
            niche |= l.niche;
        }
        self.open.remove(&key);
        let l = Layout::new(round_up(size, align), align, niche);
        if c.category == Category::Type {
            self.structs.insert(c.path.clone(), l);
        }
        l
    }

    fn enum_layout(&mut self, path: &Path) -> Layout {
        if let Some(&l) = self.enums.get(path) {
            return l;
        }
        let key = (true, path.clone());
        let Some(e) = self.model.enum_at(path) else {
            return Layout::POINTER;
        };
        if !self.open.insert(key.clone()) {
            return Layout::POINTER;
        }
        let payloads: alloc::vec::Vec<Layout> = e
            .variants
            .iter()
            .map(|(_, p, _)| {
                if self.boxed.contains(p) {
                    Layout::POINTER
                } else {
                    match self.model.struct_at(p) {
                        Some(c) => self.combinator(c),
                        None => Layout::POINTER,
                    }
                }
            })
            .collect();
        self.open.remove(&key);
        let l = tagged(&payloads);
        self.enums.insert(path.clone(), l);
        l
    }
}

/// An enum of these payloads: a single one is the enum; several take a
/// tag, counted as a whole alignment unit before the largest payload.
fn tagged(payloads: &[Layout]) -> Layout {
    match payloads {
        [one] => *one,
        _ => {
            let align = payloads.iter().map(|l| l.align).max().unwrap_or(1);
            let size = payloads.iter().map(|l| l.size).max().unwrap_or(0);
            Layout::new(round_up(align + size, align), align, true)
        }
    }
}

/// Decides which constructors their enums box (`Combinator::boxed`) and
/// records each combinator's estimated size (`Combinator::size`).
///
/// A variant is boxed when its constructor is larger than
/// [`VARIANT_INLINE_MAX`] in an enum of several constructors, and a field
/// when its value is larger than its bound (see the module's docs). Boxing
/// one can only shrink others, so boxes are added until every inline
/// variant and field fits; since a box once added stays, this ends.
pub(super) fn decide(model: &mut Model) {
    let mut boxed: BTreeSet<Path> = BTreeSet::new();
    loop {
        let mut more = alloc::vec::Vec::new();
        let mut fields = alloc::vec::Vec::new();
        {
            let mut sizer = Sizer::new(model, &boxed);
            for e in model.enums.iter().filter(|e| e.variants.len() > 1) {
                for (_, p, _) in &e.variants {
                    if boxed.contains(p) {
                        continue;
                    }
                    if let Some(c) = model.struct_at(p) {
                        if sizer.combinator(c).size > VARIANT_INLINE_MAX {
                            more.push(p.clone());
                        }
                    }
                }
            }
            // Fields are sized once the variants are settled: a field of an
            // enum whose large variants are about to be boxed is small.
            let settled = more.is_empty();
            for (i, c) in model.combinators().enumerate().filter(|_| settled) {
                for (j, f) in c.fields.iter().enumerate() {
                    let FieldKind::Value { ty, flag } = &f.kind else {
                        continue;
                    };
                    let (candidate, inline_max) = if flag.is_some() {
                        (inline_object(ty), OPTIONAL_INLINE_MAX)
                    } else {
                        (unboxed_value(model, ty), VARIANT_INLINE_MAX)
                    };
                    if candidate && sizer.ty(ty).size > inline_max {
                        fields.push((i, j));
                    }
                }
            }
        }
        if more.is_empty() && fields.is_empty() {
            break;
        }
        boxed.extend(more);
        let mut all: alloc::vec::Vec<&mut Combinator> = model
            .structs
            .iter_mut()
            .chain(&mut model.functions)
            .collect();
        for (i, j) in fields {
            if let Some(FieldKind::Value { ty, .. }) = all
                .get_mut(i)
                .and_then(|c| c.fields.get_mut(j))
                .map(|f| &mut f.kind)
            {
                set_boxed(ty);
            }
        }
    }
    let sizes: alloc::vec::Vec<usize> = {
        let mut sizer = Sizer::new(model, &boxed);
        model
            .combinators()
            .map(|c| sizer.combinator(c).size)
            .collect()
    };
    for (c, size) in model
        .structs
        .iter_mut()
        .chain(&mut model.functions)
        .zip(sizes)
    {
        c.size = size;
        c.boxed = c.category == Category::Type && boxed.contains(&c.path);
    }
}

/// A field's value held inline that is a constructor or an enum, of any
/// number of constructors.
fn inline_object(ty: &Ty) -> bool {
    matches!(
        ty,
        Ty::Enum { boxed: false, .. } | Ty::Struct { boxed: false, .. }
    )
}

/// A field's value held inline that is itself a constructor or an enum:
/// one with a single constructor, or a bare one (`%Point`), may be large,
/// since no variant boxing applies to it.
/// An enum of several constructors is kept small by boxing its variants
/// instead.
fn unboxed_value(model: &Model, ty: &Ty) -> bool {
    match ty {
        Ty::Enum { boxed: false, path } => {
            model.enum_at(path).is_some_and(|e| e.variants.len() == 1)
        }
        Ty::Struct { boxed: false, .. } => true,
        _ => false,
    }
}

fn set_boxed(ty: &mut Ty) {
    if let Ty::Enum { boxed, .. } | Ty::Struct { boxed, .. } = ty {
        *boxed = true;
    }
}

impl Combinator {
    /// Whether the `Object` enum holds it by reference.
    pub fn boxed_in_object(&self) -> bool {
        self.size > VARIANT_INLINE_MAX
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Eight `long`s: 64 bytes, over the inline bound.
    const LARGE: &str = "a:long b:long c:long d:long e:long f:long g:long h:long";

    fn generated(lines: &str) -> alloc::string::String {
        let schema = tlwire_schema::parse(lines).unwrap();
        crate::generate(&schema, &crate::Options::default()).unwrap()
    }

    #[test]
    fn large_constructors_are_boxed_in_enums_of_several() {
        let rust = generated(&alloc::format!(
            "big {LARGE} = Two;\nsmall x:int = Two;\nalone {LARGE} = One;"
        ));
        assert!(rust.contains("Big(&'a super::types::Big),"), "{rust}");
        assert!(rust.contains("Small(super::types::Small),"), "{rust}");
        // A single constructor is its enum's only content: never boxed there.
        assert!(rust.contains("Alone(super::types::Alone),"), "{rust}");
    }

    #[test]
    fn fields_box_large_single_constructors_only() {
        let rust = generated(&alloc::format!(
            "big {LARGE} = Two;\nsmall x:int = Two;\nalone {LARGE} = One;\n\
             holder two:Two one:One = Holder;"
        ));
        // `Two` is small once its large variant is boxed: its field is not.
        assert!(rust.contains("pub two: super::enums::Two<'a>,"), "{rust}");
        assert!(rust.contains("pub one: &'a super::enums::One,"), "{rust}");
    }

    #[test]
    fn optional_fields_hold_large_values_by_reference() {
        let rust = generated(&alloc::format!(
            "big {LARGE} = Two;\nsmall x:int = Two;\npair x:long y:long z:long = Pair;\n\
             holder flags:# two:flags.0?Two pair:flags.1?Pair tiny:flags.2?Tiny = Holder;\n\
             tiny x:int = Tiny;"
        ));
        // Sixteen bytes (a tag and a pointer) stay inline; more do not.
        assert!(
            rust.contains("pub two: Option<super::enums::Two<'a>>,"),
            "{rust}"
        );
        assert!(
            rust.contains("pub pair: Option<&'a super::enums::Pair>,"),
            "{rust}"
        );
        assert!(
            rust.contains("pub tiny: Option<super::enums::Tiny>,"),
            "{rust}"
        );
    }

    #[test]
    fn option_uses_a_niche_or_adds_a_tag() {
        assert_eq!(Layout::new(16, 8, true).option().size, 16);
        assert_eq!(Layout::new(4, 4, false).option().size, 8);
        assert_eq!(Layout::new(8, 8, false).option().size, 16);
        assert_eq!(Layout::new(16, 1, false).option().size, 17);
    }

    #[test]
    fn tagged_enums_are_never_estimated_below_rust() {
        // Rust's own sizes of the same shapes bound the estimate from below.
        #[allow(dead_code)]
        enum Two {
            A(u64, u32),
            B([u8; 16]),
        }
        let estimate = tagged(&[Layout::new(16, 8, false), Layout::new(16, 1, false)]);
        assert!(estimate.size >= core::mem::size_of::<Two>());
        assert_eq!(tagged(&[Layout::new(40, 8, true)]).size, 40);
    }
}
