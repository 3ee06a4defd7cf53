//! `gapscan_profile(column)`: the column profiler as a DataFusion aggregate function.
//!
//! Its partial state is the serialised [`ColumnProfile`] (CBOR bytes in one `Binary` field), the
//! way `approx_distinct` carries its HyperLogLog: each partition builds a profile of its rows,
//! DataFusion ships the states to the final aggregation, and [`ColumnProfile::merge`] combines
//! them. The state is binary, not the profile file's JSON, because sketches and key fingerprints
//! then travel as raw bytes: a table's states can hold tens of megabytes of fingerprints, and the
//! merge of the states is the serial tail of every scan. Without detection the function holds no
//! state of its own and is rebuilt from its name alone, so the same plan can run on any executor
//! that registers it; with detection it carries the compiled detector set (an `Arc`), which each
//! accumulator hands to its column's scanner. It also carries the number of scan partitions, which
//! share each column's budget of key fingerprints (see `profile::quality::keys`) and whose states,
//! once all are in, the final accumulator starts merging at once (see [`EarlyMerge`]).

use std::sync::{Arc, Mutex, mpsc};

use datafusion::arrow::array::{Array, ArrayRef, AsArray, BinaryArray};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{ScalarValue, exec_err};
use datafusion::error::Result;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Signature, Volatility,
};

use crate::detect::{ColumnScanner, DetectionConfig};
use crate::profile::ColumnProfile;

/// The detector set a profile function carries; compared and hashed by identity.
#[derive(Clone, Debug)]
struct Detection(Arc<DetectionConfig>);

impl PartialEq for Detection {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Detection {}

impl std::hash::Hash for Detection {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::ptr::hash(Arc::as_ptr(&self.0), state);
    }
}

/// The function's SQL name.
pub const PROFILE_FUNCTION: &str = "gapscan_profile";

/// The profile aggregate. Returns the column's profile as CBOR bytes.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ProfileUdaf {
    signature: Signature,
    detection: Option<Detection>,
    partitions: usize,
}

impl Default for ProfileUdaf {
    fn default() -> Self {
        Self {
            signature: Signature::any(1, Volatility::Immutable),
            detection: None,
            partitions: 1,
        }
    }
}

impl ProfileUdaf {
    /// The profile function, running the detectors on every text value it profiles.
    pub fn with_detection(detection: DetectionConfig) -> Self {
        Self {
            detection: Some(Detection(Arc::new(detection))),
            ..Self::default()
        }
    }

    /// The profile function for a scan of `partitions` partitions, which share each column's
    /// budget of key fingerprints.
    pub fn over_partitions(self, partitions: usize) -> Self {
        Self {
            partitions: partitions.max(1),
            ..self
        }
    }
}

/// The aggregate function, ready to register with a session.
pub fn profile_udaf() -> AggregateUDF {
    AggregateUDF::from(ProfileUdaf::default())
}

impl AggregateUDFImpl for ProfileUdaf {
    fn name(&self) -> &str {
        PROFILE_FUNCTION
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Binary)
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        let Some(field) = args.expr_fields.first() else {
            return exec_err!("{PROFILE_FUNCTION} takes one column");
        };
        let mut profile = ColumnProfile::for_type(field.name(), field.data_type());
        if let Some(d) = &self.detection {
            profile.scanner = Some(ColumnScanner::new(&d.0, field.name()));
        }
        if let Some(keys) = profile.quality.as_mut().and_then(|q| q.keys.as_mut()) {
            keys.share_budget(self.partitions);
        }
        Ok(Box::new(ProfileAccumulator::new(profile, self.partitions)))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(vec![Arc::new(Field::new(
            format!("{}[profile]", args.name),
            DataType::Binary,
            true,
        ))])
    }
}

