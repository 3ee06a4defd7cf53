//! One schema for a table whose part files disagree.
//!
//! Columns are taken in order of first appearance. Where files give one column different types,
//! the table reads it as the narrowest type all of them cast to: `Int64` for mixed integers,
//! `Float64` when floats or decimals are involved, otherwise `Utf8`. DataFusion casts each file to
//! this schema as it reads. The disagreement itself stays visible in each file's own schema.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};

fn is_integer(t: &DataType) -> bool {
    t.is_integer()
}

fn is_numeric(t: &DataType) -> bool {
    t.is_numeric()
}

/// The table schema for files with these schemas.
pub fn unify<'a>(schemas: impl IntoIterator<Item = &'a Schema>) -> SchemaRef {
    let mut fields: Vec<(String, Vec<DataType>)> = Vec::new();
    for schema in schemas {
        for f in schema.fields() {
            match fields.iter_mut().find(|(n, _)| n == f.name()) {
                Some((_, types)) => {
                    if !types.contains(f.data_type()) {
                        types.push(f.data_type().clone());
                    }
                }
                None => fields.push((f.name().clone(), vec![f.data_type().clone()])),
            }
        }
    }
    let fields: Vec<Field> = fields
        .into_iter()
        .map(|(name, types)| {
            let t = match types.as_slice() {
                [one] => one.clone(),
                many if many.iter().all(is_integer) => DataType::Int64,
                many if many.iter().all(is_numeric) => DataType::Float64,
                many if many
                    .iter()
                    .all(|t| matches!(t, DataType::Null) || is_numeric(t)) =>
                {
                    DataType::Float64
                }
                _ => DataType::Utf8,
            };
            Field::new(name, t, true)
        })
        .collect();
    Arc::new(Schema::new(fields))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widens_conflicts_and_keeps_order() {
        let a = Schema::new(vec![
            Field::new("id", DataType::Int32, false),
            Field::new("amount", DataType::Float64, true),
        ]);
        let b = Schema::new(vec![
            Field::new("id", DataType::Int64, false),
            Field::new("amount", DataType::Int64, true),
            Field::new("note", DataType::Utf8, true),
        ]);
        let c = Schema::new(vec![Field::new("note", DataType::Int64, true)]);
        let u = unify([&a, &b, &c]);
        let got: Vec<(&str, &DataType)> = u
            .fields()
            .iter()
            .map(|f| (f.name().as_str(), f.data_type()))
            .collect();
        assert_eq!(
            got,
            [
                ("id", &DataType::Int64),
                ("amount", &DataType::Float64),
                ("note", &DataType::Utf8)
            ]
        );
    }
}
