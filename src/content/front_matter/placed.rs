//! A front-matter value with the place it is written, however it was read.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

/// A value and the 1-based line and column in the front matter where it
/// starts, so a diagnostic about it can point there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::content) struct Placed<T> {
    pub(in crate::content) value: T,
    pub(in crate::content) line: usize,
    pub(in crate::content) column: usize,
}

/// The name both readers know a [`Placed`] by: serde-saphyr passes it on
/// to its own [`Spanned`]; the plain reader answers with a map of the value
/// and its place.
pub(super) const PLACED: &str = "reprint::Placed";

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Placed<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(PLACED, PlacedVisitor(PhantomData))
    }
}

struct PlacedVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for PlacedVisitor<T> {
    type Value = Placed<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Placed<T>, D::Error> {
        let spanned = Spanned::<T>::deserialize(d)?;
        let at = spanned.referenced;
        Ok(Placed {
            value: spanned.value,
            line: usize::try_from(at.line()).unwrap_or(usize::MAX),
            column: usize::try_from(at.column()).unwrap_or(usize::MAX),
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Placed<T>, A::Error> {
        let (mut value, mut line, mut column) = (None, None, None);
        while let Some(key) = map.next_key::<&str>()? {
            match key {
                "value" => value = Some(map.next_value()?),
                "line" => line = Some(map.next_value()?),
                "column" => column = Some(map.next_value()?),
                other => return Err(de::Error::unknown_field(other, &[])),
            }
        }
        Ok(Placed {
            value: value.ok_or_else(|| de::Error::missing_field("value"))?,
            line: line.ok_or_else(|| de::Error::missing_field("line"))?,
            column: column.ok_or_else(|| de::Error::missing_field("column"))?,
        })
    }
}