/// Builds one column's profile from the batches of one partition, and merges partial profiles.
#[derive(Debug)]
struct ProfileAccumulator {
    profile: ColumnProfile,
    /// Partial states received, each decoded when it arrives (while other partitions may still
    /// be scanning) and kept with the array holding its bytes (the one DataFusion passed in, not
    /// a copy: a state can hold megabytes of key fingerprints) and its row there; merged in byte
    /// order when the result is asked for.
    pending: Vec<(BinaryArray, usize, ColumnProfile)>,
    /// The scan's partitions, one partial state each.
    partitions: usize,
    /// The merge of the states, started early (see [`EarlyMerge`]).
    early: Option<EarlyMerge>,
}

/// The merge, finishing and encoding of a column's partial states, running on the thread pool.
///
/// DataFusion asks the final accumulators for their results one column after another, on one
/// thread: merging the states of a wide table (key fingerprints, quantile sketches) and encoding
/// the results was a serial 40–50 ms at the end of every scan of the 1M-row benchmark table.
/// So when a column has received one state per scan partition, which is when the scan is done,
/// its merge starts on the pool at once, and the columns are merged side by side; the result,
/// asked for later, is waited for. The merge is the one [`ProfileAccumulator::serialised`] does,
/// in the states' byte order, so the result is the same bytes. Should a state arrive after the
/// merge started (a plan with more partitions than the scan's, such as a union in `--sql`), the
/// early merge is dropped and every state is merged when the result is asked for.
#[derive(Debug)]
struct EarlyMerge {
    /// The states being merged, to merge again if the early merge is dropped.
    states: Vec<(BinaryArray, usize)>,
    /// In a mutex only because an accumulator must be `Sync`; it is never contended.
    result: Mutex<mpsc::Receiver<Result<ScalarValue>>>,
}

impl ProfileAccumulator {
    fn new(profile: ColumnProfile, partitions: usize) -> Self {
        Self {
            profile,
            pending: Vec::new(),
            partitions,
            early: None,
        }
    }

    /// Merges the pending partial states in the order of their bytes, not of their arrival, so
    /// the sketches whose merge depends on order (HLL unions, float sums) come out the same in
    /// every run.
    fn merge_pending(&mut self) -> Result<()> {
        let mut pending = std::mem::take(&mut self.pending);
        pending.sort_unstable_by(|(a, i, _), (b, j, _)| a.value(*i).cmp(b.value(*j)));
        for (_, _, part) in pending {
            self.profile
                .merge(&part)
                .map_err(|e| datafusion::error::DataFusionError::Execution(e.to_string()))?;
        }
        Ok(())
    }

    fn serialised(&mut self) -> Result<ScalarValue> {
        self.merge_pending()?;
        self.profile.finish();
        let mut bytes = Vec::new();
        ciborium::into_writer(&self.profile, &mut bytes).map_err(|e| {
            datafusion::error::DataFusionError::Internal(format!("profile encoding: {e}"))
        })?;
        Ok(ScalarValue::Binary(Some(bytes)))
    }

    /// Starts the early merge once every partition's state is here. (While a merge runs its
    /// states are out of `pending`, so a second one never starts.)
    fn merge_early(&mut self) {
        if self.partitions < 2 || self.pending.len() != self.partitions {
            return;
        }
        let states = self
            .pending
            .iter()
            .map(|(a, i, _)| (a.clone(), *i))
            .collect();
        let mut merger = ProfileAccumulator::new(self.profile.clone(), 1);
        merger.pending = std::mem::take(&mut self.pending);
        let (send, result) = mpsc::sync_channel(1);
        rayon::spawn(move || {
            // A panic here would abort the process (rayon's rule for spawned jobs), so it is
            // caught, and the result is then merged where it is asked for. The receiver is gone
            // only if the early merge was dropped.
            let merged =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| merger.serialised()));
            if let Ok(merged) = merged {
                let _ = send.send(merged);
            }
        });
        self.early = Some(EarlyMerge {
            states,
            result: Mutex::new(result),
        });
    }

    /// Drops the early merge, putting its states back to be merged with the others.
    fn cancel_early(&mut self) -> Result<()> {
        if let Some(early) = self.early.take() {
            for (states, row) in early.states {
                let part = decode_profile(states.value(row))?;
                self.pending.push((states, row, part));
            }
        }
        Ok(())
    }

    /// The merged profile, encoded: the early merge's, or merged now.
    fn result(&mut self) -> Result<ScalarValue> {
        if let Some(early) = &self.early {
            let received = match early.result.lock() {
                Ok(result) => result.recv().ok(),
                Err(_) => None,
            };
            if let Some(result) = received {
                self.early = None;
                return result;
            }
            // The early merge panicked: merged here instead.
            self.cancel_early()?;
        }
        self.serialised()
    }
}

