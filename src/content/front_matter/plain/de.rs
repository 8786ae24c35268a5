//! The plain reader's nodes as a serde deserializer, typing scalars as
//! serde-saphyr does, and giving up wherever YAML's typing is subtle.

use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, StrDeserializer, UsizeDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use super::{Node, Scalar, typed};
use crate::content::front_matter::placed::PLACED;

/// Why the plain reader gave up; never shown: serde-saphyr reads the front
/// matter again and says what is wrong, if anything is.
#[derive(Debug)]
pub(super) struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("not plain front matter")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

pub(super) struct NodeDe<'n, 'a>(pub(super) &'n Node<'a>);

impl<'n, 'a> NodeDe<'n, 'a> {
    fn scalar(&self) -> Result<&'n Scalar<'a>, GiveUp> {
        match self.0 {
            Node::Scalar(s) => Ok(s),
            _ => Err(GiveUp),
        }
    }

    /// A scalar as a string target reads it: plain nulls are not strings.
    fn text(&self) -> Result<&'n str, GiveUp> {
        let s = self.scalar()?;
        match s.quoted || !is_null(&s.text) {
            true => Ok(&s.text),
            false => Err(GiveUp),
        }
    }

    fn unsigned(&self) -> Result<u64, GiveUp> {
        let s = self.scalar()?;
        match !s.quoted && is_decimal(&s.text) {
            true => s.text.parse().map_err(|_| GiveUp),
            false => Err(GiveUp),
        }
    }
}

fn is_null(plain: &str) -> bool {
    matches!(plain, "~" | "null" | "Null" | "NULL")
}

/// Digits without a sign or a leading zero: an integer in every YAML schema.
fn is_decimal(plain: &str) -> bool {
    let b = plain.as_bytes();
    !b.is_empty()
        && b.len() <= 19
        && b.iter().all(u8::is_ascii_digit)
        && (b[0] != b'0' || b.len() == 1)
}

/// A plain scalar that YAML can only read as a string: one starting with a
/// letter that is not one of its null or boolean words.
fn is_plain_text(plain: &str) -> bool {
    plain.chars().next().is_some_and(char::is_alphabetic) && !typed(plain)
}

macro_rules! give_up {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value, GiveUp> {
            Err(GiveUp)
        }
    )*};
}

macro_rules! unsigned {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
            visitor.visit_u64(self.unsigned()?)
        }
    )*};
}

impl<'de, 'n> de::Deserializer<'de> for NodeDe<'n, '_> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self.0 {
            Node::Map(entries) => visitor.visit_map(Entries(entries.iter())),
            Node::Seq(items) => visitor.visit_seq(Items(items.iter())),
            Node::Scalar(s) if s.quoted || is_plain_text(&s.text) => visitor.visit_str(&s.text),
            Node::Scalar(_) => visitor.visit_u64(self.unsigned()?),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        visitor.visit_str(self.text()?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        let s = self.scalar()?;
        match (s.quoted, s.text.as_ref()) {
            (false, "true") => visitor.visit_bool(true),
            (false, "false") => visitor.visit_bool(false),
            _ => Err(GiveUp),
        }
    }

    unsigned! {
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
    }

    give_up! {
        deserialize_i128 deserialize_u128 deserialize_f32 deserialize_f64
        deserialize_char deserialize_bytes deserialize_byte_buf deserialize_unit
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self.0 {
            Node::Scalar(s) if !s.quoted && is_null(&s.text) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, GiveUp> {
        Err(GiveUp)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        match name {
            PLACED => visitor.visit_map(Place {
                node: self.0,
                at: self.scalar()?,
                step: 0,
            }),
            _ => visitor.visit_newtype_struct(self),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self.0 {
            Node::Seq(items) => visitor.visit_seq(Items(items.iter())),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, GiveUp> {
        Err(GiveUp)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value, GiveUp> {
        Err(GiveUp)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self.0 {
            Node::Map(entries) => visitor.visit_map(Entries(entries.iter())),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, GiveUp> {
        Err(GiveUp)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        visitor.visit_unit()
    }
}

struct Entries<'n, 'a>(std::slice::Iter<'n, (&'a str, Node<'a>)>);

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, GiveUp> {
        // Peeked, not taken: the value is read next.
        let Some((key, _)) = self.0.as_slice().first() else {
            return Ok(None);
        };
        let key: StrDeserializer<GiveUp> = key.into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, GiveUp> {
        let (_, value) = self.0.next().ok_or(GiveUp)?;
        seed.deserialize(NodeDe(value))
    }
}

struct Items<'n, 'a>(std::slice::Iter<'n, Node<'a>>);

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, GiveUp> {
        self.0
            .next()
            .map(|item| seed.deserialize(NodeDe(item)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// A scalar as a [`Placed`](crate::content::front_matter::placed::Placed)
/// reads it: its value, line and column.
struct Place<'n, 'a> {
    node: &'n Node<'a>,
    at: &'n Scalar<'a>,
    step: usize,
}

const PLACE_KEYS: [&str; 3] = ["value", "line", "column"];

impl<'de> MapAccess<'de> for Place<'_, '_> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, GiveUp> {
        PLACE_KEYS
            .get(self.step)
            .map(|key| seed.deserialize(BorrowedStrDeserializer::new(key)))
            .transpose()
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, GiveUp> {
        self.step += 1;
        match self.step {
            1 => seed.deserialize(NodeDe(self.node)),
            2 => seed.deserialize(UsizeDeserializer::new(self.at.line)),
            _ => seed.deserialize(UsizeDeserializer::new(self.at.column)),
        }
    }
}