/// Reads a profile the aggregate produced (a partial state or its result).
pub(super) fn decode_profile(bytes: &[u8]) -> Result<ColumnProfile> {
    ciborium::from_reader(bytes).map_err(|e| {
        datafusion::error::DataFusionError::Internal(format!("profile state decoding: {e}"))
    })
}

impl Accumulator for ProfileAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let Some(array) = values.first() else {
            return Ok(());
        };
        self.profile
            .update(array.as_ref())
            .map_err(|e| datafusion::error::DataFusionError::Execution(e.to_string()))
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let Some(states) = states.first() else {
            return Ok(());
        };
        let states = states.as_binary::<i32>();
        for row in (0..states.len()).filter(|&row| states.is_valid(row)) {
            self.cancel_early()?;
            let part = decode_profile(states.value(row))?;
            self.pending.push((states.clone(), row, part));
        }
        self.merge_early();
        Ok(())
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(vec![self.result()?])
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        self.result()
    }

    fn size(&self) -> usize {
        // Sketches are bounded: HLL 4 KiB, quantiles 256 KiB exact or a few KiB of KLL,
        // frequent items 256 slots, 64 shapes; plus the partial states waiting to be merged
        // or being merged early (their bytes, and about as much again decoded).
        let pending = self.pending.iter().map(|(states, row, _)| (states, row));
        let early = self
            .early
            .iter()
            .flat_map(|e| e.states.iter().map(|(s, r)| (s, r)));
        std::mem::size_of_val(self)
            + 64 * 1024
            + pending
                .chain(early)
                .map(|(states, row)| 2 * states.value(*row).len())
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{Int64Array, StringArray};

    fn run(acc: &mut ProfileAccumulator, array: ArrayRef) -> ColumnProfile {
        acc.update_batch(&[array]).unwrap();
        let ScalarValue::Binary(Some(bytes)) = acc.evaluate().unwrap() else {
            panic!("profile is binary")
        };
        decode_profile(&bytes).unwrap()
    }

    #[test]
    fn partial_states_merge_to_the_whole() {
        let mut a = ProfileAccumulator::new(ColumnProfile::for_type("x", &DataType::Int64), 1);
        let mut b = ProfileAccumulator::new(ColumnProfile::for_type("x", &DataType::Int64), 1);
        a.update_batch(&[Arc::new(Int64Array::from(vec![Some(1), None, Some(3)]))])
            .unwrap();
        b.update_batch(&[Arc::new(Int64Array::from(vec![Some(5), Some(5)]))])
            .unwrap();
        let state_b = b.state().unwrap().remove(0).to_array().unwrap();
        a.merge_batch(&[state_b]).unwrap();
        let p = run(&mut a, Arc::new(Int64Array::from(Vec::<i64>::new())));
        assert_eq!((p.rows, p.nulls), (5, 1));
        assert_eq!(p.summary.distinct_estimate, 3);
        assert_eq!(p.summary.mean, Some(3.5));
    }

    /// The partial states of `parts` text columns, each part a few thousand values (with
    /// repeats, so the frequent values and key fingerprints merge too).
    fn text_states(parts: u64) -> Vec<ArrayRef> {
        (0..parts)
            .map(|p| {
                let values: Vec<String> = (0..5_000)
                    .map(|i| format!("user-{}", (i * 7_919 + p * 131) % 3_000))
                    .collect();
                let mut acc =
                    ProfileAccumulator::new(ColumnProfile::for_type("u", &DataType::Utf8), 1);
                acc.update_batch(&[Arc::new(StringArray::from(values))])
                    .unwrap();
                acc.state().unwrap().remove(0).to_array().unwrap()
            })
            .collect()
    }

    /// The final result of merging `states` in the order given, with `partitions` expected.
    fn merged(states: &[ArrayRef], partitions: usize) -> (Vec<u8>, bool) {
        let mut acc =
            ProfileAccumulator::new(ColumnProfile::for_type("u", &DataType::Utf8), partitions);
        let mut started_early = false;
        for s in states {
            acc.merge_batch(std::slice::from_ref(s)).unwrap();
            started_early |= acc.early.is_some();
        }
        let ScalarValue::Binary(Some(bytes)) = acc.evaluate().unwrap() else {
            panic!("profile is binary")
        };
        (bytes, started_early)
    }

    #[test]
    fn an_early_merge_gives_the_bytes_of_a_late_one() {
        let states = text_states(3);
        let (late, early_started) = merged(&states, 1);
        assert!(!early_started);
        // Started when the third state arrives, in any order of arrival.
        for order in [[0, 1, 2], [2, 0, 1], [1, 2, 0]] {
            let arrived: Vec<ArrayRef> = order.iter().map(|&i| states[i].clone()).collect();
            let (early, early_started) = merged(&arrived, 3);
            assert!(early_started);
            assert_eq!(early, late, "arrival order {order:?}");
        }
        // Started after two and dropped when the third arrives: all three are merged after.
        let (dropped, early_started) = merged(&states, 2);
        assert!(early_started);
        assert_eq!(dropped, late);
        assert_eq!(decode_profile(&late).unwrap().rows, 15_000);
    }

    #[test]
    fn the_binary_state_carries_everything_the_profile_file_does() {
        // Every stored form: exact, counted and KLL quantiles; text and numeric frequent values;
        // key fingerprints; shapes and detector hits.
        let ids: Vec<i64> = (0..50_000).map(|i| i * 7_919 % 1_000_003).collect();
        let names: Vec<String> = (0..50_000)
            .map(|i| format!("user{}@example.org", i % 3_000))
            .collect();
        let small: Vec<f64> = (0..100).map(|i| f64::from(i) / 3.0).collect();
        let columns: [(&str, DataType, ArrayRef); 3] = [
            ("order_id", DataType::Int64, Arc::new(Int64Array::from(ids))),
            (
                "email",
                DataType::Utf8,
                Arc::new(StringArray::from(names.clone())),
            ),
            (
                "ratio",
                DataType::Float64,
                Arc::new(datafusion::arrow::array::Float64Array::from(small)),
            ),
        ];
        let detection = DetectionConfig {
            detectors: Arc::new(crate::detect::Detectors::builtin().unwrap()),
            sample: None,
        };
        for (name, data_type, array) in columns {
            let mut profile = ColumnProfile::for_type(name, &data_type);
            profile.scanner = Some(ColumnScanner::new(&detection, name));
            profile.update(array.as_ref()).unwrap();
            let mut acc = ProfileAccumulator::new(profile, 1);
            let ScalarValue::Binary(Some(state)) = acc.state().unwrap().remove(0) else {
                panic!("state is binary")
            };
            // Compared after one decoding each: a decoded HLL may order its coupons anew.
            let json = serde_json::to_string(&acc.profile).unwrap();
            let via_json: ColumnProfile = serde_json::from_str(&json).unwrap();
            let via_state = decode_profile(&state).unwrap();
            assert_eq!(
                serde_json::to_string(&via_state).unwrap(),
                serde_json::to_string(&via_json).unwrap(),
                "{name}"
            );
            // Raw bytes, not base64: the state is smaller than the file's JSON.
            assert!(state.len() < json.len(), "{name}");
        }
    }

    #[test]
    fn text_column_profile() {
        let mut a = ProfileAccumulator::new(ColumnProfile::for_type("s", &DataType::Utf8), 1);
        let p = run(
            &mut a,
            Arc::new(StringArray::from(vec![
                Some(" a"),
                Some(""),
                None,
                Some("12"),
            ])),
        );
        assert_eq!(
            (p.rows, p.nulls, p.empty, p.whitespace_padded),
            (4, 1, 1, 1)
        );
    }
}
